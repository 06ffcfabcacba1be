/// A repository-relative path or glob that selects files, for tree listings, history filters
/// and change filters.
///
/// - A pattern without `*`, `?` or `[` is a literal path: it selects that file, or everything
///   below it when it is a directory (`templates`, `templates/`).
/// - A glob matches segment by segment: `*` matches within one path segment, `?` one
///   character, `[abc]` / `[!abc]` / `[a-z]` one character of a class, and a whole segment
///   `**` matches any number of segments (`schemas/**/*.json`). A glob also selects everything
///   below a directory it matches (`templates/*` selects `templates/a/b.html`).
/// - The empty pattern (or `.`) selects everything.
public struct PathPattern: Sendable, Hashable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The pattern as normalised: no leading `./` or `/`, no trailing `/`, no empty segments.
    public let pattern: String
    private let segments: [Substring]

    public init(_ pattern: String) {
        var parts = pattern.split(separator: "/", omittingEmptySubsequences: true)
        while parts.first == "." { parts.removeFirst() }
        parts.removeAll { $0 == "." }
        self.segments = parts
        self.pattern = parts.joined(separator: "/")
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(pattern)
    }

    public static func == (lhs: PathPattern, rhs: PathPattern) -> Bool { lhs.pattern == rhs.pattern }
    public func hash(into hasher: inout Hasher) { hasher.combine(pattern) }

    public var description: String { pattern }

    /// Everything.
    public static let all = PathPattern("")

    /// True when the pattern contains glob characters.
    public var isGlob: Bool {
        pattern.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    /// The leading literal directory segments: the deepest directory that contains every
    /// possible match ("" for the root). For a literal pattern, the pattern itself.
    public var literalPrefix: String {
        guard isGlob else { return pattern }
        let literal = segments.prefix { segment in !segment.contains { $0 == "*" || $0 == "?" || $0 == "[" } }
        return literal.joined(separator: "/")
    }

    /// Whether `path` (repository-relative, `/`-separated) is selected by this pattern.
    public func matches(_ path: String) -> Bool {
        if segments.isEmpty { return true }
        if !isGlob {
            return path == pattern || (path.hasPrefix(pattern) && path.dropFirst(pattern.count).first == "/")
        }
        let pathSegments = path.split(separator: "/", omittingEmptySubsequences: true)
        return PathPattern.match(segments[...], pathSegments[...], allowingDescendants: true)
    }

    /// Matches pattern segments against path segments; with `allowingDescendants`, a pattern
    /// that matches a leading directory of the path matches the path.
    private static func match(
        _ pattern: ArraySlice<Substring>, _ path: ArraySlice<Substring>, allowingDescendants: Bool
    ) -> Bool {
        guard let head = pattern.first else {
            return path.isEmpty || allowingDescendants
        }
        if head == "**" {
            let rest = pattern.dropFirst()
            var remaining = path
            while true {
                if match(rest, remaining, allowingDescendants: allowingDescendants) { return true }
                guard !remaining.isEmpty else { return false }
                remaining = remaining.dropFirst()
            }
        }
        guard let segment = path.first, GlobSegment.matches(Array(head.unicodeScalars)[...], Array(segment.unicodeScalars)[...]) else {
            return false
        }
        return match(pattern.dropFirst(), path.dropFirst(), allowingDescendants: allowingDescendants)
    }
}

/// Matching of one glob segment (no `/`) against one path segment.
enum GlobSegment {
    static func matches(_ pattern: ArraySlice<Unicode.Scalar>, _ text: ArraySlice<Unicode.Scalar>) -> Bool {
        var p = pattern.startIndex, t = text.startIndex
        var starP: Int? = nil, starT = text.startIndex
        while t < text.endIndex {
            if p < pattern.endIndex {
                let c = pattern[p]
                if c == "*" {
                    starP = p
                    starT = t
                    p += 1
                    continue
                }
                if c == "?" {
                    p += 1
                    t += 1
                    continue
                }
                if c == "[", let (matched, next) = matchClass(pattern, from: p, text[t]) {
                    if matched {
                        p = next
                        t += 1
                        continue
                    }
                } else if c == text[t] {
                    p += 1
                    t += 1
                    continue
                }
            }
            guard let star = starP else { return false }
            p = star + 1
            starT += 1
            t = starT
        }
        while p < pattern.endIndex, pattern[p] == "*" { p += 1 }
        return p == pattern.endIndex
    }

    /// Matches a `[...]` class at `start`; nil when the class is not closed (then `[` is literal).
    private static func matchClass(
        _ pattern: ArraySlice<Unicode.Scalar>, from start: Int, _ scalar: Unicode.Scalar
    ) -> (Bool, Int)? {
        var index = start + 1
        var negated = false
        if index < pattern.endIndex, pattern[index] == "!" || pattern[index] == "^" {
            negated = true
            index += 1
        }
        var matched = false
        var first = true
        while index < pattern.endIndex {
            let c = pattern[index]
            if c == "]" && !first {
                return (matched != negated, index + 1)
            }
            first = false
            if index + 2 < pattern.endIndex, pattern[index + 1] == "-", pattern[index + 2] != "]" {
                if c.value <= scalar.value && scalar.value <= pattern[index + 2].value { matched = true }
                index += 3
            } else {
                if c == scalar { matched = true }
                index += 1
            }
        }
        return nil
    }
}
