import AWS
import Foundation
import PipelineModel

/// Plans, applies and reads the template bucket of an environment (and its DR bucket).
///
/// Each bucket is reached with a client for its own region, made from the given client's
/// configuration (same credentials, endpoints and transport). `plan` only reads; `apply`
/// converges from a fresh read — it creates a missing bucket, then writes each setting that
/// differs — so an interrupted apply is finished by running it again.
public struct BucketProvisioner: Sendable {
    public let client: S3Client

    public init(client: S3Client) {
        self.client = client
    }

    /// The resource type of bucket changes in plans.
    public static let resourceType = "s3.bucket"

    /// A client for `region` sharing this client's credentials, endpoints and transport.
    func client(for region: String) -> S3Client {
        let configuration = client.client.configuration
        if configuration.region == region { return client }
        return S3Client(configuration: AWSConfiguration(region: region, endpoints: configuration.endpoints,
                                                        transport: configuration.transport))
    }

    /// The buckets a spec manages, in the order they are provisioned: the DR bucket first
    /// (replication needs its destination versioned), then the bucket itself.
    public static func buckets(of spec: BucketSpec) -> [BucketSpec] {
        (spec.disasterRecoveryBucket.map { [$0] } ?? []) + [spec]
    }

    // MARK: Read

    /// Reads every managed setting of `spec`'s bucket with its region's client. A missing bucket
    /// reads as ``BucketState/missing(_:)``; absent settings read as absent.
    public func read(_ spec: BucketSpec) async throws -> BucketState {
        try await read(bucket: spec.name, region: spec.region)
    }

    /// Reads the bucket `bucket` through the `region` client.
    public func read(bucket: String, region: String) async throws -> BucketState {
        let s3 = client(for: region)
        let exists: Bool
        do {
            exists = try await s3.headBucket(bucket)
        } catch let error as AWSError where error.status == 403 {
            throw TemplateDeploymentError.bucketNotAccessible(bucket: bucket)
        } catch {
            throw TemplateDeploymentError.wrap(error, bucket: bucket, action: "HeadBucket")
        }
        guard exists else { return .missing(bucket) }
        try await checkOwnership(bucket, s3: s3)
        let location = try await TemplateDeploymentError.call(bucket, "GetBucketLocation") { try await s3.getBucketLocation(bucket) }
        async let block = TemplateDeploymentError.call(bucket, "GetPublicAccessBlock") { try await s3.getPublicAccessBlock(bucket) }
        async let encryption = TemplateDeploymentError.call(bucket, "GetBucketEncryption") { try await s3.getBucketEncryption(bucket) }
        async let versioning = TemplateDeploymentError.call(bucket, "GetBucketVersioning") { try await s3.getBucketVersioning(bucket) }
        async let policy = TemplateDeploymentError.call(bucket, "GetBucketPolicy") { try await s3.getBucketPolicy(bucket) }
        async let lifecycle = TemplateDeploymentError.call(bucket, "GetBucketLifecycleConfiguration") {
            try await s3.getBucketLifecycle(bucket)
        }
        async let replication = TemplateDeploymentError.call(bucket, "GetBucketReplication") { try await s3.getBucketReplication(bucket) }
        async let tags = TemplateDeploymentError.call(bucket, "GetBucketTagging") { try await s3.getBucketTagging(bucket) }

        var settings = BucketSettings()
        settings.publicAccessBlock = try await block
        // AWS reports `BucketKeyEnabled=false` for SSE-S3; false and absent mean the same.
        settings.encryption = try await encryption.map {
            S3BucketEncryption(algorithm: $0.algorithm, kmsKeyID: $0.kmsKeyID, bucketKeyEnabled: $0.bucketKeyEnabled == true ? true : nil)
        }
        settings.versioning = try await versioning
        if let text = try await policy {
            guard let parsed = JSONValue.parse(text) else {
                throw TemplateDeploymentError.s3(bucket: bucket, action: "GetBucketPolicy", key: nil,
                                                 reason: "the policy S3 returned is not JSON")
            }
            settings.policy = parsed
        }
        settings.lifecycle = try await lifecycle.sorted { $0.id < $1.id }
        settings.replication = try await replication
        settings.tags = try await tags
        return BucketState(name: bucket, exists: true, region: location, settings: settings)
    }

