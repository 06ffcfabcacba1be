import Crypto
import Foundation
import PipelineModel
import JWTKit

/// Accepts approvals proven by an OIDC ID token (a compact JWT) from a configured issuer, bound
/// to the statement: the token carries `statement.digest` as its `nonce` claim or as an audience
/// entry "<configured audience>:<digest>".
public struct OIDCIdentityVerifier: Sendable {
    /// Accepted signature algorithms; `none` and HMAC (`HS*`) are always refused.
    public static let acceptedAlgorithms: Set<String> = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]
    /// Clock skew allowed on `exp` and `nbf`.
    public static let leeway: TimeInterval = 60

    public var issuers: [OIDCIssuer]
    public var fetcher: any JWKSFetching
    let cache: JWKSCache

    /// `keyCacheLifetime`: how long this verifier (and its copies) reuse an issuer's fetched keys;
    /// a token naming a `kid` the cached set lacks fetches the keys again. 0 fetches every time.
    public init(issuers: [OIDCIssuer], fetcher: any JWKSFetching = URLSessionJWKSFetcher(), keyCacheLifetime: TimeInterval = 300) {
        self.issuers = issuers
        self.fetcher = fetcher
        cache = JWKSCache(lifetime: keyCacheLifetime)
    }

    public func verify(_ statement: ApprovalStatement, token: String, at now: Date) async throws -> VerifiedIdentity {
        try statement.validate()
        let compact = token.trimmingCharacters(in: .whitespacesAndNewlines)
        let (header, unverified) = try Self.decode(compact)
        guard let alg = header.alg, !alg.isEmpty else { throw ApprovalVerificationError.tokenMalformed("the header has no alg") }
        guard Self.acceptedAlgorithms.contains(alg) else { throw ApprovalVerificationError.tokenAlgorithmRefused(alg) }
        guard let iss = unverified.string("iss") else { throw ApprovalVerificationError.tokenMalformed("no iss claim") }
        guard let issuer = issuers.first(where: { $0.issuer == iss }) else {
            throw ApprovalVerificationError.unknownIssuer(iss, configured: issuers.map(\.issuer))
        }

        let kid = header.kid
        func candidates(in jwks: JWKS) -> [JWK] {
            kid.map { id in jwks.keys.filter { $0.keyIdentifier?.string == id } } ?? (jwks.keys.count == 1 ? jwks.keys : [])
        }
        let jwks: JWKS
        if let cached = await cache.keys(for: issuer.issuer), !candidates(in: cached).isEmpty {
            jwks = cached
        } else {
            jwks = try await keySet(for: issuer)
            await cache.store(jwks, for: issuer.issuer)
        }
        guard let jwk = candidates(in: jwks).first else {
            throw ApprovalVerificationError.unknownKeyID(kid, issuer: issuer.issuer, known: jwks.keys.compactMap { $0.keyIdentifier?.string })
        }
        let claims = try await Self.verifySignature(compact, alg: alg, with: jwk, issuer: issuer)

        let audiences = claims.audiences
        let digest = statement.digest
        let boundAudience = "\(issuer.audience):\(digest)"
        guard audiences.contains(issuer.audience) || audiences.contains(boundAudience) else {
            throw ApprovalVerificationError.wrongAudience(found: audiences, expected: issuer.audience)
        }
        guard let expiry = claims.date("exp") else { throw ApprovalVerificationError.tokenMalformed("no numeric exp claim") }
        guard now <= expiry.addingTimeInterval(Self.leeway) else {
            throw ApprovalVerificationError.tokenExpired(expiredAt: expiry, now: now)
        }
        if let notBefore = claims.date("nbf"), now.addingTimeInterval(Self.leeway) < notBefore {
            throw ApprovalVerificationError.tokenNotYetValid(notBefore: notBefore, now: now)
        }
        guard claims.string("nonce") == digest || audiences.contains(boundAudience) else {
            throw ApprovalVerificationError.tokenNotBound(digest: digest)
        }
        for (claim, allowed) in issuer.requiredClaims.sorted(by: { $0.key < $1.key }) {
            let found = claims.string(claim)
            guard let found, allowed.contains(found) else {
                throw ApprovalVerificationError.requiredClaimMismatch(claim: claim, found: found, allowed: allowed, issuer: issuer.issuer)
            }
        }
        guard let claimed = claims.string(issuer.identityClaim) else {
            throw ApprovalVerificationError.identityClaimMissing(claim: issuer.identityClaim, issuer: issuer.issuer)
        }
        let identity = issuer.identity(forClaim: claimed)
        guard identity == statement.approver else {
            throw ApprovalVerificationError.identityMismatch(claim: issuer.identityClaim, found: claimed, approver: statement.approver)
        }
        let tokenID = claims.string("jti") ?? SHA256.hash(data: Data(compact.utf8)).map { String(format: "%02x", $0) }.joined()
        var detail = "oidc \(issuer.issuer)"
        if let subject = claims.string("sub") { detail += " sub=\(subject)" }
        detail += " jti=\(tokenID)"
        return VerifiedIdentity(method: .oidc, principal: identity, detail: detail, tokenID: tokenID)
    }

    /// Header and claims, unverified (only to choose the issuer and key).
    static func decode(_ token: String) throws -> (JWTHeader, OIDCClaims) {
        guard token.split(separator: ".", omittingEmptySubsequences: false).count == 3 else {
            throw ApprovalVerificationError.tokenMalformed("a compact JWT has three dot-separated parts")
        }
        do {
            let parsed = try DefaultJWTParser().parse(Array(token.utf8), as: OIDCClaims.self)
            return (parsed.header, parsed.payload)
        } catch {
            throw ApprovalVerificationError.tokenMalformed("cannot decode it (\(Self.reason(error)))")
        }
    }

    /// Checks the signature with jwt-kit against exactly `jwk`, whose algorithm must be `alg`.
    static func verifySignature(_ token: String, alg: String, with jwk: JWK, issuer: OIDCIssuer) async throws -> OIDCClaims {
        let keyID = jwk.keyIdentifier?.string
        if let keyAlgorithm = jwk.algorithm?.rawValue, keyAlgorithm != alg {
            throw ApprovalVerificationError.tokenAlgorithmRefused("\(alg) with key \"\(keyID ?? "")\", which is for \(keyAlgorithm)")
        }
        let keys = JWTKeyCollection()
        var single = jwk
        if single.keyIdentifier == nil { single.keyIdentifier = JWKIdentifier(string: "") }
        do {
            try await keys.add(jwk: single)
            let algorithm = try await keys.getKey(for: single.keyIdentifier, alg: alg)
            guard algorithm.name == alg else {
                throw ApprovalVerificationError.tokenAlgorithmRefused("\(alg) with key \"\(keyID ?? "")\", which is for \(algorithm.name)")
            }
        } catch let error as ApprovalVerificationError {
            throw error
        } catch {
            throw ApprovalVerificationError.jwksInvalid(url: issuer.jwksURL ?? issuer.discoveryURL, reason: "key \"\(keyID ?? "")\": \(Self.reason(error))")
        }
        do {
            return try await keys.verify(token, as: OIDCClaims.self)
        } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
            throw ApprovalVerificationError.badTokenSignature(issuer: issuer.issuer, keyID: keyID)
        } catch {
            throw ApprovalVerificationError.badTokenSignature(issuer: issuer.issuer, keyID: keyID)
        }
    }

    static func reason(_ error: any Error) -> String {
        if let error = error as? JWTError { return error.reason ?? "\(error.errorType)" }
        return "\(error)"
    }
}
