import Foundation

/// The verbs of the step protocol.
public enum StepVerb: String, Codable, Sendable, CaseIterable {
    /// The handshake: what the module is, its parameters and which verbs it supports.
    case describe
    case plan, apply, verify, rollback
}
