import Crypto
import Foundation

/// Derived SigV4 signing keys, cached per (secret, day, region, service) in memory only.
///
/// Deriving costs four HMACs; a process signs with few distinct keys a day, so the cache is
/// small and cleared when it grows past `capacity`.
final class SigningKeyCache: @unchecked Sendable {
    // @unchecked Sendable: the mutable state (`entries`, `last`) is read and written under `lock`;
    // the HMAC values handed out are value types (copied, never shared).
    static let shared = SigningKeyCache()

    private struct Key: Hashable {
        var secret: String
        var day: String
        var region: String
        var service: String
    }

    private let lock = NSLock()
    /// An HMAC already keyed with the signing key (its key pads computed): copy, update, finalize.
    private var entries: [Key: HMAC<SHA256>] = [:]
    private var last: (key: Key, hmac: HMAC<SHA256>)?
    private let capacity = 64

    func hmac(secret: String, day: String, region: String, service: String) -> HMAC<SHA256> {
        let cacheKey = Key(secret: secret, day: day, region: region, service: service)
        lock.lock()
        if let last, last.key == cacheKey {
            lock.unlock()
            return last.hmac
        }
        if let hmac = entries[cacheKey] {
            last = (cacheKey, hmac)
            lock.unlock()
            return hmac
        }
        lock.unlock()
        let hmac = HMAC<SHA256>(key: Self.derive(secret: secret, day: day, region: region, service: service))
        lock.lock()
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[cacheKey] = hmac
        last = (cacheKey, hmac)
        lock.unlock()
        return hmac
    }

    /// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request").
    static func derive(secret: String, day: String, region: String, service: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array(("AWS4" + secret).utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return key
    }
}

extension SigV4Signer {
    /// The derived signing key (hex) for tests against the documented examples.
    public static func signingKeyHex(secret: String, day: String, region: String, service: String) -> String {
        SigningKeyCache.derive(secret: secret, day: day, region: region, service: service)
            .withUnsafeBytes { SigV4Encoding.hex($0) }
    }
}
