import Crypto
import Foundation
import PipelineTesting
import TestTiers
import Testing

/// Approvals proven by OIDC tokens, through the `pipeline` binary: a real issuer on loopback
/// (discovery + JWKS, RS256 and ES256 keys), tokens bound to the statement; wrong issuer,
/// audience, signature, expiry and `alg: none` refused with nothing recorded; GitHub Actions'
/// token endpoint used by `--github-oidc`.
@Suite(.serialized, .integration) struct OIDCApprovalTests {
    struct Setup {
        let issuer: TestJWKSIssuer
        let repository: TemporaryGitRepository
        let cli: CommandLineRunner
        let scratch: TemporaryDirectory
        let run: String

        /// The statement `approve --print-statement` makes, saved to a file, and its digest.
        func statement(stage: String = "dev", role: String, as who: String) async throws -> (file: String, digest: String) {
            let printed = try await cli.pipeline(["approve", run, "--stage", stage, "--role", role, "--as", who, "--print-statement"])
            #expect(printed.status == 0, "\(printed)")
            let bytes = Data(printed.stdout.trimmingCharacters(in: .newlines).utf8)
            let file = scratch.url.appendingPathComponent("statement-\(UUID().uuidString).json")
            try bytes.write(to: file)
            return (file.path, SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined())
        }

