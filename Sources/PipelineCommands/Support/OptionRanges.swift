import ArgumentParser

/// The ranges numbers from the command line must fall in, checked in each command's
/// `validate()` before anything runs: out of range is a usage error naming the allowed range,
/// never an overflow later.
enum OptionRanges {
    static let jobs = 1...64
    static let limit = 1...10_000

    static func check(_ value: Int, _ range: ClosedRange<Int>, option: String) throws {
        guard range.contains(value) else {
            throw ValidationError("\(option) must be between \(range.lowerBound) and \(range.upperBound), not \(value)")
        }
    }

    static func checkWait(_ wait: String?, option: String = "--wait") throws {
        if let wait, DurationParser.parse(wait) == nil {
            throw ValidationError("\(option) takes \(DurationParser.rangeDescription); not '\(wait)'")
        }
    }
}
