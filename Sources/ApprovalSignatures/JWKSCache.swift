import Foundation
import JWTKit

/// Issuers' key sets as last fetched, so one verifier checking several approvals fetches each
/// issuer's discovery document and JWKS once per `lifetime` (and again on an unknown `kid`).
actor JWKSCache {
    private var entries: [String: (keys: JWKS, fetchedAt: Date)] = [:]
    let lifetime: TimeInterval

    init(lifetime: TimeInterval) {
        self.lifetime = lifetime
    }

    /// The cached set for `issuer` if it was fetched less than `lifetime` ago (wall clock).
    func keys(for issuer: String) -> JWKS? {
        guard let entry = entries[issuer], Date().timeIntervalSince(entry.fetchedAt) < lifetime else { return nil }
        return entry.keys
    }

    func store(_ keys: JWKS, for issuer: String) {
        entries[issuer] = (keys, Date())
    }
}
