import ApprovalSignatures
import Foundation

/// Statements the suites sign and verify.
enum Fixtures {
    /// 2026-12-02T01:00:00Z.
    static let issuedAt = Date(timeIntervalSince1970: 1_796_173_200)

    static func statement(approver: String = "lead@bbws.example", run: String = "r-20261202-1", stage: String = "prod",
                          commit: String? = "4f2c9a1e0b7d3c5a6e8f9a0b1c2d3e4f5a6b7c8d", planHash: String? = "9c1d3e", decision: ApprovalStatement.Decision = .approve,
                          reason: String? = nil, nonce: String = "00112233445566778899aabbccddeeff") -> ApprovalStatement {
        ApprovalStatement(pipeline: "bbws-infrastructure", run: run, stage: stage, environment: "prod", commit: commit,
                          planHash: planHash, role: "Tech Lead", approver: approver, decision: decision, reason: reason,
                          issuedAt: issuedAt, nonce: nonce)
    }
}
