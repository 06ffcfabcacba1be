import AWS
import Foundation
import PipelineTesting
import TestTiers
import Testing

@Suite struct CredentialProviderTests {
    @Test(.fast) func environmentProviderReadsStandardVariablesAndReportsSecrets() async throws {
        let secrets = EventLog()
        let provider = EnvironmentCredentialProvider(
            environment: ["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "env-secret", "AWS_SESSION_TOKEN": "env-token"],
            onSecret: { secrets.append($0) })
        let credentials = try await provider.credentials()
        #expect(credentials == AWSCredentials(accessKeyID: "AKIAENV", secretAccessKey: "env-secret", sessionToken: "env-token"))
        #expect(Set(secrets.all) == ["AKIAENV", "env-secret", "env-token"])
        #expect(!credentials.description.contains("env-secret") && !credentials.description.contains("env-token"))
        #expect(!"\(credentials)".contains("AKIAENV"))
    }

    @Test(.fast) func chainSkipsUnconfiguredProvidersAndExplainsWhenNoneApplies() async throws {
        let empty = CredentialChain([EnvironmentCredentialProvider(environment: [:]), AnonymousCredentialProvider()])
        let error = await #expect(throws: CredentialError.self) { try await empty.credentials() }
        #expect(error?.description.contains("AWS_ACCESS_KEY_ID") == true)
        #expect(error?.description.contains("id-token: write") == true)

        let chain = CredentialChain([
            EnvironmentCredentialProvider(environment: [:]),
            StaticCredentialProvider(accessKeyID: "AKIASTATIC", secretAccessKey: "s"),
            EnvironmentCredentialProvider(environment: ["AWS_ACCESS_KEY_ID": "AKIALATER", "AWS_SECRET_ACCESS_KEY": "l"]),
        ])
        #expect(try await chain.credentials().accessKeyID == "AKIASTATIC")
    }

    @Test(.fast) func chainStopsAtABrokenProviderInsteadOfFallingThrough() async throws {
        let chain = CredentialChain([
            WebIdentityCredentialProvider(
                roleARN: "not-an-arn", tokenSource: WebIdentityTokenFile(path: "/nonexistent"),
                sts: STSClient(configuration: AWSConfiguration(region: "us-east-1", credentials: AnonymousCredentialProvider())),
                sessionName: "x"),
            StaticCredentialProvider(accessKeyID: "AKIASTATIC", secretAccessKey: "s"),
        ])
        let error = await #expect(throws: CredentialError.self) { try await chain.credentials() }
        #expect(error?.description.contains("not-an-arn") == true)
    }

    @Test(.fast) func standardChainPrefersEnvironmentKeysThenTokenFile() async throws {
        let sts = STSClient(configuration: AWSConfiguration(region: "us-east-1", credentials: AnonymousCredentialProvider()))
        let chain = CredentialChain.standard(
            environment: ["AWS_ACCESS_KEY_ID": "AKIAFIRST", "AWS_SECRET_ACCESS_KEY": "x", "AWS_WEB_IDENTITY_TOKEN_FILE": "/t",
                          "AWS_ROLE_ARN": "arn:aws:iam::1:role/r", "ACTIONS_ID_TOKEN_REQUEST_URL": "http://127.0.0.1:1/x",
                          "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "t"],
            sts: sts, role: "arn:aws:iam::536580886816:role/bbws-deploy-dev")
        #expect(chain.providers.count == 3)
        #expect(chain.providers[1] is WebIdentityCredentialProvider)
        #expect(try await chain.credentials().accessKeyID == "AKIAFIRST")
        #expect(CredentialChain.standard(environment: [:], sts: sts, role: "arn:aws:iam::1:role/r").providers.count == 1)
    }

    @Test(.fast) func roleSessionNamesAreSanitised() {
        #expect(RoleSessionName.make(runID: "gh/123 attempt#1") == "pipeline-gh-123-attempt-1")
        #expect(RoleSessionName.sanitize("a") == "a-")
        #expect(RoleSessionName.sanitize("ok_+=,.@-Name9") == "ok_+=,.@-Name9")
        #expect(RoleSessionName.sanitize(String(repeating: "x", count: 100)).count == 64)
        #expect(RoleSessionName.sanitize("ünïcode") == "-n-code")
    }

    @Test(.fast) func jwtClaimsAreDecodedWithoutVerification() throws {
        let token = TestOIDCIssuer(issuer: "https://issuer.example").token(audience: "sts.amazonaws.com", subject: "repo:x:ref:main",
                                                                           expiresIn: 120)
        let claims = try #require(JWTClaims(token: token))
        #expect(claims.issuer == "https://issuer.example")
        #expect(claims.audience == "sts.amazonaws.com")
        #expect(claims.subject == "repo:x:ref:main")
        #expect(abs((claims.expiresAt ?? .distantPast).timeIntervalSinceNow - 120) < 5)
        #expect(JWTClaims(token: "not-a-jwt") == nil)
    }

    @Test(.fast) func commandTokenSourceRunsACommand() async throws {
        let token = try await CommandTokenSource(executable: "/bin/sh", arguments: ["-c", "printf ' abc.def.ghi \\n'"]).token()
        #expect(token == "abc.def.ghi")
        let failing = await #expect(throws: CredentialError.self) {
            try await CommandTokenSource(executable: "/bin/sh", arguments: ["-c", "exit 3"]).token()
        }
        #expect(failing?.description.contains("status 3") == true)
        let start = Date()
        let hanging = await #expect(throws: CredentialError.self) {
            try await CommandTokenSource(executable: "/bin/sh", arguments: ["-c", "sleep 30"], timeout: 1).token()
        }
        #expect(Date().timeIntervalSince(start) < 15)  // `sleep 30` was stopped; loose: the suite shares two cores
        #expect(hanging?.description.contains("did not finish within 1 s") == true)
    }

