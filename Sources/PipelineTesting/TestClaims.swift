import Crypto
import CryptoExtras
import Foundation
import JWTKit

/// The claims a test token carries; nil fields are left out.
public struct TestClaims: JWTPayload, Equatable {
    public var iss: String
    public var sub: String?
    public var aud: [String]
    public var exp: Double?
    public var nbf: Double?
    public var iat: Double?
    public var jti: String?
    public var nonce: String?
    public var actor: String?
    /// GitHub Actions' claims of where the token was minted.
    public var repository: String?
    public var jobWorkflowRef: String?
    public var eventName: String?

    public func verify(using algorithm: some JWTAlgorithm) async throws {}

    private enum CodingKeys: String, CodingKey {
        case iss, sub, aud, exp, nbf, iat, jti, nonce, actor, repository
        case jobWorkflowRef = "job_workflow_ref", eventName = "event_name"
    }

    public init(iss: String, sub: String?, aud: [String], exp: Double?, nbf: Double?, iat: Double?, jti: String?, nonce: String?, actor: String?) {
        (self.iss, self.sub, self.aud, self.exp, self.nbf, self.iat, self.jti, self.nonce, self.actor) =
            (iss, sub, aud, exp, nbf, iat, jti, nonce, actor)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        iss = try container.decode(String.self, forKey: .iss)
        sub = try container.decodeIfPresent(String.self, forKey: .sub)
        if let single = try? container.decode(String.self, forKey: .aud) { aud = [single] } else { aud = try container.decode([String].self, forKey: .aud) }
        exp = try container.decodeIfPresent(Double.self, forKey: .exp)
        nbf = try container.decodeIfPresent(Double.self, forKey: .nbf)
        iat = try container.decodeIfPresent(Double.self, forKey: .iat)
        jti = try container.decodeIfPresent(String.self, forKey: .jti)
        nonce = try container.decodeIfPresent(String.self, forKey: .nonce)
        actor = try container.decodeIfPresent(String.self, forKey: .actor)
        repository = try container.decodeIfPresent(String.self, forKey: .repository)
        jobWorkflowRef = try container.decodeIfPresent(String.self, forKey: .jobWorkflowRef)
        eventName = try container.decodeIfPresent(String.self, forKey: .eventName)
    }

    /// A single audience is written as a string (as GitHub does), several as an array.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(iss, forKey: .iss)
        try container.encodeIfPresent(sub, forKey: .sub)
        if aud.count == 1 { try container.encode(aud[0], forKey: .aud) } else { try container.encode(aud, forKey: .aud) }
        try container.encodeIfPresent(exp.map(Int.init), forKey: .exp)
        try container.encodeIfPresent(nbf.map(Int.init), forKey: .nbf)
        try container.encodeIfPresent(iat.map(Int.init), forKey: .iat)
        try container.encodeIfPresent(jti, forKey: .jti)
        try container.encodeIfPresent(nonce, forKey: .nonce)
        try container.encodeIfPresent(actor, forKey: .actor)
        try container.encodeIfPresent(repository, forKey: .repository)
        try container.encodeIfPresent(jobWorkflowRef, forKey: .jobWorkflowRef)
        try container.encodeIfPresent(eventName, forKey: .eventName)
    }
}
