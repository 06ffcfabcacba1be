import Foundation
import PipelineTesting
import TestTiers
import Testing

/// The forgery suite, through the `pipeline` binary, as a hostile insider would try it: rows
/// written straight into each store (unsigned, signed by an untrusted key, replayed from another
/// stage or run), a step of an earlier stage writing a later stage's approvals, keys that speak
/// for several people, a trust file changed in the commit under approval, approval by who wrote
/// or committed the change, and a step rewriting what a later stage runs. Each is refused with
/// its reason and nothing is deployed.
@Suite(.serialized, .integration) struct InsiderForgeryTests {
    enum Store: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case sqlite, dynamoDB
        var testDescription: String { rawValue }
    }

    static let lead = "lead@bbws.example", qa = "qa@bbws.example"

    static func pipeline(validation: String = "echo validating", gated: Bool = true) -> String {
        """
        import PipelineDescription
        let team = Approvers(["\(lead)": ["Lead Developer", "Tech Lead"], "\(qa)": ["Lead Developer", "QA Lead"]],
                             allowedSigners: "approvers/allowed_signers")
        let dev = Environment("dev", account: "536580886816", region: "af-south-1", role: "deploy-dev"\(gated ? ", gate: .approvals([\"Lead Developer\"])" : ""))
        let prod = Environment("prod", account: "815856636111", region: "af-south-1", role: "deploy-prod"\(gated ? ", gate: .approvals([\"Tech Lead\", \"QA Lead\"])" : ""))
        let pipeline = Pipeline("forgery", approvers: team) {
            Stage("validation") { Shell(#"\(validation)"#) }
            Stage("release", after: "validation", gate: .approvals(["Tech Lead"])) { Shell("sh deploy.sh release") }
            Deploy(dev, after: "validation") { Shell("sh deploy.sh dev") }
            Deploy(prod, after: "dev") { Shell("sh deploy.sh prod") }
        }
        """
    }

    static let deployScript = #"cat version.txt > "$FORGERY_MARKS/$1"; if [ -e extra.txt ]; then echo leaked >> "$FORGERY_MARKS/$1"; fi"#

    /// Writes approval records straight into a store, as someone with write access to it would.
    static let forge = """
        import json, os, sqlite3, sys
        kind, where, records = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
        if kind == "sqlite":
            db = sqlite3.connect(where)
            for r in records:
                db.execute("INSERT INTO approvals (run_id, stage, role, approver, commit_id, approved_at, plan_hash, proof) VALUES (?,?,?,?,?,?,?,?)",
                           (r["runID"], r["stage"], r["role"], r["approver"], r.get("commit"), r["approvedAt"], r.get("planHash"), json.dumps(r["proof"])))
            db.commit()
        else:
            import boto3
            table = boto3.resource("dynamodb", region_name="us-east-1", endpoint_url=os.environ["AWS_ENDPOINT_URL"]).Table(where)
            for r in records:
                record = dict(r, approvedAt=r["approvedAt"] - 978307200)
                sk = "APPROVAL#%s#%s#%s" % (r["stage"], r["approver"], r.get("planHash") or "-")
                table.put_item(Item={"pk": "RUN#" + r["runID"], "sk": sk, "record": json.dumps(record, sort_keys=True)})
        """

    final class Rig {
        let store: Store
        let repository: TemporaryGitRepository
        let cli: CommandLineRunner
        let keys: ApproverKeys
        let insider: ApproverKeys
        let marks: TemporaryDirectory
        let scratch: TemporaryDirectory
        let table: String?

        init(_ store: Store, validation: String = "echo validating", gated: Bool = true) async throws {
            try PipelineBuild.require()
            self.store = store
            keys = try ApproverKeys([InsiderForgeryTests.lead, InsiderForgeryTests.qa])
            insider = try ApproverKeys(["insider@bbws.example"])
            marks = try TemporaryDirectory()
            scratch = try TemporaryDirectory()
            repository = try TemporaryGitRepository()
            var environment = ["FORGERY_MARKS": marks.url.path, "PIPELINE_STATE": ""]
            if store == .dynamoDB {
                let server = try await LocalAWSServer.shared()
                let name = "forgery-\(UUID().uuidString.prefix(8).lowercased())"
                environment.merge(server.environment) { $1 }
                environment["PIPELINE_STATE"] = "dynamodb://\(name)?region=us-east-1"
                table = name
            } else {
                table = nil
            }
            cli = CommandLineRunner(workingDirectory: repository.url, environment: environment)
            _ = try repository.commit("forgery", files: [
                "pipelines/deploy.swift": InsiderForgeryTests.pipeline(validation: validation, gated: gated),
                "approvers/allowed_signers": try keys.allowedSigners(), "deploy.sh": InsiderForgeryTests.deployScript, "version.txt": "v1",
            ])
            if let table {
                let made = try await cli.pipeline(["state", "init", "--state", "dynamodb://\(table)?region=us-east-1"])
                #expect(made.status == 0, "\(made)")
            }
        }

        /// Starts a run that pauses at a gate; its id.
        func pausedRun(sourceLocation: SourceLocation = #_sourceLocation) async throws -> (id: String, output: String) {
            let started = try await cli.pipeline(["run", "pipelines/deploy.swift"])
            #expect(started.status == 4, "\(started)", sourceLocation: sourceLocation)
            return (String(try #require(started.stdout.firstMatch(of: /run (\d{8}-\d{6}-[0-9a-f]{4})/)).1), started.stdout + started.stderr)
        }

        func deployed(_ stage: String) -> String? {
            try? String(contentsOf: marks.url.appendingPathComponent(stage), encoding: .utf8)
        }

        /// The statement `approve --print-statement` makes: its bytes and fields.
        func statement(_ run: String, stage: String, role: String, as who: String) async throws -> (text: String, fields: [String: Any]) {
            let printed = try await cli.pipeline(["approve", run, "--stage", stage, "--role", role, "--as", who, "--print-statement"])
            #expect(printed.status == 0, "\(printed)")
            let fields = try #require(try JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? [String: Any])
            return (printed.stdout, fields)
        }

        /// `text` signed (SSHSIG, namespace pipeline-approval) with `key`.
        func sign(_ text: String, key: String) throws -> String {
            let file = scratch.url.appendingPathComponent("statement-\(UUID().uuidString)")
            try Data(text.utf8).write(to: file)
            try ApproverKeys.keygen(["-Y", "sign", "-n", "pipeline-approval", "-f", key, file.path])
            return try String(contentsOf: file.appendingPathExtension("sig"), encoding: .utf8)
        }

        /// A record of `statement` with `proof`, as the store keeps it.
        func record(_ statement: (text: String, fields: [String: Any]), method: String, evidence: String?) -> [String: Any] {
            let fields = statement.fields
            var proof: [String: Any] = ["decision": "approve", "method": method, "statement": statement.text,
                                        "nonce": fields["nonce"] as? String ?? UUID().uuidString]
            if let evidence { proof["evidence"] = evidence; proof["detail"] = "ssh-ed25519 forged" }
            return ["runID": fields["run"] ?? "", "stage": fields["stage"] ?? "", "role": fields["role"] ?? "", "approver": fields["approver"] ?? "",
                    "commit": fields["commit"] ?? NSNull(), "planHash": fields["planHash"] ?? NSNull(),
                    "approvedAt": Date().timeIntervalSince1970, "proof": proof]
        }

        /// The approvals recorded for `run`, as `status --json` shows them, as store records.
        func recorded(_ run: String) async throws -> [[String: Any]] {
            let status = try await cli.pipeline(["status", run, "--json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
            return (object["approvals"] as? [[String: Any]] ?? []).map { approval in
                var record = approval
                record["approvedAt"] = (approval["approvedAt"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) }?.timeIntervalSince1970 ?? 0
                return record
            }
        }

        /// Writes `records` straight into the run store.
        func insert(_ records: [[String: Any]]) throws {
            let json = String(decoding: try JSONSerialization.data(withJSONObject: records), as: UTF8.self)
            let where_ = table ?? repository.url.appendingPathComponent(".pipeline/pipeline.sqlite").path
            let written = try cli.run("/usr/bin/env", ["python3", "-c", InsiderForgeryTests.forge, store == .sqlite ? "sqlite" : "dynamodb", where_, json])
            #expect(written.status == 0, "\(written)")
        }
    }

    @Test(arguments: Store.allCases)
    func rowsWrittenIntoTheStoreAndReplayedStatementsPassNoGate(_ store: Store) async throws {
        let rig = try await Rig(store)
        let (run, _) = try await rig.pausedRun()
        #expect(rig.deployed("dev") == nil)

        // Unsigned, and signed by a key nobody trusts: written straight into the store.
        let asLead = try await rig.statement(run, stage: "dev", role: "Lead Developer", as: Self.lead)
        let asQA = try await rig.statement(run, stage: "dev", role: "Lead Developer", as: Self.qa)
        try rig.insert([rig.record(asLead, method: "unverified", evidence: nil),
                        rig.record(asQA, method: "ssh", evidence: try rig.sign(asQA.text, key: rig.insider.key("insider@bbws.example")))])
        let forged = try await rig.cli.pipeline(["resume", run])
        #expect(forged.status == 4, "\(forged)")
        let said = forged.stdout + forged.stderr
        #expect(said.contains("by '\(Self.lead)' (Lead Developer) does not count: pipeline 'forgery' accepts only signed approvals"), "\(said)")
        #expect(said.contains("by '\(Self.qa)' (Lead Developer) does not count:"), "\(said)")
        #expect(said.contains("not listed"), "\(said)")
        #expect(rig.deployed("dev") == nil)

        // The real approval passes dev's gate.
        let approved = try await rig.cli.pipeline(["approve", run, "--stage", "dev", "--key", rig.keys.key(Self.lead), "--as", Self.lead])
        #expect(approved.status == 0, "\(approved)")
        #expect(try await rig.cli.pipeline(["resume", run]).status == 4)
        #expect(rig.deployed("dev") == "v1")

        // dev's signed statement replayed at prod, and QA's place forged with an untrusted key.
        let genuine = try #require(try await rig.recorded(run).first {
            $0["stage"] as? String == "dev" && $0["approver"] as? String == Self.lead
                && ($0["proof"] as? [String: Any])?["method"] as? String == "ssh"
        })
        let prodPlan = try await rig.statement(run, stage: "prod", role: "QA Lead", as: Self.qa)
        var replayed = genuine
        replayed["stage"] = "prod"
        replayed["role"] = "Tech Lead"
        replayed["planHash"] = prodPlan.fields["planHash"]
        try rig.insert([replayed, rig.record(prodPlan, method: "ssh", evidence: try rig.sign(prodPlan.text, key: rig.insider.key("insider@bbws.example")))])
        let atProd = try await rig.cli.pipeline(["resume", run])
        #expect(atProd.status == 4, "\(atProd)")
        #expect((atProd.stdout + atProd.stderr).contains("the signed statement's stage is dev, the record's prod"), "\(atProd)")
        #expect(rig.deployed("prod") == nil)

        // The same statement replayed into another run of the same commit.
        let (second, _) = try await rig.pausedRun()
        let secondPlan = try await rig.statement(second, stage: "dev", role: "Lead Developer", as: Self.lead)
        var acrossRuns = genuine
        acrossRuns["runID"] = second
        acrossRuns["planHash"] = secondPlan.fields["planHash"]
        try rig.insert([acrossRuns])
        let other = try await rig.cli.pipeline(["resume", second])
        #expect(other.status == 4, "\(other)")
        #expect((other.stdout + other.stderr).contains("the signed statement's run is \(run), the record's \(second)"), "\(other)")

        let verified = try await rig.cli.pipeline(["status", run, "--verify"])
        #expect(verified.status == 1, "\(verified)")
        #expect(verified.stdout.contains("CHECK FAILED"), "\(verified)")
        #expect(rig.deployed("prod") == nil)
    }

    /// A step of the validation stage finds the store beside its checkout and writes the release
    /// gate's approvals itself: the gate does not count them.
    @Test func aStepCannotApproveALaterStage() async throws {
        let forge = #"python3 -c 'import os, sqlite3, time, uuid; db = sqlite3.connect(os.path.join(os.environ["PIPELINE_WORKSPACE"], "../../../pipeline.sqlite")); [db.execute("INSERT INTO approvals (run_id, stage, role, approver, commit_id, approved_at, plan_hash, proof) VALUES (?,?,?,?,?,?,NULL,?)", (os.environ["PIPELINE_RUN_ID"], "release", "Tech Lead", who, os.environ["PIPELINE_COMMIT"], time.time(), "{\"decision\":\"approve\",\"method\":\"%s\",\"statement\":\"{}\",\"evidence\":\"x\",\"nonce\":\"%s\"}" % (m, uuid.uuid4()))) for who, m in (("lead@bbws.example", "unverified"), ("lead@bbws.example", "ssh"))]; db.commit()'"#
        let rig = try await Rig(.sqlite, validation: forge)
        let (_, output) = try await rig.pausedRun()
        #expect(output.contains("by '\(Self.lead)' (Tech Lead) does not count: pipeline 'forgery' accepts only signed approvals"), "\(output)")
        #expect(output.components(separatedBy: "by '\(Self.lead)' (Tech Lead) does not count: ").count == 3, "both forged rows refused: \(output)")
        #expect(rig.deployed("release") == nil)
    }

    @Test func aKeyThatSpeaksForSeveralPeopleIsRefusedWithItsLine() async throws {
        let rig = try await Rig(.sqlite)
        let insider = try rig.insider.publicKey("insider@bbws.example")
        let lead = try rig.keys.publicKey(Self.lead)
        let variants = [
            ("* namespaces=\"pipeline-approval\" \(insider)\n", "the principal \"*\" is a pattern"),
            ("\(Self.lead),\(Self.qa) namespaces=\"pipeline-approval\" \(insider)\n", "is listed for 2 principals"),
            ("\(Self.lead) \(lead)\n\(Self.qa) \(lead)\n", "and already for '\(Self.lead)'"),
        ]
        for (file, reason) in variants {
            let commit = try rig.repository.commit("keys", files: ["approvers/allowed_signers": file])
            let refused = try await rig.cli.pipeline(["run", "pipelines/deploy.swift"])
            #expect(refused.status == 64, "\(refused)")
            #expect(refused.stderr.contains("approvers/allowed_signers at \(commit.prefix(12)):"), "\(refused)")
            #expect(refused.stderr.contains(reason), "\(refused)")
            #expect(rig.deployed("dev") == nil)
        }
    }

    /// A commit that lists its author's key for the lead is approved by those trusted before it:
    /// the new key cannot approve it; once deployed, the new key is the trusted one.
    @Test(arguments: Store.allCases)
    func aTrustFileChangedInTheCommitIsApprovedByThoseTrustedBefore(_ store: Store) async throws {
        let rig = try await Rig(store)
        let (first, said) = try await rig.pausedRun()
        #expect(said.contains("trusted on first use"), "\(said)")
        #expect(try await rig.cli.pipeline(["approve", first, "--stage", "dev", "--key", rig.keys.key(Self.lead)]).status == 0)
        #expect(try await rig.cli.pipeline(["resume", first]).status == 4)
        #expect(rig.deployed("dev") == "v1")

        let insiderKey = try rig.insider.publicKey("insider@bbws.example")
        let rotated = "\(Self.lead) namespaces=\"pipeline-approval\" \(insiderKey)\n\(Self.qa) namespaces=\"pipeline-approval\" \(try rig.keys.publicKey(Self.qa))\n"
        _ = try rig.repository.commit("the lead's new key", files: ["approvers/allowed_signers": rotated, "version.txt": "v2"])
        let (second, warned) = try await rig.pausedRun()
        #expect(warned.contains("changes who may approve dev"), "\(warned)")
        let listing = try await rig.cli.pipeline(["approvers", "pipelines/deploy.swift"])
        #expect(listing.stdout.contains("this commit changes who may approve it"), "\(listing)")
        let byNewKey = try await rig.cli.pipeline(["approve", second, "--stage", "dev", "--as", Self.lead, "--key", rig.insider.key("insider@bbws.example")])
        #expect(byNewKey.status == 64, "\(byNewKey)")
        #expect(byNewKey.stderr.contains("not listed"), "\(byNewKey)")
        #expect(try await rig.cli.pipeline(["approve", second, "--stage", "dev", "--key", rig.keys.key(Self.lead)]).status == 0)
        #expect(try await rig.cli.pipeline(["resume", second]).status == 4)
        #expect(rig.deployed("dev") == "v2")

        _ = try rig.repository.commit("next", files: ["version.txt": "v3"])
        let (third, _) = try await rig.pausedRun()
        let byOldKey = try await rig.cli.pipeline(["approve", third, "--stage", "dev", "--as", Self.lead, "--key", rig.keys.key(Self.lead)])
        #expect(byOldKey.status == 64, "\(byOldKey)")
        #expect(try await rig.cli.pipeline(["approve", third, "--stage", "dev", "--as", Self.lead, "--key", rig.insider.key("insider@bbws.example")]).status == 0)
    }

    @Test func whoCommittedTheChangeCannotApproveIt() async throws {
        let rig = try await Rig(.sqlite)
        try rig.repository.write("version.txt", "v2")
        try rig.repository.stage()
        _ = try rig.repository.git(["commit", "--quiet", "-m", "committed by the lead", "--author", "Someone Else <someone@bbws.example>"],
                                   environment: ["GIT_COMMITTER_NAME": "Lead", "GIT_COMMITTER_EMAIL": Self.lead])
        let (run, _) = try await rig.pausedRun()
        let refused = try await rig.cli.pipeline(["approve", run, "--stage", "dev", "--key", rig.keys.key(Self.lead)])
        #expect(refused.status == 64, "\(refused)")
        #expect(refused.stderr.contains("wrote or committed a change that run \(run) deploys"), "\(refused)")
        #expect(try await rig.cli.pipeline(["approve", run, "--stage", "dev", "--key", rig.keys.key(Self.qa), "--role", "Lead Developer"]).status == 0)
    }

    /// A validation step rewrites `deploy.sh` and drops a file in its checkout: dev's stage, in
    /// this run and the next, runs the commit's files.
    @Test func eachStageRunsTheCommitWhateverAnEarlierStepWrote() async throws {
        let tamper = #"echo 'echo tampered > "$FORGERY_MARKS/$1"' > deploy.sh; echo extra > extra.txt"#
        let rig = try await Rig(.sqlite, validation: tamper, gated: false)
        // In one run: validation tampers with its checkout, then dev and prod deploy (the
        // release stage waits at its gate).
        let full = try await rig.cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(full.status == 4, "\(full)")
        #expect(rig.deployed("dev") == "v1", "\(full)")
        #expect(rig.deployed("prod") == "v1", "\(full)")
        // In a later run of the same commit.
        try FileManager.default.removeItem(at: rig.marks.url.appendingPathComponent("dev"))
        let again = try await rig.cli.pipeline(["run", "pipelines/deploy.swift", "--stage", "dev", "--force"])
        #expect(again.status == 0, "\(again)")
        #expect(rig.deployed("dev") == "v1", "\(again)")
    }

    /// The documented flow: print the statement to a file, sign it with ssh-keygen, submit both.
    @Test func aStatementSignedElsewhereIsAcceptedAsPrinted() async throws {
        let rig = try await Rig(.sqlite)
        let (run, _) = try await rig.pausedRun()
        let statement = try await rig.statement(run, stage: "dev", role: "Lead Developer", as: Self.lead)
        let file = rig.scratch.url.appendingPathComponent("statement.json")
        try Data(statement.text.utf8).write(to: file)
        try ApproverKeys.keygen(["-Y", "sign", "-n", "pipeline-approval", "-f", rig.keys.key(Self.lead), file.path])
        let approved = try await rig.cli.pipeline(["approve", run, "--stage", "dev", "--statement", file.path, "--signature", file.path + ".sig"])
        #expect(approved.status == 0, "\(approved)")
    }

    @Test func anExpiredKeyIsReportedAsExpiredNotUnlisted() async throws {
        let rig = try await Rig(.sqlite)
        let expired = "\(Self.lead) namespaces=\"pipeline-approval\",valid-before=\"20200101\" \(try rig.keys.publicKey(Self.lead))\n"
        _ = try rig.repository.commit("expired", files: ["approvers/allowed_signers": expired + "\(Self.qa) \(try rig.keys.publicKey(Self.qa))\n"])
        let (run, _) = try await rig.pausedRun()
        let refused = try await rig.cli.pipeline(["approve", run, "--stage", "dev", "--key", rig.keys.key(Self.lead)])
        #expect(refused.status == 64, "\(refused)")
        #expect(refused.stderr.contains("valid-before"), "\(refused)")
        #expect(!refused.stderr.contains("not listed"), "\(refused)")
    }

    /// The run records which pipeline file decided its gates: the file's blob at the commit.
    @Test func theRunRecordsThePipelineFilesBlob() async throws {
        let rig = try await Rig(.sqlite)
        let (run, _) = try await rig.pausedRun()
        let blob = try rig.repository.git("rev-parse", "HEAD:pipelines/deploy.swift")
        let events = try String(contentsOf: rig.repository.url.appendingPathComponent(".pipeline/runs/\(run)/events.jsonl"), encoding: .utf8)
        let started = try #require(events.split(separator: "\n").first { $0.contains("\"runStarted\"") })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(started.utf8)) as? [String: Any])
        #expect((object["details"] as? [String: String])?["fileBlob"] == blob, "\(started)")
    }
}
