import Foundation

/// A failure with a message for people (the result's `message`; the step fails).
public struct StepFailure: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
