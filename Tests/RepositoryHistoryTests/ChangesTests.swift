import Foundation
import PipelineTesting
import TestTiers
import Testing
@testable import RepositoryHistory

@Suite("Changes between commits", .integration)
struct ChangesTests {
    private static let longText = (1...40).map { "line \($0) of a file long enough to be compared\n" }.joined()

    @Test func everyKindOfChange() throws {
        let fixture = try TemporaryGitRepository()
        let base = try fixture.commit("base", files: [
            "keep.txt": "same\n", "edit.txt": "old\n", "remove.txt": "bye\n",
            "move/from.txt": Self.longText, "docs/naïve résumé.md": Self.longText + "v1\n", "kind.txt": "text\n",
        ])
        try fixture.write("edit.txt", "new\n")
        try fixture.delete("remove.txt")
        try fixture.move("move/from.txt", to: "moved/to.txt")
        try fixture.move("docs/naïve résumé.md", to: "日本/résumé.md")
        try fixture.write("日本/résumé.md", Self.longText + "v2\n")
        try fixture.write("added.bin", Data([0, 1, 2, 255]))
        try fixture.delete("kind.txt")
        try fixture.symlink("kind.txt", to: "keep.txt")
        try fixture.stage()
        let head = try fixture.commitStaged("changes")

        let repository = try Repository(discoveringFrom: fixture.url)
        let changes = try repository.changes(from: base, to: head)
        let byPath = Dictionary(uniqueKeysWithValues: changes.map { ($0.path, $0) })
        #expect(byPath["edit.txt"]?.kind == .modified)
        #expect(byPath["remove.txt"]?.kind == .deleted)
        #expect(byPath["remove.txt"]?.newID == nil)
        #expect(byPath["added.bin"]?.kind == .added)
        #expect(byPath["moved/to.txt"]?.kind == .renamed(similarity: 100))
        #expect(byPath["moved/to.txt"]?.previousPath == "move/from.txt")
        guard case .renamed(let similarity)? = byPath["日本/résumé.md"]?.kind else {
            Issue.record("expected an inexact rename, got \(changes)")
            return
        }
        #expect(similarity >= 50 && similarity < 100)
        #expect(byPath["kind.txt"]?.kind == .typeChanged)
        #expect(byPath["kind.txt"]?.newKind == .symlink)
        #expect(byPath["keep.txt"] == nil)
        #expect(changes.count == 6)
        #expect(Set(changes.map(DifferentialTests.nameStatusLine)) == Set(try gitNameStatus(fixture, base, head)))
    }

