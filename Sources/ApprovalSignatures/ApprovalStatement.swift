import Crypto
import Foundation

/// What an approver signs: one decision on one gate of one run.
///
/// Its signed form is `canonicalData()`: a JSON object with keys sorted by their UTF-8 bytes, no
/// whitespace, dates as ISO-8601 UTC whole seconds ("2026-12-02T01:00:00Z"), nil fields omitted.
public struct ApprovalStatement: Codable, Sendable, Equatable {
    /// The SSHSIG namespace approvals are signed in (`ssh-keygen -Y sign -n pipeline-approval`).
    public static let namespace = "pipeline-approval"
    /// The only statement format version this library reads and writes.
    public static let currentVersion = 1

    public enum Decision: String, Codable, Sendable { case approve, reject }

    public var version: Int
    public var pipeline: String
    public var run: String
    public var stage: String
    public var environment: String?
    public var commit: String?
    public var planHash: String?
    public var role: String
    public var approver: String
    public var decision: Decision
    /// Required when `decision` is `.reject`.
    public var reason: String?
    /// Truncated to whole seconds (the canonical form carries whole seconds only).
    public var issuedAt: Date
    /// 32 lowercase hex characters; `ApprovalStatement.makeNonce()`.
    public var nonce: String

    public init(version: Int = ApprovalStatement.currentVersion, pipeline: String, run: String, stage: String,
                environment: String? = nil, commit: String? = nil, planHash: String? = nil, role: String, approver: String,
                decision: Decision = .approve, reason: String? = nil, issuedAt: Date = Date(),
                nonce: String = ApprovalStatement.makeNonce()) {
        self.version = version
        self.pipeline = pipeline
        self.run = run
        self.stage = stage
        self.environment = environment
        self.commit = commit
        self.planHash = planHash
        self.role = role
        self.approver = approver
        self.decision = decision
        self.reason = reason
        self.issuedAt = Date(timeIntervalSince1970: floor(issuedAt.timeIntervalSince1970))
        self.nonce = nonce
    }

    /// 16 random bytes (system CSPRNG) as 32 lowercase hex characters.
    public static func makeNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// Lowercase hex SHA-256 of `canonicalData()`: what an OIDC token binds to.
    public var digest: String {
        SHA256.hash(data: canonicalData()).map { String(format: "%02x", $0) }.joined()
    }

    /// Throws `malformedStatement` naming the field when the statement cannot be signed or counted:
    /// unknown version, empty required field, nonce not 32 lowercase hex characters, reject
    /// without a reason.
    public func validate() throws {
        guard version == Self.currentVersion else {
            throw ApprovalVerificationError.malformedStatement("version is \(version); this runner reads version \(Self.currentVersion)")
        }
        for (name, value) in [("pipeline", pipeline), ("run", run), ("stage", stage), ("role", role), ("approver", approver)]
        where value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ApprovalVerificationError.malformedStatement("\(name) is empty")
        }
        let hex = Set("0123456789abcdef")
        guard nonce.count == 32, nonce.allSatisfy({ hex.contains($0) }) else {
            throw ApprovalVerificationError.malformedStatement("nonce must be 32 lowercase hex characters (ApprovalStatement.makeNonce())")
        }
        if decision == .reject, (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ApprovalVerificationError.malformedStatement("a reject decision needs a reason")
        }
        guard issuedAt.timeIntervalSince1970.rounded(.down) == issuedAt.timeIntervalSince1970 else {
            throw ApprovalVerificationError.malformedStatement("issuedAt must be whole seconds")
        }
    }
}
