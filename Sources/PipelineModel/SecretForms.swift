import Foundation
#if !FUZZING  // the fuzz targets compile PipelineBasics' sources into their own module
import PipelineBasics
#endif

/// The forms of a secret that are masked (``SecretMasker`` in the engine) and that a stored
/// pipeline document must not hold: the value and each of its lines (trimmed, at least
/// ``minimumLength`` characters), and for each of those its JSON, URL, XML, hex and base64
/// encodings, as GitHub's runner masks them. Forms shorter than ``minimumLength`` are left out;
/// base64 forms are derived for values of at least ``minimumBase64Bytes`` bytes only (shorter
/// ones would be 1–6 characters that ordinary text is full of).
public enum SecretForms {
    public static let minimumLength = 4
    public static let minimumBase64Bytes = 6

    public static func of(_ value: String) -> Set<String> {
        var pieces: [String] = [value]
        if value.contains(where: \.isNewline) {
            for line in value.split(whereSeparator: \.isNewline) {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.count >= minimumLength { pieces.append(trimmed) }
            }
        }
        var forms: Set<String> = []
        for piece in pieces {
            forms.insert(piece)
            forms.insert(jsonEscaped(piece, slashes: false, ascii: false))
            forms.insert(jsonEscaped(piece, slashes: true, ascii: false))
            forms.insert(jsonEscaped(piece, slashes: false, ascii: true))
            forms.insert(urlEncoded(piece, spaceAsPlus: false))
            forms.insert(urlEncoded(piece, spaceAsPlus: true))
            // `/` left as it is: what most HTTP clients write in a path or query (Python's
            // `quote`, many SDKs); session tokens contain `/`.
            forms.insert(urlEncoded(piece, spaceAsPlus: false, keepingSlash: true))
            forms.insert(urlEncoded(piece, spaceAsPlus: true, keepingSlash: true))
            forms.insert(xmlEscaped(piece, apostrophe: "&apos;"))
            forms.insert(xmlEscaped(piece, apostrophe: "&#39;"))
            let bytes = Array(piece.utf8)
            forms.insert(hex(bytes, uppercase: false))
            forms.insert(hex(bytes, uppercase: true))
            if bytes.count >= minimumBase64Bytes {
                for offset in 0..<3 { forms.insert(stableBase64(bytes, droppingFirst: offset)) }
            }
        }
        return forms.filter { $0.count >= minimumLength }
    }

    /// A JSON string's content for `text` (without the quotes): `"` `\` and control characters
    /// escaped; `/` as `\/` when `slashes`; non-ASCII as `\uXXXX` when `ascii` (Python's default).
    public static func jsonEscaped(_ text: String, slashes: Bool, ascii: Bool) -> String {
        JSONString.escaped(text, style: .init(escapesSlashes: slashes, asciiOnly: ascii))
    }

    /// Percent-encoding of every byte but the unreserved characters (RFC 3986), with a space as
    /// `%20` or, as in form bodies, `+`, and `/` encoded or, with `keepingSlash`, left as it is.
    static func urlEncoded(_ text: String, spaceAsPlus: Bool, keepingSlash: Bool = false) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "/") where keepingSlash:
                out += "/"
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " ") where spaceAsPlus:
                out += "+"
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    static func xmlEscaped(_ text: String, apostrophe: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += apostrophe
            default: out.append(character)
            }
        }
        return out
    }

    static func hex(_ bytes: [UInt8], uppercase: Bool) -> String {
        bytes.map { String(format: uppercase ? "%02X" : "%02x", $0) }.joined()
    }

    /// The part of the base64 encoding of `bytes` that is the same wherever they sit in an
    /// encoded stream whose 3-byte groups start `offset` bytes into them: the characters that
    /// depend only on bytes of the value (the first `offset` bytes share a group with what comes
    /// before; a last, partial group's final character shares bits with what comes after).
    static func stableBase64(_ bytes: [UInt8], droppingFirst offset: Int) -> String {
        let rest = bytes.dropFirst(offset)
        var encoded = Data(rest).base64EncodedString()
        while encoded.hasSuffix("=") { encoded.removeLast() }
        if rest.count % 3 != 0 { encoded.removeLast() }
        return encoded
    }
}
