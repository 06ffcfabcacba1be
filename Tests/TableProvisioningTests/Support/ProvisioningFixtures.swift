import AWS
import Foundation
import InfraDefinitions
import PipelineTesting
import TableProvisioning

/// Example definitions, clients in the environments' accounts, and log capture.
enum Fixtures {
    static let region = "us-east-1"

    /// The repository root (this file is Tests/TableProvisioningTests/Support/…).
    static var repository: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// An example definition (`tenants`, `products`, `campaigns`), checked and decoded.
    static func definition(_ name: String) throws -> TableDefinition {
        let url = repository.appendingPathComponent("examples/schemas/dynamodb/\(name).json")
        return try TableDefinitionChecker.load(fileAt: url.path, bytes: try Data(contentsOf: url))
    }

    /// An example definition under a name unique to this run.
    static func uniqueDefinition(_ name: String) throws -> TableDefinition {
        var definition = try definition(name)
        definition.tableName = "\(name)-\(UUID().uuidString.prefix(8).lowercased())"
        return definition
    }

    /// The environments of `pipelines/deploy.swift`: name, account, role.
    static let environments = [("dev", "536580886816", "bbws-deploy-dev"), ("sit", "815856636111", "bbws-deploy-sit"),
                               ("prod", "093646564004", "bbws-deploy-prod")]

    /// The seven mandatory tags of an environment (as `pipelines/deploy.swift` declares them).
    static func environmentTags(_ environment: String) -> [String: String] {
        ["Environment": environment, "Project": "bbws-customer-portal-public", "Owner": "platform-team@bbws.com",
         "CostCenter": "engineering", "ManagedBy": "pipeline", "BackupPolicy": environment == "prod" ? "hourly" : "daily",
         "Component": "infrastructure"]
    }

    /// moto 5.2.1 ignores `ReplicaUpdates`: replicas are not managed against it.
    static let options = TableProvisioningOptions(waitTimeout: 30, pollInterval: 0.05, concurrency: 4, manageReplicas: false)

    static let testing = LocalAWS.testing

    /// Against `endpoint`, with quick retries.
    static func configuration(_ endpoint: URL, _ credentials: any CredentialProvider) -> AWSConfiguration {
        LocalAWS.configuration(endpoint: endpoint, region: region, credentials: credentials,
                               retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.01, maxDelay: 0.1, totalTimeLimit: 20, attemptTimeout: 5))
    }

    /// A client in moto's default account.
    static func client() async throws -> DynamoDBClient {
        DynamoDBClient(configuration: configuration(try await LocalAWSServer.shared().endpoint, testing))
    }

    /// A client acting in `account` through STS `AssumeRole` into `arn:aws:iam::<account>:role/<role>`.
    static func client(account: String, role: String, endpoint: URL) async throws -> (DynamoDBClient, STSClient) {
        let sts = STSClient(configuration: configuration(endpoint, testing))
        let assumed = try await sts.assumeRole(roleARN: "arn:aws:iam::\(account):role/\(role)", sessionName: "tables-test")
        let configuration = configuration(endpoint, StaticCredentialProvider(assumed.credentials))
        return (DynamoDBClient(configuration: configuration), STSClient(configuration: configuration))
    }

    static func applier(_ client: DynamoDBClient, log: LogLines? = nil, options: TableProvisioningOptions = Fixtures.options) -> TableApplier {
        TableApplier(client: client, region: region, options: options, log: { line in log?.append(line) })
    }

    static func reader(_ client: DynamoDBClient) -> TableStateReader {
        TableStateReader(client: client, region: region, options: options)
    }

    /// Reads `states`' tables and plans them.
    static func plan(_ client: DynamoDBClient, _ states: [TableState], previouslyDefined: [String] = [],
                     allowReplacement: Bool = false) async throws -> TablePlan {
        let actual = try await reader(client).read(states.map(\.tableName) + previouslyDefined)
        return try TablePlanner().plan(desired: states, actual: actual, previouslyDefined: previouslyDefined,
                                       allowReplacement: allowReplacement)
    }
}

/// Log lines collected from an applier (thread-safe).
final class LogLines: @unchecked Sendable {
    // @unchecked Sendable: `lines` is only touched under `lock`.
    private let lock = NSLock()
    private var lines: [String] = []
    private let onLine: (@Sendable (String) -> Void)?

    init(onLine: (@Sendable (String) -> Void)? = nil) { self.onLine = onLine }

    func append(_ line: String) {
        lock.lock()
        lines.append(line)
        lock.unlock()
        onLine?(line)
    }

    var all: [String] {
        lock.lock(); defer { lock.unlock() }
        return lines
    }

    func contains(_ text: String) -> Bool { all.contains { $0.contains(text) } }
}
