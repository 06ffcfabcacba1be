import Foundation
import PipelineTesting
import TestTiers
import Testing

/// Signed approvals through the `pipeline` binary: real `ssh-keygen` keys and signatures, the
/// repository's allowed_signers file at the run's commit; every forgery refused with its reason
/// and nothing recorded.
@Suite(.serialized, .integration) struct SignedApprovalTests {
    static let people = ["lead@bbws.example", "qa@bbws.example", "po@bbws.example", "stranger@bbws.example"]

    static let pipeline = """
        import PipelineDescription
        let team = Approvers(
            ["lead@bbws.example": ["Lead Developer", "Tech Lead", "QA Lead"], "qa@bbws.example": ["QA Lead"], "po@bbws.example": ["Product Owner"],
             "tester@pipeline.example": ["QA Lead"]],
            allowedSigners: "approvers/allowed_signers")
        let dev = Environment("dev", account: "536580886816", region: "af-south-1", role: "deploy-dev", gate: .approvals(["Lead Developer"]))
        let sit = Environment("sit", account: "815856636111", region: "af-south-1", role: "deploy-sit", gate: .approvals(["Tech Lead", "QA Lead"]))
        let pipeline = Pipeline("signed", approvers: team) {
            Stage("validation") { Shell("echo validating") }
            Deploy(dev, after: "validation") { Shell("echo deployed-dev > dev.txt") }
            Deploy(sit, after: "dev") { Shell("echo deployed-sit > sit.txt") }
        }
        """

    struct Setup {
        let repository: TemporaryGitRepository
        let cli: CommandLineRunner
        let keys: ApproverKeys
        let outsider: ApproverKeys
        let scratch: TemporaryDirectory

