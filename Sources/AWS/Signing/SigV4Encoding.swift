import Foundation

/// Byte-level helpers for SigV4: RFC 3986 encoding, hex, timestamps, path normalisation.
public enum SigV4Encoding {
    @usableFromInline static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
    @usableFromInline static let upperHexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    @usableFromInline static let unreserved: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(byte)] = true }
        for byte in "-._~".utf8 { table[Int(byte)] = true }
        return table
    }()

    /// Percent-encodes every byte outside `A-Z a-z 0-9 - . _ ~` (and `/` if `keepSlash`), uppercase hex.
    public static func encode(_ text: String, keepSlash: Bool = false) -> String {
        var needs = false
        for byte in text.utf8 where !(unreserved[Int(byte)] || (keepSlash && byte == 0x2F)) {
            needs = true
            break
        }
        if !needs { return text }
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count * 3)
        appendEncoded(text, keepSlash: keepSlash, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @inlinable
    static func appendEncoded(_ text: String, keepSlash: Bool, to out: inout [UInt8]) {
        for byte in text.utf8 {
            if unreserved[Int(byte)] || (keepSlash && byte == 0x2F) {
                out.append(byte)
            } else {
                out.append(0x25)
                out.append(upperHexDigits[Int(byte >> 4)])
                out.append(upperHexDigits[Int(byte & 0x0F)])
            }
        }
    }

    /// Appends `text` percent-encoded twice, keeping `/`: a byte outside the unreserved set
    /// becomes `%25XX` (the encoding of its `%XX`). One pass, no intermediate string.
    @inlinable
    static func appendEncodedTwice(_ text: String, to out: inout [UInt8]) {
        for byte in text.utf8 {
            if unreserved[Int(byte)] || byte == 0x2F {
                out.append(byte)
            } else {
                out.append(0x25)
                out.append(UInt8(ascii: "2"))
                out.append(UInt8(ascii: "5"))
                out.append(upperHexDigits[Int(byte >> 4)])
                out.append(upperHexDigits[Int(byte & 0x0F)])
            }
        }
    }

    /// Decodes `%XX` sequences (a `+` stays a `+`). Invalid sequences are kept as written.
    public static func decode(_ text: String) -> String {
        guard text.utf8.contains(0x25) else { return text }
        var out = [UInt8]()
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x25, index + 2 < bytes.count,
               let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    /// Lowercase hex of `bytes`.
    public static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `yyyyMMdd'T'HHmmss'Z'` in UTC, without a DateFormatter.
    public static func amzDate(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var out = [UInt8]()
        out.reserveCapacity(16)
        func two(_ value: Int32) {
            out.append(UInt8(48 + value / 10))
            out.append(UInt8(48 + value % 10))
        }
        let year = parts.tm_year + 1900
        two(year / 100)
        two(year % 100)
        two(parts.tm_mon + 1)
        two(parts.tm_mday)
        out.append(UInt8(ascii: "T"))
        two(parts.tm_hour)
        two(parts.tm_min)
        two(parts.tm_sec)
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses `yyyyMMdd'T'HHmmss'Z'`.
    public static func parseAmzDate(_ text: String) -> Date? {
        let digits = Array(text.utf8)
        guard digits.count == 16, digits[8] == UInt8(ascii: "T"), digits[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int32? {
            var value: Int32 = 0
            for index in range {
                let byte = digits[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int32(byte - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
              let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15)
        else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    /// Removes `.` and `..` segments and collapses repeated `/` (every service but S3).
    public static func normalizedPath(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." {
                if !segments.isEmpty { segments.removeLast() }
                continue
            }
            segments.append(segment)
        }
        if segments.isEmpty { return "/" }
        var result = "/" + segments.joined(separator: "/")
        if path.hasSuffix("/") { result += "/" }
        return result
    }
}
