#if canImport(Glibc)
import Foundation
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The individual format checks.
extension FormatChecker {
    private static func digits(_ u: ArraySlice<UInt8>) -> Int? {
        guard !u.isEmpty, u.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return u.reduce(0) { $0 * 10 + Int($1 - 48) }
    }

    static func isDate(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-"),
            let y = digits(u[0..<4]), let m = digits(u[5..<7]), let d = digits(u[8..<10]), (1...12).contains(m)
        else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return d >= 1 && d <= days
    }

    static func isTime(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count >= 9, u[2] == UInt8(ascii: ":"), u[5] == UInt8(ascii: ":"),
            let h = digits(u[0..<2]), let m = digits(u[3..<5]), let sec = digits(u[6..<8]),
            h <= 23, m <= 59, sec <= 60
        else { return false }
        var i = 8
        if u[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < u.count, u[i] >= 48, u[i] <= 57 { i += 1 }
            if i == start { return false }
        }
        guard i < u.count else { return false }
        var offsetMinutes = 0
        if u[i] == UInt8(ascii: "Z") || u[i] == UInt8(ascii: "z") {
            guard i + 1 == u.count else { return false }
        } else {
            guard u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-"), u.count - i == 6, u[i + 3] == UInt8(ascii: ":"),
                let oh = digits(u[(i + 1)..<(i + 3)]), let om = digits(u[(i + 4)..<(i + 6)]), oh <= 23, om <= 59
            else { return false }
            offsetMinutes = (oh * 60 + om) * (u[i] == UInt8(ascii: "+") ? 1 : -1)
        }
        if sec == 60 {
            // A leap second happens at 23:59:60 UTC only.
            let utc = ((h * 60 + m - offsetMinutes) % 1440 + 1440) % 1440
            return utc == 23 * 60 + 59
        }
        return true
    }

    static func isDateTime(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count > 11, u[10] == UInt8(ascii: "T") || u[10] == UInt8(ascii: "t") else { return false }
        return isDate(String(decoding: u[0..<10], as: UTF8.self)) && isTime(String(decoding: u[11...], as: UTF8.self))
    }

