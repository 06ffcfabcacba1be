import Foundation

/// Reads the SSH wire encoding (RFC 4251 §5): `uint32` lengths, `string`s and `mpint`s.
struct SSHWireReader {
    private let bytes: [UInt8]
    private var offset = 0
    /// What is being read, for error messages ("public key", "signature").
    let context: String

    init(_ data: some Collection<UInt8>, context: String) {
        bytes = Array(data)
        self.context = context
    }

    var isAtEnd: Bool { offset == bytes.count }
    var remaining: Int { bytes.count - offset }

    mutating func readBytes(_ count: Int) throws -> [UInt8] {
        guard count >= 0, count <= remaining else {
            throw SSHWireError(context: context, reason: "needs \(count) more bytes, \(remaining) left (truncated)")
        }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    mutating func readUInt32() throws -> UInt32 {
        let raw = try readBytes(4)
        return raw.reduce(0) { ($0 << 8) | UInt32($1) }
    }

    /// A length-prefixed byte string.
    mutating func readString() throws -> [UInt8] {
        let length = try readUInt32()
        guard length <= UInt32(remaining) else {
            throw SSHWireError(context: context, reason: "a field claims \(length) bytes, \(remaining) left (truncated)")
        }
        return try readBytes(Int(length))
    }

    /// A length-prefixed string that must be UTF-8 text.
    mutating func readText() throws -> String {
        let raw = try readString()
        guard let text = String(bytes: raw, encoding: .utf8) else {
            throw SSHWireError(context: context, reason: "a text field is not UTF-8")
        }
        return text
    }

    /// An `mpint`, returned as its unsigned big-endian magnitude without leading zeros.
    mutating func readPositiveMPInt() throws -> [UInt8] {
        let raw = try readString()
        if let first = raw.first, first & 0x80 != 0 {
            throw SSHWireError(context: context, reason: "an mpint is negative")
        }
        return Array(raw.drop { $0 == 0 })
    }

    func expectEnd() throws {
        guard isAtEnd else { throw SSHWireError(context: context, reason: "\(remaining) unexpected trailing bytes") }
    }
}

/// A malformed SSH wire structure; turned into `ApprovalVerificationError` by callers.
struct SSHWireError: Error, CustomStringConvertible {
    var context: String
    var reason: String
    var description: String { "\(context): \(reason)" }
}