        func approvals() async throws -> Int {
            let status = try await cli.pipeline(["status", run, "--json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
            return (object["approvals"] as? [[String: Any]] ?? []).count
        }
    }

    static func pipeline(issuer: String) -> String {
        """
        import PipelineDescription
        let team = Approvers(
            ["lead@bbws.example": ["Lead Developer", "Tech Lead"], "qa@bbws.example": ["QA Lead"]],
            identityProviders: [
                IdentityProvider(issuer: "\(issuer)", audience: "pipeline-approval", identityClaim: "actor",
                                 identities: ["lead-login": "lead@bbws.example", "qa-login": "qa@bbws.example"]),
            ])
        let dev = Environment("dev", account: "536580886816", region: "af-south-1", role: "deploy-dev", gate: .approvals(["Lead Developer"]))
        let sit = Environment("sit", account: "815856636111", region: "af-south-1", role: "deploy-sit", gate: .approvals(["Tech Lead", "QA Lead"]))
        let pipeline = Pipeline("oidc", approvers: team) {
            Deploy(dev) { Shell("echo dev") }
            Deploy(sit, after: "dev") { Shell("echo sit") }
        }
        """
    }

    func setUp(environment: [String: String] = [:]) async throws -> Setup {
        try PipelineBuild.require()
        let issuer = try TestJWKSIssuer()
        let repository = try TemporaryGitRepository()
        _ = try repository.commit("oidc approvals", files: ["pipelines/deploy.swift": Self.pipeline(issuer: issuer.issuer)])
        let cli = CommandLineRunner(workingDirectory: repository.url, environment: environment)
        let started = try await cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(started.status == 4, "\(started)")
        let run = String(try #require(started.stdout.firstMatch(of: /run (\d{8}-\d{6}-[0-9a-f]{4})/)).1)
        return Setup(issuer: issuer, repository: repository, cli: cli, scratch: try TemporaryDirectory(), run: run)
    }

    @Test func boundTokensCountAndForgedOnesAreRefused() async throws {
        let setup = try await setUp()
        let issuer = setup.issuer
        let (file, digest) = try await setup.statement(role: "Lead Developer", as: "lead@bbws.example")
        func refused(_ token: String, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
            let output = try await setup.cli.pipeline(["approve", setup.run, "--stage", "dev", "--statement", file, "--token", token])
            #expect(output.status == 64, "\(output)", sourceLocation: sourceLocation)
            #expect(output.stderr.contains(fragment), "wanted '\(fragment)' in \(output)", sourceLocation: sourceLocation)
        }
        let bound = ["pipeline-approval:\(digest)"]
        var otherIssuer = issuer.claims(approver: "lead-login", audience: bound)
        otherIssuer.iss = "https://attacker.example"
        try await refused(try await issuer.token(otherIssuer), "attacker.example")
        try await refused(try await issuer.token(issuer.claims(approver: "lead-login", audience: ["another-app"], nonce: digest)), "audience")
        try await refused(try await issuer.token(issuer.claims(approver: "lead-login", audience: bound), signer: .impostorRS256), "signature")
        try await refused(try await issuer.token(issuer.claims(approver: "lead-login", audience: bound, now: Date(timeIntervalSinceNow: -3600))),
                          "expired")
        try await refused(try issuer.unsignedToken(issuer.claims(approver: "lead-login", audience: bound)), "none")
        try await refused(try await issuer.token(issuer.claims(approver: "lead-login", audience: ["pipeline-approval"])), "bound")
        try await refused(try await issuer.token(issuer.claims(approver: "lead-login", audience: ["pipeline-approval"], nonce: String(repeating: "0", count: 64))),
                          "bound")
        try await refused(try await issuer.token(issuer.claims(approver: "qa-login", audience: bound)), "qa-login")
        #expect(try await setup.approvals() == 0, "nothing was recorded")

        // Bound by audience (RS256): counts, and shows how it was verified.
        let approved = try await setup.cli.pipeline(["approve", setup.run, "--stage", "dev", "--statement", file,
                                                     "--token", try await issuer.token(issuer.claims(approver: "lead-login", audience: bound))])
        #expect(approved.status == 0, "\(approved)")
        #expect(approved.stdout.contains("verified by OIDC token (oidc \(issuer.issuer) sub="), "\(approved)")
        #expect(try await setup.cli.pipeline(["resume", setup.run]).status == 4)
        // Bound by nonce (ES256), for the next gate; then both are checked again from what was kept.
        let (sitFile, sitDigest) = try await setup.statement(stage: "sit", role: "QA Lead", as: "qa@bbws.example")
        let tokenFile = setup.scratch.url.appendingPathComponent("token").path
        try Data(try await issuer.token(issuer.claims(approver: "qa-login", audience: ["pipeline-approval"], nonce: sitDigest), signer: .es256).utf8)
            .write(to: URL(fileURLWithPath: tokenFile))
        let es = try await setup.cli.pipeline(["approve", setup.run, "--stage", "sit", "--statement", sitFile, "--token-file", tokenFile])
        #expect(es.status == 0, "\(es)")
        let verified = try await setup.cli.pipeline(["status", setup.run, "--verify"])
        #expect(verified.status == 0, "\(verified)")
        #expect(verified.stdout.components(separatedBy: "checked again: holds").count == 3, "\(verified)")
    }

    @Test func githubOIDCRequestsATokenBoundToTheStatement() async throws {
        // GitHub Actions' token endpoint: `GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=…` with the
        // request token as bearer, answering a JWT for that audience, the job's actor inside.
        let issuer = try TestJWKSIssuer()
        let endpoint = try LoopbackHTTPServer { request in
            guard request.header("Authorization") == "Bearer request-token", let audience = request.query["audience"] else {
                return .json(401, #"{"message":"bad credentials"}"#)
            }
            let minted = Minted()
            let done = DispatchSemaphore(value: 0)
            Task {
                minted.value = try? await issuer.token(issuer.claims(approver: "lead-login", audience: [audience]))
                done.signal()
            }
            done.wait()
            return .json(200, #"{"value":"\#(minted.value ?? "")"}"#)
        }
        defer { endpoint.stop() }
        let repository = try TemporaryGitRepository()
        _ = try repository.commit("oidc", files: ["pipelines/deploy.swift": Self.pipeline(issuer: issuer.issuer)])
        let environment = ["ACTIONS_ID_TOKEN_REQUEST_URL": endpoint.baseURL.absoluteString + "/token?api-version=2.0",
                           "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "request-token", "GITHUB_ACTOR": "lead-login"]
        let cli = CommandLineRunner(workingDirectory: repository.url, environment: environment)
        let started = try await CommandLineRunner(workingDirectory: repository.url, environment: ["GITHUB_ACTOR": "ci-bot"]).pipeline(["run", "pipelines/deploy.swift"])
        let run = String(try #require(started.stdout.firstMatch(of: /run (\d{8}-\d{6}-[0-9a-f]{4})/)).1)
        let approved = try await cli.pipeline(["approve", run, "--stage", "dev", "--github-oidc"])
        #expect(approved.status == 0, "\(approved)")
        #expect(approved.stdout.contains("as lead@bbws.example (Lead Developer), verified by OIDC token"), "\(approved)")
        let request = try #require(endpoint.requests.first)
        #expect(request.query["audience"]?.hasPrefix("pipeline-approval:") == true, "the token was requested for the statement's digest")
    }
}

/// A value handed from a task back to the blocking handler that waits for it.
private final class Minted: @unchecked Sendable {
    // @unchecked Sendable: written once by the task before it signals; read after the wait.
    var value: String?
}
