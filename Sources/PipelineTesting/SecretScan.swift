import Foundation

/// Searches bytes a program wrote (its output, every file under a folder, a SQLite database with
/// its `-wal`) for secrets in every form a masker must hide: the value, each line of a
/// multi-line value, and for each of those its JSON (with and without `\/`, ASCII-only), URL
/// (`%20` and `+`), XML (`&apos;` and `&#39;`), hex (lower and upper) and base64 forms (the
/// stable part at each of the three byte offsets).
///
/// Derived here on its own, not with the runner's code, so a form the runner forgets is found.
/// Follows the runner's documented rule: values and forms shorter than 4 characters are not
/// searched (the runner does not mask them and warns instead); base64 from 6 bytes.
public struct SecretScan: Sendable {
    /// One form of one secret found somewhere; names the form and the secret's index, not the value.
    public struct Hit: Sendable, CustomStringConvertible, Equatable {
        public var place: String
        public var secret: Int
        public var form: String
        public var description: String { "secret #\(secret) as \(form) in \(place)" }
    }

    /// Each secret's forms: (form name, bytes).
    public let forms: [[(name: String, bytes: [UInt8])]]

    public init(secrets: [String]) {
        forms = secrets.map(Self.forms(of:))
    }

    /// Hits in `data`, which came from `place`.
    public func scan(_ data: Data, place: String) -> [Hit] {
        var hits: [Hit] = []
        for (index, secretForms) in forms.enumerated() {
            for form in secretForms where data.range(of: Data(form.bytes)) != nil {
                hits.append(Hit(place: place, secret: index, form: form.name))
            }
        }
        return hits
    }

    public func scan(_ text: String, place: String) -> [Hit] {
        scan(Data(text.utf8), place: place)
    }

    /// Hits in every regular file under `folder` (or in `folder` itself, when it is a file).
    public func scanFiles(_ folder: URL) -> [Hit] {
        var files: [URL] = []
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) else { return [] }
        if isDirectory.boolValue {
            let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
            while let file = enumerator?.nextObject() as? URL {
                if (try? file.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true { files.append(file) }
            }
        } else {
            files = [folder]
        }
        return files.flatMap { file in
            (try? Data(contentsOf: file)).map { scan($0, place: file.path) } ?? []
        }
    }

    static func forms(of secret: String) -> [(name: String, bytes: [UInt8])] {
        var pieces = [("value", secret)]
        let lines = secret.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map { $0.trimmingCharacters(in: .whitespaces) }
        if lines.count > 1 {
            for (number, line) in lines.enumerated() { pieces.append(("line \(number + 1)", line)) }
        }
        var result: [(name: String, bytes: [UInt8])] = []
        for (name, piece) in pieces where piece.count >= 4 {
            var candidates: [(String, String)] = [
                (name, piece),
                ("JSON of \(name)", json(piece, slashes: false, ascii: false)),
                ("JSON (\\/) of \(name)", json(piece, slashes: true, ascii: false)),
                ("JSON (ASCII) of \(name)", json(piece, slashes: false, ascii: true)),
                ("URL (%20) of \(name)", url(piece, plus: false)),
                ("URL (+) of \(name)", url(piece, plus: true)),
                ("XML of \(name)", xml(piece, apostrophe: "&apos;")),
                ("HTML of \(name)", xml(piece, apostrophe: "&#39;")),
                ("hex of \(name)", piece.utf8.map { String(format: "%02x", $0) }.joined()),
                ("HEX of \(name)", piece.utf8.map { String(format: "%02X", $0) }.joined()),
            ]
            let bytes = Array(piece.utf8)
            if bytes.count >= 6 {
                for offset in 0..<3 {
                    // Encode behind `offset` filler bytes, and keep the characters that only
                    // depend on the secret's bytes.
                    let encoded = Data(Array(repeating: 0, count: (3 - offset) % 3) + bytes).base64EncodedString()
                    let skip = offset == 0 ? 0 : 4
                    var chars = Array(encoded.replacingOccurrences(of: "=", with: ""))
                    chars.removeFirst(skip)
                    let total = bytes.count - (offset == 0 ? 0 : offset)
                    if total % 3 != 0 { chars.removeLast() }
                    candidates.append(("base64@\(offset) of \(name)", String(chars)))
                }
            }
            for (formName, text) in candidates where text.count >= 4 && !result.contains(where: { $0.bytes == Array(text.utf8) }) {
                result.append((formName, Array(text.utf8)))
            }
        }
        return result
    }

    static func json(_ text: String, slashes: Bool, ascii: Bool) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "/" where slashes: out += "\\/"
            default:
                if scalar.value < 0x20 || (ascii && scalar.value > 0x7E) {
                    for unit in String(scalar).utf16 { out += String(format: "\\u%04x", unit) }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    static func url(_ text: String, plus: Bool) -> String {
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
        return text.utf8.map { byte in
            if unreserved.contains(byte) { return String(UnicodeScalar(byte)) }
            if plus && byte == UInt8(ascii: " ") { return "+" }
            return String(format: "%%%02X", byte)
        }.joined()
    }

    static func xml(_ text: String, apostrophe: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: apostrophe)
    }
}
