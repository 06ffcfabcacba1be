/// Expiry of items by an epoch-seconds attribute.
public struct TimeToLive: Codable, Sendable, Equatable {
    public var attributeName: String
    public var enabled: Bool?

    public init(attributeName: String, enabled: Bool? = true) {
        self.attributeName = attributeName
        self.enabled = enabled
    }
}
