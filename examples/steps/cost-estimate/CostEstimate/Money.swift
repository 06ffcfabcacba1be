import Foundation

/// How figures are written: rounded to what an estimate can claim.
enum Money {
    /// A monthly total: whole dollars below $100, then to $5, then to $50 (`$65`, `$845`, `$2,100`).
    static func total(_ value: Double) -> String {
        if value < 1 { return "<$1" }
        let step: Double = value < 100 ? 1 : value < 1000 ? 5 : 50
        return "$" + grouped(Int((value / step).rounded() * step))
    }

    /// A total without the dollar sign, for JSON (`65`).
    static func rounded(_ value: Double) -> Int {
        let step: Double = value < 100 ? 1 : value < 1000 ? 5 : 50
        return Int((value / step).rounded() * step)
    }

    /// One cost line: cents below $10, whole dollars above.
    static func line(_ value: Double) -> String {
        if value < 0.005 { return "<$0.01" }
        return value < 10 ? String(format: "$%.2f", value) : "$" + grouped(Int(value.rounded()))
    }

    /// A unit price as given (`0.74`, `0.00048`).
    static func unitPrice(_ value: Double) -> String {
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// A count for people: `5.5M`, `250k`, `12`.
    static func count(_ value: Double) -> String {
        func trim(_ number: Double) -> String {
            let text = String(format: "%.1f", number)
            return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
        }
        if value >= 1_000_000_000 { return trim(value / 1_000_000_000) + "B" }
        if value >= 1_000_000 { return trim(value / 1_000_000) + "M" }
        if value >= 1_000 { return trim(value / 1_000) + "k" }
        return trim(value)
    }

    /// A size for people: `15 GB`, `0.4 MB`.
    static func size(gigabytes: Double) -> String {
        if gigabytes >= 1 { return String(format: gigabytes < 10 ? "%.1f GB" : "%.0f GB", gigabytes) }
        let megabytes = gigabytes * 1024
        return String(format: megabytes < 10 ? "%.2f MB" : "%.0f MB", megabytes)
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return result
    }
}
