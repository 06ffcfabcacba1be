/// Evaluation of array and object keywords.
extension Evaluator {
    mutating func evaluateArray(_ keyword: Keyword, _ node: SchemaNode, _ value: JSONValue, tracking: Bool,
                                _ ann: inout Annotations) -> Bool {
        guard case .array(let items) = value else { return true }
        switch keyword.kind {
        case .maxItems(let m):
            if items.count <= m { return true }
            report(keyword.name, node, "must have at most \(m) items, but has \(items.count)")
            return false
        case .minItems(let m):
            if items.count >= m { return true }
            report(keyword.name, node, "must have at least \(m) items, but has \(items.count)")
            return false
        case .uniqueItems:
            guard let (i, j) = Evaluator.firstDuplicate(items) else { return true }
            report(keyword.name, node, "items \(i) and \(j) are equal, but items must be unique")
            return false
        case .prefixItems(let subs):
            var ok = true
            for i in 0..<min(subs.count, items.count) {
                if onChild(subs[i], items[i], instanceToken: String(i), keyword.name, String(i)) {
                    if tracking { ann.items.insert(i) }
                } else {
                    ok = false
                    if !collect { return false }
                }
            }
            return ok
        case .items(let s, let from):
            guard from < items.count else { return true }
            var ok = true
            for i in from..<items.count where !onChild(s, items[i], instanceToken: String(i), keyword.name) {
                ok = false
                if !collect { return false }
            }
            if ok && tracking { ann.items.all = true }
            return ok
        case .contains(let s, let minimum, let maximum):
            var matched = 0
            quietly { ev in
                for (i, item) in items.enumerated() {
                    ev.instanceDepth += 1
                    let (ok, _) = ev.evaluate(s, item, track: false)
                    ev.instanceDepth -= 1
                    if ok {
                        matched += 1
                        if tracking { ann.items.insert(i) }
                        if !tracking && maximum == nil && matched >= minimum { break }
                    }
                }
            }
            if matched < minimum {
                report(keyword.name, node, minimum == 1
                    ? "must contain at least one item matching the \"contains\" schema"
                    : "must contain at least \(minimum) items matching the \"contains\" schema, but has \(matched)")
                return false
            }
            if let maximum, matched > maximum {
                report(keyword.name, node, "must contain at most \(maximum) items matching the \"contains\" schema, but has \(matched)")
                return false
            }
            return true
        case .unevaluatedItems(let s):
            if ann.items.all { return true }
            var ok = true
            for i in items.indices where !ann.items.contains(i) {
                if onChild(s, items[i], instanceToken: String(i), keyword.name) {
                    ann.items.insert(i)
                } else {
                    if schema.nodes[s].boolean == false { reportItem(keyword, node, i) }
                    ok = false
                    if !collect { return false }
                }
            }
            return ok
        default:
            return true
        }
    }

    private mutating func reportItem(_ keyword: Keyword, _ node: SchemaNode, _ i: Int) {
        guard collect, let last = issues.last, last.message.hasSuffix("(the schema is `false`)") else { return }
        issues.removeLast()
        report(keyword.name, node, "item \(i) is not allowed: it is not evaluated by any other keyword", child: String(i))
    }

    /// Replaces the generic `false`-schema issue just recorded with a clearer one.
    private mutating func reportProperty(_ keyword: Keyword, _ node: SchemaNode, _ key: String, allowed: [String]) {
        guard collect, let last = issues.last, last.message.hasSuffix("(the schema is `false`)") else { return }
        issues.removeLast()
        let hint = allowed.isEmpty ? "" : " (allowed: \(allowed.sorted().joined(separator: ", ")))"
        report(keyword.name, node, "property \"\(key)\" is not allowed\(hint): remove it or fix its spelling", child: key)
    }

