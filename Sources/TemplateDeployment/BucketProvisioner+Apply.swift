import AWS
import Foundation
import PipelineModel

extension BucketProvisioner {
    /// Converges every bucket of `spec` (DR first) from a fresh read: creates a missing bucket
    /// with its region's `LocationConstraint`, then writes each setting that differs, in the
    /// order of ``BucketSettings/Setting``. With `expectedSnapshot` (a plan's snapshot), refuses
    /// to write anything when the fresh read differs from it. Running it again after an
    /// interruption finishes the job; running it on a converged bucket writes nothing.
    ///
    /// After a call whose outcome is unknown (`CreateBucket` is never repeated blindly by the
    /// transport) it reads the buckets again and converges from what is there, up to `unknownOutcomeRetries` times.
    @discardableResult
    public func apply(_ spec: BucketSpec, expectedSnapshot: JSONValue? = nil, unknownOutcomeRetries: Int = 3) async throws -> BucketApplyResult {
        var attempt = 0
        var actions: [String] = []
        while true {
            do {
                // The snapshot holds only before the first attempt: a retry starts from what the first one did.
                var result = try await applyOnce(spec, expectedSnapshot: attempt == 0 ? expectedSnapshot : nil)
                result.actions = actions + result.actions
                return result
            } catch TemplateDeploymentError.outcomeUnknown(_, let action, _, _) where attempt < unknownOutcomeRetries {
                attempt += 1
                actions.append("\(action) \(spec.name) (outcome unknown; read again)")
            }
        }
    }

    func applyOnce(_ spec: BucketSpec, expectedSnapshot: JSONValue?) async throws -> BucketApplyResult {
        let buckets = Self.buckets(of: spec)
        try spec.validateAll()
        let before = try await readAll(spec)
        if let expectedSnapshot, Self.snapshot(before) != expectedSnapshot {
            let changed = before.filter { expectedSnapshot.objectValue?[$0.name] != $0.jsonValue }.map(\.name)
            throw TemplateDeploymentError.stalePlan(
                bucket: spec.name, detail: "the state of \(changed.joined(separator: ", ")) changed since the plan was made")
        }
        var actions: [String] = []
        var after: [BucketState] = []
        for (bucket, state) in zip(buckets, before) {
            if let refusal = Self.refusal(for: bucket, actual: state) { throw refusal }
            try await converge(bucket, from: state, actions: &actions)
            after.append(try await read(bucket))
        }
        return BucketApplyResult(actions: actions, states: after)
    }

    func converge(_ spec: BucketSpec, from state: BucketState, actions: inout [String]) async throws {
        let s3 = client(for: spec.region)
        let bucket = spec.name
        var actual = state.settings
        if !state.exists {
            do {
                try await s3.createBucket(bucket)
                actions.append("CreateBucket \(bucket)")
            } catch let error as AWSError where error.code == .bucketAlreadyOwnedByYou {
                // Created by an earlier, interrupted apply: go on with its settings.
                actual = try await read(spec).settings
            } catch let error as AWSError where error.code == .bucketAlreadyExists {
                throw TemplateDeploymentError.bucketNameTaken(bucket: bucket, region: spec.region)
            } catch {
                throw TemplateDeploymentError.wrap(error, bucket: bucket, action: "CreateBucket")
            }
        }
        let desired = spec.settings
        let changed = Set(desired.changes(from: actual).compactMap { BucketSettings.setting(of: $0.path) })
        for setting in BucketSettings.Setting.allCases where changed.contains(setting) {
            let action = try await write(setting, desired: desired, bucket: bucket, s3: s3)
            actions.append("\(action) \(bucket)")
        }
    }

    /// Writes one setting; returns the S3 action used.
    func write(_ setting: BucketSettings.Setting, desired: BucketSettings, bucket: String, s3: S3Client) async throws -> String {
        switch setting {
        case .publicAccessBlock:
            let block = desired.publicAccessBlock ?? .all
            return try await TemplateDeploymentError.call(bucket, "PutPublicAccessBlock") {
                try await s3.putPublicAccessBlock(bucket, block)
                return "PutPublicAccessBlock"
            }
        case .encryption:
            let encryption = desired.encryption ?? S3BucketEncryption()
            return try await TemplateDeploymentError.call(bucket, "PutBucketEncryption") {
                try await s3.putBucketEncryption(bucket, encryption)
                return "PutBucketEncryption"
            }
        case .versioning:
            let enabled = desired.versioning == "Enabled"
            return try await TemplateDeploymentError.call(bucket, "PutBucketVersioning") {
                try await s3.putBucketVersioning(bucket, enabled: enabled)
                return "PutBucketVersioning"
            }
        case .lifecycle:
            let rules = desired.lifecycle
            if rules.isEmpty {
                return try await TemplateDeploymentError.call(bucket, "DeleteBucketLifecycle") {
                    try await s3.deleteBucketLifecycle(bucket)
                    return "DeleteBucketLifecycle"
                }
            }
            return try await TemplateDeploymentError.call(bucket, "PutBucketLifecycleConfiguration") {
                try await s3.putBucketLifecycle(bucket, rules: rules)
                return "PutBucketLifecycleConfiguration"
            }
        case .tags:
            let tags = desired.tags
            if tags.isEmpty {
                return try await TemplateDeploymentError.call(bucket, "DeleteBucketTagging") {
                    try await s3.deleteBucketTagging(bucket)
                    return "DeleteBucketTagging"
                }
            }
            return try await TemplateDeploymentError.call(bucket, "PutBucketTagging") {
                try await s3.putBucketTagging(bucket, tags: tags)
                return "PutBucketTagging"
            }
        case .policy:
            guard let policy = desired.policy else {
                return try await TemplateDeploymentError.call(bucket, "DeleteBucketPolicy") {
                    try await s3.deleteBucketPolicy(bucket)
                    return "DeleteBucketPolicy"
                }
            }
            let text = policy.compactText
            return try await TemplateDeploymentError.call(bucket, "PutBucketPolicy") {
                try await s3.putBucketPolicy(bucket, policy: text)
                return "PutBucketPolicy"
            }
        case .replication:
            guard let replication = desired.replication else {
                return try await TemplateDeploymentError.call(bucket, "DeleteBucketReplication") {
                    try await s3.deleteBucketReplication(bucket)
                    return "DeleteBucketReplication"
                }
            }
            return try await TemplateDeploymentError.call(bucket, "PutBucketReplication") {
                try await s3.putBucketReplication(bucket, replication)
                return "PutBucketReplication"
            }
        }
    }
}
