import ApprovalSignatures
import Foundation
import PipelineModel
import PipelineTesting
import TestTiers
import Testing

/// Tokens signed with jwt-kit by a real issuer on loopback (discovery + JWKS over HTTP).
@Suite(.fast) struct OIDCIdentityVerifierTests {
    static let audience = "pipeline-approvals"
    let issuer: TestJWKSIssuer
    let verifier: OIDCIdentityVerifier
    let statement = Fixtures.statement(approver: "octo-lead")
    let now = Date()

    init() throws {
        issuer = try TestJWKSIssuer()
        verifier = OIDCIdentityVerifier(issuers: [
            OIDCIssuer(issuer: "https://token.actions.githubusercontent.com", audience: Self.audience, identityClaim: "actor"),
            OIDCIssuer(issuer: issuer.issuer, audience: Self.audience, identityClaim: "actor"),
        ])
    }

    func claims(audience: [String] = [audience], nonce: String? = nil) -> TestClaims {
        issuer.claims(approver: "octo-lead", audience: audience, nonce: nonce ?? statement.digest, now: now)
    }

    func expectRefused(_ token: String, _ expected: ApprovalVerificationError, sourceLocation: Testing.SourceLocation = #_sourceLocation) async {
        await #expect(throws: expected, sourceLocation: sourceLocation) { try await verifier.verify(statement, token: token, at: now) }
    }

