/// DynamoDB Streams settings.
public struct StreamSpecification: Codable, Sendable, Equatable {
    public enum ViewType: String, Codable, Sendable {
        case keysOnly = "KEYS_ONLY"
        case newImage = "NEW_IMAGE"
        case oldImage = "OLD_IMAGE"
        case newAndOldImages = "NEW_AND_OLD_IMAGES"
    }

    public var enabled: Bool
    public var viewType: ViewType?

    public init(enabled: Bool, viewType: ViewType? = nil) {
        self.enabled = enabled
        self.viewType = viewType
    }
}
