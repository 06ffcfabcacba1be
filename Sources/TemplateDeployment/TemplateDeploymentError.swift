import AWS
import Foundation
import PipelineBasics

/// Why provisioning, publishing, verifying or rolling back templates failed. Every case names
/// the bucket and, where one was made, the S3 action, and says what to do. No case carries a
/// credential: S3 messages reach this type already redacted by the AWS layer.
public enum TemplateDeploymentError: PipelineError, Equatable {
    /// `CreateBucket` answered `BucketAlreadyExists`: another AWS account owns the name.
    case bucketNameTaken(bucket: String, region: String)
    /// The bucket exists and is reachable, but is not one of this account's buckets (ListBuckets).
    case bucketOwnedByAnotherAccount(bucket: String)
    /// The bucket exists but these credentials may not reach it (HeadBucket 403).
    case bucketNotAccessible(bucket: String)
    /// S3 refused an action (`AccessDenied`).
    case accessDenied(bucket: String, action: String, key: String?, message: String)
    /// A region that is not an AWS region (checked before any call).
    case unknownRegion(region: String, bucket: String, purpose: String)
    /// The bucket exists in another region than the spec's (buckets cannot move).
    case bucketInOtherRegion(bucket: String, expected: String, actual: String)
    /// The spec itself is wrong (missing tags, bad retention, replication to its own region).
    case invalidSpec(bucket: String, problem: String)
    /// The live state changed since the plan was made.
    case stalePlan(bucket: String, detail: String)
    /// A saved publish plan cannot be read back (for a rollback in a later process).
    case invalidSavedPlan(reason: String)
    /// Any other S3 failure, with the action and the AWS layer's description.
    case s3(bucket: String, action: String, key: String?, reason: String)
    /// A call that may or may not have taken effect (a 5xx answer, or none): read again, then decide.
    case outcomeUnknown(bucket: String, action: String, key: String?, reason: String)
    /// Rollback could not restore every object; what it could do, it did.
    case rollbackIncomplete(bucket: String, failures: [String], writeCalls: Int)

    public var description: String {
        switch self {
        case .bucketNameTaken(let bucket, let region):
            return "S3 bucket name \"\(bucket)\" is already taken by another AWS account (CreateBucket in \(region): "
                + "BucketAlreadyExists). Bucket names are global across all accounts: choose another name for this environment."
        case .bucketOwnedByAnotherAccount(let bucket):
            return "S3 bucket \"\(bucket)\" exists but belongs to another AWS account (HeadBucket succeeded, ListBuckets of "
                + "this account does not list it): it is not configured as this environment's bucket. Bucket names are "
                + "global: choose another name, or deploy with the owning account's role."
        case .bucketNotAccessible(let bucket):
            return "S3 bucket \"\(bucket)\" exists but these credentials cannot reach it (HeadBucket: 403 AccessDenied): "
                + "it belongs to another account, or the deploy role lacks s3:ListBucket on arn:aws:s3:::\(bucket)."
        case .accessDenied(let bucket, let action, let key, let message):
            let resource = key.map { "arn:aws:s3:::\(bucket)/\($0)" } ?? "arn:aws:s3:::\(bucket)"
            return "S3 \(action) on \(resource) was denied (AccessDenied\(message.isEmpty ? "" : ": \(message)")): "
                + "grant the deploy role s3:\(Self.permission(for: action)) on \(resource), and check the bucket policy."
        case .unknownRegion(let region, let bucket, let purpose):
            let suggestions = AWSRegion.suggestions(for: region)
            let hint = suggestions.isEmpty ? "" : " (did you mean \(suggestions.joined(separator: " or "))?)"
            return "\"\(region)\" (\(purpose) for bucket \"\(bucket)\") is not an AWS region\(hint); use one of: "
                + AWSRegion.all.map(\.name).sorted().joined(separator: ", ")
        case .bucketInOtherRegion(let bucket, let expected, let actual):
            return "S3 bucket \"\(bucket)\" is in \(actual), not \(expected) (GetBucketLocation); buckets cannot move: "
                + "set the environment's region to \(actual) or use another bucket name."
        case .invalidSpec(let bucket, let problem):
            return "bucket spec for \"\(bucket)\": \(problem)"
        case .stalePlan(let bucket, let detail):
            return "the plan for S3 bucket \"\(bucket)\" is stale: \(detail); plan again and re-approve."
        case .invalidSavedPlan(let reason):
            return "the saved template publish plan cannot be used for rollback: \(reason); restore from ListObjectVersions by hand"
        case .s3(let bucket, let action, let key, let reason):
            return "S3 \(action) on \(bucket)\(key.map { "/\($0)" } ?? "") failed: \(reason)"
        case .outcomeUnknown(let bucket, let action, let key, let reason):
            return "S3 \(action) on \(bucket)\(key.map { "/\($0)" } ?? "") ended without a clear answer (\(reason)); a re-run finishes what was left"
        case .rollbackIncomplete(let bucket, let failures, let writeCalls):
            return "rollback of bucket \"\(bucket)\" is incomplete after \(writeCalls) write calls; restore these by hand "
                + "(ListObjectVersions shows every version): " + failures.joined(separator: "; ")
        }
    }

