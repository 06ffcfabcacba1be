import Foundation

/// Parses one non-comment line of an allowed_signers file.
enum AllowedSignersLine {
    struct Failure: Error { var reason: String }

    static func parse(_ text: String, line: Int) throws -> AllowedSigners.Entry {
        var rest = Substring(text)
        let principalsField = try nextField(&rest, what: "principals")
        let principals = principalsField.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        if principals.contains(where: { $0.isEmpty }) {
            throw Failure(reason: "empty principal in \"\(principalsField)\"")
        }
        guard !rest.isEmpty else { throw Failure(reason: "no key after principals \"\(principalsField)\"") }
        var namespaces: [String]?
        var validAfter: Date?
        var validBefore: Date?
        if !SSHPublicKey.knownKeyType(firstWord(of: rest)) {
            let options = try nextField(&rest, what: "options", quotesInside: true)
            for option in try splitOptions(options) {
                let (name, value) = try nameAndValue(option)
                switch name.lowercased() {
                case "cert-authority":
                    throw Failure(reason: "cert-authority is not supported: list each signer's own key")
                case "namespaces":
                    let list = try require(value, name).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                    guard !list.contains(where: \.isEmpty) else { throw Failure(reason: "empty namespace in namespaces=\"\(value ?? "")\"") }
                    namespaces = list
                case "valid-after":
                    validAfter = try time(require(value, name), name)
                case "valid-before":
                    validBefore = try time(require(value, name), name)
                default:
                    throw Failure(reason: "unknown option \"\(name)\" (known: namespaces, valid-after, valid-before)")
                }
            }
            guard !rest.isEmpty else { throw Failure(reason: "no key after options") }
        }
        let key: SSHPublicKey
        do {
            key = try SSHPublicKey(authorizedKeyLine: String(rest))
        } catch let error as ApprovalVerificationError {
            throw Failure(reason: error.description)
        }
        if let validAfter, let validBefore, validBefore < validAfter {
            throw Failure(reason: "valid-before is earlier than valid-after")
        }
        return AllowedSigners.Entry(principals: principals, key: key, namespaces: namespaces, validAfter: validAfter,
                                    validBefore: validBefore, line: line)
    }

    /// The next whitespace-delimited field, or a double-quoted one; leaves `rest` at the next field.
    private static func nextField(_ rest: inout Substring, what: String, quotesInside: Bool = false) throws -> String {
        var field = ""
        if !quotesInside, rest.first == "\"" {
            rest.removeFirst()
            guard let close = rest.firstIndex(of: "\"") else { throw Failure(reason: "unterminated quote in \(what)") }
            field = String(rest[..<close])
            rest = rest[rest.index(after: close)...]
            guard rest.isEmpty || rest.first == " " || rest.first == "\t" else {
                throw Failure(reason: "text right after the closing quote of \(what)")
            }
        } else {
            var inQuotes = false
            while let character = rest.first, inQuotes || (character != " " && character != "\t") {
                if character == "\"" { inQuotes.toggle() }
                field.append(character)
                rest.removeFirst()
            }
            if inQuotes { throw Failure(reason: "unterminated quote in \(what)") }
        }
        rest = rest.drop { $0 == " " || $0 == "\t" }
        return field
    }

    private static func firstWord(of text: Substring) -> String {
        String(text.prefix { $0 != " " && $0 != "\t" })
    }

    /// Splits `a,b="x,y",c` at commas outside quotes.
    private static func splitOptions(_ text: String) throws -> [String] {
        var options: [String] = [], current = "", inQuotes = false
        for character in text {
            if character == "\"" { inQuotes.toggle() }
            if character == ",", !inQuotes {
                options.append(current); current = ""
            } else {
                current.append(character)
            }
        }
        options.append(current)
        if let empty = options.firstIndex(where: \.isEmpty) { throw Failure(reason: "empty option at position \(empty + 1) in \"\(text)\"") }
        return options
    }

    /// `name` or `name="value"` (the value must be double-quoted, as OpenSSH requires).
    private static func nameAndValue(_ option: String) throws -> (String, String?) {
        guard let equals = option.firstIndex(of: "=") else { return (option, nil) }
        let name = String(option[..<equals])
        let raw = option[option.index(after: equals)...]
        guard raw.count >= 2, raw.first == "\"", raw.last == "\"" else {
            throw Failure(reason: "option \(name) needs a double-quoted value (\(name)=\"…\")")
        }
        return (name, String(raw.dropFirst().dropLast()))
    }

    private static func require(_ value: String?, _ name: String) throws -> String {
        guard let value, !value.isEmpty else { throw Failure(reason: "option \(name) needs a value (\(name)=\"…\")") }
        return value
    }

    /// OpenSSH's absolute time: YYYYMMDD[HHMM[SS]], `Z` suffix for UTC, local time otherwise.
    static func time(_ text: String, _ name: String) throws -> Date {
        var digits = Substring(text)
        var zone = TimeZone.current
        if digits.hasSuffix("Z") || digits.hasSuffix("z") {
            digits = digits.dropLast()
            zone = TimeZone(identifier: "UTC")!
        }
        let bad = Failure(reason: "\(name)=\"\(text)\" is not YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS (optionally ending in Z for UTC)")
        guard [8, 12, 14].contains(digits.count), digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { throw bad }
        let values = Array(digits).map { Int(String($0))! }
        func number(_ start: Int, _ count: Int) -> Int { values[start..<(start + count)].reduce(0) { $0 * 10 + $1 } }
        var components = DateComponents(year: number(0, 4), month: number(4, 2), day: number(6, 2), hour: 0, minute: 0, second: 0)
        if digits.count >= 12 { components.hour = number(8, 2); components.minute = number(10, 2) }
        if digits.count == 14 { components.second = number(12, 2) }
        guard (1...12).contains(components.month!), (1...31).contains(components.day!), (0...23).contains(components.hour!),
              (0...59).contains(components.minute!), (0...59).contains(components.second!) else { throw bad }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        guard let date = calendar.date(from: components) else { throw bad }
        return date
    }
}
