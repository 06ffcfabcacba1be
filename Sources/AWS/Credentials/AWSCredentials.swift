import Foundation

/// An access key pair, with a session token and an expiry for temporary credentials.
///
/// `description` never shows the secret or the token (only the key id's last four characters).
public struct AWSCredentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?
    /// When temporary credentials stop working; `nil` for long-lived keys.
    public var expiration: Date?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    /// Every value that must be masked in logs: key id, secret, token.
    public var secrets: [String] {
        [accessKeyID, secretAccessKey] + (sessionToken.map { [$0] } ?? [])
    }

    /// Whether these credentials expire within `margin` seconds of `now`.
    public func expires(within margin: TimeInterval, now: Date = Date()) -> Bool {
        guard let expiration else { return false }
        return expiration.timeIntervalSince(now) <= margin
    }

    public var description: String {
        let suffix = accessKeyID.count > 4 ? String(accessKeyID.suffix(4)) : ""
        let kind = sessionToken == nil ? "long-lived" : "temporary"
        return "AWSCredentials(\(kind), key id ****\(suffix)\(expiration.map { ", expires \($0)" } ?? ""))"
    }

    public var debugDescription: String { description }
}