    @Test(.integration) func webIdentityCredentialsAreCachedAndRefreshedBeforeExpiry() async throws {
        let server = try await LocalAWSServer.shared()
        let tokenEndpoint = try LoopbackHTTPServer(handler: TestOIDCIssuer().githubActionsHandler(requestToken: "req"))
        defer { tokenEndpoint.stop() }
        let sts = STSClient(configuration: LocalAWS.configuration(endpoint: server.endpoint, credentials: AnonymousCredentialProvider()))
        let source = GitHubActionsOIDCTokenSource(requestURL: tokenEndpoint.baseURL.absoluteString + "/t?x=1", requestToken: "req")
        let cached = WebIdentityCredentialProvider(roleARN: "arn:aws:iam::815856636111:role/bbws-deploy-sit", tokenSource: source,
                                                   sts: sts, sessionName: "run-1", durationSeconds: 60)
        #expect(cached.durationSeconds == 900, "clamped to STS's minimum")
        async let first = cached.credentials()
        async let second = cached.credentials()
        let (a, b) = try await (first, second)
        #expect(a == b)
        #expect(tokenEndpoint.requestCount == 1, "concurrent callers share one exchange")

        // A refresh margin longer than the lifetime forces a new exchange on every call.
        let refreshing = WebIdentityCredentialProvider(roleARN: "arn:aws:iam::815856636111:role/bbws-deploy-sit", tokenSource: source,
                                                       sts: sts, sessionName: "run-1", durationSeconds: 900, refreshMargin: 10_000)
        let one = try await refreshing.credentials()
        let two = try await refreshing.credentials()
        #expect(one.accessKeyID != two.accessKeyID)
        #expect(tokenEndpoint.requestCount == 3)
    }

    @Test(.fast) func gitHubTokenEndpointErrorsAreClear() async throws {
        let endpoint = try LoopbackHTTPServer(handler: TestOIDCIssuer().githubActionsHandler(requestToken: "right"))
        defer { endpoint.stop() }
        let source = GitHubActionsOIDCTokenSource(requestURL: endpoint.baseURL.absoluteString + "/t?x=1", requestToken: "wrong-token-value")
        let error = await #expect(throws: CredentialError.self) { try await source.token() }
        #expect(error?.description.contains("HTTP 401") == true)
        #expect(error?.description.contains("id-token: write") == true)
        #expect(error?.description.contains("wrong-token-value") == false)
        #expect(GitHubActionsOIDCTokenSource(environment: [:]) == nil)
    }
}
