import Foundation
import PipelineModel

/// What publishing a commit's templates would do to a bucket: one `s3.object` change per key
/// (`+` add, `~` update, `-` delete, `=` unchanged), the desired content hashes, and a snapshot
/// of each object's version before the deploy — what ``TemplatePublisher/rollback(to:)`` restores.
public struct PublishPlan: Codable, Sendable, Equatable {
    /// One object as the listing showed it before the deploy.
    public struct ObjectVersion: Codable, Sendable, Equatable {
        /// The latest version id (`null` for an object written before versioning).
        public var versionID: String
        /// The ETag without quotes (the MD5 of the content for single-part SSE-S3 uploads).
        public var eTag: String?
        /// Whether the latest version is a delete marker (the object is deleted, versions kept).
        public var isDeleteMarker: Bool

        public init(versionID: String, eTag: String?, isDeleteMarker: Bool) {
            self.versionID = versionID
            self.eTag = eTag
            self.isDeleteMarker = isDeleteMarker
        }
    }

    /// One file of the commit.
    public struct DesiredObject: Codable, Sendable, Equatable {
        /// Hex SHA-256 of the content (stored in `x-amz-meta-content-sha256`).
        public var sha256: String
        /// Hex MD5 of the content (what the ETag of a single-part upload is).
        public var md5: String
        public var contentType: String
        public var size: Int
    }

    public var bucket: String
    public var keyPrefix: String
    public var commit: String
    /// Every key looked at, sorted, with its action.
    public var changes: [PlannedChange]
    /// Object key → the commit's file.
    public var desired: [String: DesiredObject]
    /// Object key → its latest version before the deploy (delete markers included).
    public var snapshot: [String: ObjectVersion]

    /// Keys to upload (`+` and `~`), sorted.
    public var uploads: [String] { changes.filter { $0.action == .create || $0.action == .update }.map(\.resource) }
    /// Keys to delete (`-`), sorted.
    public var deletions: [String] { changes.filter { $0.action == .delete }.map(\.resource) }

    /// The plan in the engine's vocabulary; `desired` and `snapshot` are plain, sorted JSON.
    public var stepPlan: StepPlan {
        StepPlan(changes: changes,
                 desired: .object(["bucket": .string(bucket), "keyPrefix": .string(keyPrefix), "commit": .string(commit),
                                   "objects": JSONValue.encoding(desired)]),
                 snapshot: Self.snapshotJSON(snapshot))
    }

    /// A snapshot as JSON (for ``StepPlan/snapshot``).
    public static func snapshotJSON(_ snapshot: [String: ObjectVersion]) -> JSONValue {
        .object(["objects": JSONValue.encoding(snapshot)])
    }

    /// Reads back a snapshot saved with ``stepPlan`` (for a rollback in a later process).
    public static func snapshot(from json: JSONValue) throws -> [String: ObjectVersion] {
        guard let objects = json.objectValue?["objects"] else {
            throw TemplateDeploymentError.invalidSavedPlan(reason: "its snapshot has no \"objects\"")
        }
        do {
            return try objects.decode([String: ObjectVersion].self)
        } catch {
            throw TemplateDeploymentError.invalidSavedPlan(reason: "its snapshot's objects are not key → version entries: \(error)")
        }
    }
}