    @Test(arguments: [TestJWKSIssuer.Signer.rs256, .es256])
    func nonceBoundTokensAreAccepted(_ signer: TestJWKSIssuer.Signer) async throws {
        let claims = claims()
        let identity = try await verifier.verify(statement, token: try await issuer.token(claims, signer: signer), at: now)
        #expect(identity == VerifiedIdentity(method: .oidc, principal: "octo-lead",
                                              detail: "oidc \(issuer.issuer) sub=\(claims.sub!) jti=\(claims.jti!)", tokenID: claims.jti))
        // discovery + JWKS were fetched over HTTP from the issuer
        #expect(issuer.server.requests.map(\.path) == ["/.well-known/openid-configuration", "/jwks"])
    }

    @Test(arguments: [TestJWKSIssuer.Signer.rs256, .es256])
    func audienceBoundTokensAreAccepted(_ signer: TestJWKSIssuer.Signer) async throws {
        var claims = claims(audience: ["\(Self.audience):\(statement.digest)"])
        claims.nonce = nil
        claims.jti = nil
        let token = try await issuer.token(claims, signer: signer)
        let identity = try await verifier.verify(statement, token: token, at: now)
        #expect(identity.principal == "octo-lead")
        #expect(identity.tokenID?.count == 64)  // no jti: SHA-256 of the token
    }

    @Test func aConfiguredJWKSURLSkipsDiscovery() async throws {
        let direct = OIDCIdentityVerifier(issuers: [OIDCIssuer(issuer: issuer.issuer, audience: Self.audience, identityClaim: "actor", jwksURL: issuer.jwksURL)])
        _ = try await direct.verify(statement, token: try await issuer.token(claims()), at: now)
        #expect(issuer.server.requests.map(\.path) == ["/jwks"])
    }

    @Test func keysAreFetchedOnceAndAgainForAnUnknownKid() async throws {
        _ = try await verifier.verify(statement, token: try await issuer.token(claims()), at: now)
        _ = try await verifier.verify(statement, token: try await issuer.token(claims(), signer: .es256), at: now)
        #expect(issuer.server.requestCount == 2)
        await expectRefused(try await issuer.token(claims(), kid: "rotated-in"), .unknownKeyID("rotated-in", issuer: issuer.issuer, known: ["rsa-1", "ec-1"]))
        #expect(issuer.server.requestCount == 4)
        let uncached = OIDCIdentityVerifier(issuers: verifier.issuers, keyCacheLifetime: 0)
        _ = try await uncached.verify(statement, token: try await issuer.token(claims()), at: now)
        _ = try await uncached.verify(statement, token: try await issuer.token(claims()), at: now)
        #expect(issuer.server.requestCount == 8)
    }

    @Test func wrongIssuerIsRefused() async throws {
        var claims = claims()
        claims.iss = "https://evil.example"
        await expectRefused(try await issuer.token(claims), .unknownIssuer(
            "https://evil.example", configured: ["https://token.actions.githubusercontent.com", issuer.issuer]))
    }

    @Test func wrongAudienceIsRefused() async throws {
        await expectRefused(try await issuer.token(claims(audience: ["sts.amazonaws.com"])), .wrongAudience(found: ["sts.amazonaws.com"], expected: Self.audience))
        await expectRefused(try await issuer.token(claims(audience: ["\(Self.audience)x", "other:\(statement.digest)"])),
                            .wrongAudience(found: ["\(Self.audience)x", "other:\(statement.digest)"], expected: Self.audience))
    }

    @Test func aSignatureByAnotherKeyWithTheSameKidIsRefused() async throws {
        await expectRefused(try await issuer.token(claims(), signer: .impostorRS256), .badTokenSignature(issuer: issuer.issuer, keyID: "rsa-1"))
    }

    @Test func aTamperedPayloadIsRefused() async throws {
        let token = try await issuer.token(claims(), signer: .es256)
        var other = claims()
        other.actor = "someone-else"
        let parts = token.split(separator: ".")
        let forged = [String(parts[0]), TestJWKSIssuer.base64URL(try JSONEncoder().encode(other)), String(parts[2])].joined(separator: ".")
        await expectRefused(forged, .badTokenSignature(issuer: issuer.issuer, keyID: "ec-1"))
    }

    @Test func expiredAndNotYetValidTokensAreRefused() async throws {
        let expired = issuer.claims(approver: "octo-lead", audience: [Self.audience], nonce: statement.digest, now: now.addingTimeInterval(-600), expiresIn: 300)
        await expectRefused(try await issuer.token(expired), .tokenExpired(expiredAt: Date(timeIntervalSince1970: expired.exp!), now: now))
        let early = issuer.claims(approver: "octo-lead", audience: [Self.audience], nonce: statement.digest, now: now, notBeforeOffset: 120)
        await expectRefused(try await issuer.token(early), .tokenNotYetValid(notBefore: Date(timeIntervalSince1970: early.nbf!), now: now))
        // within the 60 s leeway both are accepted
        let justExpired = issuer.claims(approver: "octo-lead", audience: [Self.audience], nonce: statement.digest, now: now.addingTimeInterval(-330), expiresIn: 300)
        _ = try await verifier.verify(statement, token: try await issuer.token(justExpired), at: now)
        let slightlyEarly = issuer.claims(approver: "octo-lead", audience: [Self.audience], nonce: statement.digest, now: now, notBeforeOffset: 30)
        _ = try await verifier.verify(statement, token: try await issuer.token(slightlyEarly), at: now)
    }

    @Test func algNoneAndHMACTokensAreRefused() async throws {
        await expectRefused(try issuer.unsignedToken(claims()), .tokenAlgorithmRefused("none"))
        await expectRefused(try await issuer.token(claims(), signer: .hs256), .tokenAlgorithmRefused("HS256"))
    }

    @Test func anUnknownKidIsRefused() async throws {
        await expectRefused(try await issuer.token(claims(), kid: "rotated-away"), .unknownKeyID("rotated-away", issuer: issuer.issuer, known: ["rsa-1", "ec-1"]))
    }

    @Test func aKeyOfAnotherAlgorithmIsRefused() async throws {
        // An ES256 token presented under the RSA key's kid.
        await expectRefused(try await issuer.token(claims(), signer: .es256, kid: "rsa-1"), .tokenAlgorithmRefused("ES256 with key \"rsa-1\", which is for RS256"))
    }

    @Test func tokensNotBoundToThisStatementAreRefused() async throws {
        var unbound = claims()
        unbound.nonce = nil
        await expectRefused(try await issuer.token(unbound), .tokenNotBound(digest: statement.digest))
        let other = Fixtures.statement(approver: "octo-lead", run: "r-20261202-2")
        await expectRefused(try await issuer.token(claims(nonce: other.digest)), .tokenNotBound(digest: statement.digest))
        var otherAudience = claims(audience: [Self.audience, "\(Self.audience):\(other.digest)"])
        otherAudience.nonce = nil
        await expectRefused(try await issuer.token(otherAudience), .tokenNotBound(digest: statement.digest))
    }

    @Test func identityClaimMissingOrDifferentIsRefused() async throws {
        var anonymous = claims()
        anonymous.actor = nil
        await expectRefused(try await issuer.token(anonymous), .identityClaimMissing(claim: "actor", issuer: issuer.issuer))
        var someoneElse = claims()
        someoneElse.actor = "octo-intern"
        await expectRefused(try await issuer.token(someoneElse), .identityMismatch(claim: "actor", found: "octo-intern", approver: "octo-lead"))
    }

    @Test func malformedTokensAreRefused() async throws {
        for token in ["", "a.b", "not.a.jwt", "eyJhbGciOiJSUzI1NiJ9.!!!.sig"] {
            do {
                _ = try await verifier.verify(statement, token: token, at: now)
                Issue.record("accepted \(token)")
            } catch let error as ApprovalVerificationError {
                guard case .tokenMalformed = error else { Issue.record("\(token): \(error)"); continue }
                #expect(error.isUserError)
            }
        }
    }

    /// A token minted in another repository's job, by another workflow or on another event
    /// does not approve, though signed by the issuer for the right person and statement.
    @Test func requiredClaimsPinWhereATokenComesFrom() async throws {
        let pinned = OIDCIdentityVerifier(issuers: [OIDCIssuer(
            issuer: issuer.issuer, audience: Self.audience, identityClaim: "actor",
            requiredClaims: ["repository": ["bbws/infra"], "job_workflow_ref": ["bbws/infra/.github/workflows/approve.yml@refs/heads/main"],
                             "event_name": ["workflow_dispatch"]])])
        var good = claims()
        good.repository = "bbws/infra"
        good.jobWorkflowRef = "bbws/infra/.github/workflows/approve.yml@refs/heads/main"
        good.eventName = "workflow_dispatch"
        #expect(try await pinned.verify(statement, token: try await issuer.token(good), at: now).principal == "octo-lead")
        var elsewhere = good
        elsewhere.repository = "someone/else"
        await #expect(throws: ApprovalVerificationError.requiredClaimMismatch(
            claim: "repository", found: "someone/else", allowed: ["bbws/infra"], issuer: issuer.issuer)) {
            try await pinned.verify(statement, token: try await issuer.token(elsewhere), at: now)
        }
        var otherWorkflow = good
        otherWorkflow.jobWorkflowRef = "bbws/infra/.github/workflows/ci.yml@refs/heads/feature"
        await #expect(throws: ApprovalVerificationError.requiredClaimMismatch(
            claim: "job_workflow_ref", found: otherWorkflow.jobWorkflowRef, allowed: [good.jobWorkflowRef!], issuer: issuer.issuer)) {
            try await pinned.verify(statement, token: try await issuer.token(otherWorkflow), at: now)
        }
        var pullRequest = good
        pullRequest.eventName = "pull_request"
        await #expect(throws: ApprovalVerificationError.requiredClaimMismatch(
            claim: "event_name", found: "pull_request", allowed: ["workflow_dispatch"], issuer: issuer.issuer)) {
            try await pinned.verify(statement, token: try await issuer.token(pullRequest), at: now)
        }
        var unclaimed = good
        unclaimed.repository = nil
        await #expect(throws: ApprovalVerificationError.requiredClaimMismatch(
            claim: "repository", found: nil, allowed: ["bbws/infra"], issuer: issuer.issuer)) {
            try await pinned.verify(statement, token: try await issuer.token(unclaimed), at: now)
        }
    }
}
