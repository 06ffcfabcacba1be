import Foundation
@testable import PipelineCommands
import PipelineTesting
import TestTiers
import Testing

/// `plan --out`: a saved plan is readable by its owner only, and a path in a folder that does not
/// exist is refused before anything is planned, naming the folder.
@Suite(.fast) struct PlanFileTests {
    @Test func aSavedPlanIsWrittenForItsOwnerOnlyAndReplacesTheOldOne() throws {
        let folder = try TemporaryDirectory()
        let path = folder.url.appendingPathComponent("plan.json").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        try PlanCommand.writePrivately(Data("{\"plan\":1}".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{\"plan\":1}")
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(permissions == 0o600, "\(String(permissions ?? 0, radix: 8))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["plan.json"], "no temporary file left")
    }

    @Test func aFileThatCannotBeWrittenIsBadInputNamingIt() throws {
        let folder = try TemporaryDirectory()
        let path = folder.url.appendingPathComponent("a-folder").path
        try FileManager.default.createDirectory(atPath: path + "/inside", withIntermediateDirectories: true)
        // Renaming a file over a non-empty folder fails.
        let error = #expect(throws: WorkspaceError.self) { try PlanCommand.writePrivately(Data("{}".utf8), to: path) }
        #expect(error?.isUserError == true)
        #expect(error?.description.contains("cannot write \(path)") == true, "\(error?.description ?? "")")
    }

    @Test func aPathInAMissingFolderIsRefusedNamingIt() throws {
        let refusal = try #require(CommandLineRefusal.of(["plan", "pipelines/deploy.swift", "--env", "dev", "--out", "/nonexistent-folder/plan.json"]))
        #expect(refusal.code == 64)
        #expect(refusal.message.contains("the folder /nonexistent-folder does not exist"), "\(refusal.message)")
    }
}
