import Foundation
import PipelineTesting
import TestTiers
import Testing
@testable import RepositoryHistory

@Suite("Commit metadata and revisions", .integration)
struct CommitTests {
    @Test func oneCommitMetadata() throws {
        let fixture = try TemporaryGitRepository()
        fixture.timeZoneOffset = "+0530"
        let message = "Add résumé template\n\nLonger explanation\nover two lines.\n"
        let id = try fixture.commit(message, files: ["templates/résumé.html": "<p>hi</p>\n"])
        let repository = try Repository(discoveringFrom: fixture.url)
        let commit = try repository.headCommit()
        #expect(commit.id.hex == id)
        #expect(commit.parentIDs.isEmpty && commit.isRoot && !commit.isMerge)
        #expect(commit.author.name == (try fixture.git("log", "-1", "--format=%an")))
        #expect(commit.author.email == (try fixture.git("log", "-1", "--format=%ae")))
        #expect(commit.committer.unixTime == Int64(try fixture.git("log", "-1", "--format=%ct")))
        #expect(commit.author.timeZoneOffsetMinutes == 330)
        #expect(commit.author.formattedOffset == "+0530")
        #expect(commit.summary == "Add résumé template")
        #expect(commit.message == (try fixture.git("log", "-1", "--format=%B")) + "\n")
        #expect(commit.body == "Longer explanation\nover two lines.")
        #expect(commit.treeID.hex == (try fixture.git("rev-parse", "HEAD^{tree}")))
    }

    @Test func negativeOffsetAndMergeParents() throws {
        let fixture = try TemporaryGitRepository()
        fixture.timeZoneOffset = "-0800"
        try fixture.commit("base", files: ["a": "a\n"])
        try fixture.checkout("feature", create: true)
        let side = try fixture.commit("side", files: ["b": "b\n"])
        try fixture.checkout("main")
        let mainline = try fixture.commit("main work", files: ["c": "c\n"])
        let merge = try fixture.merge("feature")
        let repository = try Repository(discoveringFrom: fixture.url)
        let commit = try repository.commit(repository.resolve("HEAD"))
        #expect(commit.id.hex == merge)
        #expect(commit.isMerge)
        #expect(commit.parentIDs.map(\.hex) == [mainline, side])
        #expect(commit.committer.timeZoneOffsetMinutes == -480)
        #expect(try repository.mergeBase(#require(CommitID(hex: side)), #require(CommitID(hex: mainline)))?.hex
            == (try fixture.git("merge-base", side, mainline)))
        #expect(try repository.isAncestor(#require(CommitID(hex: side)), of: commit.id))
        #expect(try !repository.isAncestor(commit.id, of: #require(CommitID(hex: side))))
    }

    @Test func resolvesRevisionsLikeGit() throws {
        let fixture = try TemporaryGitRepository()
        for index in 0..<4 { try fixture.commit("c\(index)", files: ["f": "\(index)\n"]) }
        try fixture.tag("v1-light", at: "HEAD~1")
        try fixture.tag("v1-annotated", at: "HEAD~2", message: "Release 1")
        try fixture.createBranch("release", at: "HEAD~3")
        let repository = try Repository(discoveringFrom: fixture.url)
        let head = try fixture.revParse("HEAD")
        for revision in ["HEAD", "HEAD~2", "HEAD^", "main", "v1-light", "v1-annotated", "release", "refs/heads/release",
                         String(head.prefix(8)), head, "main~1^{commit}", "v1-annotated^{}"] {
            #expect(try repository.resolve(revision).hex == (try fixture.revParse(revision)), "revision \(revision)")
        }
    }

    @Test func revisionErrorsNameTheRevision() throws {
        let fixture = try TemporaryGitRepository()
        try fixture.commit("c", files: ["dir/f": "x\n"])
        let repository = try Repository(discoveringFrom: fixture.url)
        func failure(_ revision: String) -> RepositoryError? {
            do {
                _ = try repository.resolve(revision)
                return nil
            } catch { return error }
        }
        let unknown = try #require(failure("no-such-branch"))
        guard case .unknownRevision(let named, let detail) = unknown else {
            Issue.record("expected unknownRevision, got \(unknown)")
            return
        }
        #expect(named == "no-such-branch")
        #expect(detail.code == -3 && !detail.message.isEmpty)
        #expect(unknown.description.contains("no-such-branch") && unknown.isUserError)

        let tooFar = try #require(failure("HEAD~5"))
        #expect(tooFar.description.contains("HEAD~5"))

        let tree = try #require(failure("HEAD:dir"))
        guard case .notACommit(let revision, let kind) = tree else {
            Issue.record("expected notACommit, got \(tree)")
            return
        }
        #expect(revision == "HEAD:dir" && kind == "tree")

        let invalid = try #require(failure("HEAD@{"))
        #expect(invalid.description.contains("HEAD@{"))
    }

    @Test func ambiguousShortIdIsReported() throws {
        let fixture = try TemporaryGitRepository()
        // Enough objects that two share a 4-digit prefix.
        var files: [String: String?] = [:]
        for index in 0..<1500 { files["f\(index)"] = "content \(index)\n" }
        try fixture.commit("many", files: files)
        let ids = try fixture.git("rev-list", "--objects", "--all").split(separator: "\n").map { String($0.prefix(40)) }
        let prefixes = Dictionary(grouping: ids, by: { String($0.prefix(4)) })
        let shared = try #require(prefixes.first { $0.value.count > 1 }?.key)
        let repository = try Repository(discoveringFrom: fixture.url)
        #expect {
            _ = try repository.resolve(shared)
        } throws: { error in
            guard case .ambiguousRevision(let revision, _) = error as? RepositoryError else { return false }
            return revision == shared
        }
    }
}
