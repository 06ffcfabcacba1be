import Foundation

/// Who a verified approval is from, and by what proof.
public struct VerifiedIdentity: Codable, Sendable, Equatable {
    public enum Method: String, Codable, Sendable { case ssh, oidc }

    public var method: Method
    /// Equal to the statement's approver.
    public var principal: String
    /// "ssh-ed25519 SHA256:…" or "oidc https://issuer sub=… jti=…".
    public var detail: String
    /// SSH: the signing key's fingerprint.
    public var keyFingerprint: String?
    /// OIDC: the token's `jti`, or the lowercase hex SHA-256 of the token when it has none.
    public var tokenID: String?

    public init(method: Method, principal: String, detail: String, keyFingerprint: String? = nil, tokenID: String? = nil) {
        self.method = method
        self.principal = principal
        self.detail = detail
        self.keyFingerprint = keyFingerprint
        self.tokenID = tokenID
    }
}
