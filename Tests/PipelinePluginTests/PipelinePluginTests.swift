import Foundation
import PipelineTesting
import TestTiers
import Testing

/// `swift package pipeline …` in a team's package that depends on this one: the plugin builds
/// the runtime and the package's step module, hands the module's folder to the runner on
/// PIPELINE_STEP_PATH, and a failed run fails the command.
///
/// The integration tier hands the plugin the runner the outer `swift build` made
/// (PIPELINE_RUNNER), so the team package builds only the plugin, PipelineDescription,
/// PipelineStepKit and its own step module: about a minute, where building the runner's whole
/// graph again in the team's build folder takes about ten on two cores. That cold path (the
/// plugin building the runner itself) runs with PIPELINE_TESTS_COLD_PLUGIN=1.
@Suite(.serialized, .integration) struct PipelinePluginTests {
    static var coldPluginRequested: Bool { ProcessInfo.processInfo.environment["PIPELINE_TESTS_COLD_PLUGIN"] == "1" }

    @Test(.timeLimit(.minutes(15)))
    func buildsTheStepModulesAndRunsThePipelineInThePackage() async throws {
        try PipelineBuild.require()
        try await Self.buildAndRun(TeamPackage(prebuiltRunner: PipelineBuild.executable), timeout: 10 * 60)
    }

    @Test(.timeLimit(.minutes(60)), .enabled(if: coldPluginRequested, "builds the runner's whole graph in the team package: PIPELINE_TESTS_COLD_PLUGIN=1"))
    func buildsTheRunnerItselfWhenNoneIsGiven() async throws {
        try await Self.buildAndRun(TeamPackage(prebuiltRunner: nil), timeout: 45 * 60)
    }

    static func buildAndRun(_ team: TeamPackage, timeout: TimeInterval) async throws {
        let buildFolder = team.buildFolder.path + "/"

        let validated = try await team.plugin(["validate", "pipelines/hello.swift"], timeout: timeout)
        #expect(validated.status == 0, "\(validated)")
        let runnerLine = "runner from PIPELINE_RUNNER: \(team.prebuiltRunner?.path ?? "")"
        #expect((validated.stderr + validated.stdout).contains(runnerLine) == (team.prebuiltRunner != nil), "\(validated)")
        #expect(validated.stdout.contains("pipeline 'plugin-hello' is valid: 1 stages, 2 steps"), "\(validated)")
        let module = try #require(TeamPackage.reportedModule("pipeline-step-hello", in: validated), "\(validated)")
        #expect(module.hasPrefix(buildFolder), "built in the package's own build folder: \(module)")
        #expect(FileManager.default.isExecutableFile(atPath: module), "\(module)")
        // Given a runner, the team's build has none of the runner's own modules (AWS, the engine).
        let builtModules = (try? FileManager.default.contentsOfDirectory(atPath: team.buildFolder.appendingPathComponent("debug/Modules").path)) ?? []
        #expect(builtModules.contains("PipelineStepKit.swiftmodule"), "\(builtModules)")
        #expect(builtModules.contains("PipelineEngine.swiftmodule") == (team.prebuiltRunner == nil), "\(builtModules)")

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
