import Foundation
import PipelineTesting
import TestTiers
import Testing

/// The pipeline file decides which stages are gated and who approves, so a run of stages with a
/// gate or an environment takes it only as the commit holds it: a file under an ignored path,
/// an untracked one, or an edited one is refused (`--allow-dirty` does not cover it), and
/// nothing is deployed.
@Suite(.serialized, .integration) struct PipelineFileAtCommitTests {
    @Test func aPipelineFileTheCommitDoesNotHoldCannotDecideTheGates() async throws {
        let rig = try CrashRig(pipeline: RaceTests.gated, stepSeconds: "0")
        try rig.repository.write(".gitignore", ".pipeline/\n")
        _ = try rig.repository.git("add", ".gitignore")
        _ = try rig.repository.git("commit", "-q", "-m", "ignore the state folder")

        // What an insider would write (the same environment, no gate) under an ignored path:
        // the working tree is clean, yet the file is not the commit's.
        let folder = rig.repository.url.appendingPathComponent(".pipeline")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try RaceTests.ungated.write(to: folder.appendingPathComponent("evil.swift"), atomically: true, encoding: .utf8)
        let ignored = try await rig.cli.pipeline(["run", ".pipeline/evil.swift"])
        #expect(ignored.status == 64, "\(ignored)")
        #expect(ignored.stderr.contains("the pipeline file .pipeline/evil.swift is not in commit"), "\(ignored)")
        #expect(ignored.stderr.contains("(dev)"), "\(ignored)")

        // The tracked file with its gate removed, with --allow-dirty: still refused.
        try rig.repository.write("pipelines/deploy.swift", RaceTests.ungated)
        let edited = try await rig.cli.pipeline(["run", "pipelines/deploy.swift", "--allow-dirty"])
        #expect(edited.status == 64, "\(edited)")
        #expect(edited.stderr.contains("the pipeline file pipelines/deploy.swift differs from its version in commit"), "\(edited)")
        let deployed = try rig.deployed()
        #expect(deployed.isEmpty, "nothing was deployed: \(deployed)")
        let runs = try await rig.cli.pipeline(["runs"])
        #expect(!runs.stdout.contains("succeeded"), "\(runs)")

        // The committed file runs as it says: gated.
        _ = try rig.repository.git("checkout", "--", "pipelines/deploy.swift")
        let committed = try await rig.cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(committed.status == 4, "paused at the gate the commit declares: \(committed)")
    }
}
