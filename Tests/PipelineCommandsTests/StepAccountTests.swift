import Foundation
import PipelineTesting
import TestTiers
import Testing

/// A root runner with `PIPELINE_STEP_USER` runs its steps as that user: a step works in a
/// checkout of its own but cannot open the run store, the state folder or the runner's process.
@Suite(.serialized, .integration, .enabled(if: geteuid() == 0, "running steps as another user needs a root runner"))
struct StepAccountTests {
    static let pipeline = """
        import PipelineDescription
        let dev = Environment("dev", account: "536580886816", region: "af-south-1", role: "deploy-dev")
        let pipeline = Pipeline("accounts") {
            Stage("validation") { Shell("./probe.sh validation", name: "probe") }
            Deploy(dev, after: "validation") { Shell("./probe.sh dev", name: "probe") }
        }
        """

    /// Records who it runs as and what it could open; writes in its own checkout.
    static let probe = """
        #!/bin/sh
        out="$PROBE/$1"
        id -un > "$out.user"
        echo written > made-here.txt && echo ok > "$out.checkout"
        if echo forged >> "$STORE" 2>/dev/null; then echo opened > "$out.store"; else echo refused > "$out.store"; fi
        if ls "$STATE" > /dev/null 2>&1; then echo listed > "$out.state"; else echo refused > "$out.state"; fi
        p=$PPID; while [ "$p" -gt 1 ] && [ "$(cat /proc/$p/comm)" != pipeline ]; do p=$(sed 's/.*) //' /proc/$p/stat | cut -d' ' -f2); done
        if [ "$p" -gt 1 ] && cat /proc/$p/environ > /dev/null 2>&1; then echo read > "$out.environ"; else echo "refused $p" > "$out.environ"; fi
        printf '%s' "${PIPELINE_STATE-unset}" > "$out.variable"
        if cat "$TOKEN_FILE" > "$out.token" 2>/dev/null; then :; else echo refused > "$out.token"; fi
        """

    @Test func stepsRunAsTheStepUserAndCannotReachTheStore() async throws {
        try PipelineBuild.require()
        try StepProcReadTests.ensureUser()
        let repository = try StepProcReadTests.repository(pipeline: Self.pipeline, at: "pipelines/deploy.swift", script: Self.probe, at: "probe.sh")
        let probe = try TemporaryDirectory(prefix: "pipeline-account")
        chmod(probe.url.path, 0o777)
        // A credential file of the runner's user, owner-only (as a web identity token file is).
        let token = probe.url.appendingPathComponent("runner-token")
        try Data("runner-web-identity-token-7e1f".utf8).write(to: token)
        chmod(token.path, 0o600)
        let state = repository.url.appendingPathComponent(".pipeline")
        let store = state.appendingPathComponent("pipeline.sqlite")
        let cli = CommandLineRunner(workingDirectory: repository.url, environment: [
            "PIPELINE_STEP_USER": StepProcReadTests.user, "PROBE": probe.url.path, "STORE": store.path, "STATE": state.path,
            "PIPELINE_STATE": state.path, "TOKEN_FILE": token.path,
        ])
        let run = try await cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(run.status == 0, "\(run)")
        func read(_ name: String) -> String? {
            (try? String(contentsOf: probe.url.appendingPathComponent(name), encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        for stage in ["validation", "dev"] {
            #expect(read("\(stage).user") == StepProcReadTests.user, "\(run)")
            #expect(read("\(stage).checkout") == "ok", "the stage's checkout is the step user's")
            #expect(read("\(stage).store") == "refused", "the run store is closed to steps")
            #expect(read("\(stage).state") == "refused", "the state folder is closed to steps")
            #expect(read("\(stage).environ")?.hasPrefix("refused ") == true && read("\(stage).environ") != "refused 1",
                    "the runner (an ancestor named pipeline) was found and its environment refused: \(read("\(stage).environ") ?? "")")
            #expect(read("\(stage).variable") == "unset", "steps are not told where the store is")
            #expect(read("\(stage).token") == "refused", "the runner's owner-only credential files are closed to steps")
        }
        // The store is whole, and records the run.
        let status = try await cli.pipeline(["status"])
        #expect(status.status == 0 && status.stdout.contains("accounts  succeeded"), "\(status)")
        // Without root the setting is refused with what to do; an unknown user too.
        let unknown = try await CommandLineRunner(workingDirectory: repository.url, environment: ["PIPELINE_STEP_USER": "no-such-user-7f3a"])
            .pipeline(["run", "pipelines/deploy.swift"])
        #expect(unknown.status == 64 && unknown.stderr.contains("no such user on this machine"), "\(unknown)")
    }
}