    /// What the user fixes (a name, a region, a role's permissions, the spec, a plan to redo):
    /// exit 64 where a command reports it; S3 failures and incomplete rollbacks are not (70).
    public var isUserError: Bool {
        switch self {
        case .bucketNameTaken, .bucketOwnedByAnotherAccount, .bucketNotAccessible, .accessDenied, .unknownRegion, .bucketInOtherRegion,
             .invalidSpec, .stalePlan:
            true
        case .invalidSavedPlan, .s3, .outcomeUnknown, .rollbackIncomplete:
            false
        }
    }

    /// The IAM action name for an S3 API action (`PutBucketVersioning` → `PutBucketVersioning`,
    /// `GetBucketLifecycleConfiguration` → `GetLifecycleConfiguration`, `HeadObject` → `GetObject`).
    static func permission(for action: String) -> String {
        switch action {
        case "HeadObject": "GetObject"
        case "HeadBucket", "ListObjectsV2": "ListBucket"
        case "ListObjectVersions": "ListBucketVersions"
        case "GetBucketLifecycleConfiguration": "GetLifecycleConfiguration"
        case "PutBucketLifecycleConfiguration": "PutLifecycleConfiguration"
        case "GetBucketPublicAccessBlock", "GetPublicAccessBlock": "GetBucketPublicAccessBlock"
        case "PutPublicAccessBlock": "PutBucketPublicAccessBlock"
        case "GetBucketEncryption": "GetEncryptionConfiguration"
        case "PutBucketEncryption": "PutEncryptionConfiguration"
        case "GetBucketReplication": "GetReplicationConfiguration"
        case "PutBucketReplication", "DeleteBucketReplication": "PutReplicationConfiguration"
        case "DeleteObjectVersion": "DeleteObjectVersion"
        default: action
        }
    }

    /// Turns a failure of one S3 call into this type (cancellation and this type pass through).
    static func wrap(_ error: any Error, bucket: String, action: String, key: String? = nil) -> any Error {
        if error is CancellationError || error is TemplateDeploymentError { return error }
        if let aws = error as? AWSError {
            switch aws.code {
            case .accessDenied:
                return TemplateDeploymentError.accessDenied(bucket: bucket, action: action, key: key, message: aws.message)
            default:
                if aws.status >= 500 {
                    return TemplateDeploymentError.outcomeUnknown(bucket: bucket, action: action, key: key, reason: aws.description)
                }
            }
        }
        if error is AWSTransportError {
            return TemplateDeploymentError.outcomeUnknown(bucket: bucket, action: action, key: key, reason: "\(error)")
        }
        return TemplateDeploymentError.s3(bucket: bucket, action: action, key: key, reason: "\(error)")
    }

    /// Runs one S3 call, naming the bucket and action in its failure.
    static func call<T: Sendable>(_ bucket: String, _ action: String, key: String? = nil,
                                  _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw wrap(error, bucket: bucket, action: action, key: key)
        }
    }
}
