import AWS
import Foundation
import PipelineModel

/// The desired template bucket of one environment: every public access block on, SSE-S3,
/// versioning on, a policy denying requests without TLS, noncurrent versions expiring after
/// `noncurrentVersionExpirationDays`, the environment's tags, and optionally replication to a
/// disaster-recovery bucket in another region that is provisioned with the same settings.
public struct BucketSpec: Codable, Sendable, Equatable {
    /// Replication of the bucket to a DR bucket (PROD: eu-west-1).
    public struct Replication: Codable, Sendable, Equatable {
        /// The DR bucket's name (created with the same settings, without replication of its own).
        public var destinationBucket: String
        /// The DR bucket's region: a known AWS region other than the source's.
        public var destinationRegion: String
        /// The IAM role S3 assumes to replicate (not created here).
        public var roleARN: String

        public init(destinationBucket: String, destinationRegion: String, roleARN: String) {
            self.destinationBucket = destinationBucket
            self.destinationRegion = destinationRegion
            self.roleARN = roleARN
        }
    }

    /// The seven tags every resource of the seed's tagging strategy carries.
    public static let mandatoryTagKeys = ["BackupPolicy", "Component", "CostCenter", "Environment", "ManagedBy", "Owner", "Project"]
    /// The environment setting holding the retention of noncurrent template versions, in days.
    public static let retentionSetting = "templateVersionRetentionDays"
    /// The id of the lifecycle rule this spec manages.
    public static let lifecycleRuleID = "expire-noncurrent-template-versions"
    /// The id of the replication rule this spec manages.
    public static let replicationRuleID = "disaster-recovery"

    public var name: String
    public var region: String
    public var tags: [String: String]
    public var noncurrentVersionExpirationDays: Int
    public var replication: Replication?

    public init(name: String, region: String, tags: [String: String], noncurrentVersionExpirationDays: Int,
                replication: Replication? = nil) {
        self.name = name
        self.region = region
        self.tags = tags
        self.noncurrentVersionExpirationDays = noncurrentVersionExpirationDays
        self.replication = replication
    }

    /// The spec for an environment: its region and tags, the retention from
    /// `settings["templateVersionRetentionDays"]` (30/60/90 for DEV/SIT/PROD in the seed), and
    /// replication to its first DR region when it declares one (`replicationRoleARN` required then).
    public static func forEnvironment(_ environment: EnvironmentDefinition, bucket: String,
                                      disasterRecoveryBucket: String? = nil,
                                      replicationRoleARN: String? = nil) throws -> BucketSpec {
        guard case .int(let days)? = environment.settings[retentionSetting] else {
            throw TemplateDeploymentError.invalidSpec(
                bucket: bucket,
                problem: "environment \"\(environment.name)\" has no integer setting \"\(retentionSetting)\" "
                    + "(days noncurrent template versions are kept, e.g. 30 for DEV, 60 for SIT, 90 for PROD)")
        }
        var replication: Replication?
        if let region = environment.disasterRecovery?.replicaRegions.first {
            guard let role = replicationRoleARN, !role.isEmpty else {
                throw TemplateDeploymentError.invalidSpec(
                    bucket: bucket,
                    problem: "environment \"\(environment.name)\" replicates to \(region): pass the replication role ARN")
            }
            replication = Replication(destinationBucket: disasterRecoveryBucket ?? "\(bucket)-dr", destinationRegion: region,
                                      roleARN: role)
        }
        return BucketSpec(name: bucket, region: environment.region, tags: environment.tags,
                          noncurrentVersionExpirationDays: days, replication: replication)
    }

    /// The DR bucket: the same settings in the destination region, without replication.
    public var disasterRecoveryBucket: BucketSpec? {
        replication.map {
            BucketSpec(name: $0.destinationBucket, region: $0.destinationRegion, tags: tags,
                       noncurrentVersionExpirationDays: noncurrentVersionExpirationDays)
        }
    }

