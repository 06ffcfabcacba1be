import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where an OIDC (web identity) token comes from.
public protocol WebIdentityTokenSource: Sendable {
    /// A short name for messages (never the token).
    var name: String { get }
    func token() async throws -> String
}
