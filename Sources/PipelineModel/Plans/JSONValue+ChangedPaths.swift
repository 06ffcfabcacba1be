extension JSONValue {
    /// One place where two JSON values differ: its path (as in ``differences(from:to:path:)``)
    /// and whether the value was added there, removed, or changed.
    public struct ChangedPath: Hashable, Sendable, CustomStringConvertible {
        public enum Kind: String, Sendable { case added, removed, changed }

        public var path: String
        public var kind: Kind

        public init(_ path: String, _ kind: Kind) {
            self.path = path
            self.kind = kind
        }

        public var description: String { "\(path.isEmpty ? "(root)" : path): \(kind.rawValue)" }

        /// Whether `other` lies at or below this path (`a` covers `a`, `a.b` and `a[x]`).
        public func covers(_ other: String) -> Bool {
            path.isEmpty || other == path || other.hasPrefix(path + ".") || other.hasPrefix(path + "[")
        }
    }

    /// Where `old` and `new` differ, one entry per place ``differences(from:to:path:)`` reports a
    /// line for, with the same paths and the same rules (`null` is absent, named array elements
    /// are compared by name).
    public static func changedPaths(from old: JSONValue?, to new: JSONValue?, path: String = "") -> [ChangedPath] {
        var found: [ChangedPath] = []
        walk(old, new, path: path) { place, _ in found.append(place) }
        return found
    }
}