    /// The policy: deny every S3 action on the bucket and its objects without TLS.
    public var policy: JSONValue {
        .object([
            "Version": .string("2012-10-17"),
            "Statement": .array([.object([
                "Sid": .string("DenyInsecureTransport"),
                "Effect": .string("Deny"),
                "Principal": .string("*"),
                "Action": .string("s3:*"),
                "Resource": .array([.string("arn:aws:s3:::\(name)"), .string("arn:aws:s3:::\(name)/*")]),
                "Condition": .object(["Bool": .object(["aws:SecureTransport": .string("false")])]),
            ])]),
        ])
    }

    /// Every setting as S3 should report it.
    public var settings: BucketSettings {
        BucketSettings(
            publicAccessBlock: .all,
            encryption: S3BucketEncryption(algorithm: "AES256"),
            versioning: "Enabled",
            policy: policy,
            lifecycle: [S3LifecycleRule(id: Self.lifecycleRuleID, noncurrentVersionExpirationDays: noncurrentVersionExpirationDays)],
            replication: replication.map {
                S3ReplicationConfiguration(role: $0.roleARN, rules: [
                    // Delete markers are not replicated: the DR bucket keeps a template removed
                    // here until its lifecycle expires it (and moto stores only `Disabled`).
                    .init(id: Self.replicationRuleID, priority: 1, destinationBucketARN: "arn:aws:s3:::\($0.destinationBucket)",
                          deleteMarkerReplication: false),
                ])
            },
            tags: tags)
    }

    /// Validates this spec, then its DR bucket's (so a bad replication region is named as such).
    public func validateAll() throws {
        try validate()
        try disasterRecoveryBucket?.validate()
    }

    /// Checks what can be checked without AWS: name, region, tags, retention, replication.
    public func validate() throws {
        func invalid(_ problem: String) -> TemplateDeploymentError { .invalidSpec(bucket: name, problem: problem) }
        if let problem = Self.nameProblem(name) { throw invalid(problem) }
        guard AWSRegion.isKnown(region) else {
            throw TemplateDeploymentError.unknownRegion(region: region, bucket: name, purpose: "bucket region")
        }
        let missing = Self.mandatoryTagKeys.filter { (tags[$0] ?? "").isEmpty }
        if !missing.isEmpty { throw invalid("missing mandatory tags: \(missing.joined(separator: ", "))") }
        guard noncurrentVersionExpirationDays >= 1 else {
            throw invalid("noncurrent version retention must be at least 1 day, not \(noncurrentVersionExpirationDays)")
        }
        if let replication {
            guard AWSRegion.isKnown(replication.destinationRegion) else {
                throw TemplateDeploymentError.unknownRegion(region: replication.destinationRegion, bucket: name,
                                                            purpose: "replication region")
            }
            if replication.destinationRegion == region {
                throw invalid("replication must go to another region than \(region)")
            }
            if let problem = Self.nameProblem(replication.destinationBucket) { throw invalid("DR bucket: \(problem)") }
            if replication.destinationBucket == name { throw invalid("the DR bucket must have another name") }
            if !replication.roleARN.hasPrefix("arn:aws") || !replication.roleARN.contains(":role/") {
                throw invalid("replication role \"\(replication.roleARN)\" is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)")
            }
        }
    }

    /// Why `name` is not a valid S3 bucket name (3–63 of a-z 0-9 . -, starting and ending alphanumeric).
    public static func nameProblem(_ name: String) -> String? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.-")
        guard (3...63).contains(name.count), name.allSatisfy({ allowed.contains($0) }),
              let first = name.first, let last = name.last, first.isLetter || first.isNumber, last.isLetter || last.isNumber,
              !name.contains("..")
        else {
            return "\"\(name)\" is not a valid bucket name (3–63 characters: lower-case letters, digits, '.', '-'; "
                + "starting and ending with a letter or digit)"
        }
        return nil
    }
}
