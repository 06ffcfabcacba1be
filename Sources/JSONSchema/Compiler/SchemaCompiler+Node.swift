/// Turning one schema location into a ``SchemaNode``.
extension SchemaCompiler {
    func compileNode(_ location: Location, _ value: JSONValue) throws(SchemaError) -> SchemaNode {
        let info = try info(for: location)
        let where_ = absoluteLocation(location, info)
        switch value {
        case .bool(let b):
            return SchemaNode(boolean: b, keywords: [], resource: info.resource, location: where_, needsAnnotations: false)
        case .object(let o):
            var builder = NodeBuilder(compiler: self, location: location, object: o, info: info, where_: where_)
            try builder.build()
            return SchemaNode(boolean: nil, keywords: builder.keywords + builder.late, resource: info.resource,
                              location: where_, needsAnnotations: !builder.late.isEmpty)
        default:
            throw .notASchema(at: where_)
        }
    }

    /// Resolves a `$ref`-style reference from a schema with the given info.
    func resolveReference(_ reference: String, from info: Info, at where_: String) throws(SchemaError) -> (Location, JSONValue) {
        let absolute = URIReference(reference).resolved(against: URIReference(info.base))
        let docURI = absolute.withoutFragment.description
        let fragment = URIReference.percentDecode(absolute.fragment ?? "")
        if resourceByURI[docURI] == nil, let document = registry.document(for: docURI) {
            _ = try loadDocument(document, uri: docURI, inheritedDraft: info.draft)
        }
        if fragment.isEmpty || fragment.hasPrefix("/") {
            guard let r = resourceByURI[docURI], let pointer = JSONPointer(fragment) else {
                throw .unresolvableReference(reference, at: where_)
            }
            let base = resources[r].location
            let target = Location(doc: base.doc, pointer: base.pointer + pointer.description)
            guard let value = docs[base.doc].value(at: JSONPointer(target.pointer) ?? JSONPointer()) else {
                throw .unresolvableReference(reference, at: where_)
            }
            return (target, value)
        }
        guard let target = anchors[docURI + "#" + fragment],
            let value = docs[target.doc].value(at: JSONPointer(target.pointer) ?? JSONPointer())
        else {
            throw .unresolvableReference(reference, at: where_)
        }
        return (target, value)
    }
}

/// Builds the keyword list of one schema object.
struct NodeBuilder {
    let compiler: SchemaCompiler
    let location: SchemaCompiler.Location
    let object: JSONObject
    let info: SchemaCompiler.Info
    let where_: String
    var keywords: [Keyword] = []
    /// Keywords that need the annotations of all others (`unevaluated*`).
    var late: [Keyword] = []

    init(compiler: SchemaCompiler, location: SchemaCompiler.Location, object: JSONObject, info: SchemaCompiler.Info, where_: String) {
        self.compiler = compiler
        self.location = location
        self.object = object
        self.info = info
        self.where_ = where_
    }

    var draft7: Bool { info.draft == .draft7 }
    func has(_ v: Vocabulary) -> Bool { info.vocabulary.contains(v) }

    func invalid(_ keyword: String, _ reason: String) -> SchemaError {
        .invalidKeyword(keyword, at: where_, reason: reason)
    }

    func child(_ suffix: String, _ value: JSONValue) throws(SchemaError) -> Int {
        guard value.isSchemaShaped else { throw .notASchema(at: where_ + suffix) }
        return compiler.index(for: SchemaCompiler.Location(doc: location.doc, pointer: location.pointer + suffix), value: value)
    }

    func sub(_ keyword: String) throws(SchemaError) -> Int? {
        guard let v = object[keyword] else { return nil }
        return try child("/" + JSONPointer.escape(keyword), v)
    }

    func list(_ keyword: String) throws(SchemaError) -> [Int]? {
        guard let v = object[keyword] else { return nil }
        guard case .array(let a) = v, !a.isEmpty || keyword == "prefixItems" || keyword == "items" else {
            throw invalid(keyword, "must be a non-empty array of schemas")
        }
        var result: [Int] = []
        for (i, s) in a.enumerated() { result.append(try child("/\(JSONPointer.escape(keyword))/\(i)", s)) }
        return result
    }

