/// Parses durations such as `90s`, `30m`, `2h`, `1h30m`, `7d`: positive, at most `maximum`.
enum DurationParser {
    /// The longest duration accepted (30 days): longer waits are mistakes, and larger numbers
    /// would overflow a `Duration`.
    static let maximumSeconds = 30.0 * 86400
    static let rangeDescription = "a positive duration up to 30d, like 90s, 30m, 2h or 1h30m"

    static func parse(_ text: String) -> Duration? {
        var total = 0.0, number = "", matched = false
        for character in text {
            if character.isASCII && (character.isNumber || character == ".") {
                number.append(character)
                continue
            }
            guard let value = Double(number) else { return nil }
            switch character {
            case "s": total += value
            case "m": total += value * 60
            case "h": total += value * 3600
            case "d": total += value * 86400
            default: return nil
            }
            number = ""
            matched = true
            if !(total <= maximumSeconds) { return nil }
        }
        if !number.isEmpty {
            guard let value = Double(number) else { return nil }
            total += value
            matched = true
        }
        guard matched, total > 0, total <= maximumSeconds else { return nil }
        return .milliseconds(Int((total * 1000).rounded(.up)))
    }
}
