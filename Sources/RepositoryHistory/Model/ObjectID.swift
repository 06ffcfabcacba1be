import CLibgit2

/// The id of any Git object (blob, tree, commit, tag): its hash, as lower-case hex.
public struct ObjectID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The full hash in lower-case hexadecimal (40 characters for SHA-1).
    public let hex: String

    /// Accepts a full hash (40 or 64 hex digits, any case); nil for anything else.
    public init?(hex: String) {
        guard let normalized = ObjectID.normalizedFullHash(hex) else { return nil }
        self.hex = normalized
    }

    init(oid: git_oid) {
        self.hex = ObjectID.hexString(oid)
    }

    /// The first `length` hex digits (7 by default, as `git log --oneline` shows).
    public func abbreviated(_ length: Int = 7) -> String {
        String(hex.prefix(max(4, length)))
    }

    public var description: String { hex }

    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool { lhs.hex < rhs.hex }

    /// The libgit2 form of this id.
    var oid: git_oid {
        var oid = git_oid()
        let code = hex.withCString { git_oid_fromstrn(&oid, $0, hex.utf8.count) }
        precondition(code == 0, "ObjectID holds a validated hash: \(hex)")
        return oid
    }

    static func normalizedFullHash(_ text: String) -> String? {
        let lower = text.lowercased()
        guard lower.utf8.count == 40 || lower.utf8.count == 64 else { return nil }
        guard lower.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { return nil }
        return lower
    }

    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    static func hexString(_ oid: git_oid) -> String {
        withUnsafeBytes(of: oid.id) { raw in
            String(unsafeUninitializedCapacity: raw.count * 2) { buffer in
                var index = 0
                for byte in raw {
                    buffer[index] = digits[Int(byte >> 4)]
                    buffer[index + 1] = digits[Int(byte & 0x0F)]
                    index += 2
                }
                return index
            }
        }
    }
}

/// The id of a commit. Distinct from ``ObjectID`` so a blob id cannot be passed where a
/// commit is expected.
public struct CommitID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The full hash in lower-case hexadecimal.
    public let hex: String

    /// Accepts a full commit hash (40 or 64 hex digits); nil otherwise. Use
    /// ``Repository/resolve(_:)`` for short ids, branch and tag names.
    public init?(hex: String) {
        guard let normalized = ObjectID.normalizedFullHash(hex) else { return nil }
        self.hex = normalized
    }

    init(oid: git_oid) {
        self.hex = ObjectID.hexString(oid)
    }

    /// The first `length` hex digits (7 by default).
    public func abbreviated(_ length: Int = 7) -> String {
        String(hex.prefix(max(4, length)))
    }

    public var description: String { hex }

    public static func < (lhs: CommitID, rhs: CommitID) -> Bool { lhs.hex < rhs.hex }

    var oid: git_oid { ObjectID(hexUnchecked: hex).oid }
}

extension ObjectID {
    init(hexUnchecked: String) { self.hex = hexUnchecked }
}
