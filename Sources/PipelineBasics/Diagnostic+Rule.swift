extension Diagnostic {
    /// A rule's stable id, printed in brackets after the message and usable in CI annotations.
    ///
    /// Ids are `area.kebab-case-name`: the area names what is checked (`table`, `html`,
    /// `mustache`, `content`, `file`, `manifest`, `render`, `schema`), the name says what the
    /// rule asks for (`table.gsi-limit`, `content.img-alt`, `schema.required`). Each module
    /// declares its rules as static members (`Diagnostic.Rule.gsiLimit`) with a one-line
    /// summary; two rules are equal when their ids are.
    public struct Rule: Sendable, Hashable, Codable, RawRepresentable, CustomStringConvertible {
        /// The id, e.g. `table.gsi-limit`.
        public let rawValue: String
        /// One line saying what the rule requires (empty for a rule known only by its id).
        public let summary: String

        public init(_ id: String, summary: String) {
            self.rawValue = id
            self.summary = summary
        }

        /// A rule known only by its id (e.g. decoded from an event).
        public init(rawValue: String) {
            self.init(rawValue, summary: "")
        }

        public init(from decoder: any Decoder) throws {
            self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }

        /// The area, the part before the first `.` (`table` for `table.gsi-limit`).
        public var area: Substring { rawValue.prefix { $0 != "." } }

        public var description: String { rawValue }

        public static func == (lhs: Rule, rhs: Rule) -> Bool { lhs.rawValue == rhs.rawValue }
        public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
    }
}
