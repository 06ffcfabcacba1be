import Crypto
import Foundation

/// Builds SigV4 canonical requests and strings to sign as bytes, without intermediate Strings.
///
/// Header names/values and query items are written into one scratch buffer and sorted by
/// ranges into it, so signing allocates a handful of buffers whatever the request's size.
struct SigV4Canonicalizer {
    private var scratch: [UInt8] = []
    private var headers: [(name: Range<Int>, value: Range<Int>, order: Int)] = []

    static let unsignedNames: [[UInt8]] = SigV4Signer.unsignedHeaderNames.map { Array($0.utf8) }

    /// Appends the canonical headers block to `out` and returns the signed header names (`a;b;c`).
    mutating func appendHeaders(_ fields: [AWSHTTPHeaders.Field], host: String, to out: inout [UInt8]) -> [UInt8] {
        scratch.removeAll(keepingCapacity: true)
        headers.removeAll(keepingCapacity: true)
        var hasHost = false
        for (order, field) in fields.enumerated() {
            let nameStart = scratch.count
            for byte in field.name.utf8 { scratch.append(byte >= 65 && byte <= 90 ? byte + 32 : byte) }
            let name = nameStart..<scratch.count
            if isUnsigned(name) { scratch.removeSubrange(name); continue }
            if scratch[name].elementsEqual("host".utf8) { hasHost = true }
            let valueStart = scratch.count
            appendTrimmed(field.value)
            headers.append((name, valueStart..<scratch.count, order))
        }
        if !hasHost {
            let nameStart = scratch.count
            scratch.append(contentsOf: "host".utf8)
            let valueStart = scratch.count
            scratch.append(contentsOf: host.utf8)
            headers.append((nameStart..<valueStart, valueStart..<scratch.count, fields.count))
        }
        scratch.withUnsafeBufferPointer { bytes in
            headers.sort { lhs, rhs in
                let a = bytes[lhs.name], b = bytes[rhs.name]
                if a.elementsEqual(b) { return lhs.order < rhs.order }
                return a.lexicographicallyPrecedes(b)
            }
        }
        var signed: [UInt8] = []
        signed.reserveCapacity(64)
        var index = 0
        while index < headers.count {
            let name = headers[index].name
            out.append(contentsOf: scratch[name])
            out.append(UInt8(ascii: ":"))
            out.append(contentsOf: scratch[headers[index].value])
            index += 1
            while index < headers.count, scratch[headers[index].name].elementsEqual(scratch[name]) {
                out.append(UInt8(ascii: ","))
                out.append(contentsOf: scratch[headers[index].value])
                index += 1
            }
            out.append(0x0A)
            if !signed.isEmpty { signed.append(UInt8(ascii: ";")) }
            signed.append(contentsOf: scratch[name])
        }
        return signed
    }

    private func isUnsigned(_ name: Range<Int>) -> Bool {
        for candidate in Self.unsignedNames where candidate.count == name.count && scratch[name].elementsEqual(candidate) {
            return true
        }
        return false
    }

    /// Trims, and collapses each whitespace run (folded lines included) to one space.
    private mutating func appendTrimmed(_ value: String) {
        if Self.isAlreadyTrimmed(value) {
            scratch.append(contentsOf: value.utf8)
            return
        }
        var pendingSpace = false
        var wrote = false
        for byte in value.utf8 {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                pendingSpace = wrote
            } else {
                if pendingSpace { scratch.append(0x20) }
                pendingSpace = false
                wrote = true
                scratch.append(byte)
            }
        }
    }

    /// No leading/trailing whitespace, no tab or line break, no double space: copy as is.
    static func isAlreadyTrimmed(_ value: String) -> Bool {
        var previousSpace = true
        for byte in value.utf8 {
            if byte == 0x09 || byte == 0x0A || byte == 0x0D { return false }
            let space = byte == 0x20
            if space && previousSpace { return false }
            previousSpace = space
        }
        return !previousSpace || value.isEmpty
    }

    /// Appends the canonical query: items encoded once, sorted by name then value.
    mutating func appendQuery(_ items: [AWSQueryItem], to out: inout [UInt8]) {
        guard !items.isEmpty else { return }
        scratch.removeAll(keepingCapacity: true)
        var pairs: [(name: Range<Int>, value: Range<Int>)] = []
        pairs.reserveCapacity(items.count)
        for item in items {
            let nameStart = scratch.count
            SigV4Encoding.appendEncoded(item.name, keepSlash: false, to: &scratch)
            let valueStart = scratch.count
            SigV4Encoding.appendEncoded(item.value ?? "", keepSlash: false, to: &scratch)
            pairs.append((nameStart..<valueStart, valueStart..<scratch.count))
        }
        scratch.withUnsafeBufferPointer { bytes in
            pairs.sort { lhs, rhs in
                let a = bytes[lhs.name], b = bytes[rhs.name]
                if a.elementsEqual(b) { return bytes[lhs.value].lexicographicallyPrecedes(bytes[rhs.value]) }
                return a.lexicographicallyPrecedes(b)
            }
        }
        for (index, pair) in pairs.enumerated() {
            if index > 0 { out.append(UInt8(ascii: "&")) }
            out.append(contentsOf: scratch[pair.name])
            out.append(UInt8(ascii: "="))
            out.append(contentsOf: scratch[pair.value])
        }
    }

    /// Appends the canonical URI of a request whose wire path is `rawPath`, or `path` encoded once.
    ///
    /// Every service but S3 signs the wire path normalised (if asked) and URI-encoded once more,
    /// so a reserved byte of the decoded path appears as `%25XX`. S3 signs the wire path as is.
    static func appendURI(path: String, rawPath: String?, normalize: Bool, encodeTwice: Bool, to out: inout [UInt8]) {
        if let rawPath {
            let base = rawPath.isEmpty ? "/" : rawPath
            let source = normalize && needsNormalization(base) ? SigV4Encoding.normalizedPath(base) : base
            if encodeTwice {
                SigV4Encoding.appendEncoded(source, keepSlash: true, to: &out)
            } else {
                out.append(contentsOf: source.utf8)
            }
            return
        }
        // Encoding keeps `/` and `.`, so normalising the decoded path equals normalising the wire path.
        let base = path.isEmpty ? "/" : path
        let source = normalize && needsNormalization(base) ? SigV4Encoding.normalizedPath(base) : base
        if encodeTwice {
            SigV4Encoding.appendEncodedTwice(source, to: &out)
        } else {
            SigV4Encoding.appendEncoded(source, keepSlash: true, to: &out)
        }
    }

    /// True if the path has `//`, a `.` or `..` segment.
    static func needsNormalization(_ path: String) -> Bool {
        var previous: UInt8 = 0
        var segmentStart = true
        var dots = 0
        for byte in path.utf8 {
            if byte == 0x2F {
                if previous == 0x2F || (segmentStart && dots > 0 && dots <= 2) { return true }
                segmentStart = true
                dots = 0
            } else if byte == UInt8(ascii: ".") && segmentStart {
                dots += 1
            } else {
                segmentStart = false
                dots = 0
            }
            previous = byte
        }
        return segmentStart && dots > 0 && dots <= 2
    }

    /// Appends lowercase hex of `bytes`.
    static func appendHex<Bytes: Sequence>(_ bytes: Bytes, to out: inout [UInt8]) where Bytes.Element == UInt8 {
        for byte in bytes {
            out.append(SigV4Encoding.hexDigits[Int(byte >> 4)])
            out.append(SigV4Encoding.hexDigits[Int(byte & 0x0F)])
        }
    }
}
