import Foundation

/// A JSON number with exact integer semantics.
///
/// Integral values that fit in 64 bits are stored exactly (`1`, `1.0` and `1e0` are all
/// `.int(1)`); everything else is a `Double`. Equality and ordering are numeric.
public enum JSONNumber: Sendable, CustomStringConvertible {
    case int(Int64)
    case double(Double)

    /// Normalises a double: integral values within Int64 range become `.int`.
    public init(_ value: Double) {
        if value.isFinite, value.rounded(.towardZero) == value, value >= -9.2e18, value <= 9.2e18 {
            self = .int(Int64(value))
        } else {
            self = .double(value)
        }
    }

    /// The value as a double (possibly rounded for huge integers).
    public var doubleValue: Double {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        }
    }

    /// True for integral values (JSON Schema's "integer": `1.0` is an integer).
    public var isInteger: Bool {
        switch self {
        case .int: return true
        case .double(let d): return d.isFinite && d.rounded(.towardZero) == d
        }
    }

    /// The value as an Int if it is integral and fits.
    public var intValue: Int? {
        switch self {
        case .int(let i): return Int(exactly: i)
        case .double(let d): return d.isFinite && d.rounded(.towardZero) == d ? Int(exactly: d) : nil
        }
    }

    public var description: String {
        switch self {
        case .int(let i): return String(i)
        case .double(let d): return "\(d)"
        }
    }

    /// Exact check that `self` is a multiple of `divisor` (decimal arithmetic, then double).
    public func isMultiple(of divisor: JSONNumber) -> Bool {
        if case .int(let a) = self, case .int(let b) = divisor {
            if b == 0 { return false }
            if b == -1 { return true }
            return a % b == 0
        }
        let a = doubleValue, b = divisor.doubleValue
        if b == 0 || !a.isFinite || !b.isFinite { return false }
        // Every integer is a multiple of 1/k (0.5, 0.25…), even beyond Decimal's range.
        if isInteger, (1 / b).rounded() == 1 / b, abs(1 / b * b - 1) < .ulpOfOne { return true }
        if let da = Decimal(string: "\(a)"), let db = Decimal(string: "\(b)"), !da.isNaN, !db.isNaN,
            da.exponent > -100, db.exponent > -100, abs(a) < 1e30
        {
            var quotient = da / db
            var rounded = Decimal()
            NSDecimalRound(&rounded, &quotient, 0, .plain)
            if !quotient.isNaN { return rounded == quotient }
        }
        let q = a / b
        if !q.isFinite { return false }
        return q.rounded() == q
    }
}

extension JSONNumber: Hashable, Comparable {
    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)): return a == b
        default: return lhs.doubleValue == rhs.doubleValue
        }
    }

    public static func < (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)): return a < b
        default: return lhs.doubleValue < rhs.doubleValue
        }
    }

    public func hash(into hasher: inout Hasher) {
        // .int values never equal a non-integral double, and integral doubles outside Int64
        // range hash by their double value, so hashing the double is consistent with ==.
        hasher.combine(doubleValue)
    }
}