    func map(_ keyword: String) throws(SchemaError) -> [(String, Int)]? {
        guard let v = object[keyword] else { return nil }
        guard case .object(let o) = v else { throw invalid(keyword, "must be an object of schemas") }
        var result: [(String, Int)] = []
        for m in o {
            result.append((m.key, try child("/\(JSONPointer.escape(keyword))/\(JSONPointer.escape(m.key))", m.value)))
        }
        return result
    }

    func count(_ keyword: String) throws(SchemaError) -> Int? {
        guard let v = object[keyword] else { return nil }
        guard case .number(let n) = v, let i = n.intValue, i >= 0 else { throw invalid(keyword, "must be a non-negative integer") }
        return i
    }

    func number(_ keyword: String) throws(SchemaError) -> JSONNumber? {
        guard let v = object[keyword] else { return nil }
        guard case .number(let n) = v else { throw invalid(keyword, "must be a number") }
        return n
    }

    func pattern(_ source: String, _ keyword: String) throws(SchemaError) -> Pattern {
        do {
            return try Pattern(source)
        } catch {
            throw .invalidRegex(source, at: where_ + "/" + keyword, reason: "\(error)")
        }
    }

    mutating func add(_ name: String, _ kind: Keyword.Kind) { keywords.append(Keyword(name: name, kind: kind)) }

    mutating func build() throws(SchemaError) {
        if let ref = object["$ref"] {
            guard case .string(let s) = ref else { throw invalid("$ref", "must be a string") }
            let (target, value) = try compiler.resolveReference(s, from: info, at: where_)
            add("$ref", .ref(compiler.index(for: target, value: value)))
            // Draft-07: every sibling of $ref is ignored.
            if draft7 { return }
        }
        if !draft7, let dynamicRef = object["$dynamicRef"] {
            guard case .string(let s) = dynamicRef else { throw invalid("$dynamicRef", "must be a string") }
            let (target, value) = try compiler.resolveReference(s, from: info, at: where_)
            let fragment = URIReference(s).fragment ?? ""
            let bookended = !fragment.isEmpty && !fragment.hasPrefix("/") && value["$dynamicAnchor"]?.stringValue == fragment
            add("$dynamicRef", .dynamicRef(compiler.index(for: target, value: value),
                                           anchor: bookended ? compiler.dynamicAnchorID(fragment) : nil))
        }
        if has(.validation) { try buildValidation() }
        if has(.applicator) { try buildApplicators() }
        if has(.formatAnnotation) || has(.formatAssertion) || draft7, let format = object["format"]?.stringValue {
            add("format", .format(format, assert: compiler.assertFormats || has(.formatAssertion)))
        }
        if !draft7, has(.unevaluated) {
            if let s = try sub("unevaluatedProperties") {
                late.append(Keyword(name: "unevaluatedProperties", kind: .unevaluatedProperties(s)))
            }
            if let s = try sub("unevaluatedItems") {
                late.append(Keyword(name: "unevaluatedItems", kind: .unevaluatedItems(s)))
            }
        }
    }

    mutating func buildValidation() throws(SchemaError) {
        if let t = object["type"] {
            var mask: TypeMask = []
            let names: [JSONValue]
            if case .array(let a) = t { names = a } else { names = [t] }
            for n in names {
                guard let s = n.stringValue, let m = TypeMask.named(s) else { throw invalid("type", "unknown type \(n.jsonText)") }
                mask.insert(m)
            }
            add("type", .type(mask))
        }
        if let e = object["enum"] {
            guard case .array(let values) = e else { throw invalid("enum", "must be an array") }
            add("enum", .enumeration(values, set: values.count > 4 ? Set(values) : nil))
        }
        if let c = object["const"] { add("const", .const(c)) }
        if let n = try number("multipleOf") {
            guard n.doubleValue > 0 else { throw invalid("multipleOf", "must be greater than 0") }
            add("multipleOf", .multipleOf(n))
        }
        if let n = try number("maximum") { add("maximum", .maximum(n)) }
        if let n = try number("exclusiveMaximum") { add("exclusiveMaximum", .exclusiveMaximum(n)) }
        if let n = try number("minimum") { add("minimum", .minimum(n)) }
        if let n = try number("exclusiveMinimum") { add("exclusiveMinimum", .exclusiveMinimum(n)) }
        if let n = try count("maxLength") { add("maxLength", .maxLength(n)) }
        if let n = try count("minLength") { add("minLength", .minLength(n)) }
        if let p = object["pattern"] {
            guard let s = p.stringValue else { throw invalid("pattern", "must be a string") }
            add("pattern", .pattern(try pattern(s, "pattern")))
        }
        if let n = try count("maxItems") { add("maxItems", .maxItems(n)) }
        if let n = try count("minItems") { add("minItems", .minItems(n)) }
        if object["uniqueItems"] == .bool(true) { add("uniqueItems", .uniqueItems) }
        if let n = try count("maxProperties") { add("maxProperties", .maxProperties(n)) }
        if let n = try count("minProperties") { add("minProperties", .minProperties(n)) }
        if let r = object["required"] {
            guard case .array(let a) = r, a.allSatisfy({ $0.stringValue != nil }) else {
                throw invalid("required", "must be an array of strings")
            }
            if !a.isEmpty { add("required", .required(a.compactMap(\.stringValue))) }
        }
        if !draft7, let d = object["dependentRequired"] {
            guard case .object(let o) = d else { throw invalid("dependentRequired", "must be an object") }
            var pairs: [(String, [String])] = []
            for m in o {
                guard case .array(let a) = m.value else { throw invalid("dependentRequired", "values must be arrays of strings") }
                pairs.append((m.key, a.compactMap(\.stringValue)))
            }
            add("dependentRequired", .dependentRequired(pairs))
        }
    }

