import Foundation
import PipelineTesting
import Testing

/// `swift package pipeline …` in a team's package that depends on this one: the plugin builds
/// the runner and the package's step module, hands the module's folder to the runner on
/// PIPELINE_STEP_PATH, and a failed run fails the command. One cold build of this whole package
/// (several minutes on two cores), then incremental ones.
@Suite(.serialized) struct PipelinePluginTests {
    @Test(.timeLimit(.minutes(60)))
    func buildsTheStepModulesAndRunsThePipelineInThePackage() async throws {
        let team = try TeamPackage()
        let buildFolder = team.buildFolder.path + "/"

        let validated = try await team.plugin(["validate", "pipelines/hello.swift"], timeout: 45 * 60)
        #expect(validated.status == 0, "\(validated)")
        #expect(validated.stdout.contains("pipeline 'plugin-hello' is valid: 1 stages, 2 steps"), "\(validated)")
        let module = try #require(TeamPackage.reportedModule("pipeline-step-hello", in: validated), "\(validated)")
        #expect(module.hasPrefix(buildFolder), "built in the package's own build folder: \(module)")
        #expect(FileManager.default.isExecutableFile(atPath: module), "\(module)")

        let run = try await team.plugin(["run", "pipelines/hello.swift"], timeout: 15 * 60)
        #expect(run.stdout.contains("✓ built"), "\(run)")
        let stepPath = try String(contentsOf: team.marks.url.appendingPathComponent("step-path"), encoding: .utf8)
        let entries = stepPath.split(separator: ":").map(String.init)
        #expect(entries == [URL(fileURLWithPath: module).deletingLastPathComponent().path, TeamPackage.existingStepPath], "\(stepPath)")
        // The runner found the module by name on PIPELINE_STEP_PATH and ran it (protocol 2).
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("│ pipeline-step-hello: hi from modules"), "\(run)")
        #expect(run.stdout.contains("✓ hello"), "\(run)")

        let failed = try await team.plugin(["run", "pipelines/failing.swift"], timeout: 15 * 60)
        #expect(failed.status != 0, "\(failed)")
        #expect(failed.stdout.contains("failing-step-ran"), "\(failed)")
        #expect(failed.stderr.contains("pipeline run pipelines/failing.swift exited with status 1"), "\(failed)")
    }
}
