import Foundation
import PipelineTesting
import TestTiers
import Testing
@testable import RepositoryHistory

@Suite("Working tree status", .integration)
struct WorkingTreeStatusTests {
    @Test func cleanTreeIsClean() throws {
        let fixture = try TemporaryGitRepository()
        try fixture.commit("c", files: ["a.txt": "a\n"])
        let repository = try Repository(discoveringFrom: fixture.url)
        #expect(try repository.status().isClean)
        try repository.requireCleanWorkingTree()
    }

    @Test func reportsEveryKindOfChange() throws {
        let fixture = try TemporaryGitRepository()
        try fixture.commit("c", files: [
            "modified.txt": "one\n", "deleted.txt": "gone soon\n", "staged-delete.txt": "x\n",
            "rename-me.txt": String(repeating: "stable line\n", count: 20), "docs/naïve résumé.md": "v1\n",
        ])
        try fixture.write("modified.txt", "two\n")
        try fixture.delete("deleted.txt")
        try fixture.git("rm", "--quiet", "staged-delete.txt")
        try fixture.move("rename-me.txt", to: "renamed/done.txt")
        try fixture.write("added.txt", "new\n")
        try fixture.stage(["added.txt"])
        try fixture.write("untracked/deep/日本.txt", "u\n")
        try fixture.write("docs/naïve résumé.md", "v2\n")
        try fixture.write(".gitignore", "*.log\n")
        try fixture.write("ignored.log", "noise\n")

        let repository = try Repository(discoveringFrom: fixture.fileURL("docs").path)
        let status = try repository.status()
        #expect(status.isDirty)
        #expect(status.modified.sorted() == ["docs/naïve résumé.md", "modified.txt"])
        #expect(status.deleted.sorted() == ["deleted.txt", "staged-delete.txt"])
        #expect(status.added == ["added.txt"])
        #expect(status.untracked.sorted() == [".gitignore", "untracked/deep/日本.txt"])
        #expect(status.renamed == ["renamed/done.txt"])
        let rename = try #require(status.entries.first { $0.path == "renamed/done.txt" })
        #expect(rename.staged == .renamed(from: "rename-me.txt"))
        let stagedDelete = try #require(status.entries.first { $0.path == "staged-delete.txt" })
        #expect(stagedDelete.staged == .deleted && stagedDelete.unstaged == nil)
        let worktreeDelete = try #require(status.entries.first { $0.path == "deleted.txt" })
        #expect(worktreeDelete.staged == nil && worktreeDelete.unstaged == .deleted)
        #expect(!status.entries.contains { $0.path == "ignored.log" })

        // The same set of paths as `git status --porcelain` (which lists renames as new path).
        let porcelain = try fixture.gitData(["status", "--porcelain=v1", "-z", "--untracked-files=all"])
        var gitPaths: [String] = []
        var fields = porcelain.split(separator: 0, omittingEmptySubsequences: true).map { String(decoding: $0, as: UTF8.self) }[...]
        while let field = fields.popFirst() {
            gitPaths.append(String(field.dropFirst(3)))
            if field.hasPrefix("R") { _ = fields.popFirst() }
        }
        #expect(status.entries.map(\.path).sorted() == gitPaths.sorted())
    }

    @Test func dirtyTreeIsRefusedWithThePaths() throws {
        let fixture = try TemporaryGitRepository()
        try fixture.commit("c", files: ["a.txt": "a\n"])
        try fixture.write("a.txt", "changed\n")
        let repository = try Repository(discoveringFrom: fixture.url)
        do {
            try repository.requireCleanWorkingTree()
            Issue.record("a modified file must make the tree dirty")
        } catch {
            guard case .dirtyWorkingTree(let status) = error else {
                Issue.record("expected dirtyWorkingTree, got \(error)")
                return
            }
            #expect(status.modified == ["a.txt"])
            #expect(error.description.contains("a.txt"))
        }
    }

    @Test func untrackedFilesCanBeIgnoredForTheCleanCheck() throws {
        let fixture = try TemporaryGitRepository()
        try fixture.commit("c", files: ["a.txt": "a\n"])
        try fixture.write("scratch.txt", "notes\n")
        let repository = try Repository(discoveringFrom: fixture.url)
        #expect(throws: RepositoryError.self) { try repository.requireCleanWorkingTree() }
        try repository.requireCleanWorkingTree(ignoringUntracked: true)
        #expect(try repository.status(includeUntracked: false).isClean)
    }
}
