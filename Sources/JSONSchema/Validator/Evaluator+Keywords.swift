/// Evaluation of each keyword kind.
extension Evaluator {
    mutating func evaluate(_ keyword: Keyword, _ node: SchemaNode, _ value: JSONValue, tracking: Bool,
                           _ ann: inout Annotations) -> Bool {
        switch keyword.kind {
        case .ref(let target):
            return follow(target, value, keyword, node, tracking: tracking, &ann)
        case .dynamicRef(let initial, let anchor):
            var target = initial
            if let anchor {
                let candidates = schema.dynamicAnchors[anchor]
                for resource in dynamicScope where candidates[resource] >= 0 {
                    target = candidates[resource]
                    break
                }
            }
            return follow(target, value, keyword, node, tracking: tracking, &ann)
        case .type(let mask):
            if mask.accepts(value) { return true }
            let expected = mask.names.joined(separator: " or ")
            report(keyword.name, node, "must be of type \(expected), but is \(value.typeName)")
            return false
        case .enumeration(let values, let set):
            if let set {
                if set.contains(value) { return true }
            } else if values.contains(value) {
                return true
            }
            let shown = values.prefix(12).map(\.jsonText).joined(separator: ", ") + (values.count > 12 ? ", …" : "")
            report(keyword.name, node, "\(value.abbreviated()) is not one of the allowed values: \(shown)")
            return false
        case .const(let expected):
            if value == expected { return true }
            report(keyword.name, node, "must be exactly \(expected.abbreviated()), but is \(value.abbreviated())")
            return false
        case .format(let name, let assert):
            if !assert || FormatChecker.check(name, value) { return true }
            report(keyword.name, node, "\(value.abbreviated()) is not a valid \(name)")
            return false
        case .multipleOf, .maximum, .exclusiveMaximum, .minimum, .exclusiveMinimum:
            return evaluateNumeric(keyword, node, value)
        case .maxLength, .minLength, .pattern:
            return evaluateString(keyword, node, value)
        case .maxItems, .minItems, .uniqueItems, .prefixItems, .items, .contains, .unevaluatedItems:
            return evaluateArray(keyword, node, value, tracking: tracking, &ann)
        case .maxProperties, .minProperties, .required, .dependentRequired, .properties, .patternProperties,
            .additionalProperties, .propertyNames, .dependentSchemas, .unevaluatedProperties:
            return evaluateObject(keyword, node, value, tracking: tracking, &ann)
        case .allOf, .anyOf, .oneOf, .not, .ifThenElse:
            return evaluateLogic(keyword, node, value, tracking: tracking, &ann)
        }
    }

    mutating func evaluateNumeric(_ keyword: Keyword, _ node: SchemaNode, _ value: JSONValue) -> Bool {
        guard case .number(let n) = value else { return true }
        switch keyword.kind {
        case .multipleOf(let d):
            if n.isMultiple(of: d) { return true }
            report(keyword.name, node, "\(n) is not a multiple of \(d)")
        case .maximum(let m):
            if n <= m { return true }
            report(keyword.name, node, "must be at most \(m), but is \(n)")
        case .exclusiveMaximum(let m):
            if n < m { return true }
            report(keyword.name, node, "must be less than \(m), but is \(n)")
        case .minimum(let m):
            if n >= m { return true }
            report(keyword.name, node, "must be at least \(m), but is \(n)")
        case .exclusiveMinimum(let m):
            if n > m { return true }
            report(keyword.name, node, "must be greater than \(m), but is \(n)")
        default:
            return true
        }
        return false
    }

    mutating func evaluateString(_ keyword: Keyword, _ node: SchemaNode, _ value: JSONValue) -> Bool {
        guard case .string(let s) = value else { return true }
        switch keyword.kind {
        case .maxLength(let m):
            if s.utf8.count <= m { return true }
            let length = s.unicodeScalars.count
            if length <= m { return true }
            report(keyword.name, node, "must be at most \(m) characters long, but has \(length)")
        case .minLength(let m):
            // A scalar is 1–4 UTF-8 bytes: decide from the byte count when it can, else count
            // scalars only up to `m`.
            let bytes = s.utf8.count
            if bytes >= 4 * m { return true }
            if bytes >= m {
                var seen = 0
                for _ in s.unicodeScalars {
                    seen += 1
                    if seen >= m { return true }
                }
            }
            report(keyword.name, node, "must be at least \(m) characters long, but has \(s.unicodeScalars.count)")
        case .pattern(let p):
            if p.matches(s) { return true }
            report(keyword.name, node, "\(value.abbreviated()) does not match the pattern \(p.source)")
        default:
            return true
        }
        return false
    }

    mutating func evaluateLogic(_ keyword: Keyword, _ node: SchemaNode, _ value: JSONValue, tracking: Bool,
                                _ ann: inout Annotations) -> Bool {
        switch keyword.kind {
        case .allOf(let subs):
            var ok = true
            for (i, s) in subs.enumerated() where !inPlace(s, value, keyword.name, String(i), tracking: tracking, &ann) {
                ok = false
                if !collect { return false }
            }
            return ok
        case .anyOf(let subs):
            var any = false
            quietly { ev in
                for s in subs {
                    let (ok, a) = ev.evaluate(s, value, track: tracking)
                    if ok {
                        any = true
                        if tracking { ann.merge(a) } else { break }
                    }
                }
            }
            if !any { report(keyword.name, node, "does not match any of the \(subs.count) alternatives of anyOf") }
            return any
        case .oneOf(let subs):
            var matches: [Int] = []
            var matchedAnnotations = Annotations()
            quietly { ev in
                for (i, s) in subs.enumerated() {
                    let (ok, a) = ev.evaluate(s, value, track: tracking)
                    if ok {
                        matches.append(i)
                        matchedAnnotations = a
                        if matches.count > 1 { break }
                    }
                }
            }
            if matches.count == 1 {
                if tracking { ann.merge(matchedAnnotations) }
                return true
            }
            if matches.isEmpty {
                report(keyword.name, node, "does not match any of the \(subs.count) alternatives of oneOf (exactly one must match)")
            } else {
                report(keyword.name, node, "matches alternatives \(matches[0]) and \(matches[1]) of oneOf, but exactly one must match")
            }
            return false
        case .not(let s):
            let (ok, _) = quietly { $0.evaluate(s, value, track: false) }
            if !ok { return true }
            report(keyword.name, node, "must not match the schema in \"not\"")
            return false
        case .ifThenElse(let condition, let then, let otherwise):
            let (ok, a) = quietly { $0.evaluate(condition, value, track: tracking) }
            if ok {
                if tracking { ann.merge(a) }
                guard let then else { return true }
                return inPlace(then, value, "then", tracking: tracking, &ann)
            }
            guard let otherwise else { return true }
            return inPlace(otherwise, value, "else", tracking: tracking, &ann)
        default:
            return true
        }
    }
}
