/// The type of a key attribute.
public enum AttributeType: String, Codable, Sendable, CaseIterable {
    case string = "S"
    case number = "N"
    case binary = "B"
}
