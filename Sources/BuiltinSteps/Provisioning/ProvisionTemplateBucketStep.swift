import AWS
import Foundation
import PipelineEngine
import PipelineModel
import TemplateDeployment

/// The built-in `provision-template-bucket` step (`ProvisionTemplateBucket("bbws-templates-prod")`):
/// the environment's template bucket with every public access block on, SSE-S3, versioning, a
/// policy that denies requests without TLS, noncurrent versions expiring after the environment's
/// `templateVersionRetentionDays`, the environment's tags and, where the environment declares a
/// disaster-recovery region, replication to a DR bucket there (provisioned the same way).
/// Planned setting by setting; apply converges from a fresh read. Its rollback keeps the bucket
/// (the objects are rolled back by `publish-templates`).
public struct ProvisionTemplateBucketStep: StepModule {
    public static let kind = "provision-template-bucket"
    public static let summary = "creates and configures the environment's template bucket, and its DR copy (bucket, replicationRole)"

    let bucket: String
    let replicationRole: String?
    let disasterRecoveryBucket: String?

    public init(step: StepDefinition) throws {
        guard let bucket = step.string("bucket"), !bucket.isEmpty else {
            throw StepConfigurationError(step: step.name, field: "bucket", message: "name the bucket, e.g. \"bbws-templates-dev\"")
        }
        if let problem = BucketSpec.nameProblem(bucket) {
            throw StepConfigurationError(step: step.name, field: "bucket", message: problem)
        }
        self.bucket = bucket
        replicationRole = step.string("replicationRole")
        disasterRecoveryBucket = step.string("disasterRecoveryBucket")
    }

    /// The desired bucket in `environment`. Replication assumes `replicationRole`, by default the
    /// role `<bucket>-replication` in the environment's account (made by the platform team).
    func spec(for environment: EnvironmentDefinition) throws -> BucketSpec {
        let role = replicationRole.map { $0.hasPrefix("arn:") ? $0 : "arn:aws:iam::\(environment.account):role/\($0)" }
            ?? "arn:aws:iam::\(environment.account):role/\(bucket)-replication"
        let region = environment.disasterRecovery?.replicaRegions.first
        return try BucketSpec.forEnvironment(environment, bucket: bucket,
                                             disasterRecoveryBucket: disasterRecoveryBucket ?? region.map { "\(bucket)-\($0)" },
                                             replicationRoleARN: role)
    }

    public var requiresEnvironment: Bool { true }

    public func plan(in context: StepContext) async throws -> StepPlan {
        let environment = try context.requireEnvironment()
        let spec = try spec(for: environment)
        return try await BucketProvisioner(client: try context.requireAWS().s3(for: environment)).plan(spec)
    }

    public func apply(in context: StepContext) async throws {
        let environment = try context.requireEnvironment()
        let spec = try spec(for: environment)
        let result = try await BucketProvisioner(client: try context.requireAWS().s3(for: environment)).apply(spec)
        for action in result.actions { context.log(action) }
        context.summarize("\(environment.name): bucket \(bucket)\(spec.replication.map { " (replicated to \($0.destinationBucket) in \($0.destinationRegion))" } ?? ""): \(result.writeCalls) change\(result.writeCalls == 1 ? "" : "s")")
    }
}
