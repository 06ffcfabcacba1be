/// One thing the smoke check found wrong: the resource, the attribute, and what differs.
public struct VerificationFailure: Sendable, Equatable, CustomStringConvertible {
    /// `s3://bucket` or `s3://bucket/key`.
    public var resource: String
    /// The setting or property (`versioning`, `tags.Owner`, `metadata.content-sha256`, `render`).
    public var attribute: String
    public var expected: String
    public var actual: String

    public init(resource: String, attribute: String, expected: String, actual: String) {
        self.resource = resource
        self.attribute = attribute
        self.expected = expected
        self.actual = actual
    }

    public var description: String { "\(resource): \(attribute) is \(actual), expected \(expected)" }
}