    static func isDuration(_ s: String) -> Bool {
        // RFC 3339 appendix A: units appear in order and without gaps (Y[M[D]], H[M[S]]), or weeks alone.
        guard s.hasPrefix("P"), s.count > 1 else { return false }
        let body = s.dropFirst()
        let parts = body.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false)
        func units(_ part: Substring) -> String? {
            var found = ""
            var number = ""
            for c in part {
                if c.isASCII && c.isNumber {
                    number.append(c)
                } else {
                    guard !number.isEmpty else { return nil }
                    found.append(c)
                    number = ""
                }
            }
            return number.isEmpty ? found : nil
        }
        guard let date = units(parts[0]) else { return false }
        let dateRuns = ["", "Y", "YM", "YMD", "M", "MD", "D"]
        if date == "W" { return parts.count == 1 }
        guard dateRuns.contains(date) else { return false }
        if parts.count == 2 {
            guard let time = units(parts[1]), ["H", "HM", "HMS", "M", "MS", "S"].contains(time) else { return false }
            return true
        }
        return !date.isEmpty
    }

    static func isHostname(_ s: String, international: Bool = false) -> Bool {
        var name = s
        if international {
            // IDNA label separators: ideographic, fullwidth and halfwidth full stops.
            for separator in ["\u{3002}", "\u{FF0E}", "\u{FF61}"] { name = name.replacingOccurrences(of: separator, with: ".") }
        }
        guard !name.isEmpty, international || name.utf8.count <= 253 else { return false }
        for label in name.split(separator: ".", omittingEmptySubsequences: false) {
            let length = international ? label.unicodeScalars.count : label.utf8.count
            guard !label.isEmpty, length <= 63, !label.hasPrefix("-"), !label.hasSuffix("-") else { return false }
            for (k, c) in label.unicodeScalars.enumerated() {
                if c.isASCII {
                    guard c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "-" else { return false }
                } else {
                    guard international else { return false }
                    let mark = [.nonspacingMark, .spacingMark, .enclosingMark].contains(c.properties.generalCategory)
                    guard c.properties.isAlphabetic || (mark && k > 0) || c.properties.generalCategory == .decimalNumber
                    else { return false }
                }
            }
            if label.count >= 4, Array(label)[2] == "-", Array(label)[3] == "-", !label.lowercased().hasPrefix("xn--") { return false }
        }
        return true
    }

    static func isEmail(_ s: String, international: Bool) -> Bool {
        guard let at = s.lastIndex(of: "@") else { return false }
        let local = s[..<at], domain = s[s.index(after: at)...]
        guard !local.isEmpty, !domain.isEmpty else { return false }
        if local.hasPrefix("\"") {
            guard local.hasSuffix("\""), local.count >= 2 else { return false }
        } else {
            guard !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { return false }
            let allowed = "!#$%&'*+-/=?^_`{|}~."
            for c in local.unicodeScalars {
                let ok = (c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || allowed.unicodeScalars.contains(c)))
                    || (international && !c.isASCII)
                if !ok { return false }
            }
        }
        if domain.hasPrefix("[") && domain.hasSuffix("]") {
            let inner = String(domain.dropFirst().dropLast())
            if inner.hasPrefix("IPv6:") { return isIPv6(String(inner.dropFirst(5))) }
            return isIPv4(inner)
        }
        return isHostname(String(domain), international: international)
    }

    static func isIPv4(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for p in parts {
            guard let n = digits(ArraySlice(Array(p.utf8))), p.utf8.count <= 3, n <= 255 else { return false }
            if p.utf8.count > 1 && p.hasPrefix("0") { return false }
        }
        return true
    }

    static func isIPv6(_ s: String) -> Bool {
        guard s.utf8.allSatisfy({ $0 < 0x80 }), !s.contains("%") else { return false }
        var buffer = [UInt8](repeating: 0, count: 16)
        return inet_pton(AF_INET6, s, &buffer) == 1
    }

    static func isUUID(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 36 else { return false }
        for (i, c) in u.enumerated() {
            if [8, 13, 18, 23].contains(i) {
                if c != UInt8(ascii: "-") { return false }
            } else if !((48...57).contains(c) || (65...70).contains(c) || (97...102).contains(c)) {
                return false
            }
        }
        return true
    }

    static func isJSONPointer(_ s: String) -> Bool {
        if s.isEmpty { return true }
        guard s.hasPrefix("/") else { return false }
        let u = Array(s.utf8)
        for (i, c) in u.enumerated() where c == UInt8(ascii: "~") {
            guard i + 1 < u.count, u[i + 1] == UInt8(ascii: "0") || u[i + 1] == UInt8(ascii: "1") else { return false }
        }
        return true
    }

    static func isRelativeJSONPointer(_ s: String) -> Bool {
        let u = Array(s.utf8)
        var i = 0
        while i < u.count, u[i] >= 48, u[i] <= 57 { i += 1 }
        guard i > 0, !(i > 1 && u[0] == UInt8(ascii: "0")) else { return false }
        let rest = String(decoding: u[i...], as: UTF8.self)
        return rest == "#" || isJSONPointer(rest)
    }

    /// RFC 6570: literals and `{[operator]varspec,...}` expressions.
    static func isURITemplate(_ s: String) -> Bool {
        var i = s.unicodeScalars.startIndex
        let u = s.unicodeScalars
        while i < u.endIndex {
            let c = u[i]
            if c == "{" {
                guard let close = u[i...].firstIndex(of: "}") else { return false }
                var body = String(u[u.index(after: i)..<close])
                if let op = body.unicodeScalars.first, "+#./;?&=,!@|".unicodeScalars.contains(op) {
                    if "=,!@|".unicodeScalars.contains(op) { return false }  // reserved operators
                    body.removeFirst()
                }
                for spec in body.split(separator: ",", omittingEmptySubsequences: false) {
                    guard isVarspec(spec) else { return false }
                }
                i = u.index(after: close)
                continue
            }
            if c == "}" || c.value <= 0x20 || c == "\"" || c == "<" || c == ">" || c == "\\" || c == "^" || c == "`" || c == "|" || c.value == 0x7F {
                return false
            }
            if c == "%" {
                let next = u.index(after: i)
                guard next < u.endIndex, u.index(after: next) < u.endIndex,
                    u[next].properties.isASCIIHexDigit, u[u.index(after: next)].properties.isASCIIHexDigit
                else { return false }
            }
            i = u.index(after: i)
        }
        return true
    }

    private static func isVarspec(_ spec: Substring) -> Bool {
        var name = spec
        if name.hasSuffix("*") {
            name = name.dropLast()
        } else if let colon = name.firstIndex(of: ":") {
            let length = name[name.index(after: colon)...]
            guard let n = Int(length), length.first != "0", length.count <= 4, n > 0, n < 10000,
                length.allSatisfy({ $0.isASCII && $0.isNumber })
            else { return false }
            name = name[..<colon]
        }
        guard !name.isEmpty, !name.hasPrefix("."), !name.hasSuffix("."), !name.contains("..") else { return false }
        let u = Array(name.unicodeScalars)
        var k = 0
        while k < u.count {
            let c = u[k]
            if c == "%" {
                guard k + 2 < u.count, u[k + 1].properties.isASCIIHexDigit, u[k + 2].properties.isASCIIHexDigit else { return false }
                k += 3
                continue
            }
            guard c.isASCII, c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "." else { return false }
            k += 1
        }
        return true
    }

    static func isURI(_ s: String, reference: Bool, international: Bool) -> Bool {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&'()*+,;=%".unicodeScalars)
        let u = Array(s.unicodeScalars)
        for (i, c) in u.enumerated() {
            if c == "%" {
                guard i + 2 < u.count, u[i + 1].properties.isASCIIHexDigit, u[i + 2].properties.isASCIIHexDigit else { return false }
            }
            if !allowed.contains(c) && !(international && !c.isASCII && !c.properties.isWhitespace) { return false }
        }
        let parsed = URIReference(s)
        if let authority = parsed.authority {
            // userinfo@host:port — one '@', no brackets in userinfo, a numeric port,
            // brackets only around an IP literal.
            var host = Substring(authority)
            if let at = host.firstIndex(of: "@") {
                let userinfo = host[..<at]
                host = host[host.index(after: at)...]
                if host.contains("@") || userinfo.contains("[") || userinfo.contains("]") { return false }
            }
            if host.hasPrefix("[") {
                guard let close = host.firstIndex(of: "]") else { return false }
                let literal = String(host[host.index(after: host.startIndex)..<close])
                if !(literal.hasPrefix("v") || literal.hasPrefix("V")) && !isIPv6(literal) { return false }
                host = host[host.index(after: close)...]
                if !host.isEmpty {
                    guard host.hasPrefix(":"), host.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
                }
            } else {
                if host.contains("[") || host.contains("]") { return false }
                if let colon = host.firstIndex(of: ":"), !host[host.index(after: colon)...].allSatisfy({ $0.isASCII && $0.isNumber }) {
                    return false
                }
            }
        }
        if parsed.path.contains("[") || parsed.path.contains("]") || (parsed.query ?? "").contains("[") { return false }
        if parsed.scheme == nil, parsed.authority == nil, !parsed.path.hasPrefix("/"),
            let first = parsed.path.split(separator: "/", omittingEmptySubsequences: false).first, first.contains(":")
        {
            return false
        }
        if parsed.fragment?.contains("#") == true { return false }
        if reference { return true }
        guard parsed.scheme != nil else { return false }
        return !parsed.path.hasPrefix("\\")
    }
}