    static func firstDuplicate(_ items: [JSONValue]) -> (Int, Int)? {
        if items.count < 16 {
            for i in items.indices {
                for j in (i + 1)..<items.count where items[i] == items[j] { return (i, j) }
            }
            return nil
        }
        var seen: [JSONValue: Int] = [:]
        for (j, item) in items.enumerated() {
            if let i = seen[item] { return (i, j) }
            seen[item] = j
        }
        return nil
    }

    mutating func evaluateObject(_ keyword: Keyword, _ node: SchemaNode, _ value: JSONValue, tracking: Bool,
                                 _ ann: inout Annotations) -> Bool {
        guard case .object(let object) = value else { return true }
        switch keyword.kind {
        case .maxProperties(let m):
            if object.count <= m { return true }
            report(keyword.name, node, "must have at most \(m) properties, but has \(object.count)")
            return false
        case .minProperties(let m):
            if object.count >= m { return true }
            report(keyword.name, node, "must have at least \(m) properties, but has \(object.count)")
            return false
        case .required(let names):
            var ok = true
            for name in names where object.position(of: name) == nil {
                report(keyword.name, node, "missing required property \"\(name)\"")
                ok = false
                if !collect { return false }
            }
            return ok
        case .dependentRequired(let pairs):
            var ok = true
            for (trigger, names) in pairs where object.position(of: trigger) != nil {
                for name in names where object.position(of: name) == nil {
                    report(keyword.name, node, "property \"\(name)\" is required when \"\(trigger)\" is present")
                    ok = false
                    if !collect { return false }
                }
            }
            return ok
        case .properties(let map):
            var ok = true
            for (i, member) in object.enumerated() {
                guard let s = map[member.key] else { continue }
                if onChild(s, member.value, instanceToken: member.key, keyword.name, member.key) {
                    if tracking { ann.properties.insert(i) }
                } else {
                    ok = false
                    if !collect { return false }
                }
            }
            return ok
        case .patternProperties(let patterns):
            var ok = true
            for (i, member) in object.enumerated() {
                for (p, s) in patterns where p.matches(member.key) {
                    if onChild(s, member.value, instanceToken: member.key, keyword.name, p.source) {
                        if tracking { ann.properties.insert(i) }
                    } else {
                        ok = false
                        if !collect { return false }
                    }
                }
            }
            return ok
        case .additionalProperties(let s, let known, let patterns):
            var ok = true
            for member in object where known[member.key] == nil && !patterns.contains(where: { $0.matches(member.key) }) {
                if !onChild(s, member.value, instanceToken: member.key, keyword.name) {
                    if schema.nodes[s].boolean == false { reportProperty(keyword, node, member.key, allowed: known.keys) }
                    ok = false
                    if !collect { return false }
                }
            }
            if ok && tracking { ann.properties.all = true }
            return ok
        case .unevaluatedProperties(let s):
            if ann.properties.all { return true }
            var ok = true
            for (i, member) in object.enumerated() where !ann.properties.contains(i) {
                if onChild(s, member.value, instanceToken: member.key, keyword.name) {
                    ann.properties.insert(i)
                } else {
                    if schema.nodes[s].boolean == false { reportProperty(keyword, node, member.key, allowed: []) }
                    ok = false
                    if !collect { return false }
                }
            }
            return ok
        case .propertyNames(let s):
            var ok = true
            for member in object {
                let (valid, _) = quietly { $0.evaluate(s, .string(member.key), track: false) }
                if !valid {
                    report(keyword.name, node, "property name \"\(member.key)\" is invalid", child: member.key)
                    ok = false
                    if !collect { return false }
                }
            }
            return ok
        case .dependentSchemas(let pairs):
            var ok = true
            for (trigger, s) in pairs where object.position(of: trigger) != nil {
                if !inPlace(s, value, keyword.name, trigger, tracking: tracking, &ann) {
                    ok = false
                    if !collect { return false }
                }
            }
            return ok
        default:
            return true
        }
    }
}
