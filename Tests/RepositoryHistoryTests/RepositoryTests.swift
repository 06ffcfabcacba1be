import Foundation
import PipelineTesting
import TestTiers
import Testing
@testable import RepositoryHistory

@Suite("Opening repositories and HEAD", .integration)
struct RepositoryTests {
    @Test func discoversTheRepositoryFromASubdirectory() throws {
        let fixture = try TemporaryGitRepository()
        try fixture.commit("Add nested file", files: ["a/b/c/file.txt": "hello\n"])
        let repository = try Repository(discoveringFrom: fixture.fileURL("a/b/c").path)
        #expect(repository.workingDirectory?.standardizedFileURL.path == fixture.url.standardizedFileURL.path)
        #expect(!repository.isBare)
        let head = try repository.head()
        #expect(head.branchName == "main")
        #expect(head.commitID?.hex == (try fixture.revParse("HEAD")))
    }

    @Test func notARepositoryNamesThePath() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-repo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect {
            _ = try Repository(discoveringFrom: directory.path)
        } throws: { error in
            guard let error = error as? RepositoryError, case .notARepository(let path, let failure) = error else { return false }
            return path == directory.standardizedFileURL.path && failure.code == -3
                && error.isUserError && error.description.contains(directory.path)
        }
    }

    @Test func emptyRepositoryHasAnUnbornHead() throws {
        let fixture = try TemporaryGitRepository(initialBranch: "trunk")
        let repository = try Repository(discoveringFrom: fixture.url)
        #expect(try repository.head() == .unborn(branch: "trunk"))
        #expect(try repository.head().commitID == nil)
        #expect(throws: RepositoryError.self) { try repository.headCommit() }
        do {
            _ = try repository.resolve("HEAD")
            Issue.record("resolving HEAD in an empty repository must fail")
        } catch {
            guard case .unbornHead(let branch, _) = error else {
                Issue.record("expected unbornHead, got \(error)")
                return
            }
            #expect(branch == "trunk")
            #expect(error.description.contains("trunk"))
        }
        // The work tree of an empty repository is still inspectable.
        try fixture.write("new.txt", "x")
        #expect(try repository.status().untracked == ["new.txt"])
    }

    @Test func detachedHeadAtAnOlderCommit() throws {
        let fixture = try TemporaryGitRepository()
        let first = try fixture.commit("one", files: ["f": "1\n"])
        try fixture.commit("two", files: ["f": "2\n"])
        try fixture.detachHead(at: first)
        let repository = try Repository(discoveringFrom: fixture.url)
        let head = try repository.head()
        #expect(head == .detached(commit: try #require(CommitID(hex: first))))
        #expect(head.isDetached)
        #expect(head.branchName == nil)
        #expect(try repository.headCommit().summary == "one")
    }

    @Test func bareRepositoryRefusesWorkTreeOperations() throws {
        let fixture = try TemporaryGitRepository(bare: true)
        let repository = try Repository(discoveringFrom: fixture.url)
        #expect(repository.isBare)
        do {
            _ = try repository.status()
            Issue.record("status of a bare repository must fail")
        } catch {
            guard case .bareRepository(let path, _) = error else {
                Issue.record("expected bareRepository, got \(error)")
                return
            }
            #expect(path.hasPrefix(fixture.url.path))
        }
    }

    @Test func libgit2IsInitialisedOnceAndThreadAware() {
        #expect(Libgit2.version.hasPrefix("1."))
        #expect(Libgit2.isThreadAware)
    }

    @Test func separateRepositoriesWorkOnSeparateTasks() async throws {
        let fixture = try TemporaryGitRepository()
        for index in 0..<5 { try fixture.commit("c\(index)", files: ["f": "\(index)\n"]) }
        let path = fixture.url.path
        let expected = try fixture.git("rev-list", "HEAD").split(separator: "\n").map(String.init)
        // One Repository per task: the type system forbids sharing one across tasks.
        let results = try await withThrowingTaskGroup(of: [CommitID].self) { group in
            for _ in 0..<8 {
                group.addTask { try Repository(discoveringFrom: path).commitIDs() }
            }
            var all: [[CommitID]] = []
            for try await ids in group { all.append(ids) }
            return all
        }
        #expect(results.count == 8)
        for ids in results { #expect(ids.map(\.hex) == expected) }
    }
}
