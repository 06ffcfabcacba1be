/// A region name AWS does not have.
public struct UnknownRegionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var name: String
    /// Close known names, nearest first (at most three).
    public var suggestions: [String]

    public var description: String {
        var text = "unknown AWS region \"\(name)\""
        switch suggestions.count {
        case 0:
            text += "; use a region name such as eu-west-1 or af-south-1"
        case 1:
            text += ": did you mean \(suggestions[0])?"
        default:
            text += ": did you mean \(suggestions.dropLast().joined(separator: ", ")) or \(suggestions[suggestions.count - 1])?"
        }
        return text
    }
}
