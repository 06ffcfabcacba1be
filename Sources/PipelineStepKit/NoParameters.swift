import Foundation

/// The parameters of a module that takes none (any given are ignored; the schema refuses them).
public struct NoParameters: Codable, Sendable, Equatable {
    public init() {}
}
