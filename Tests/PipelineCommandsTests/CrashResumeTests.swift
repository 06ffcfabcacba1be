import Foundation
import PipelineTesting
import TestTiers
import Testing

/// The runner killed with SIGKILL at each step boundary and inside each step of a deploy, then
/// resumed from a second checkout sharing the state: the deployed state and the run's records
/// equal an uninterrupted run's, and no process of the run is left behind.
@Suite(.serialized, .integration) struct CrashResumeTests {
    enum KillPoint: CustomStringConvertible, Sendable, CaseIterable {
        case afterBuild, insideOne, afterOne, insideTwo, afterTwo, insideThree

        var description: String {
            switch self {
            case .afterBuild: "after stage build"
            case .insideOne: "inside step one"
            case .afterOne: "after step one"
            case .insideTwo: "inside step two"
            case .afterTwo: "after step two"
            case .insideThree: "inside step three"
            }
        }

        /// The step that is running when the runner is killed (it takes 30 s, so it is still
        /// running when the run is resumed).
        var running: String {
            switch self {
            case .afterBuild, .insideOne: "one"
            case .afterOne, .insideTwo: "two"
            case .afterTwo, .insideThree: "three"
            }
        }
    }

    /// What an uninterrupted run leaves (computed once per test process).
    static func reference() async throws -> (deployed: [String: String], report: CrashRig.RunReport) {
        let rig = try CrashRig(stepSeconds: "0")
        let output = try await rig.cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(output.status == 0, "\(output)")
        let id = try #require(CrashRig.runID(output.stdout))
        return (try rig.deployed().mapValues { $0.replacingOccurrences(of: rig.head, with: "COMMIT") }, try await rig.status(id))
    }

    @Test(arguments: KillPoint.allCases)
    func killedRunResumesFromASecondCheckout(_ point: KillPoint) async throws {
        let reference = try await Self.reference()
        let rig = try CrashRig(stepSeconds: "1")
        var cli = rig.cli
        cli.environment["SLOW_STEP"] = point.running
        let runner = try cli.start(["run", "pipelines/deploy.swift"])
        let id = try await rig.newestRun()
        try await rig.poll(timeout: 90, "\(point)") { () async throws -> Bool? in
            switch point {
            case .afterBuild: try await stepSucceeded(rig, id, "build") ? true : nil
            case .insideOne: started(rig, "one") ? true : nil
            case .afterOne: try await stepSucceeded(rig, id, "one") ? true : nil
            case .insideTwo: started(rig, "two") ? true : nil
            case .afterTwo: try await stepSucceeded(rig, id, "two") ? true : nil
            case .insideThree: started(rig, "three") ? true : nil
            }
        }
        try await rig.kill(runner)

        // Seen from anywhere: interrupted, with what was in flight.
        let status = try await rig.cli.pipeline(["status", id])
        #expect(status.stdout.contains("run \(id)  crash  interrupted"), "\(status)")
        #expect(status.stdout.contains("pipeline resume \(id)"), "\(status)")
        // Killed inside a step, that step is in flight (at a boundary, the next one may not have started).
        let inside = point.description.hasPrefix("inside")
        if inside {
            #expect(status.stdout.contains("step '\(point.running)' of stage 'dev' on "), "\(status)")
        }

        // A second checkout, pointed at the first's state, finishes the run.
        let clone = try rig.clone()
        let second = CommandLineRunner(workingDirectory: clone.url.appendingPathComponent("repo"),
                                       environment: CrashRig.environment(rig.scratch, stepSeconds: "0")
                                        .merging(["PIPELINE_STATE": rig.repository.url.appendingPathComponent(".pipeline").path]) { $1 })
        let resumed = try await second.pipeline(["resume", id])
        #expect(resumed.status == 0, "\(resumed)")
        #expect(resumed.stdout.contains("took over run \(id)"), "\(resumed)")
        if inside {
            #expect(resumed.stdout.contains("ended 3 processes the previous driver had left running"), "\(resumed)")
        }

        #expect(try rig.deployed().mapValues { $0.replacingOccurrences(of: rig.head, with: "COMMIT") } == reference.deployed)
        #expect(reference.deployed.count == 4)
        let report = try await rig.status(id)
        #expect(report.status == "succeeded")
        #expect(report.stages == reference.report.stages)
        #expect(report.steps.map(\.name) == reference.report.steps.map(\.name))
        #expect(report.steps.allSatisfy { $0.status == "succeeded" }, "\(report.steps)")
        #expect(report.commit == rig.head)
        // Nothing of the run is left running, and the killed runner's output can be collected.
        try await rig.poll(timeout: 10, "the run's processes to end") {
            ProcessTable.processes(withEnvironment: "PIPELINE_RUN_ID", id).isEmpty ? true : nil
        }
        _ = try runner.wait(timeout: 10)
        let events = try CrashRig.eventLines(rig.repository.url.appendingPathComponent(".pipeline/runs/\(id)/events.jsonl"))
        #expect(events.unparsable.isEmpty, "\(events.unparsable)")
        // A step cut off runs again; a finished one does not.
        let ends = rig.log().filter { $0.hasPrefix("end ") }.map { $0.split(separator: " ")[1] }
        #expect(Set(ends) == ["build", "one", "two", "three"])
        #expect(ends.count == 4, "\(rig.log())\n\(resumed)")
    }

