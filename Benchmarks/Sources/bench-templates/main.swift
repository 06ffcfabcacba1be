// bench-templates: measures template publishing for scripts/bench-templates.sh (which runs
// `aws s3 sync` and boto3 beside it against the same moto server).
//
//   bench-templates setup --endpoint URL --bucket NAME --tree DIR     # bucket + first publish (not timed)
//   bench-templates publish --endpoint URL --bucket NAME --tree DIR --commit C
//   bench-templates plan --endpoint URL --bucket NAME --tree DIR [--rounds R]
//
// Prints one JSON object per measurement on stdout.
import AWS
import BenchSupport
import Foundation
import PipelineModel
import TemplateDeployment

extension BenchOptions {
    func string(_ name: String) throws -> String {
        guard let value = values[name] else { throw Usage(message: "missing --\(name)") }
        return value
    }
}

struct Usage: Error, CustomStringConvertible {
    var message: String
    var description: String { "bench-templates: \(message)" }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func emit(_ fields: [String: Any]) {
    guard let data = try? JSONSerialization.data(withJSONObject: fields, options: .sortedKeys) else { return }
    print(String(decoding: data, as: UTF8.self))
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// Every file under `directory` (key relative to it → bytes), as a commit's files would be passed.
func readTree(_ directory: String) throws -> [String: Data] {
    let root = URL(fileURLWithPath: directory).resolvingSymlinksInPath()
    let base = root.path.hasSuffix("/") ? root.path : root.path + "/"
    var files: [String: Data] = [:]
    guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return files }
    for case let url as URL in enumerator where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
        files[String(url.resolvingSymlinksInPath().path.dropFirst(base.count))] = try Data(contentsOf: url)
    }
    return files
}

/// A client for `--endpoint`, trusting `AWS_CA_BUNDLE` as the SDKs do (the bench runs moto over TLS).
func client(_ options: BenchOptions) throws -> S3Client {
    var environment = ProcessInfo.processInfo.environment
    environment["AWS_ENDPOINT_URL"] = try options.string("endpoint")
    let credentials = StaticCredentialProvider(accessKeyID: "AKIABENCH", secretAccessKey: "bench-secret")
    return S3Client(configuration: try AWSConfiguration.fromEnvironment(environment, region: "af-south-1", credentials: credentials))
}

let spec = { (bucket: String) in
    BucketSpec(name: bucket, region: "af-south-1", tags: [
        "Environment": "dev", "Project": "bbws-customer-portal-public", "Owner": "platform-team@bbws.com",
        "CostCenter": "engineering", "ManagedBy": "pipeline", "BackupPolicy": "daily", "Component": "infrastructure",
    ], noncurrentVersionExpirationDays: 30)
}

/// Provisions the bucket (policy included: the endpoint is TLS) and publishes the tree once.
func setup(_ options: BenchOptions) async throws {
    let s3 = try client(options)
    let bucket = try options.string("bucket")
    try await BucketProvisioner(client: s3).apply(spec(bucket))
    let files = try readTree(try options.string("tree"))
    let (_, result) = try await TemplatePublisher(client: s3, bucket: bucket).publish(files: files, commit: "setup")
    emit(["bench": "setup", "impl": "swift", "files": files.count, "writes": result.writeCalls])
}

/// One publish of the tree as it is now: plan (one listing) and apply (changed objects only).
func publish(_ options: BenchOptions) async throws {
    let start = now()
    let s3 = try client(options)
    let files = try readTree(try options.string("tree"))
    let read = now()
    let (plan, result) = try await TemplatePublisher(client: s3, bucket: try options.string("bucket"))
        .publish(files: files, commit: try options.string("commit"))
    let end = now()
    emit(["bench": "publish", "impl": "swift", "files": files.count, "writes": result.writeCalls,
          "changed": plan.uploads.count + plan.deletions.count, "read_ms": (read - start) * 1000, "ms": (end - start) * 1000])
}

/// The no-change plan: the bucket's settings (HeadBucket, GetBucketLocation, 7 × GetBucket*)
/// and the objects (one ListObjectVersions), `rounds` times in one process.
func plan(_ options: BenchOptions) async throws {
    let s3 = try client(options)
    let bucket = try options.string("bucket")
    let files = try readTree(try options.string("tree"))
    let provisioner = BucketProvisioner(client: s3)
    let publisher = TemplatePublisher(client: s3, bucket: bucket)
    var times: [Double] = []
    for round in 0..<(options.int("rounds", 20) + 2) {
        let start = now()
        let bucketPlan = try await provisioner.plan(spec(bucket))
        let objectPlan = try await publisher.plan(files: files, commit: "bench")
        let elapsed = now() - start
        guard !bucketPlan.hasChanges, !objectPlan.stepPlan.hasChanges else {
            throw Usage(message: "the plan is not a no-change plan: \(bucketPlan.changes.map(\.detail)) \(objectPlan.uploads)")
        }
        if round >= 2 { times.append(elapsed * 1000) } // two warm-up rounds
    }
    emit(["bench": "plan", "impl": "swift", "files": files.count, "median_ms": median(times), "rounds": times])
}

let options = BenchOptions(Array(CommandLine.arguments.dropFirst()))
do {
    switch options.command {
    case "setup": try await setup(options)
    case "publish": try await publish(options)
    case "plan": try await plan(options)
    default: throw Usage(message: "usage: bench-templates setup|publish|plan --endpoint URL --bucket NAME --tree DIR")
    }
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