        /// Starts a run and returns its id (paused at dev's gate).
        func pausedRun() async throws -> String {
            let started = try await cli.pipeline(["run", "pipelines/deploy.swift"])
            #expect(started.status == 4, "\(started)")
            return String(try #require(started.stdout.firstMatch(of: /run (\d{8}-\d{6}-[0-9a-f]{4})/)).1)
        }

        func approvals(_ run: String) async throws -> [[String: Any]] {
            let status = try await cli.pipeline(["status", run, "--json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
            return object["approvals"] as? [[String: Any]] ?? []
        }

        /// `--print-statement` for `stage`, as `who`, edited by `edit`, signed by `signer`'s key.
        func signedStatement(_ run: String, stage: String, role: String, as who: String, signer: String? = nil,
                             edit: (inout [String: Any]) -> Void = { _ in }) async throws -> (statement: URL, signature: URL) {
            let printed = try await cli.pipeline(["approve", run, "--stage", stage, "--role", role, "--as", who, "--print-statement"])
            #expect(printed.status == 0, "\(printed)")
            var object = try #require(try JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? [String: Any])
            edit(&object)
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            let file = scratch.url.appendingPathComponent("statement-\(UUID().uuidString).json")
            try data.write(to: file)
            try ApproverKeys.keygen(["-Y", "sign", "-n", "pipeline-approval", "-f", keys.key(signer ?? who), file.path])
            return (file, file.appendingPathExtension("sig"))
        }
    }

    func setUp() throws -> Setup {
        try PipelineBuild.require()
        let keys = try ApproverKeys(Self.people.filter { $0 != "stranger@bbws.example" } + ["tester@pipeline.example"])
        let outsider = try ApproverKeys(["stranger@bbws.example"])
        let repository = try TemporaryGitRepository()
        _ = try repository.commit("signed approvals", files: ["pipelines/deploy.swift": Self.pipeline, "approvers/allowed_signers": try keys.allowedSigners()])
        return Setup(repository: repository, cli: CommandLineRunner(workingDirectory: repository.url), keys: keys, outsider: outsider,
                     scratch: try TemporaryDirectory())
    }

    @Test func aSignedApprovalCountsIsShownVerifiedAndChecksAgain() async throws {
        let setup = try setUp()
        let run = try await setup.pausedRun()
        let approved = try await setup.cli.pipeline(["approve", run, "--stage", "dev", "--key", setup.keys.key("lead@bbws.example")])
        #expect(approved.status == 0, "\(approved)")
        #expect(approved.stdout.contains("as lead@bbws.example (Lead Developer), verified by SSH signature (ssh-ed25519 SHA256:"), "\(approved)")
        let resumed = try await setup.cli.pipeline(["resume", run])
        #expect(resumed.status == 4, "\(resumed)")
        #expect(resumed.stdout.contains("waiting for approval of stage sit"), "dev passed its gate: \(resumed)")
        let status = try await setup.cli.pipeline(["status", run, "--verify"])
        #expect(status.status == 0, "\(status)")
        #expect(status.stdout.contains("approved by lead@bbws.example as Lead Developer, verified by SSH signature"), "\(status)")
        #expect(status.stdout.contains("checked again: holds"))
        let summary = try String(contentsOf: setup.repository.url.appendingPathComponent(".pipeline/runs/\(run)/summary.md"), encoding: .utf8)
        #expect(summary.contains("verified"), "\(summary)")

        // The stored statement, edited afterwards, no longer checks.
        let database = setup.repository.url.appendingPathComponent(".pipeline/pipeline.sqlite").path
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sqlite.arguments = ["python3", "-c", """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            row = db.execute("SELECT rowid, proof FROM approvals").fetchone()
            db.execute("UPDATE approvals SET proof = ? WHERE rowid = ?", (row[1].replace('Lead Developer', 'Tech Lead'), row[0]))
            db.execute("UPDATE approvals SET role = 'Tech Lead'")
            db.commit()
            """, database]
        try sqlite.run()
        sqlite.waitUntilExit()
        let tampered = try await setup.cli.pipeline(["status", run, "--verify"])
        #expect(tampered.status == 1, "\(tampered)")
        #expect(tampered.stdout.contains("CHECK FAILED"), "\(tampered)")
    }

    @Test func forgeriesAreRefusedWithTheirReasonAndNothingIsRecorded() async throws {
        let setup = try setUp()
        let run = try await setup.pausedRun()
        func refused(_ arguments: [String], _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
            let output = try await setup.cli.pipeline(arguments)
            #expect(output.status == 64, "\(output)", sourceLocation: sourceLocation)
            #expect(output.stderr.contains(fragment), "wanted '\(fragment)' in \(output)", sourceLocation: sourceLocation)
        }
        // An unlisted key.
        try await refused(["approve", run, "--stage", "dev", "--role", "Lead Developer", "--as", "lead@bbws.example",
                           "--key", setup.outsider.key("stranger@bbws.example")], "not listed")
        // A listed key approving for someone else, and a role its holder does not have.
        try await refused(["approve", run, "--stage", "dev", "--role", "Lead Developer", "--as", "lead@bbws.example",
                           "--key", setup.keys.key("qa@bbws.example")], "lead@bbws.example")
        try await refused(["approve", run, "--stage", "dev", "--role", "Lead Developer", "--key", setup.keys.key("qa@bbws.example")],
                          "does not hold role 'Lead Developer'")
        // An approval for a stage the run has not reached.
        try await refused(["approve", run, "--stage", "sit", "--role", "QA Lead", "--key", setup.keys.key("qa@bbws.example")],
                          "not waiting at the gate of stage 'sit'")
        // Unsigned, where the pipeline takes only signed approvals.
        try await refused(["approve", run, "--stage", "dev", "--unsigned", "--as", "lead@bbws.example"], "accepts only signed approvals")
        // Statements signed by the right key but for another commit, plan, run or stage.
        for (field, value, reason) in [("commit", "0000000000000000000000000000000000000000", "is for commit 000000000000"),
                                       ("planHash", String(repeating: "ab", count: 32), "is for plan abababababab"),
                                       ("run", "20000101-000000-0000", "is for run 20000101-000000-0000"),
                                       ("stage", "sit", "is for stage sit")] {
            let (statement, signature) = try await setup.signedStatement(run, stage: "dev", role: "Lead Developer", as: "lead@bbws.example") {
                $0[field] = value
            }
            try await refused(["approve", run, "--stage", "dev", "--statement", statement.path, "--signature", signature.path], reason)
        }
        // A statement modified after it was signed.
        let (statement, signature) = try await setup.signedStatement(run, stage: "dev", role: "Lead Developer", as: "lead@bbws.example")
        let original = try Data(contentsOf: statement)
        let text = String(decoding: original, as: UTF8.self)
        let nonce = try #require(text.firstMatch(of: /"nonce":"([0-9a-f]+)"/)).1
        let flipped = String(nonce.first == "0" ? "1" : "0") + nonce.dropFirst()
        try Data(text.replacingOccurrences(of: String(nonce), with: flipped).utf8).write(to: statement)
        try await refused(["approve", run, "--stage", "dev", "--statement", statement.path, "--signature", signature.path], "signature")
        #expect(try await setup.approvals(run).isEmpty, "nothing was recorded")

        // The genuine statement counts once; replayed, it is refused.
        try original.write(to: statement)
        let genuine = try await setup.cli.pipeline(["approve", run, "--stage", "dev", "--statement", statement.path, "--signature", signature.path])
        #expect(genuine.status == 0, "\(genuine)")
        try await refused(["approve", run, "--stage", "dev", "--statement", statement.path, "--signature", signature.path], "already")
        #expect(try await setup.approvals(run).count == 1)
    }

    @Test func onePersonTwoRolesTheCommitAuthorAndARejection() async throws {
        let setup = try setUp()
        let run = try await setup.pausedRun()
        #expect(try await setup.cli.pipeline(["approve", run, "--stage", "dev", "--key", setup.keys.key("lead@bbws.example")]).status == 0)
        #expect(try await setup.cli.pipeline(["resume", run]).status == 4)
        #expect(try await setup.cli.pipeline(["approve", run, "--stage", "sit", "--role", "Tech Lead", "--key", setup.keys.key("lead@bbws.example")]).status == 0)
        // lead holds Tech Lead and QA Lead; one person fills one role of a gate.
        let twice = try await setup.cli.pipeline(["approve", run, "--stage", "sit", "--role", "QA Lead", "--key", setup.keys.key("lead@bbws.example")])
        #expect(twice.status == 64 && twice.stderr.contains("one person cannot fill two roles"), "\(twice)")
        // The commit's author (tester@pipeline.example) holds QA Lead, but may not approve their own change.
        let author = try await setup.cli.pipeline(["approve", run, "--stage", "sit", "--role", "QA Lead", "--key", setup.keys.key("tester@pipeline.example")])
        #expect(author.status == 64 && author.stderr.contains("wrote or committed a change that run"), "\(author)")
        // QA rejects: the paused run fails with the reason, and nothing more is accepted.
        let rejected = try await setup.cli.pipeline(["reject", run, "--stage", "sit", "--reason", "login page broken", "--key", setup.keys.key("qa@bbws.example")])
        #expect(rejected.status == 0, "\(rejected)")
        let status = try await setup.cli.pipeline(["status", run])
        #expect(status.stdout.contains("run \(run)  signed  failed"), "\(status)")
        #expect(status.stdout.contains("gate rejected by qa@bbws.example (QA Lead): login page broken"), "\(status)")
        let late = try await setup.cli.pipeline(["approve", run, "--stage", "sit", "--key", setup.keys.key("qa@bbws.example")])
        #expect(late.status == 64, "\(late)")
        #expect(status.stdout.contains("sit: failed"), "\(status)")
        #expect(try await setup.cli.pipeline(["resume", run]).status != 0, "a rejected gate does not pass on resume")
    }

    @Test func approversAreListedAndAnUnverifiableGateIsRefusedAtLoad() async throws {
        let setup = try setUp()
        let listed = try await setup.cli.pipeline(["approvers", "pipelines/deploy.swift"])
        #expect(listed.status == 0, "\(listed)")
        #expect(listed.stdout.contains("qa@bbws.example: QA Lead"), "\(listed)")
        #expect(listed.stdout.contains("lead@bbws.example: Lead Developer, QA Lead, Tech Lead"))
        #expect(listed.stdout.contains("SSH key ssh-ed25519 SHA256:"))
        #expect(listed.stdout.contains("gate of sit: 2 approvers: Tech Lead + QA Lead"))
        // qa and the author are the only QA Leads; without their keys nobody can verify as QA Lead.
        let keys = try setup.keys.allowedSigners().split(separator: "\n").filter { !$0.hasPrefix("qa@") && !$0.hasPrefix("tester@") }
        _ = try setup.repository.commit("drop qa's key", files: ["approvers/allowed_signers": keys.joined(separator: "\n") + "\n"])
        let refused = try await setup.cli.pipeline(["validate", "pipelines/deploy.swift"])
        #expect(refused.status == 64, "\(refused)")
        #expect(refused.stderr.contains("cannot be satisfied by approvers whose identity can be verified: qa@bbws.example, tester@pipeline.example"), "\(refused)")
        // A malformed allowed_signers line is named with its file and line.
        _ = try setup.repository.commit("broken", files: ["approvers/allowed_signers": "lead@bbws.example ssh-ed25519 not-base64!\n"])
        let broken = try await setup.cli.pipeline(["validate", "pipelines/deploy.swift"])
        #expect(broken.status == 64 && broken.stderr.contains("approvers/allowed_signers"), "\(broken)")
    }
}
