// bench-provisioning: measures TableProvisioning for scripts/bench-provisioning.sh (which runs
// boto3 and awscli beside it against the same moto server).
//
//   bench-provisioning setup --endpoint URL --examples DIR      create the 3 example tables in the 3 accounts
//   bench-provisioning plan  --endpoint URL --examples DIR [--rounds R]
//                            no-change plan of 3 tables × 3 environments (3 assumed roles)
//   bench-provisioning apply --endpoint URL --tables N [--indexes 3] [--concurrency 8]
//                            plan + apply creating N new tables with the given number of GSIs
//
// Prints one JSON object per measurement on stdout.
import AWS
import BenchSupport
import Foundation
import InfraDefinitions
import TableProvisioning

extension BenchOptions {

    func require(_ name: String) -> String {
        guard let value = values[name] else { fail("bench-provisioning \(command) needs --\(name)") }
        return value
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("\(message)\n".utf8))
    exit(2)
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func emit(_ fields: [String: Any]) {
    guard let data = try? JSONSerialization.data(withJSONObject: fields, options: .sortedKeys) else { return }
    print(String(decoding: data, as: UTF8.self))
}

/// The environments of `pipelines/deploy.swift`: name, account, role.
let environments = [("dev", "536580886816", "bbws-deploy-dev"), ("sit", "815856636111", "bbws-deploy-sit"),
                    ("prod", "093646564004", "bbws-deploy-prod")]
let region = "us-east-1"
let benchCredentials = StaticCredentialProvider(accessKeyID: "AKIABENCH0000000001", secretAccessKey: "bench-secret")
/// moto 5.2.1 ignores `ReplicaUpdates`, so replicas are not managed against it.
let benchOptions = TableProvisioningOptions(waitTimeout: 120, pollInterval: 0.02, concurrency: 8, manageReplicas: false)

func configuration(_ endpoint: URL, _ credentials: any CredentialProvider) -> AWSConfiguration {
    AWSConfiguration(region: region, credentials: credentials, endpoints: AWSEndpointResolver(global: endpoint))
}

func mandatoryTags(_ environment: String) -> [String: String] {
    ["Environment": environment, "Project": "bbws-customer-portal-public", "Owner": "platform-team@bbws.com",
     "CostCenter": "engineering", "ManagedBy": "pipeline", "BackupPolicy": environment == "prod" ? "hourly" : "daily",
     "Component": "infrastructure"]
}

func exampleDefinitions(_ directory: String) throws -> [TableDefinition] {
    try ["tenants", "products", "campaigns"].map { name in
        let path = "\(directory)/\(name).json"
        return try TableDefinitionChecker.load(fileAt: path, bytes: try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

let options = BenchOptions(Array(CommandLine.arguments.dropFirst()))
guard let endpoint = options.values["endpoint"].flatMap(URL.init(string:)) else { fail("usage: bench-provisioning setup|plan|apply --endpoint URL …") }
do {
    switch options.command {
    case "setup": try await PlanBench(endpoint: endpoint, examples: options.require("examples")).setup()
    case "plan": try await PlanBench(endpoint: endpoint, examples: options.require("examples")).run(rounds: options.int("rounds", 5))
    case "apply":
        try await ApplyBench(endpoint: endpoint, tables: options.int("tables", 20), indexes: options.int("indexes", 3),
                             concurrency: options.int("concurrency", 8)).run()
    default: fail("usage: bench-provisioning setup|plan|apply --endpoint URL …")
    }
} catch {
    fail("bench-provisioning \(options.command) failed: \(error)")
}
