import AWS
import Foundation
import PipelineTesting
import TestTiers
import Testing

/// OIDC → STS AssumeRoleWithWebIdentity → per-environment accounts, end to end against moto.
@Suite(.integration) struct WebIdentityExchangeTests {
    static let roles = [
        ("dev", "arn:aws:iam::536580886816:role/bbws-deploy-dev", "536580886816"),
        ("sit", "arn:aws:iam::815856636111:role/bbws-deploy-sit", "815856636111"),
        ("prod", "arn:aws:iam::093646564004:role/bbws-deploy-prod", "093646564004"),
    ]

    @Test func eachEnvironmentRoleLandsInItsOwnAccount() async throws {
        let server = try await LocalAWSServer.shared()
        let issuer = TestOIDCIssuer()
        let unsigned = LocalAWS.configuration(endpoint: server.endpoint, credentials: AnonymousCredentialProvider())
        let sts = STSClient(configuration: unsigned)
        var accounts: [String] = []
        for (environment, role, account) in Self.roles {
            let token = issuer.token(subject: "repo:bbws/infrastructure:environment:\(environment)")
            let assumed = try await sts.assumeRoleWithWebIdentity(
                roleARN: role, sessionName: RoleSessionName.make(runID: "run-42"), webIdentityToken: token, durationSeconds: 900)
            #expect(assumed.credentials.sessionToken != nil)
            let expiration = try #require(assumed.credentials.expiration)
            #expect(expiration > Date().addingTimeInterval(800) && expiration < Date().addingTimeInterval(1000))
            let signed = LocalAWS.configuration(endpoint: server.endpoint, credentials: StaticCredentialProvider(assumed.credentials))
            let identity = try await STSClient(configuration: signed).getCallerIdentity()
            #expect(identity.account == account, "\(environment)")
            #expect(identity.arn.contains("bbws-deploy-\(environment)/pipeline-run-42"), "\(environment): \(identity.arn)")
            accounts.append(identity.account)
        }
        #expect(Set(accounts).count == 3)
    }

    @Test func githubActionsTokenEndpointToSignedDynamoDBCallInTheRoleAccount() async throws {
        let server = try await LocalAWSServer.shared()
        let requestToken = "ghs_request_\(UUID().uuidString)"
        let tokenEndpoint = try LoopbackHTTPServer(handler: TestOIDCIssuer().githubActionsHandler(requestToken: requestToken))
        defer { tokenEndpoint.stop() }
        let secrets = EventLog()
        let events = EventLog()
        let environment = [
            "ACTIONS_ID_TOKEN_REQUEST_URL": tokenEndpoint.baseURL.absoluteString + "/token?api-version=2.0",
            "ACTIONS_ID_TOKEN_REQUEST_TOKEN": requestToken,
            "AWS_ENDPOINT_URL": server.endpoint.absoluteString,
            "AWS_REGION": "af-south-1",
        ]
        let stsConfiguration = try AWSConfiguration.fromEnvironment(environment, credentials: AnonymousCredentialProvider())
        let chain = CredentialChain.standard(
            environment: environment, sts: STSClient(configuration: stsConfiguration),
            role: "arn:aws:iam::536580886816:role/bbws-deploy-dev", runID: "gh/123 attempt#1",
            onSecret: { secrets.append($0) })
        let configuration = try AWSConfiguration.fromEnvironment(environment, credentials: chain,
                                                                 onEvent: { events.append($0.description) })
        let dynamo = DynamoDBClient(configuration: configuration)
        let name = LocalAWS.uniqueName("oidc")
        let table = try await dynamo.createTable(DynamoDBCreateTableInput(
            tableName: name, attributeDefinitions: [DynamoDBAttributeDefinition("id", "S")], keySchema: [.hash("id")]))
        #expect(table.tableARN?.hasPrefix("arn:aws:dynamodb:af-south-1:536580886816:table/") == true)
        try await dynamo.putItem(tableName: name, item: ["id": "x"])
        #expect(try await dynamo.getItem(tableName: name, key: ["id": "x"]) == ["id": "x"])

        // The endpoint was called as GitHub specifies.
        let call = try #require(tokenEndpoint.requests.first)
        #expect(call.header("Authorization") == "Bearer \(requestToken)")
        #expect(call.query["audience"] == "sts.amazonaws.com" && call.query["api-version"] == "2.0")
        #expect(tokenEndpoint.requestCount == 1, "credentials are cached: one token fetch for three calls")

        // Every secret was reported: the request token, the OIDC token, and the temporary keys.
        let credentials = try await chain.credentials()
        let reported = Set(secrets.all)
        #expect(reported.contains(requestToken))
        #expect(reported.isSuperset(of: credentials.secrets))
        #expect(reported.contains { $0.split(separator: ".").count == 3 }, "the OIDC JWT is reported")
        #expect(events.leaks(of: Array(reported)).isEmpty)
        #expect(!events.all.isEmpty)
        let identity = try await STSClient(configuration: configuration).getCallerIdentity()
        #expect(identity.account == "536580886816")
        #expect(identity.arn.hasSuffix("/pipeline-gh-123-attempt-1"))
    }

    @Test func rejectedTokenNamesRoleIssuerAudienceAndSTSMessage() async throws {
        // A loopback STS answering as AWS does for a token from an untrusted issuer.
        let sts = try LoopbackHTTPServer { request in
            guard request.form["Action"] == "AssumeRoleWithWebIdentity" else { return .text(400, "unexpected") }
            return .xml(400, """
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>\
            <Code>InvalidIdentityToken</Code><Message>No OpenIDConnect provider found in your account for https://issuer.invalid</Message>\
            </Error><RequestId>4f1e-req</RequestId></ErrorResponse>
            """)
        }
        defer { sts.stop() }
        let token = TestOIDCIssuer(issuer: "https://issuer.invalid").token(audience: "sts.amazonaws.com", expiresIn: -60)
        let tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("token-\(UUID().uuidString)")
        try token.write(to: tokenFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: tokenFile) }
        let provider = WebIdentityCredentialProvider(
            roleARN: "arn:aws:iam::815856636111:role/bbws-deploy-sit", tokenSource: WebIdentityTokenFile(path: tokenFile.path),
            sts: STSClient(configuration: LocalAWS.configuration(endpoint: sts.baseURL, credentials: AnonymousCredentialProvider())),
            sessionName: "pipeline-run-7")
        let error = await #expect(throws: CredentialError.self) { try await provider.credentials() }
        let text = try #require(error?.description)
        #expect(text.contains("arn:aws:iam::815856636111:role/bbws-deploy-sit"))
        #expect(text.contains("issuer: https://issuer.invalid"))
        #expect(text.contains("audience: sts.amazonaws.com"))
        #expect(text.contains("InvalidIdentityToken"))
        #expect(text.contains("No OpenIDConnect provider found"))
        #expect(text.contains("expired"))
        #expect(!text.contains(token) && !text.contains(String(token.split(separator: ".")[2])))
        #expect(sts.requestCount == 1, "a 400 is not retried")
        #expect(sts.requests.first?.form["WebIdentityToken"] == token)
        #expect(sts.requests.first?.header("Authorization") == nil, "the exchange is unsigned")
    }
}
