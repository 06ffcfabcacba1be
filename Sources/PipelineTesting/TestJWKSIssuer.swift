import Crypto
import CryptoExtras
import Foundation
import JWTKit

/// A real OIDC issuer on 127.0.0.1 for tests: serves its discovery document and a JWKS with an
/// RSA key ("rsa-1", RS256) and a P-256 key ("ec-1", ES256), and signs tokens with jwt-kit.
public final class TestJWKSIssuer: Sendable {
    public enum Signer: Sendable {
        case rs256, es256
        /// Signed by a fresh RSA key that is not in the JWKS, under the kid "rsa-1".
        case impostorRS256
        /// HMAC-SHA256 with a shared secret, under the kid "rsa-1".
        case hs256
    }

    /// RSA key generation is slow in debug builds: the suites share two keys.
    public static let sharedRSAKey = try! JWTKit.Insecure.RSA.PrivateKey(backing: _RSA.Signing.PrivateKey(keySize: .bits2048))
    public static let impostorRSAKey = try! JWTKit.Insecure.RSA.PrivateKey(backing: _RSA.Signing.PrivateKey(keySize: .bits2048))

    public let server: LoopbackHTTPServer
    public let rsaKey: JWTKit.Insecure.RSA.PrivateKey
    public let ecKey: ES256PrivateKey
    public let jwksJSON: String

    public var issuer: String { server.baseURL.absoluteString }
    public var jwksURL: String { issuer + "/jwks" }

    public init() throws {
        let rsaKey = Self.sharedRSAKey
        let ecKey = ES256PrivateKey()
        self.rsaKey = rsaKey
        self.ecKey = ecKey
        let primitives = try rsaKey.publicKey.getKeyPrimitives()
        guard let point = ecKey.parameters else { throw LoopbackHTTPServer.StartError(step: "P-256 key parameters", code: 0) }
        let keys: [[String: String]] = [
            ["kty": "RSA", "kid": "rsa-1", "alg": "RS256", "use": "sig",
             "n": Self.base64URL(primitives.modulus), "e": Self.base64URL(primitives.publicExponent)],
            ["kty": "EC", "kid": "ec-1", "alg": "ES256", "use": "sig", "crv": "P-256", "x": point.x, "y": point.y],
        ]
        let jwks = String(decoding: try JSONSerialization.data(withJSONObject: ["keys": keys], options: .sortedKeys), as: UTF8.self)
        jwksJSON = jwks
        let box = IssuerAddress()
        server = try LoopbackHTTPServer { request in
            switch request.path {
            case "/.well-known/openid-configuration":
                .json(200, #"{"issuer":"\#(box.value)","jwks_uri":"\#(box.value)/jwks"}"#)
            case "/jwks":
                .json(200, jwks)
            default:
                .json(404, #"{"error":"not found"}"#)
            }
        }
        box.value = server.baseURL.absoluteString
    }

    deinit { server.stop() }

    /// Claims as a GitHub Actions job's token carries them, for `approver`.
    public func claims(approver: String, audience: [String], nonce: String? = nil, now: Date = Date(),
                expiresIn: TimeInterval = 300, notBeforeOffset: TimeInterval = -5) -> TestClaims {
        TestClaims(iss: issuer, sub: "repo:bbws/infrastructure:environment:prod", aud: audience,
                   exp: now.addingTimeInterval(expiresIn).timeIntervalSince1970.rounded(.down),
                   nbf: now.addingTimeInterval(notBeforeOffset).timeIntervalSince1970.rounded(.down),
                   iat: now.timeIntervalSince1970.rounded(.down), jti: UUID().uuidString, nonce: nonce, actor: approver)
    }

    /// A compact JWT over `claims`, signed as `signer` says; `kid` overrides the key id in the header.
    public func token(_ claims: TestClaims, signer: Signer = .rs256, kid: String? = nil) async throws -> String {
        let keys = JWTKeyCollection()
        switch signer {
        case .rs256:
            await keys.add(rsa: rsaKey, digestAlgorithm: .sha256, kid: JWKIdentifier(string: kid ?? "rsa-1"))
        case .es256:
            await keys.add(ecdsa: ecKey, kid: JWKIdentifier(string: kid ?? "ec-1"))
        case .impostorRS256:
            await keys.add(rsa: Self.impostorRSAKey, digestAlgorithm: .sha256, kid: JWKIdentifier(string: kid ?? "rsa-1"))
        case .hs256:
            await keys.add(hmac: HMACKey(from: "a shared secret of at least thirty-two bytes"), digestAlgorithm: .sha256, kid: JWKIdentifier(string: kid ?? "rsa-1"))
        }
        var header = JWTHeader()
        header.typ = "JWT"
        return try await keys.sign(claims, kid: JWKIdentifier(string: kid ?? (signer == .es256 ? "ec-1" : "rsa-1")), header: header)
    }

    /// A hand-built unsigned token (`alg: none`, empty signature).
    public func unsignedToken(_ claims: TestClaims) throws -> String {
        let header = Self.base64URL(Data(#"{"alg":"none","typ":"JWT"}"#.utf8))
        let payload = Self.base64URL(try JSONEncoder().encode(claims))
        return "\(header).\(payload)."
    }

    public static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

/// The test server's own address, known only after it has bound its port.
private final class IssuerAddress: @unchecked Sendable {
    // @unchecked Sendable: `value` is set once, right after the server starts and before any
    // test request is sent; later reads only.
    var value = ""
}
