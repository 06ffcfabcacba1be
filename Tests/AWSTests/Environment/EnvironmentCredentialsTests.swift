import AWS
import Foundation
import PipelineTesting
import TestTiers
import Testing

/// Per-environment credentials against moto: each environment's role lands in its own account.
@Suite(.integration) struct EnvironmentCredentialsTests {
    static let environments = [
        ("dev", "arn:aws:iam::536580886816:role/bbws-deploy-dev", "536580886816"),
        ("sit", "arn:aws:iam::815856636111:role/bbws-deploy-sit", "815856636111"),
        ("prod", "arn:aws:iam::093646564004:role/bbws-deploy-prod", "093646564004"),
    ]
    static let baseKeys = ["AWS_ACCESS_KEY_ID": "AKIABASEKEYS00000001", "AWS_SECRET_ACCESS_KEY": "base-secret-never-logged"]

    @Test func baseKeysAssumeEachEnvironmentsRoleAndAccountsStayApart() async throws {
        let server = try await LocalAWSServer.shared()
        var process = Self.baseKeys
        process["AWS_ENDPOINT_URL"] = server.endpoint.absoluteString
        let pool = try AWSHTTPClientPool.fromEnvironment(process)
        let secrets = EventLog()
        var byName: [String: EnvironmentCredentials] = [:]
        for (name, role, account) in Self.environments {
            let credentials = try EnvironmentCredentials(
                environment: name, roleARN: role, region: "af-south-1", runID: "run-7", processEnvironment: process,
                pool: pool, onSecret: { secrets.append($0) })
            #expect(credentials.sources == [.assumeRoleWithBaseKeys])
            let identity = try await STSClient(configuration: credentials.configuration()).getCallerIdentity()
            #expect(identity.account == account, "\(name)")
            #expect(identity.arn.hasSuffix("assumed-role/bbws-deploy-\(name)/pipeline-run-7"), "\(identity.arn)")
            byName[name] = credentials
        }
        let dev = try #require(byName["dev"]), sit = try #require(byName["sit"])
        let table = LocalAWS.uniqueName("envcreds")
        let devDynamo = DynamoDBClient(configuration: dev.configuration())
        let created = try await devDynamo.createTable(DynamoDBCreateTableInput(
            tableName: table, attributeDefinitions: [DynamoDBAttributeDefinition("id", "S")], keySchema: [.hash("id")]))
        #expect(created.tableARN?.hasPrefix("arn:aws:dynamodb:af-south-1:536580886816:table/") == true)
        #expect(try await devDynamo.listTables().contains(table))
        #expect(try await !DynamoDBClient(configuration: sit.configuration()).listTables().contains(table),
                "a table made with dev's credentials is not visible with sit's")

