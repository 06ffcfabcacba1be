import Foundation
import PipelineTesting
import TestTiers
import Testing

/// The state's own commands and integrity: unlock, abandon, --state selection, a damaged store
/// file, and a state folder removed under a running run.
@Suite(.serialized, .integration) struct StateCommandsTests {
    /// A runner killed inside its deploy step leaves the run and its environment held by a dead process.
    func killedInDeploy(_ rig: CrashRig) async throws -> String {
        var cli = rig.cli
        cli.environment["SLOW_STEP"] = "one"
        let runner = try cli.start(["run", "pipelines/deploy.swift"])
        let id = try await rig.newestRun()
        try await rig.poll(timeout: 60, "step one to start") {
            FileManager.default.fileExists(atPath: rig.marks.appendingPathComponent("one.started").path) ? true : nil
        }
        try await rig.kill(runner)
        return id
    }

    @Test func unlockNamesTheHolderAndRecordsWhoForcedIt() async throws {
        let rig = try CrashRig(stepSeconds: "0")
        let id = try await killedInDeploy(rig)
        let shown = try await rig.cli.pipeline(["unlock", "dev"])
        #expect(shown.status == 0, "\(shown)")
        #expect(shown.stdout.contains("environment 'dev' is locked by run \(id)"), "\(shown)")
        let noReason = try await rig.cli.pipeline(["unlock", "dev", "--force"])
        #expect(noReason.status == 64, "\(noReason)")
        #expect(noReason.stderr.contains("--reason"), "\(noReason)")
        let forced = try await rig.cli.pipeline(["unlock", "dev", "--force", "--reason", "runner machine lost"])
        #expect(forced.status == 0, "\(forced)")
        #expect(forced.stdout.contains("it was held by run \(id)"), "\(forced)")
        #expect(forced.stdout.contains("forced by runner@x: runner machine lost"), "\(forced)")
        #expect(try await rig.cli.pipeline(["unlock", "dev"]).stdout.contains("environment 'dev' is not locked"))
        let abandoned = try await rig.cli.pipeline(["abandon", id, "--reason", "superseded"])
        #expect(abandoned.status == 0, "\(abandoned)")
        #expect(abandoned.stdout.contains("abandoned run \(id) (it was interrupted)"), "\(abandoned)")
        let resume = try await rig.cli.pipeline(["resume", id])
        #expect(resume.status == 64, "\(resume)")
        #expect(resume.stderr.contains("is abandoned and cannot be resumed"), "\(resume)")
        #expect(try await rig.cli.pipeline(["runs"]).stdout.contains("abandoned"))
        // Abandon does not end the orphan by itself (it may be another machine's); the run's own
        // processes carry its id, so they can be found.
        for pid in ProcessTable.processes(withEnvironment: "PIPELINE_RUN_ID", id) { kill(-getpgid(pid), SIGKILL) }
    }

    @Test func aStateFolderRemovedUnderARunningRunFailsIt() async throws {
        let pipeline = """
            import PipelineDescription
            let dev = Environment("dev", account: "536580886816", region: "af-south-1", role: "deploy-dev")
            let pipeline = Pipeline("gone") {
                Deploy(dev) {
                    Shell("rm -rf \\"$REPOSITORY/.pipeline\\"", name: "remove")
                    Shell("echo after", name: "after")
                }
            }
            """
        let rig = try CrashRig(pipeline: pipeline, stepSeconds: "0")
        var cli = rig.cli
        cli.environment["REPOSITORY"] = rig.repository.url.path
        let output = try await cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(output.status != 0, "\(output)")
        #expect((output.stdout + output.stderr).contains("was removed while this process was using it"), "\(output)")
    }

    @Test func aDamagedStoreIsReportedNotReplaced() async throws {
        let rig = try CrashRig(stepSeconds: "0")
        let state = rig.repository.url.appendingPathComponent(".pipeline")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let file = state.appendingPathComponent("pipeline.sqlite")
        for (contents, expected) in [(Data(), "is empty (0 bytes)"), (Data("not a database at all, just text".utf8), "is not a SQLite database")] {
            try contents.write(to: file)
            let runs = try await rig.cli.pipeline(["runs"])
            #expect(runs.status == 70, "\(runs)")
            #expect(runs.stderr.contains(expected), "\(runs)")
            #expect(runs.stderr.contains("it was not changed"), "\(runs)")
            #expect(try Data(contentsOf: file) == contents)
        }
    }

    @Test func stateSelectionRefusesAnUnknownStore() async throws {
        let rig = try CrashRig(stepSeconds: "0")
        let output = try await rig.cli.pipeline(["runs", "--state", "etcd://somewhere/table"])
        #expect(output.status == 64, "\(output)")
        #expect(output.stderr.contains("unknown store 'etcd://'"), "\(output)")
        var cli = rig.cli
        cli.environment["PIPELINE_STATE"] = "sqlite://relative/path"
        let relative = try await cli.pipeline(["runs"])
        #expect(relative.status == 64, "\(relative)")
        #expect(relative.stderr.contains("needs an absolute path"), "\(relative)")
    }
}
