import Foundation

/// One query parameter, decoded (not percent-encoded). `value == nil` means the key had no `=`.
public struct AWSQueryItem: Sendable, Equatable {
    public var name: String
    public var value: String?
    public init(_ name: String, _ value: String?) {
        self.name = name
        self.value = value
    }
}
