import Foundation
import PipelineTesting
import TestTiers
import Testing
@testable import RepositoryHistory

@Suite("File contents and tree listings at a commit", .integration)
struct FileContentsTests {
    @Test func readsBytesAtOldCommitsWithoutCheckout() throws {
        let fixture = try TemporaryGitRepository()
        let first = try fixture.commit("v1", files: ["docs/naïve résumé.md": "first\n", "日本.txt": "こんにちは\n"])
        try fixture.commit("v2", files: ["docs/naïve résumé.md": "second\n", "日本.txt": nil])
        let repository = try Repository(discoveringFrom: fixture.url)
        let old = try #require(CommitID(hex: first))
        #expect(try repository.contents(of: "docs/naïve résumé.md", at: old) == Data("first\n".utf8))
        #expect(try repository.contents(of: "docs/naïve résumé.md", at: "HEAD") == Data("second\n".utf8))
        #expect(try repository.contents(of: "./日本.txt", at: old) == (try fixture.gitData(["show", "\(first):日本.txt"])))
        #expect(try repository.fileExists("日本.txt", at: old))
        #expect(try !repository.fileExists("日本.txt", at: repository.resolve("HEAD")))
        // The work tree is untouched.
        #expect(try String(contentsOf: fixture.fileURL("docs/naïve résumé.md"), encoding: .utf8) == "second\n")
    }

    @Test func binaryFilesAreExact() throws {
        let fixture = try TemporaryGitRepository()
        var bytes = Data((0...255).map { UInt8($0) })
        bytes.append(contentsOf: [0, 0, 0xFF, 0xFE, 0x0D, 0x0A, 0x0D])
        try fixture.write("assets/blob.bin", bytes)
        try fixture.stage()
        let id = try fixture.commitStaged("binary")
        let repository = try Repository(discoveringFrom: fixture.url)
        let read = try repository.contents(of: "assets/blob.bin", at: #require(CommitID(hex: id)))
        #expect(read == bytes)
        #expect(read == (try fixture.gitData(["show", "HEAD:assets/blob.bin"])))
    }

    @Test func missingPathsAndDirectoriesAreClearErrors() throws {
        let fixture = try TemporaryGitRepository()
        let id = try #require(CommitID(hex: try fixture.commit("c", files: ["dir/file.txt": "x\n"])))
        let repository = try Repository(discoveringFrom: fixture.url)
        do {
            _ = try repository.contents(of: "dir/missing.txt", at: id)
            Issue.record("reading a missing path must fail")
        } catch {
            guard case .pathNotFound(let path, let commit) = error else {
                Issue.record("expected pathNotFound, got \(error)")
                return
            }
            #expect(path == "dir/missing.txt" && commit == id)
            #expect(error.description.contains("dir/missing.txt") && error.description.contains(id.abbreviated()))
        }
        #expect {
            _ = try repository.contents(of: "dir", at: id)
        } throws: { error in
            guard case .notAFile(let path, _, let kind) = error as? RepositoryError else { return false }
            return path == "dir" && kind == .directory
        }
        #expect {
            _ = try repository.contents(of: "../etc/passwd", at: id)
        } throws: { error in
            guard case .invalidPath(let path, _) = error as? RepositoryError else { return false }
            return path == "../etc/passwd"
        }
        #expect {
            _ = try repository.contents(of: "dir/file.txt", at: "no-such-tag")
        } throws: { error in
            guard case .unknownRevision(let revision, _) = error as? RepositoryError else { return false }
            return revision == "no-such-tag"
        }
    }

    @Test func symlinksReadAsTheirTarget() throws {
        let fixture = try TemporaryGitRepository()
        try fixture.write("target.txt", "t\n")
        try fixture.symlink("link", to: "target.txt")
        try fixture.stage()
        try fixture.commitStaged("link")
        let repository = try Repository(discoveringFrom: fixture.url)
        #expect(try repository.contents(of: "link", at: "HEAD") == Data("target.txt".utf8))
        #expect(try repository.files(at: "HEAD", matching: "link").map(\.kind) == [.symlink])
    }

    @Test func listsFilesUnderPathsAndGlobsLikeLsTree() throws {
        let fixture = try TemporaryGitRepository()
        try fixture.commit("c", files: [
            "schemas/dynamodb/tenants.json": "{}", "schemas/dynamodb/products.json": "{}",
            "schemas/dynamodb/README.md": "r", "schemas/other/x.json": "{}",
            "templates/receipts/a.html": "a", "templates/invoices/b.html": "b", "templates/manifest.json": "{}",
            "docs/naïve résumé.md": "d", "run.sh": "#!/bin/sh\n",
        ])
        try fixture.git("update-index", "--chmod=+x", "run.sh")
        try fixture.commitStaged("exec")
        let repository = try Repository(discoveringFrom: fixture.url)
        let head = try repository.resolve("HEAD")

        func lsTree(_ path: String) throws -> [String] {
            try fixture.gitData(["ls-tree", "-r", "-z", "--name-only", "HEAD", "--", path])
                .split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(try repository.files(at: head).map(\.path) == (try lsTree(".")))
        #expect(try repository.files(at: head, matching: "templates").map(\.path) == (try lsTree("templates")))
        #expect(try repository.files(at: head, matching: "templates/").map(\.path) == (try lsTree("templates/")))
        #expect(try repository.files(at: head, matching: "schemas/dynamodb/*.json").map(\.path)
            == ["schemas/dynamodb/products.json", "schemas/dynamodb/tenants.json"])
        #expect(try repository.files(at: head, matching: "schemas/**/*.json").map(\.path)
            == ["schemas/dynamodb/products.json", "schemas/dynamodb/tenants.json", "schemas/other/x.json"])
        #expect(try repository.files(at: head, matching: "templates/*").count == 3)
        #expect(try repository.files(at: head, matching: "docs/naïve résumé.md").map(\.path) == ["docs/naïve résumé.md"])
        #expect(try repository.files(at: head, matching: "nothing/here").isEmpty)
        let script = try #require(try repository.files(at: head, matching: "run.sh").first)
        #expect(script.kind == .executable)
        #expect(script.id.hex == (try fixture.git("rev-parse", "HEAD:run.sh")))
    }
}
