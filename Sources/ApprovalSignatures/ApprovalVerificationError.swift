import Foundation
import PipelineBasics

/// Why a signed approval was not accepted (or could not be made). Each description names what
/// was wrong and, where there is one, what to do.
public enum ApprovalVerificationError: Error, PipelineError, CustomStringConvertible, Equatable {
    // Statements
    case malformedStatement(String)
    case nonCanonicalStatement

    // SSH keys, allowed signers, signatures
    case malformedPublicKey(String)
    case invalidAllowedSigners(source: String, line: Int, reason: String)
    case malformedSignature(String)
    case unsupportedAlgorithm(String)
    case wrongNamespace(expected: String, found: String)
    case unlistedKey(fingerprint: String)
    case keyNotAllowedForPrincipal(principal: String, key: String, principals: [String])
    case keyNotValidAt(key: String, at: Date, reason: String)
    case namespaceNotAllowedForKey(key: String, namespace: String, allowed: [String])
    case badSignature(key: String)
    case signingFailed(keyFile: String, status: Int32?, stderr: String)

    // OIDC tokens
    case tokenMalformed(String)
    case tokenAlgorithmRefused(String)
    case unknownIssuer(String, configured: [String])
    case wrongAudience(found: [String], expected: String)
    case tokenExpired(expiredAt: Date, now: Date)
    case tokenNotYetValid(notBefore: Date, now: Date)
    case badTokenSignature(issuer: String, keyID: String?)
    case unknownKeyID(String?, issuer: String, known: [String])
    case tokenNotBound(digest: String)
    case identityClaimMissing(claim: String, issuer: String)
    case identityMismatch(claim: String, found: String, approver: String)
    case jwksFetchFailed(url: String, status: Int?, reason: String)
    case jwksInvalid(url: String, reason: String)
    case requiredClaimMismatch(claim: String, found: String?, allowed: [String], issuer: String)
    case ambiguousSigner(source: String, line: Int, reason: String)

    /// False for failures reaching or reading the issuer's keys (retrying may help; the approver
    /// cannot fix them); true for everything about the statement, signature or token.
    public var isUserError: Bool {
        switch self {
        case .jwksFetchFailed, .jwksInvalid: false
        default: true
        }
    }

    public var description: String {
        switch self {
        case .malformedStatement(let reason):
            "approval statement is invalid: \(reason)"
        case .nonCanonicalStatement:
            "approval statement is not in canonical form (sorted keys, no whitespace, ISO-8601 UTC seconds): sign exactly the bytes `ApprovalStatement.canonicalData()` produces"
        case .malformedPublicKey(let reason):
            "SSH public key is malformed: \(reason)"
        case .invalidAllowedSigners(let source, let line, let reason):
            "\(source):\(line): \(reason)"
        case .malformedSignature(let reason):
            "SSH signature is malformed: \(reason); pass the whole armored output of `ssh-keygen -Y sign`"
        case .unsupportedAlgorithm(let what):
            "unsupported: \(what)"
        case .wrongNamespace(let expected, let found):
            "SSH signature was made for namespace \"\(found)\", not \"\(expected)\": sign with `ssh-keygen -Y sign -n \(expected)`"
        case .unlistedKey(let fingerprint):
            "SSH key \(fingerprint) is not listed among the allowed signers"
        case .keyNotAllowedForPrincipal(let principal, let key, let principals):
            "SSH key \(key) is not allowed to sign as \"\(principal)\"; it is listed for: \(principals.joined(separator: ", "))"
        case .keyNotValidAt(let key, let at, let reason):
            "SSH key \(key) is not valid at \(ApprovalStatement.formatDate(at)): \(reason)"
        case .namespaceNotAllowedForKey(let key, let namespace, let allowed):
            "SSH key \(key) may sign only in namespaces \(allowed.joined(separator: ",")), not \"\(namespace)\""
        case .badSignature(let key):
            "SSH signature by \(key) does not verify over this approval statement (the statement or the signature was changed, or it was signed for another statement)"
        case .signingFailed(let keyFile, let status, let stderr):
            "ssh-keygen -Y sign with \(keyFile) failed\(status.map { " (exit \($0))" } ?? ""): \(stderr)"
        case .tokenMalformed(let reason):
            "OIDC token is malformed: \(reason)"
        case .tokenAlgorithmRefused(let alg):
            "OIDC token algorithm \(alg) is refused: only issuer-signed RS256/RS384/RS512/PS256/PS384/PS512/ES256/ES384/ES512 tokens are accepted"
        case .unknownIssuer(let issuer, let configured):
            "OIDC token issuer \"\(issuer)\" is not one of the configured issuers (\(configured.joined(separator: ", ")))"
        case .wrongAudience(let found, let expected):
            "OIDC token audience [\(found.joined(separator: ", "))] contains neither \"\(expected)\" nor \"\(expected):<statement digest>\""
        case .tokenExpired(let expiredAt, let now):
            "OIDC token expired at \(ApprovalStatement.formatDate(expiredAt)) (now \(ApprovalStatement.formatDate(now)), 60 s leeway): request a new token"
        case .tokenNotYetValid(let notBefore, let now):
            "OIDC token is not valid before \(ApprovalStatement.formatDate(notBefore)) (now \(ApprovalStatement.formatDate(now)), 60 s leeway): check the clock"
        case .badTokenSignature(let issuer, let keyID):
            "OIDC token signature does not verify with \(issuer)'s key\(keyID.map { " \"\($0)\"" } ?? "")"
        case .unknownKeyID(let keyID, let issuer, let known):
            "OIDC token key id \(keyID.map { "\"\($0)\"" } ?? "(none)") is not in \(issuer)'s JWKS (keys: \(known.isEmpty ? "none" : known.joined(separator: ", ")))"
        case .tokenNotBound(let digest):
            "OIDC token is not bound to this approval statement: it needs claim nonce=\(digest) or audience \"<audience>:\(digest)\""
        case .identityClaimMissing(let claim, let issuer):
            "OIDC token from \(issuer) has no string claim \"\(claim)\" to identify the approver"
        case .identityMismatch(let claim, let found, let approver):
            "OIDC token identifies \(claim)=\"\(found)\", but the statement's approver is \"\(approver)\""
        case .jwksFetchFailed(let url, let status, let reason):
            "fetching OIDC keys from \(url) failed\(status.map { " (HTTP \($0))" } ?? ""): \(reason)"
        case .jwksInvalid(let url, let reason):
            "OIDC keys from \(url) are unusable: \(reason)"
        case .requiredClaimMismatch(let claim, let found, let allowed, let issuer):
            "OIDC token from \(issuer) has \(claim)=\(found.map { "\"\($0)\"" } ?? "nothing"), but the pipeline accepts only \(allowed.map { "\"\($0)\"" }.joined(separator: " or ")): it was not minted where approvals come from"
        case .ambiguousSigner(let source, let line, let reason):
            "\(source):\(line): \(reason); one key is one person: give each approver their own key under their own name alone"
        }
    }
}