    /// The same crash, the state shared on DynamoDB (moto): the runner is killed inside a step and
    /// at a step boundary; a second checkout that shares only the table resumes and finishes it.
    @Test(arguments: [KillPoint.insideTwo, KillPoint.afterOne])
    func killedRunResumesFromASecondCheckoutSharingDynamoDBState(_ point: KillPoint) async throws {
        let reference = try await Self.reference()
        let server = try await LocalAWSServer.shared()
        var state = server.environment
        state["PIPELINE_STATE"] = "dynamodb://crash-\(UUID().uuidString.prefix(8).lowercased())?region=us-east-1"
        let rig = try CrashRig(stepSeconds: "1", state: state)
        let initialized = try await rig.cli.pipeline(["state", "init", "--state", state["PIPELINE_STATE"] ?? ""])
        #expect(initialized.status == 0, "\(initialized)")
        var cli = rig.cli
        cli.environment["SLOW_STEP"] = point.running
        let runner = try cli.start(["run", "pipelines/deploy.swift"])
        let id = try await rig.newestRun()
        try await rig.poll(timeout: 90, "\(point)") { () async throws -> Bool? in
            point == .insideTwo ? (started(rig, "two") ? true : nil) : (try await stepSucceeded(rig, id, "one") ? true : nil)
        }
        try await rig.kill(runner)
        #expect(try await rig.cli.pipeline(["status", id]).stdout.contains("run \(id)  crash  interrupted"))
        #expect(!FileManager.default.fileExists(atPath: rig.repository.url.appendingPathComponent(".pipeline/pipeline.sqlite").path))

        let clone = try rig.clone()
        let second = CommandLineRunner(workingDirectory: clone.url.appendingPathComponent("repo"),
                                       environment: CrashRig.environment(rig.scratch, stepSeconds: "0").merging(state) { $1 })
        let resumed = try await second.pipeline(["resume", id])
        #expect(resumed.status == 0, "\(resumed)")
        #expect(resumed.stdout.contains("took over run \(id)"), "\(resumed)")
        #expect(try rig.deployed().mapValues { $0.replacingOccurrences(of: rig.head, with: "COMMIT") } == reference.deployed)
        let report = try await rig.status(id, cli: second)
        #expect(report.status == "succeeded")
        #expect(report.steps.map(\.name) == reference.report.steps.map(\.name))
        #expect(report.steps.allSatisfy { $0.status == "succeeded" }, "\(report.steps)")
        try await rig.poll(timeout: 10, "the run's processes to end") {
            ProcessTable.processes(withEnvironment: "PIPELINE_RUN_ID", id).isEmpty ? true : nil
        }
        _ = try runner.wait(timeout: 10)
        let ends = rig.log().filter { $0.hasPrefix("end ") }.map { $0.split(separator: " ")[1] }
        #expect(Set(ends) == ["build", "one", "two", "three"])
        #expect(ends.count == 4, "nothing finished ran twice: \(rig.log())")
    }

    func stepSucceeded(_ rig: CrashRig, _ run: String, _ step: String) async throws -> Bool {
        try await rig.status(run).steps.contains { $0.name == step && $0.phase == "apply" && $0.status == "succeeded" }
    }

    func started(_ rig: CrashRig, _ step: String) -> Bool {
        FileManager.default.fileExists(atPath: rig.marks.appendingPathComponent("\(step).started").path)
    }
}
