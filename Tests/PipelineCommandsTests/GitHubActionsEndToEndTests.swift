import AWS
import Foundation
import PipelineTesting
import TestTiers
import Testing

/// The generated workflows run as GitHub would run them, by the local executor: each job on its
/// own machine (a fresh clone, HOME and temp folder; no AWS keys, only the executor's OIDC
/// tokens), sharing nothing but the DynamoDB state on moto, the artifacts and the cache.
@Suite(.serialized, .integration) struct GitHubActionsEndToEndTests {
    static func approve(_ rig: GitHubActionsRig, run: String, stage: String, role: String, as login: String) async throws -> LocalActions.WorkflowRun {
        let id = try await rig.actions.dispatch(workflow: "approve.yml", inputs: ["run": run, "stage": stage, "role": role], actor: login)
        try await rig.actions.waitUntilIdle()
        let approval = try await rig.actions.run(id)
        #expect(approval.conclusion == "success", "\(approval)\n\(approval.log("approve"))")
        return approval
    }

    /// The seed pipeline from validation to post-deploy across its jobs: DEV approved through the
    /// approve workflow, SIT by one approve-workflow approval and one SSH-signed approval from a
    /// laptop, PROD by three GitHub logins; every gated job ends at once, and the last approval
    /// of each gate continues the run by dispatching the main workflow.
    @Test func theSeedDeploysAcrossJobsWithApprovalsFromGitHubAndALaptop() async throws {
        let seed = GitHubSeed()
        let rig = try await GitHubActionsRig.make(stateTable: seed.stateTable, stateRole: seed.stateRole) { issuer in
            ["pipelines/deploy.swift": try seed.pipeline(provider: GitHubSeed.loopbackProvider(issuer: issuer)),
             "approvers/allowed_signers": try ApproverKeys.seed.allowedSigners()]
        }
        let sha = try rig.origin.revParse("HEAD")
        // A developer pushes (an approver may not approve their own change).
        let started = try await rig.actions.push(sha: sha, actor: "dev-gh")
        try #require(started.count == 1)
        try await rig.actions.waitUntilIdle()
        let first = try await rig.actions.run(started[0])
        let run = "gh-\(first.id)"
        // The gated job ended (green) without waiting for anyone; nothing after it ran.
        #expect(first.conclusion == "success", "\(first)\n\(first.log("dev"))")
        for job in ["runner", "check", "validation", "plan", "dev"] { #expect(first.job(job)?.conclusion == "success", "\(job): \(first.description)") }
        for job in ["sit", "prod", "post_deploy"] { #expect(first.job(job)?.conclusion == "skipped", "\(job): \(first.description)") }
        #expect(first.job("dev")?.outputs["status"] == "awaitingApproval" && first.job("dev")?.outputs["continue"] == "false")
        let waiting = first.summary("dev")
        #expect(waiting.contains("### Waiting for approval: dev") && waiting.contains("Still missing: Lead Developer"), "\(waiting)")
        #expect(waiting.contains("gh workflow run approve.yml -R \(GitHubSeed.repositoryName) -f run=\(run) -f stage=dev"), "\(waiting)")
        #expect(waiting.contains("| validation |  | ✓ succeeded"), "the summary tells the earlier jobs' stages: \(waiting)")

        // DEV: one approval through the approve workflow, which continues the run.
        var last = first.id
        _ = try await Self.approve(rig, run: run, stage: "dev", role: "Lead Developer", as: "lead-gh")
        let afterDev = try #require(try await rig.latestRun(of: "deploy.yml", after: last))
        last = afterDev.id
        #expect(afterDev.event == "workflow_dispatch" && afterDev.conclusion == "success", "\(afterDev)\n\(afterDev.log("dev"))")
        #expect(afterDev.job("dev")?.outputs["status"] == "succeeded", "\(afterDev.log("dev"))")
        #expect(afterDev.log("validation").contains("already succeeded in run \(run): nothing to do"))
        #expect(afterDev.job("sit")?.outputs["status"] == "awaitingApproval", "\(afterDev.log("sit"))")

        // SIT: QA Lead through the workflow (the gate still waits: no continuation), then the
        // Tech Lead signs on a laptop, which continues the run.
        _ = try await Self.approve(rig, run: run, stage: "sit", role: "QA Lead", as: "qa-gh")
        #expect(try await rig.latestRun(of: "deploy.yml", after: last) == nil, "one of two approvals continues nothing")
        try rig.pullLaptop()
        var laptop = rig.laptop
        laptop.environment["GH_TOKEN"] = GitHubActionsRig.userTokens["lead-gh"]
        let signed = try await laptop.pipeline(["approve", run, "--stage", "sit", "--role", "Tech Lead", "--key", ApproverKeys.seed.key("lead@bbws.example"),
                                                "--continue-workflow", "deploy.yml", "--repository", GitHubSeed.repositoryName])
        #expect(signed.status == 0, "\(signed)")
        #expect(signed.stdout.contains("started deploy.yml on main in \(GitHubSeed.repositoryName) to continue run \(run)"), "\(signed)")
        try await rig.actions.waitUntilIdle()
        let afterSIT = try #require(try await rig.latestRun(of: "deploy.yml", after: last))
        last = afterSIT.id
        #expect(afterSIT.job("sit")?.outputs["status"] == "succeeded", "\(afterSIT)\n\(afterSIT.log("sit"))")
        #expect(afterSIT.job("prod")?.outputs["status"] == "awaitingApproval", "\(afterSIT.log("prod"))")

        // PROD: three different GitHub logins; the third continues the run to the end.
        for (role, login) in [("Tech Lead", "lead-gh"), ("Product Owner", "po-gh"), ("DevOps Lead", "ops-gh")] {
            _ = try await Self.approve(rig, run: run, stage: "prod", role: role, as: login)
        }
        let afterPROD = try #require(try await rig.latestRun(of: "deploy.yml", after: last))
        #expect(afterPROD.conclusion == "success", "\(afterPROD)\n\(afterPROD.log("prod"))\n\(afterPROD.log("post_deploy"))")
        #expect(afterPROD.job("post_deploy")?.outputs["status"] == "succeeded", "\(afterPROD.log("post_deploy"))")

        // The run, from the laptop: succeeded, each approval verified as it was made.
        let runs = try await rig.laptop.pipeline(["runs"])
        #expect(runs.stdout.split(separator: "\n").contains { $0.hasPrefix(run + " ") && $0.contains("succeeded") }, "\(runs)")
        let verified = try await rig.laptop.pipeline(["status", run, "--verify"])
        #expect(verified.status == 0, "\(verified)")
        #expect(verified.stdout.components(separatedBy: "verified by OIDC token").count - 1 == 5, "five approvals proven by GitHub tokens: \(verified.stdout)")
        #expect(verified.stdout.components(separatedBy: "verified by SSH signature").count - 1 == 1, "one SSH-signed: \(verified.stdout)")
        #expect(!verified.stdout.contains("CHECK FAILED"), "\(verified.stdout)")

        // Every resource, read back in its account: three tables and the twelve templates.
        for (environment, account) in seed.accounts {
            let credentials = try EnvironmentCredentials(environment: environment, roleARN: "arn:aws:iam::\(account):role/bbws-deploy-\(environment)",
                                                         region: "af-south-1", runID: "test", processEnvironment: rig.server.environment)
            let tables = try await DynamoDBClient(configuration: try credentials.configuration()).listTables()
            #expect(tables.count >= 3, "\(environment): \(tables)")
            let objects = try await S3Client(configuration: try credentials.configuration())
                .listAllObjects(bucket: "bbws-templates-\(environment)-\(seed.suffix)").map(\.key)
            #expect(objects.filter { $0.hasSuffix(".html") }.count >= 12, "\(environment): \(objects)")
        }
        // The last job's summary tells the whole run: every stage, and who approved each gate how.
        let summary = afterPROD.summary("post_deploy")
        for stage in ["validation", "plan", "dev", "sit", "prod", "post-deploy"] {
            #expect(summary.contains("| \(stage) |") && summary.range(of: "| \(stage) | [^|]*| ✓ succeeded", options: .regularExpression) != nil, "\(stage): \(summary.prefix(3000))")
        }
        #expect(summary.contains("qa@bbws.example (QA Lead, verified: oidc)") && summary.contains("lead@bbws.example (Tech Lead, verified: ssh)"), "\(summary.prefix(3000))")
    }
}

/// A small pipeline through the generated workflows: a deploy job killed mid-step and re-run,
/// two pushes close together, and workflows that no longer match the pipeline.
@Suite(.serialized, .integration) struct GitHubActionsRecoveryTests {
    static func rig(deploy steps: String) async throws -> (GitHubActionsRig, ledger: URL, holder: TemporaryDirectory) {
        let seed = GitHubSeed()
        let holder = try TemporaryDirectory(prefix: "ledger")
        let ledger = holder.url.appendingPathComponent("ledger")
        let rig = try await GitHubActionsRig.make(stateTable: seed.stateTable, stateRole: seed.stateRole, tls: false) { _ in
            ["pipelines/deploy.swift": """
                import PipelineDescription
                let dev = Environment("dev", account: "\(seed.accounts["dev"]!)", region: "us-east-1", role: "deploy-dev")
                let pipeline = Pipeline("small", state: .dynamoDB(table: "\(seed.stateTable)", region: "us-east-1", role: "\(seed.stateRole)")) {
                    Stage("build") { Shell("echo build") }
                    Deploy(dev, after: "build") {
                \(steps.replacingOccurrences(of: "LEDGER", with: ledger.path))
                    }
                }
                """]
        }
        return (rig, ledger, holder)
    }

    static func lines(_ ledger: URL) -> [String] {
        ((try? String(contentsOf: ledger, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test func aDeployJobKilledMidStepAndReRunResumesTheRunWithoutDeployingTwice() async throws {
        let (rig, ledger, holder) = try await Self.rig(deploy: """
                    Shell("echo first >> LEDGER")
                    Shell("echo second-$((40 + 2))-started; sleep 20; echo second >> LEDGER")
            """)
        defer { withExtendedLifetime(holder) {} }
        let started = try await rig.actions.push(sha: try rig.origin.revParse("HEAD"), actor: "dev-gh")
        let id = try #require(started.first)
        // Kill the dev job's machine while its second step runs (the line it prints, not its
        // command, which the plan shows before anything runs).
        var killed = false
        for _ in 0..<240 where !killed {
            let current = try await rig.actions.run(id)
            if current.job("dev")?.status == "in_progress", current.log("dev").contains("second-42-started") {
                try await rig.actions.kill(run: id, job: "dev")
                killed = true
            } else if current.status == "completed" {
                break
            } else {
                try await Task.sleep(for: .milliseconds(500))
            }
        }
        #expect(killed, "the dev job never reached its second step")
        try await rig.actions.waitUntilIdle()
        let broken = try await rig.actions.run(id)
        #expect(broken.job("dev")?.conclusion == "failure", "\(broken)")
        #expect(Self.lines(ledger) == ["first"])

        try await rig.actions.rerunFailed(id)
        try await rig.actions.waitUntilIdle()
        let rerun = try await rig.actions.run(id)
        #expect(rerun.attempt == 2 && rerun.conclusion == "success", "\(rerun)\n\(rerun.log("dev"))")
        #expect(rerun.job("dev")?.outputs["status"] == "succeeded", "\(rerun.log("dev"))")
        #expect(rerun.log("dev").contains("took over run gh-\(id) from its driver"), "\(rerun.log("dev"))")
        // The first step is not deployed again; the one in flight ran again, once.
        #expect(Self.lines(ledger) == ["first", "second"])
    }

    @Test func twoPushesCloseTogetherDeployInOrderAndTheFirstNeverOverTheSecond() async throws {
        let (rig, ledger, holder) = try await Self.rig(deploy: """
                    Shell("sleep 3; git rev-parse HEAD >> LEDGER")
            """)
        defer { withExtendedLifetime(holder) {} }
        let first = try await rig.push(["notes/one.txt": "one\n"], message: "one")
        let second = try await rig.push(["notes/two.txt": "two\n"], message: "two")
        try await rig.actions.waitUntilIdle()
        let runs = try await rig.actions.runs().filter { $0.workflow == "deploy.yml" }
        let one = try #require(runs.first { $0.sha == first.sha })
        let two = try #require(runs.first { $0.sha == second.sha })
        #expect(two.job("dev")?.conclusion == "success", "\(two)\n\(two.log("dev"))")
        // The environment's jobs never overlapped; the newer commit is what dev has last.
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let date = { (text: String?) in text.flatMap { formatter.date(from: $0) ?? ISO8601DateFormatter().date(from: $0) } }
        if let oneStarted = date(one.job("dev")?.started), let oneFinished = date(one.job("dev")?.finished),
           let twoStarted = date(two.job("dev")?.started), let twoFinished = date(two.job("dev")?.finished) {
            #expect(oneFinished <= twoStarted || twoFinished <= oneStarted, "dev jobs overlapped: \(one) / \(two)")
        } else {
            Issue.record("a dev job has no times: \(one) / \(two)")
        }
        let deployed = Self.lines(ledger)
        #expect(deployed.last == second.sha, "\(deployed)")
        if let newer = deployed.firstIndex(of: second.sha) { #expect(!deployed[newer...].contains(first.sha), "\(deployed)") }
    }

    @Test func aWorkflowEditedByHandOrAPipelineChangedWithoutRegeneratingFailsTheCheckBeforeAnythingDeploys() async throws {
        let (rig, ledger, holder) = try await Self.rig(deploy: """
                    Shell("echo deployed >> LEDGER")
            """)
        defer { withExtendedLifetime(holder) {} }
        let workflowPath = ".github/workflows/deploy.yml"
        let workflow = try String(contentsOf: rig.origin.url.appendingPathComponent(workflowPath), encoding: .utf8)
        let edited = workflow.replacingOccurrences(of: "timeout-minutes: 90", with: "timeout-minutes: 600")
        #expect(edited != workflow)
        let byHand = try await rig.push([workflowPath: edited], message: "a longer timeout, by hand")
        try await rig.actions.waitUntilIdle()
        let handRun = try await rig.actions.run(try #require(byHand.runs.first))
        #expect(handRun.job("check")?.conclusion == "failure", "\(handRun)")
        #expect(handRun.log("check").contains("committed `timeout-minutes: 600`, the pipeline generates `timeout-minutes: 90`"), "\(handRun.log("check"))")
        #expect(handRun.job("dev")?.conclusion == "skipped" && handRun.job("build")?.conclusion == "skipped", "\(handRun)")

        let pipeline = try String(contentsOf: rig.origin.url.appendingPathComponent("pipelines/deploy.swift"), encoding: .utf8)
        let changed = try await rig.push([workflowPath: workflow, "pipelines/deploy.swift": pipeline + "// a comment, not regenerated\n"],
                                         message: "the pipeline changes alone")
        try await rig.actions.waitUntilIdle()
        let changedRun = try await rig.actions.run(try #require(changed.runs.first))
        #expect(changedRun.job("check")?.conclusion == "failure", "\(changedRun)")
        #expect(changedRun.log("check").contains("was generated from a different pipeline file"), "\(changedRun.log("check"))")
        #expect(changedRun.job("dev")?.conclusion == "skipped", "\(changedRun)")
        #expect(Self.lines(ledger).isEmpty, "nothing deployed")
    }
}