    /// Refuses a bucket that exists but is not among the caller's own (`ListBuckets`): reachable
    /// through another account's grant, it must not be configured as ours. Skipped when the
    /// role may not list buckets (`s3:ListAllMyBuckets`), where HeadBucket's 403 is the signal.
    func checkOwnership(_ bucket: String, s3: S3Client) async throws {
        let own: [String]
        do {
            own = try await s3.listBuckets()
        } catch let error as AWSError where error.code == .accessDenied {
            return
        } catch {
            throw TemplateDeploymentError.wrap(error, bucket: bucket, action: "ListBuckets")
        }
        if !own.contains(bucket) { throw TemplateDeploymentError.bucketOwnedByAnotherAccount(bucket: bucket) }
    }

    /// Reads every bucket of `spec` (DR first).
    public func readAll(_ spec: BucketSpec) async throws -> [BucketState] {
        var states: [BucketState] = []
        for bucket in Self.buckets(of: spec) { states.append(try await read(bucket)) }
        return states
    }

    // MARK: Plan

    /// What applying `spec` would change, as a step plan: one `s3.bucket` change per bucket
    /// (`+` create with every setting, `~` the settings that differ, `=` none), the desired
    /// spec and a snapshot of the actual state. Validates the spec before any call.
    public func plan(_ spec: BucketSpec) async throws -> StepPlan {
        try spec.validateAll()
        let states = try await readAll(spec)
        var changes: [PlannedChange] = []
        var notes: [String] = []
        for (bucket, state) in zip(Self.buckets(of: spec), states) {
            changes.append(Self.change(for: bucket, actual: state))
            if let refusal = Self.refusal(for: bucket, actual: state) { notes.append("\(bucket.name): \(refusal.description)") }
        }
        return StepPlan(changes: changes, desired: JSONValue.encoding(spec), snapshot: Self.snapshot(states), notes: notes)
    }

    /// The snapshot of a plan: each bucket's state by name.
    public static func snapshot(_ states: [BucketState]) -> JSONValue {
        .object(Dictionary(uniqueKeysWithValues: states.map { ($0.name, $0.jsonValue) }))
    }

    /// Why `actual` cannot be turned into `spec` at all (pure): a bucket in another region than
    /// the spec's (buckets cannot move). Planned as a refused replacement, refused by apply.
    public static func refusal(for spec: BucketSpec, actual: BucketState) -> TemplateDeploymentError? {
        guard actual.exists, let region = actual.region, region != spec.region else { return nil }
        return .bucketInOtherRegion(bucket: spec.name, expected: spec.region, actual: region)
    }

    /// The planned change turning `actual` into `spec` (pure). A bucket that cannot become what
    /// the spec says (``refusal(for:actual:)``) is a `-/+` change marked refused: drift a plan
    /// shows and a drift check counts, which applying refuses and never carries out.
    public static func change(for spec: BucketSpec, actual: BucketState) -> PlannedChange {
        if let refusal = refusal(for: spec, actual: actual), case .bucketInOtherRegion(_, let expected, let found) = refusal {
            return PlannedChange(action: .replace, type: resourceType, resource: spec.name,
                                 detail: "refused: exists in \(found); the environment puts it in \(expected); a bucket cannot move, so it is never replaced",
                                 attributes: [AttributeChange(path: "region", action: .replace, before: .string(found), after: .string(expected))])
        }
        guard actual.exists else {
            var attributes = [AttributeChange(path: "region", action: .create, after: .string(spec.region))]
            attributes += spec.settings.changes(from: BucketSettings())
            return PlannedChange(action: .create, type: resourceType, resource: spec.name,
                                 detail: "create in \(spec.region) with \(attributes.count - 1) settings", attributes: attributes)
        }
        let attributes = spec.settings.changes(from: actual.settings)
        guard !attributes.isEmpty else {
            return PlannedChange(action: .noChange, type: resourceType, resource: spec.name, detail: "every setting as desired")
        }
        return PlannedChange(action: .update, type: resourceType, resource: spec.name,
                             detail: attributes.map(\.path).joined(separator: ", "), attributes: attributes)
    }
}
