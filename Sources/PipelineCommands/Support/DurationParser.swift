/// Parses durations such as `90s`, `30m`, `2h`, `1h30m`.
enum DurationParser {
    static func parse(_ text: String) -> Duration? {
        var total = 0.0, number = "", matched = false
        for character in text {
            if character.isNumber || character == "." {
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
        }
        if !number.isEmpty {
            guard let value = Double(number) else { return nil }
            total += value
            matched = true
        }
        return matched && total > 0 ? .milliseconds(Int(total * 1000)) : nil
    }
}
