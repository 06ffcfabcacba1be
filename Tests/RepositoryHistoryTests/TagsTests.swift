import Foundation
import PipelineTesting
import TestTiers
import Testing
@testable import RepositoryHistory

@Suite("Tags and run metadata", .integration)
struct TagsTests {
    @Test func listsAnnotatedAndLightweightTagsPeeledToCommits() throws {
        let fixture = try TemporaryGitRepository()
        let first = try fixture.commit("one", files: ["a": "1\n"])
        let second = try fixture.commit("two", files: ["a": "2\n"])
        try fixture.tag("v1.0", at: first, message: "First release\n\nNotes.")
        try fixture.tag("v1.1-rc", at: second)
        try fixture.tag("latest", at: second, message: "Moving tag")
        try fixture.git("tag", "tree-tag", "HEAD^{tree}")
        let repository = try Repository(discoveringFrom: fixture.url)
        let tags = try repository.tags()
        #expect(tags.map(\.name) == ["latest", "v1.0", "v1.1-rc"])
        let byName = Dictionary(uniqueKeysWithValues: tags.map { ($0.name, $0) })
        #expect(byName["v1.0"]?.commit.hex == first)
        #expect(byName["v1.0"]?.isAnnotated == true)
        #expect(byName["v1.0"]?.message?.hasPrefix("First release") == true)
        #expect(byName["v1.1-rc"]?.isAnnotated == false)
        #expect(try repository.tags(pointingAt: #require(CommitID(hex: second))) == ["latest", "v1.1-rc"])
    }

    @Test func runMetadataOnABranchWithEdits() throws {
        let fixture = try TemporaryGitRepository()
        try fixture.commit("Deploy schemas\n\nBody.", files: ["schemas/a.json": "{}"])
        try fixture.tag("v2")
        try fixture.write("schemas/a.json", "{\"changed\": true}")
        try fixture.write("notes.txt", "scratch")
        let repository = try Repository(discoveringFrom: fixture.fileURL("schemas").path)
        let metadata = try repository.runMetadata()
        #expect(metadata.branch == "main")
        #expect(metadata.commit.summary == "Deploy schemas")
        #expect(metadata.tags == ["v2"])
        #expect(metadata.isDirty)
        #expect(Set(metadata.uncommittedChanges.map(\.path)) == ["schemas/a.json", "notes.txt"])
    }

    @Test func runMetadataDetachedAndEmpty() throws {
        let fixture = try TemporaryGitRepository()
        #expect(throws: RepositoryError.self) { try Repository(discoveringFrom: fixture.url).runMetadata() }
        let id = try fixture.commit("c", files: ["a": "1\n"])
        try fixture.commit("d", files: ["a": "2\n"])
        try fixture.detachHead(at: id)
        let metadata = try Repository(discoveringFrom: fixture.url).runMetadata()
        #expect(metadata.branch == nil)
        #expect(metadata.commit.id.hex == id)
        #expect(!metadata.isDirty)
    }

    @Test func linkedWorktreesShareHistoryAndHaveTheirOwnHead() throws {
        let fixture = try TemporaryGitRepository()
        for index in 0..<3 { try fixture.commit("c\(index)", files: ["f": "\(index)\n"]) }
        try fixture.writeCommitGraph()
        let linked = fixture.url.appendingPathComponent("linked-tree")
        try fixture.git("worktree", "add", "--quiet", "-b", "topic", linked.path, "HEAD~1")
        let repository = try Repository(discoveringFrom: linked.path)
        #expect(try repository.head().branchName == "topic")
        #expect(repository.commitGraph != nil, "the graph lives in the common directory")
        #expect(try repository.commitIDs().map(\.hex) == GitOutput.lines(try fixture.git("rev-list", "topic")))
        try "edit\n".write(to: linked.appendingPathComponent("f"), atomically: true, encoding: .utf8)
        #expect(try repository.status().modified == ["f"])
    }
}