    /// Rename scores come from git's own similarity measure, so they equal git's, also for
    /// CRLF text (CR before LF ignored), binary content (including git's dropped short tail),
    /// and small or empty files.
    @Test func renameScoresEqualGits() throws {
        let fixture = try TemporaryGitRepository()
        let crlf = (1...30).map { "line \($0) with windows endings\r\n" }.joined()
        let binary = Data((0..<2000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) } + [0])
        var files: [String: String?] = ["crlf.txt": crlf, "empty.txt": "", "tiny.txt": "a\nb\n"]
        for index in 0..<4 { files["similar/\(index).txt"] = Self.longText + "variant \(index)\n" }
        let base = try fixture.commit("base", files: files)
        // No newline bytes: 64-byte spans and a 30-byte tail, which git leaves out of the score.
        let tailed = Data((0..<670).map { UInt8(truncatingIfNeeded: $0 % 200 + 11) } + [0])
        try fixture.write("blob.bin", binary)
        try fixture.write("tail.bin", tailed)
        let withBinary = try fixture.commit("binary")
        try fixture.move("crlf.txt", to: "moved/crlf.txt")
        try fixture.write("moved/crlf.txt", crlf.replacingOccurrences(of: "line 7 ", with: "LINE 7 ") + "extra\r\n")
        try fixture.move("empty.txt", to: "moved/empty.txt")
        try fixture.move("tiny.txt", to: "moved/tiny.txt")
        try fixture.write("moved/tiny.txt", "a\nc\n")
        try fixture.move("blob.bin", to: "moved/blob.bin")
        var edited = binary
        edited[100] = 0xFF
        edited.append(contentsOf: [1, 2, 3])
        try fixture.write("moved/blob.bin", edited)
        try fixture.move("tail.bin", to: "moved/tail.bin")
        var retailed = tailed
        retailed[70] = 1
        try fixture.write("moved/tail.bin", retailed)
        for index in 0..<4 { try fixture.move("similar/\(index).txt", to: "renamed/\(index).txt") }
        try fixture.stage()
        let head = try fixture.commitStaged("moves")
        let repository = try Repository(discoveringFrom: fixture.url)
        for (from, to) in [(base, head), (withBinary, head), (head, base)] {
            let ours = Set(try repository.changes(from: from, to: to).map(DifferentialTests.nameStatusLine))
            let theirs = Set(try gitNameStatus(fixture, from, to))
            #expect(ours == theirs, "only ours: \(ours.subtracting(theirs).sorted()), only git: \(theirs.subtracting(ours).sorted())")
            #expect(ours.contains { $0.hasPrefix("R") && !$0.hasPrefix("R100") }, "inexact renames were scored")
        }
    }

    @Test func pathFiltersSelectEitherSideOfARename() throws {
        let fixture = try TemporaryGitRepository()
        let base = try fixture.commit("base", files: [
            "schemas/dynamodb/tenants.json": Self.longText, "templates/a.html": "a\n", "other.txt": "o\n",
        ])
        try fixture.move("schemas/dynamodb/tenants.json", to: "archive/tenants.json")
        try fixture.write("templates/a.html", "A\n")
        try fixture.write("other.txt", "O\n")
        try fixture.stage()
        let head = try fixture.commitStaged("move")
        let repository = try Repository(discoveringFrom: fixture.url)
        let schemaChanges = try repository.changes(from: base, to: head, paths: ["schemas/dynamodb/*.json"])
        #expect(schemaChanges.map(\.path) == ["archive/tenants.json"] || schemaChanges.map(\.path) == ["schemas/dynamodb/tenants.json"])
        #expect(try repository.changes(from: base, to: head, paths: ["templates"]).map(\.path) == ["templates/a.html"])
        #expect(try repository.changes(from: base, to: head, paths: ["templates/*.html", "other.txt"]).map(\.path)
            == ["other.txt", "templates/a.html"])
        let baseID = try repository.resolve(base), headID = try repository.resolve(head)
        #expect(try repository.hasChanges(from: baseID, to: headID, paths: ["templates/"]))
        #expect(try !repository.hasChanges(from: baseID, to: headID, paths: ["docs", "templates/*.json"]))
    }

    @Test func fromTheEmptyTreeEverythingIsAdded() throws {
        let fixture = try TemporaryGitRepository()
        try fixture.commit("c", files: ["a": "1\n", "b/c": "2\n"])
        let repository = try Repository(discoveringFrom: fixture.url)
        let changes = try repository.changes(from: nil, to: repository.resolve("HEAD"))
        #expect(changes.map(\.path) == ["a", "b/c"])
        #expect(changes.allSatisfy { $0.kind == .added })
    }

    @Test func renameDetectionCanBeTurnedOff() throws {
        let fixture = try TemporaryGitRepository()
        let base = try fixture.commit("base", files: ["a.txt": Self.longText])
        try fixture.move("a.txt", to: "b.txt")
        let head = try fixture.commitStaged("rename")
        let repository = try Repository(discoveringFrom: fixture.url)
        let changes = try repository.changes(from: base, to: head, renames: .none)
        #expect(changes.map(\.statusLetter) == ["D", "A"])
    }

    func gitNameStatus(_ fixture: TemporaryGitRepository, _ base: String, _ head: String) throws -> [String] {
        try GitOutput.nameStatus(fixture, base, head).map { entry in
            ([entry.status] + entry.paths).joined(separator: "\t")
        }
    }
}
