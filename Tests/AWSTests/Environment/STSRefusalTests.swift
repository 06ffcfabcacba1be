import AWS
import Foundation
import PipelineTesting
import TestTiers
import Testing

/// STS refusing an environment's credentials: the message names the role, the STS action and
/// what to do, and holds no secret. Real moto for an unknown key; a loopback STS for the codes
/// moto does not produce.
@Suite(.integration) struct STSRefusalTests {
    static let role = "arn:aws:iam::815856636111:role/bbws-deploy-sit"
    static let secret = "refused-secret-\(UUID().uuidString)"
    static let token = "refused-session-token-\(UUID().uuidString)"

    /// A loopback STS answering every call with `code`.
    static func refusingSTS(_ code: String, status: Int) throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { _ in
            .xml(status, """
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>\
            <Code>\(code)</Code><Message>refused by the test (\(code))</Message></Error>\
            <RequestId>req-\(code)</RequestId></ErrorResponse>
            """)
        }
    }

    static func sit(endpoint: URL, extra: [String: String] = [:]) throws -> EnvironmentCredentials {
        var process = ["AWS_ACCESS_KEY_ID": "AKIAREFUSEDKEY0001WXYZ", "AWS_SECRET_ACCESS_KEY": secret,
                       "AWS_SESSION_TOKEN": token, "AWS_ENDPOINT_URL": endpoint.absoluteString]
        process.merge(extra) { _, new in new }
        return try EnvironmentCredentials(environment: "sit", roleARN: role, region: "af-south-1", runID: "run-5",
                                          processEnvironment: process,
                                          retry: RetryPolicy(maxAttempts: 2, baseDelay: 0.01, maxDelay: 0.02))
    }

    static func expectClean(_ text: String) {
        #expect(text.contains("environment sit"), "\(text)")
        #expect(text.contains(role), "\(text)")
        #expect(!text.contains(secret) && !text.contains(token), "secret in: \(text)")
        #expect(!text.contains("AKIAREFUSEDKEY0001WXYZ"), "key id in: \(text)")
    }

    @Test(arguments: [
        ("AccessDenied", 403, "allow sts:AssumeRole"),
        ("InvalidClientTokenId", 403, "AWS does not know the base access key ****WXYZ"),
        ("ExpiredToken", 400, "AWS_SESSION_TOKEN) has expired"),
    ])
    func assumeRoleRefusalsSayWhatToDo(code: String, status: Int, advice: String) async throws {
        let sts = try Self.refusingSTS(code, status: status)
        defer { sts.stop() }
        let sit = try Self.sit(endpoint: sts.baseURL)
        let error = await #expect(throws: EnvironmentCredentialsError.self) { try await sit.credentials() }
        let text = try #require(error?.description)
        #expect(text.contains("STS AssumeRole into role \(Self.role) was refused: \(code)"), "\(text)")
        #expect(text.contains(advice), "\(text)")
        Self.expectClean(text)
        #expect(sts.requestCount == 1, "a refusal is not retried")
        #expect(sts.requests.first?.form["Action"] == "AssumeRole")
        #expect(sts.requests.first?.form["RoleSessionName"] == "pipeline-run-5")

        // Through a client, the same text reaches the caller via the transport's error.
        let failed = await #expect(throws: AWSTransportError.self) {
            try await DynamoDBClient(configuration: sit.configuration()).listTables()
        }
        #expect(failed?.description.contains(advice) == true)
        Self.expectClean(failed?.description ?? "")
    }

    @Test func webIdentityRefusalNamesTheRoleAndAction() async throws {
        let sts = try Self.refusingSTS("ExpiredTokenException", status: 400)
        defer { sts.stop() }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("refused-\(UUID().uuidString)")
        let jwt = TestOIDCIssuer().token()
        try jwt.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let sit = try Self.sit(endpoint: sts.baseURL, extra: ["AWS_WEB_IDENTITY_TOKEN_FILE": file.path])
        #expect(sit.sources.first == .webIdentityTokenFile(path: file.path))
        let error = await #expect(throws: EnvironmentCredentialsError.self) { try await sit.credentials() }
        let text = try #require(error?.description)
        #expect(text.contains("AssumeRoleWithWebIdentity for role \(Self.role)"), "\(text)")
        #expect(text.contains("request a fresh token"), "\(text)")
        #expect(!text.contains(jwt))
        Self.expectClean(text)
    }

    @Test func motoRefusesAnUnknownBaseKey() async throws {
        let server = try await LocalAWSServer.shared(authentication: true)
        let sit = try Self.sit(endpoint: server.endpoint)
        let error = await #expect(throws: EnvironmentCredentialsError.self) { try await sit.credentials() }
        let text = try #require(error?.description)
        #expect(text.contains("InvalidClientTokenId"), "\(text)")
        #expect(text.contains("AWS_ACCESS_KEY_ID"), "\(text)")
        Self.expectClean(text)
    }
}
