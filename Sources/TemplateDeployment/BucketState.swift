import PipelineModel

/// What S3 reports about one bucket: whether it exists, its region and every managed setting.
/// Deterministic (no timestamps or request ids), so two reads of an unchanged bucket are equal.
public struct BucketState: Codable, Sendable, Equatable {
    public var name: String
    public var exists: Bool
    /// From `GetBucketLocation`; nil when the bucket does not exist.
    public var region: String?
    /// Empty when the bucket does not exist.
    public var settings: BucketSettings

    public init(name: String, exists: Bool, region: String?, settings: BucketSettings = BucketSettings()) {
        self.name = name
        self.exists = exists
        self.region = region
        self.settings = settings
    }

    /// A bucket that does not exist.
    public static func missing(_ name: String) -> BucketState { BucketState(name: name, exists: false, region: nil) }

    /// The state as plain JSON (a plan's snapshot).
    public var jsonValue: JSONValue { JSONValue.encoding(self) }
}
