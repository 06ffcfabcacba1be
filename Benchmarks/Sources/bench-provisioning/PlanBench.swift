import AWS
import Foundation
import InfraDefinitions
import PipelineModel
import TableProvisioning

/// A no-change plan of the example tables in the three environments: per environment one
/// `AssumeRole`, then per table `DescribeTable` + `DescribeContinuousBackups` +
/// `DescribeTimeToLive` + `ListTagsOfResource`; environments and tables concurrently.
struct PlanBench {
    let endpoint: URL
    let definitions: [TableDefinition]

    init(endpoint: URL, examples: String) throws {
        self.endpoint = endpoint
        definitions = try exampleDefinitions(examples)
    }

    /// Clients acting in each environment's account (made once, like the boto3 side's).
    func clients() async throws -> [(String, String, DynamoDBClient)] {
        let sts = STSClient(configuration: configuration(endpoint, benchCredentials))
        var clients: [(String, String, DynamoDBClient)] = []
        for (environment, account, role) in environments {
            let assumed = try await sts.assumeRole(roleARN: "arn:aws:iam::\(account):role/\(role)", sessionName: "bench")
            clients.append((environment, role, DynamoDBClient(configuration: configuration(endpoint, StaticCredentialProvider(assumed.credentials)))))
        }
        return clients
    }

    func desired(_ environment: String) -> [TableState] {
        definitions.map { TableState.desired(definition: $0, environment: environment, environmentTags: mandatoryTags(environment)) }
    }

    func setup() async throws {
        for (environment, _, client) in try await clients() {
            try await TableApplier(client: client, region: region, options: benchOptions).apply(desired: desired(environment))
        }
    }

    func run(rounds: Int) async throws {
        let clients = try await clients()
        let sts = STSClient(configuration: configuration(endpoint, benchCredentials))
        var times: [Double] = []
        var changes = 0
        for round in 0..<(rounds + 1) {
            let start = now()
            let plans = try await withThrowingTaskGroup(of: TablePlan.self) { group in
                for (index, (environment, role, client)) in clients.enumerated() {
                    let states = desired(environment)
                    let account = environments[index].1
                    group.addTask {
                        _ = try await sts.assumeRole(roleARN: "arn:aws:iam::\(account):role/\(role)", sessionName: "bench")
                        let reader = TableStateReader(client: client, region: region, options: benchOptions)
                        let actual = try await reader.read(states.map(\.tableName))
                        return try TablePlanner().plan(desired: states, actual: actual)
                    }
                }
                var all: [TablePlan] = []
                for try await plan in group { all.append(plan) }
                return all
            }
            if round > 0 { times.append(now() - start) } // the first round warms connections up
            changes = plans.reduce(0) { $0 + $1.changes.filter(\.action.changesSomething).count }
        }
        guard changes == 0 else { fail("the no-change plan found \(changes) changes: run setup first") }
        emit(["bench": "plan", "impl": "swift", "median_ms": median(times) * 1000, "rounds": times.map { $0 * 1000 },
              "calls": environments.count * (1 + 4 * definitions.count)])
    }
}
