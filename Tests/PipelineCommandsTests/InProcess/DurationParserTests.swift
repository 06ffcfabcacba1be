@testable import PipelineCommands
import TestTiers
import Testing

/// `--wait` and `--wait-lock` durations: `90s`, `30m`, `2h`, `1h30m`, `7d`; positive, at most 30 days.
@Suite(.fast) struct DurationParserTests {
    @Test(arguments: [
        ("90s", 90_000), ("30m", 1_800_000), ("2h", 7_200_000), ("1h30m", 5_400_000), ("7d", 604_800_000),
        ("45", 45_000), ("1.5h", 5_400_000), ("0.25s", 250), ("1m30", 90_000), ("30d", 2_592_000_000), ("0.0001s", 1),
    ])
    func acceptedDurations(text: String, milliseconds: Int) {
        #expect(DurationParser.parse(text) == .milliseconds(milliseconds), "\(text)")
    }

    @Test(arguments: [
        "", "0", "0s", "0m0s", "-5m", "31d", "30d1s", "721h", "99999999999999999999d", "soon", "5x", "m", "1h 30m", "1..5s", "1e3s",
        "\u{FF15}s", " 5s", "5s ",
    ])
    func refusedDurations(text: String) {
        #expect(DurationParser.parse(text) == nil, "'\(text)' was accepted as \(String(describing: DurationParser.parse(text)))")
    }

    @Test func unitsAddUpWhateverTheyAreWritten() {
        let forms = ["1h30m", "90m", "5400s", "5400", "1.5h", "30m1h", "1h29m60s"]
        let parsed = Set(forms.map { DurationParser.parse($0) })
        #expect(parsed.count == 1, "\(Dictionary(uniqueKeysWithValues: zip(forms, forms.map { DurationParser.parse($0) })))")
        #expect(parsed.first == .seconds(5400))
    }

    @Test func theLimitIsThirtyDaysToTheMillisecond() {
        let limit = Int(DurationParser.maximumSeconds)
        #expect(DurationParser.parse("\(limit)s") == .seconds(limit))
        #expect(DurationParser.parse("\(limit).001s") == nil)
        #expect(DurationParser.parse("\(limit / 60)m") == .seconds(limit))
        #expect(DurationParser.parse("\(limit / 60 + 1)m") == nil)
    }
}
