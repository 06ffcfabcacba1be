/// A place in a source file: 1-based line and column (columns count Unicode scalars, so a line
/// of ASCII has the column an editor shows) and, when the producer knows it, the 0-based UTF-8
/// byte offset. Two positions are equal when they name the same line and column.
public struct SourcePosition: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    /// The 0-based UTF-8 byte offset (nil when the position was not computed from bytes).
    public var offset: Int?

    public init(line: Int, column: Int, offset: Int? = nil) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// The start of a file.
    public static let start = SourcePosition(line: 1, column: 1, offset: 0)

    public static func == (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        lhs.line == rhs.line && lhs.column == rhs.column
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(line)
        hasher.combine(column)
    }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    /// `line:column`.
    public var description: String { "\(line):\(column)" }
}
