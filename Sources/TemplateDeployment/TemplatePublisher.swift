import AWS
import Crypto
import Foundation
import PipelineModel

/// Publishes the template files of one commit to a versioned bucket, uploading only what
/// changed, and rolls a publish back to the exact versions it found.
///
/// Changes are found without downloading: one `ListObjectVersions` listing gives each key's
/// latest version id and ETag, and the ETag of a single-part SSE-S3 upload is the MD5 of its
/// content. Uploads carry the content's SHA-256 (`x-amz-meta-content-sha256`, and S3's own
/// `x-amz-checksum-sha256` check) and the commit (`x-amz-meta-commit`);
/// ``DeploymentVerifier`` checks the stored hash with a HEAD per object. An object whose ETag is
/// not an MD5 (multipart or KMS uploads made by hand) plans as an update, never as unchanged.
public struct TemplatePublisher: Sendable {
    public let client: S3Client
    public let bucket: String
    /// Prepended to every file key; only objects under it are managed (deleted when not in the commit).
    public let keyPrefix: String
    /// Uploads and deletes in flight at once.
    public let concurrency: Int

    /// Metadata names (without `x-amz-meta-`).
    public static let hashMetadata = "content-sha256"
    public static let commitMetadata = "commit"
    /// The resource type of object changes in plans.
    public static let resourceType = "s3.object"

    public init(client: S3Client, bucket: String, keyPrefix: String = "", concurrency: Int = 8) {
        self.client = client
        self.bucket = bucket
        self.keyPrefix = keyPrefix
        self.concurrency = max(1, concurrency)
    }

    /// `text/html; charset=utf-8` for HTML, `application/json` for JSON, else `application/octet-stream`.
    public static func contentType(for key: String) -> String {
        let lower = key.lowercased()
        if lower.hasSuffix(".html") || lower.hasSuffix(".htm") { return "text/html; charset=utf-8" }
        if lower.hasSuffix(".json") { return "application/json" }
        if lower.hasSuffix(".txt") { return "text/plain; charset=utf-8" }
        return "application/octet-stream"
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }

    /// The desired object for a file's bytes.
    public static func desiredObject(key: String, bytes: Data) -> PublishPlan.DesiredObject {
        PublishPlan.DesiredObject(sha256: hex(SHA256.hash(data: bytes)), md5: hex(Insecure.MD5.hash(data: bytes)),
                                  contentType: contentType(for: key), size: bytes.count)
    }

    // MARK: Read

    /// Every managed key's latest version (delete markers included), from one listing.
    public func currentVersions() async throws -> [String: PublishPlan.ObjectVersion] {
        let prefix = keyPrefix.isEmpty ? nil : keyPrefix
        let versions = try await TemplateDeploymentError.call(bucket, "ListObjectVersions") {
            try await client.listObjectVersions(bucket: bucket, prefix: prefix)
        }
        var latest: [String: PublishPlan.ObjectVersion] = [:]
        for version in versions where version.isLatest {
            latest[version.key] = PublishPlan.ObjectVersion(
                versionID: version.versionID, eTag: version.eTag.map(Self.unquote), isDeleteMarker: version.isDeleteMarker)
        }
        return latest
    }

    static func unquote(_ eTag: String) -> String {
        eTag.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")).lowercased()
    }

    // MARK: Plan

    /// The plan for publishing `files` (file key → bytes, keys relative to ``keyPrefix``) at `commit`.
    public func plan(files: [String: Data], commit: String) async throws -> PublishPlan {
        Self.plan(files: files, commit: commit, bucket: bucket, keyPrefix: keyPrefix, current: try await currentVersions())
    }

    /// The plan against a listing already read (pure).
    public static func plan(files: [String: Data], commit: String, bucket: String, keyPrefix: String,
                            current: [String: PublishPlan.ObjectVersion]) -> PublishPlan {
        var desired: [String: PublishPlan.DesiredObject] = [:]
        for (key, bytes) in files { desired[keyPrefix + key] = desiredObject(key: key, bytes: bytes) }
        var changes: [PlannedChange] = []
        for key in Set(desired.keys).union(current.keys).sorted() {
            let existing = current[key].flatMap { $0.isDeleteMarker ? nil : $0 }
            switch (existing, desired[key]) {
            case (nil, let object?):
                changes.append(PlannedChange(
                    action: .create, type: resourceType, resource: key, detail: "add (\(object.size) bytes)",
                    attributes: [AttributeChange(path: "contentSHA256", action: .create, after: .string(object.sha256)),
                                 AttributeChange(path: "contentType", action: .create, after: .string(object.contentType))]))
            case (let version?, let object?) where version.eTag == object.md5:
                changes.append(PlannedChange(action: .noChange, type: resourceType, resource: key, detail: "unchanged"))
            case (let version?, let object?):
                changes.append(PlannedChange(
                    action: .update, type: resourceType, resource: key, detail: "content changed (\(object.size) bytes)",
                    attributes: [AttributeChange(path: "eTag", action: .update, before: version.eTag.map(JSONValue.string),
                                                 after: .string(object.md5)),
                                 AttributeChange(path: "contentSHA256", action: .update, after: .string(object.sha256))]))
            case (let version?, nil):
                changes.append(PlannedChange(
                    action: .delete, type: resourceType, resource: key, detail: "not in the commit: delete marker, versions kept",
                    attributes: [AttributeChange(path: "versionID", action: .delete, before: .string(version.versionID))]))
            case (nil, nil):
                break // deleted before, and still not in the commit
            }
        }
        return PublishPlan(bucket: bucket, keyPrefix: keyPrefix, commit: commit, changes: changes, desired: desired, snapshot: current)
    }

    /// Plans and applies in one go (one listing: the plan's own read is fresh).
    @discardableResult
    public func publish(files: [String: Data], commit: String) async throws -> (plan: PublishPlan, result: PublishResult) {
        let plan = try await plan(files: files, commit: commit)
        var bodies: [String: Data] = [:]
        for (key, bytes) in files { bodies[keyPrefix + key] = bytes }
        return (plan, try await perform(plan, bodies: bodies))
    }
}
