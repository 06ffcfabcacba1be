import ArgumentParser
@testable import PipelineCommands
import TestTiers
import Testing

/// The ranges command-line numbers must fall in, and the usage errors naming them.
@Suite(.fast) struct OptionRangesTests {
    static func message(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        do {
            try body()
            Issue.record("accepted", sourceLocation: sourceLocation)
            return nil
        } catch let error as ValidationError {
            return error.message
        } catch {
            Issue.record("threw \(error), not a ValidationError", sourceLocation: sourceLocation)
            return nil
        }
    }

    @Test(arguments: [(OptionRanges.jobs, "--jobs"), (OptionRanges.limit, "--limit")])
    func boundsAreInclusive(range: ClosedRange<Int>, option: String) throws {
        try OptionRanges.check(range.lowerBound, range, option: option)
        try OptionRanges.check(range.upperBound, range, option: option)
        try OptionRanges.check((range.lowerBound + range.upperBound) / 2, range, option: option)
        for outside in [range.lowerBound - 1, range.upperBound + 1, Int.min, Int.max] {
            let message = Self.message { try OptionRanges.check(outside, range, option: option) }
            #expect(message == "\(option) must be between \(range.lowerBound) and \(range.upperBound), not \(outside)")
        }
    }

    @Test func waitIsOptionalButMustParseWhenGiven() throws {
        try OptionRanges.checkWait(nil)
        try OptionRanges.checkWait("10m", option: "--wait-lock")
        #expect(Self.message { try OptionRanges.checkWait("10 minutes") } == "--wait takes a positive duration up to 30d, like 90s, 30m, 2h or 1h30m; not '10 minutes'")
        #expect(Self.message { try OptionRanges.checkWait("0s", option: "--wait-lock") }?.hasPrefix("--wait-lock takes ") == true)
    }
}
