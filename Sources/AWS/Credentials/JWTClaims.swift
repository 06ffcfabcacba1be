import Foundation

/// The non-secret claims of a JWT payload, decoded without verifying the signature (for messages).
public struct JWTClaims: Sendable, Equatable {
    public var issuer: String?
    public var audience: String?
    public var subject: String?
    public var expiresAt: Date?

    /// Decodes the payload (second segment, base64url). Nil if the token is not a JWT.
    public init?(token: String) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var base64 = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        issuer = object["iss"] as? String
        if let audience = object["aud"] as? String {
            self.audience = audience
        } else if let audiences = object["aud"] as? [String] {
            audience = audiences.joined(separator: ",")
        }
        subject = object["sub"] as? String
        if let exp = object["exp"] as? NSNumber { expiresAt = Date(timeIntervalSince1970: exp.doubleValue) }
    }
}
