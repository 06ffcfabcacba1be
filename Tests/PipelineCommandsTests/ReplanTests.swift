import Foundation
import PipelineTesting
import TestTiers
import Testing

/// A run whose saved plan can no longer be used is not stranded: `status` says so and how to go
/// on, and `resume --replan` plans again, asks the gate for approvals of the new plan and
/// finishes.
@Suite(.serialized, .integration) struct ReplanTests {
    @Test(.timeLimit(.minutes(5)))
    func aSavedPlanEditedInTheStoreIsShownAndPlannedAgain() async throws {
        let rig = try CrashRig(pipeline: RaceTests.gated, stepSeconds: "0")
        let paused = try await rig.cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(paused.status == 4, "\(paused)")
        let id = try #require(CrashRig.runID(paused.stdout))

        // Someone edits the stored plan without its hash.
        let database = rig.repository.url.appendingPathComponent(".pipeline/pipeline.sqlite").path
        let edited = try rig.cli.run("/usr/bin/env", ["python3", "-c", """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            n = db.execute("UPDATE plans SET document = CAST(replace(CAST(document AS TEXT), 'deploy', 'DEPLOY') AS BLOB) WHERE run_id = ?", (sys.argv[2],)).rowcount
            db.commit()
            print(n)
            """, database, id], timeout: 60)
        #expect(edited.status == 0 && edited.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "\(edited)")

        let status = try await rig.cli.pipeline(["status", id])
        #expect(status.status == 0, "\(status)")
        #expect(status.stdout.contains("plan it again with `pipeline resume \(id) --replan`"), "\(status)")
        #expect(status.stdout.contains("0/1 approved"), "\(status)")

        let plain = try await rig.cli.pipeline(["resume", id])
        #expect(plain.status != 0 && plain.status != 70, "\(plain)")
        #expect((plain.stdout + plain.stderr).contains("not a usable plan"), "\(plain)")

        let replanned = try await rig.cli.pipeline(["resume", id, "--replan"])
        #expect(replanned.status == 4, "the new plan waits for its approval: \(replanned)")
        let approved = try await rig.cli.pipeline(["approve", id, "--stage", "dev", "--role", "Lead Developer", "--as", "lead@x"])
        #expect(approved.status == 0, "\(approved)")
        let finished = try await rig.cli.pipeline(["resume", id])
        #expect(finished.status == 0, "\(finished)")
        let deployed = try rig.deployed()
        #expect(deployed["deploy"]?.hasPrefix("deploy at v1") == true, "\(deployed)")
    }
}
