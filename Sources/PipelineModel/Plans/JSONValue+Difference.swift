extension JSONValue {
    /// The differences between two JSON values, one line each, with the path that differs:
    /// `tenants.tags.Owner: "a" → "b"`, `campaigns: added`, `tenants.globalSecondaryIndexes[ChannelIndex]: removed`.
    /// Arrays of objects that all carry a `name` (or `key`) are compared by that name, so a
    /// reordering is no difference and an insertion names the element, not every index after it.
    public static func differences(from old: JSONValue?, to new: JSONValue?, path: String = "") -> [String] {
        var lines: [String] = []
        walk(old, new, path: path) { _, line in lines.append(line) }
        return lines
    }

    /// Visits every place where `old` and `new` differ with its path, kind and line, in the
    /// order ``differences(from:to:path:)`` lists them.
    static func walk(_ old: JSONValue?, _ new: JSONValue?, path: String, visit: (ChangedPath, String) -> Void) {
        let label = path.isEmpty ? "(root)" : path
        // A `null` in a snapshot stands for a resource that does not exist.
        let old = old == .null ? nil : old, new = new == .null ? nil : new
        switch (old, new) {
        case (nil, nil):
            return
        case (nil, let value?):
            visit(ChangedPath(path, .added), "\(label): added \(value.brief)")
        case (let value?, nil):
            visit(ChangedPath(path, .removed), "\(label): removed (was \(value.brief))")
        case (.object(let a)?, .object(let b)?):
            for key in Set(a.keys).union(b.keys).sorted() {
                walk(a[key], b[key], path: path.isEmpty ? key : "\(path).\(key)", visit: visit)
            }
        case (.array(let a)?, .array(let b)?):
            if let keyedA = keyed(a), let keyedB = keyed(b) {
                for key in Set(keyedA.keys).union(keyedB.keys).sorted() {
                    walk(keyedA[key], keyedB[key], path: "\(path)[\(key)]", visit: visit)
                }
            } else if a != b {
                if a.count == b.count {
                    for index in a.indices { walk(a[index], b[index], path: "\(path)[\(index)]", visit: visit) }
                } else {
                    visit(ChangedPath(path, .changed), "\(label): \(old!.brief) → \(new!.brief)")
                }
            }
        case (let a?, let b?):
            if a != b { visit(ChangedPath(path, .changed), "\(label): \(a.brief) → \(b.brief)") }
        }
    }

    /// Elements by their `name` (or `key`, `indexName`) when every element has a distinct one.
    private static func keyed(_ elements: [JSONValue]) -> [String: JSONValue]? {
        guard !elements.isEmpty else { return [:] }
        for field in ["name", "key", "indexName"] {
            var byName: [String: JSONValue] = [:]
            for element in elements {
                guard let name = element.objectValue?[field]?.stringValue, byName[name] == nil else { byName = [:]; break }
                byName[name] = element
            }
            if byName.count == elements.count { return byName }
        }
        return nil
    }

    /// A short rendering for messages: scalars in full (strings quoted, cut at 60 characters),
    /// containers by size.
    public var brief: String {
        switch self {
        case .string(let value): value.count > 60 ? "\"\(value.prefix(57))…\"" : "\"\(value)\""
        case .int(let value): "\(value)"
        case .double(let value): "\(value)"
        case .bool(let value): "\(value)"
        case .null: "null"
        case .array(let values): "[\(values.count) item\(values.count == 1 ? "" : "s")]"
        case .object(let values): "{\(values.count) field\(values.count == 1 ? "" : "s")}"
        }
    }
}