        // Every secret was reported, the base keys included; the temporary ones differ per environment.
        let devKeys = try await dev.credentials(), sitKeys = try await sit.credentials()
        #expect(devKeys.accessKeyID != sitKeys.accessKeyID)
        let reported = Set(secrets.all)
        #expect(reported.isSuperset(of: devKeys.secrets + sitKeys.secrets + Array(Self.baseKeys.values)))
        try await pool.shutdown()
    }

    @Test func childProcessVariablesActAsTheEnvironment() async throws {
        let server = try await LocalAWSServer.shared()
        var process = Self.baseKeys
        process["AWS_ENDPOINT_URL"] = server.endpoint.absoluteString
        process["AWS_PROFILE"] = "someone-else"
        let sit = try EnvironmentCredentials(environment: "sit", roleARN: Self.environments[1].1, region: "eu-west-1",
                                             runID: "run-8", processEnvironment: process)
        let child = try await sit.childProcessEnvironment()
        let keys = try await sit.credentials()
        #expect(child.variables["AWS_ACCESS_KEY_ID"] == keys.accessKeyID)
        #expect(child.variables["AWS_SECRET_ACCESS_KEY"] == keys.secretAccessKey)
        #expect(child.variables["AWS_SESSION_TOKEN"] == keys.sessionToken && keys.sessionToken != nil)
        #expect(child.variables["AWS_REGION"] == "eu-west-1" && child.variables["AWS_DEFAULT_REGION"] == "eu-west-1")
        #expect(child.variables["AWS_ENDPOINT_URL"] == server.endpoint.absoluteString)
        #expect(child.variables["AWS_CA_BUNDLE"] == nil)
        let applied = child.applied(to: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                                         "AWS_PROFILE": "someone-else", "HOME": NSTemporaryDirectory()])
        #expect(applied["AWS_PROFILE"] == nil)

        // A real child (boto3) with only these variables acts in sit's account.
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", "import boto3; print(boto3.client('sts').get_caller_identity()['Account'])"]
        python.environment = applied
        let output = Pipe()
        python.standardOutput = output
        python.standardError = FileHandle.nullDevice
        try python.run()
        let reader = PipeLineReader(output.fileHandleForReading)
        let account = reader.wait(seconds: 60)
        if python.isRunning { python.terminate() }
        #expect(account == "815856636111")
    }

    @Test func githubActionsTokenIsExchangedForTheEnvironmentsRole() async throws {
        let server = try await LocalAWSServer.shared()
        let requestToken = "ghs_env_\(UUID().uuidString)"
        let tokenEndpoint = try LoopbackHTTPServer(handler: TestOIDCIssuer().githubActionsHandler(requestToken: requestToken))
        defer { tokenEndpoint.stop() }
        var process = Self.baseKeys
        process["AWS_ENDPOINT_URL"] = server.endpoint.absoluteString
        process["ACTIONS_ID_TOKEN_REQUEST_URL"] = tokenEndpoint.baseURL.absoluteString + "/token?api-version=2.0"
        process["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = requestToken
        process["AWS_ROLE_ARN"] = "arn:aws:iam::111111111111:role/not-this-one"
        let secrets = EventLog()
        let prod = try EnvironmentCredentials(environment: "prod", roleARN: Self.environments[2].1, region: "af-south-1",
                                              runID: "gh/99", processEnvironment: process, onSecret: { secrets.append($0) })
        #expect(prod.sources == [.githubActionsOIDC(audience: "sts.amazonaws.com"), .assumeRoleWithBaseKeys])
        let sts = STSClient(configuration: prod.configuration())
        let identity = try await sts.getCallerIdentity()
        #expect(identity.account == "093646564004")
        #expect(identity.arn.hasSuffix("bbws-deploy-prod/pipeline-gh-99"))
        _ = try await sts.getCallerIdentity()
        #expect(tokenEndpoint.requestCount == 1, "cached: one token for two calls")
        #expect(tokenEndpoint.requests.first?.query["audience"] == "sts.amazonaws.com")
        #expect(Set(secrets.all).contains(requestToken))
        #expect(secrets.all.contains { $0.split(separator: ".").count == 3 }, "the OIDC token is reported")
    }

    @Test func webIdentityTokenFileIsExchangedForTheEnvironmentsRoleNotAWSRoleARN() async throws {
        let server = try await LocalAWSServer.shared()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("web-identity-\(UUID().uuidString)")
        try TestOIDCIssuer().token().write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = ["AWS_ENDPOINT_URL": server.endpoint.absoluteString, "AWS_WEB_IDENTITY_TOKEN_FILE": file.path,
                       "AWS_ROLE_ARN": "arn:aws:iam::111111111111:role/not-this-one"]
        let dev = try EnvironmentCredentials(environment: "dev", roleARN: Self.environments[0].1, region: "af-south-1",
                                             runID: "run-9", processEnvironment: process)
        #expect(dev.sources == [.webIdentityTokenFile(path: file.path)])
        #expect(try await STSClient(configuration: dev.configuration()).getCallerIdentity().account == "536580886816")
    }

    @Test func missingSettingsAreRefusedUpFront() throws {
        let none = #expect(throws: EnvironmentCredentialsError.self) {
            try EnvironmentCredentials(environment: "dev", roleARN: Self.environments[0].1, region: "af-south-1", runID: "r",
                                       processEnvironment: [:])
        }
        #expect(none?.description.contains("environment dev") == true)
        #expect(none?.description.contains("ACTIONS_ID_TOKEN_REQUEST_URL") == true)
        let badRole = #expect(throws: EnvironmentCredentialsError.self) {
            try EnvironmentCredentials(environment: "sit", roleARN: "bbws-deploy-sit", region: "af-south-1", runID: "r",
                                       processEnvironment: Self.baseKeys)
        }
        #expect(badRole?.description.contains("not an IAM role ARN") == true)
        #expect(RoleARN.account(of: "arn:aws-cn:iam::123456789012:role/path/deploy") == "123456789012")
        #expect(RoleARN.account(of: "arn:aws:iam::12345:role/x") == nil)
    }
}