    mutating func buildApplicators() throws(SchemaError) {
        if let all = try list("allOf") { add("allOf", .allOf(all)) }
        if let any = try list("anyOf") { add("anyOf", .anyOf(any)) }
        if let one = try list("oneOf") { add("oneOf", .oneOf(one)) }
        if let not = try sub("not") { add("not", .not(not)) }
        if let i = try sub("if") {
            add("if", .ifThenElse(if: i, then: try sub("then"), else: try sub("else")))
        }
        try buildObjectApplicators()
        try buildArrayApplicators()
    }

    mutating func buildObjectApplicators() throws(SchemaError) {
        var known = NameMap([])
        if let props = try map("properties") {
            known = NameMap(props)
            add("properties", .properties(known))
        }
        var patterns: [Pattern] = []
        if let pp = object["patternProperties"]?.objectValue {
            var compiled: [(Pattern, Int)] = []
            for m in pp {
                let p = try pattern(m.key, "patternProperties")
                compiled.append((p, try child("/patternProperties/\(JSONPointer.escape(m.key))", m.value)))
                patterns.append(p)
            }
            add("patternProperties", .patternProperties(compiled))
        }
        if let s = try sub("additionalProperties") {
            add("additionalProperties", .additionalProperties(s, known: known, patterns: patterns))
        }
        if let s = try sub("propertyNames") { add("propertyNames", .propertyNames(s)) }
        // Draft-07 `dependencies`; 2020-12 keeps accepting it for compatibility.
        if let deps = object["dependencies"]?.objectValue {
            var required: [(String, [String])] = []
            var schemas: [(String, Int)] = []
            for m in deps {
                if case .array(let a) = m.value {
                    required.append((m.key, a.compactMap(\.stringValue)))
                } else {
                    schemas.append((m.key, try child("/dependencies/\(JSONPointer.escape(m.key))", m.value)))
                }
            }
            if !required.isEmpty { add("dependencies", .dependentRequired(required)) }
            if !schemas.isEmpty { add("dependencies", .dependentSchemas(schemas)) }
        }
        if !draft7, let ds = try map("dependentSchemas") { add("dependentSchemas", .dependentSchemas(ds)) }
    }

    mutating func buildArrayApplicators() throws(SchemaError) {
        if draft7 {
            if case .array = object["items"] {
                let prefix = try list("items") ?? []
                add("items", .prefixItems(prefix))
                if let extra = try sub("additionalItems") { add("additionalItems", .items(extra, from: prefix.count)) }
            } else if let s = try sub("items") {
                add("items", .items(s, from: 0))
            }
        } else {
            var prefixCount = 0
            if let prefix = try list("prefixItems") {
                prefixCount = prefix.count
                add("prefixItems", .prefixItems(prefix))
            }
            if let s = try sub("items") { add("items", .items(s, from: prefixCount)) }
        }
        if let c = try sub("contains") {
            var minimum = 1
            var maximum: Int? = nil
            if !draft7, has(.validation) {
                minimum = try count("minContains") ?? 1
                maximum = try count("maxContains")
            }
            add("contains", .contains(c, min: minimum, max: maximum))
        }
    }
}
