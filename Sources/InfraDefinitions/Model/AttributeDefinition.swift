/// An attribute used by the table key or an index key.
public struct AttributeDefinition: Codable, Sendable, Equatable {
    public var name: String
    public var type: AttributeType

    public init(name: String, type: AttributeType) {
        self.name = name
        self.type = type
    }
}
