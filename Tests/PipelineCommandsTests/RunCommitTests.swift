import Foundation
import PipelineTesting
import TestTiers
import Testing

/// A run executes its own commit: not a later commit, not an uncommitted edit; and an old
/// paused run does not deploy its older commit over a newer one.
@Suite(.serialized, .integration) struct RunCommitTests {
    @Test func resumedRunExecutesTheRunsCommit() async throws {
        let rig = try CrashRig(pipeline: RaceTests.gated, stepSeconds: "0")
        let started = rig.head
        let paused = try await rig.cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(paused.status == 4, "\(paused)")
        let id = try #require(CrashRig.runID(paused.stdout))
        // After the run started: a later commit, then an uncommitted edit on top.
        _ = try rig.repository.commit("v2", files: ["version.txt": "v2"])
        try rig.repository.write("version.txt", "v3 (uncommitted)")
        #expect(try await rig.cli.pipeline(["approve", id, "--stage", "dev", "--role", "Lead Developer", "--as", "lead@x"]).status == 0)
        let resumed = try await rig.cli.pipeline(["resume", id])
        #expect(resumed.status == 0, "\(resumed)")
        #expect(try rig.deployed()["deploy"] == "deploy at v1 \(started)\n")
        // The working tree is as the user left it.
        #expect(try String(contentsOf: rig.repository.fileURL("version.txt"), encoding: .utf8) == "v3 (uncommitted)")
        // Each stage's checkout of the commit is made for the invocation and removed after it.
        let checkouts = rig.repository.url.appendingPathComponent(".pipeline/worktrees/\(id)")
        #expect(!FileManager.default.fileExists(atPath: checkouts.path))
    }

    @Test func stalePausedRunIsRefusedAfterANewerDeployment() async throws {
        let rig = try CrashRig(pipeline: RaceTests.gated, stepSeconds: "0")
        let old = rig.head
        let first = try await rig.cli.pipeline(["run", "pipelines/deploy.swift"])
        let stale = try #require(CrashRig.runID(first.stdout))
        let newer = try rig.repository.commit("v2", files: ["version.txt": "v2"])
        let second = try await rig.cli.pipeline(["run", "pipelines/deploy.swift"])
        let fresh = try #require(CrashRig.runID(second.stdout))
        for run in [stale, fresh] {
            #expect(try await rig.cli.pipeline(["approve", run, "--stage", "dev", "--role", "Lead Developer", "--as", "lead@x"]).status == 0)
        }
        #expect(try await rig.cli.pipeline(["resume", fresh]).status == 0)
        let refused = try await rig.cli.pipeline(["resume", stale])
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stdout.contains("refusing to deploy commit \(old.prefix(12)) to 'dev'"), "\(refused)")
        #expect(refused.stdout.contains("ancestor of commit \(newer.prefix(12))"), "\(refused)")
        #expect(try rig.deployed()["deploy"] == "deploy at v2 \(newer)\n")
        // Asked for explicitly, it goes ahead.
        let allowed = try await rig.cli.pipeline(["resume", stale, "--allow-older"])
        #expect(allowed.status == 0, "\(allowed)")
        #expect(try rig.deployed()["deploy"] == "deploy at v1 \(old)\n")
    }
}
