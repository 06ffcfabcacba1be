import AWS
import PipelineModel

/// The settings of a bucket the pipeline manages, each as S3 reports it; nil (or empty) when
/// S3 says it is not configured. Desired settings come from ``BucketSpec/settings``, actual ones
/// from ``BucketProvisioner/read(_:)``.
public struct BucketSettings: Codable, Sendable, Equatable {
    public var publicAccessBlock: S3PublicAccessBlock?
    public var encryption: S3BucketEncryption?
    /// `Enabled`, `Suspended`, or nil when versioning was never set.
    public var versioning: String?
    /// The bucket policy as parsed JSON (compared as JSON, not as text).
    public var policy: JSONValue?
    /// Lifecycle rules; empty when none.
    public var lifecycle: [S3LifecycleRule]
    public var replication: S3ReplicationConfiguration?
    public var tags: [String: String]

    public init(publicAccessBlock: S3PublicAccessBlock? = nil, encryption: S3BucketEncryption? = nil, versioning: String? = nil,
                policy: JSONValue? = nil, lifecycle: [S3LifecycleRule] = [], replication: S3ReplicationConfiguration? = nil,
                tags: [String: String] = [:]) {
        self.publicAccessBlock = publicAccessBlock
        self.encryption = encryption
        self.versioning = versioning
        self.policy = policy
        self.lifecycle = lifecycle
        self.replication = replication
        self.tags = tags
    }

    /// The settings in the order apply writes them (replication last: it needs versioning).
    public enum Setting: String, CaseIterable, Sendable {
        case publicAccessBlock, encryption, versioning, lifecycle, tags, policy, replication
    }

    /// Each setting as JSON, tags one attribute per key (`tags.Owner`); absent settings are absent.
    public var attributes: [String: JSONValue] {
        var values: [String: JSONValue] = [:]
        values["publicAccessBlock"] = publicAccessBlock.map(JSONValue.encoding)
        values["encryption"] = encryption.map(JSONValue.encoding)
        values["versioning"] = versioning.map(JSONValue.string)
        values["policy"] = policy
        if !lifecycle.isEmpty { values["lifecycle"] = JSONValue.encoding(lifecycle) }
        values["replication"] = replication.map(JSONValue.encoding)
        for (key, value) in tags { values["tags.\(key)"] = .string(value) }
        return values
    }

    /// The setting an attribute path belongs to.
    static func setting(of path: String) -> Setting? {
        path.hasPrefix("tags.") ? .tags : Setting(rawValue: path)
    }

    /// Attribute changes turning `actual` into `self`, sorted by path: `+` added, `~` changed, `-` removed.
    public func changes(from actual: BucketSettings) -> [AttributeChange] {
        let desired = attributes
        let current = actual.attributes
        return Set(desired.keys).union(current.keys).sorted().compactMap { path in
            switch (current[path], desired[path]) {
            case (nil, let after?): AttributeChange(path: path, action: .create, after: after)
            case (let before?, nil): AttributeChange(path: path, action: .delete, before: before)
            case (let before?, let after?) where before != after: AttributeChange(path: path, action: .update, before: before, after: after)
            default: nil
            }
        }
    }
}
