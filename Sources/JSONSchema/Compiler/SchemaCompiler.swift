/// Compiles a root schema (and every document it references) into a ``CompiledSchema``.
///
/// Works in two passes per document: `scan` finds base URIs, `$id` resources and anchors
/// following only subschema keywords (so an `$id` inside `enum` or an unknown keyword is
/// not an identifier); `compileNode` then turns schema locations into nodes on demand, from
/// a work list, so reference cycles need no recursion.
final class SchemaCompiler {
    struct Location: Hashable {
        var doc: Int
        var pointer: String
    }

    struct Info {
        var base: String
        var draft: Draft
        var vocabulary: Vocabulary
        var resource: Int
    }

    struct Resource {
        var uri: String
        var location: Location
        var dynamicAnchors: [String: Location] = [:]
    }

    let registry: SchemaRegistry
    let defaultDraft: Draft
    let assertFormats: Bool

    var docs: [JSONValue] = []
    var infos: [Location: Info] = [:]
    var resources: [Resource] = []
    var resourceByURI: [String: Int] = [:]
    var anchors: [String: Location] = [:]
    var nodeIndex: [Location: Int] = [:]
    var nodes: [SchemaNode?] = []
    var queue: [(Int, Location, JSONValue)] = []
    /// `$dynamicAnchor` names → ids used by the compiled form.
    var dynamicAnchorIDs: [String: Int] = [:]

    func dynamicAnchorID(_ name: String) -> Int {
        if let id = dynamicAnchorIDs[name] { return id }
        let id = dynamicAnchorIDs.count
        dynamicAnchorIDs[name] = id
        return id
    }

    init(registry: SchemaRegistry, defaultDraft: Draft, assertFormats: Bool) {
        self.registry = registry
        self.defaultDraft = defaultDraft
        self.assertFormats = assertFormats
    }

    /// Compiles `schema` whose retrieval URI is `baseURI`.
    func compile(_ schema: JSONValue, baseURI: String) throws(SchemaError) -> CompiledSchema {
        let rootLocation = try loadDocument(schema, uri: baseURI, inheritedDraft: defaultDraft)
        let root = index(for: rootLocation, value: schema)
        var anchorsDone = 0
        var dynamic: [[String: Int]] = []
        repeat {
            while let (i, location, value) = queue.popLast() {
                nodes[i] = try compileNode(location, value)
            }
            // Every resource's dynamic anchors must be compiled for $dynamicRef lookups.
            while anchorsDone < resources.count {
                var map: [String: Int] = [:]
                for (name, loc) in resources[anchorsDone].dynamicAnchors {
                    guard let value = docs[loc.doc].value(at: JSONPointer(loc.pointer) ?? JSONPointer()) else { continue }
                    map[name] = index(for: loc, value: value)
                }
                dynamic.append(map)
                anchorsDone += 1
            }
        } while !queue.isEmpty
        var table = [[Int]](repeating: [Int](repeating: -1, count: dynamic.count), count: dynamicAnchorIDs.count)
        for (resource, map) in dynamic.enumerated() {
            for (name, node) in map {
                if let id = dynamicAnchorIDs[name] { table[id][resource] = node }
            }
        }
        return CompiledSchema(nodes: nodes.map { $0! }, dynamicAnchors: table, root: root)
    }

    /// The node index for a schema location, queueing its compilation the first time.
    func index(for location: Location, value: JSONValue) -> Int {
        if let i = nodeIndex[location] { return i }
        let i = nodes.count
        nodes.append(nil)
        nodeIndex[location] = i
        queue.append((i, location, value))
        return i
    }

    // MARK: Documents and scanning

    /// Adds a document and scans it; returns the location of its root.
    func loadDocument(_ value: JSONValue, uri: String, inheritedDraft: Draft) throws(SchemaError) -> Location {
        let key = SchemaRegistry.key(uri)
        if let r = resourceByURI[key] { return resources[r].location }
        let doc = docs.count
        docs.append(value)
        let location = Location(doc: doc, pointer: "")
        let resource = addResource(key, at: location)
        let (draft, vocabulary) = try dialect(of: value, fallback: inheritedDraft, at: key)
        try scan(value, location, Info(base: key, draft: draft, vocabulary: vocabulary, resource: resource), isResourceRoot: true)
        return location
    }

    func addResource(_ uri: String, at location: Location) -> Int {
        if let existing = resourceByURI[uri], resources[existing].location == location { return existing }
        let r = resources.count
        resources.append(Resource(uri: uri, location: location))
        resourceByURI[uri] = r
        return r
    }

    /// The draft and vocabularies a resource root declares through `$schema`.
    func dialect(of value: JSONValue, fallback: Draft, at location: String) throws(SchemaError) -> (Draft, Vocabulary) {
        guard let uri = value["$schema"]?.stringValue else {
            return (fallback, .standard)
        }
        if let draft = Draft.known(uri) { return (draft, .standard) }
        guard let meta = registry.document(for: uri) else {
            throw .unsupportedMetaSchema(uri, at: location, reason: "it is neither draft-07 nor 2020-12 and is not registered")
        }
        var draft = Draft.draft2020_12
        if let metaSchema = meta["$schema"]?.stringValue, let d = Draft.known(metaSchema) { draft = d }
        guard let declared = meta["$vocabulary"]?.objectValue else { return (draft, .standard) }
        var vocabulary: Vocabulary = []
        for member in declared {
            if let v = Vocabulary.named(member.key) {
                vocabulary.insert(v)
            } else if member.value == .bool(true) {
                throw .unsupportedMetaSchema(uri, at: location, reason: "it requires the unknown vocabulary \(member.key)")
            }
        }
        return (draft, vocabulary)
    }

    func scan(_ value: JSONValue, _ location: Location, _ inherited: Info, isResourceRoot: Bool) throws(SchemaError) {
        guard case .object(let o) = value else {
            infos[location] = inherited
            return
        }
        var info = inherited
        let hasRef = o["$ref"] != nil
        let id = o["$id"]?.stringValue
        if !isResourceRoot, id != nil, o["$schema"] != nil {
            (info.draft, info.vocabulary) = try dialect(of: value, fallback: inherited.draft, at: inherited.base)
        }
        if let id, !(info.draft == .draft7 && hasRef) {
            if info.draft == .draft7 && id.hasPrefix("#") {
                anchors[info.base + id] = location
            } else {
                let resolved = URIReference(id).resolved(against: URIReference(info.base))
                let uri = resolved.withoutFragment.description
                info.base = uri
                if uri != inherited.base || !isResourceRoot {
                    info.resource = addResource(uri, at: location)
                }
                if let fragment = resolved.fragment, !fragment.isEmpty, !fragment.hasPrefix("/") {
                    anchors[uri + "#" + fragment] = location
                }
            }
        }
        if info.draft == .draft2020_12 {
            if let anchor = o["$anchor"]?.stringValue {
                anchors[info.base + "#" + anchor] = location
            }
            if let anchor = o["$dynamicAnchor"]?.stringValue {
                anchors[info.base + "#" + anchor] = location
                resources[info.resource].dynamicAnchors[anchor] = location
            }
        }
        infos[location] = info
        for (key, child) in SchemaCompiler.subschemas(of: o, draft: info.draft) {
            try scan(child, Location(doc: location.doc, pointer: location.pointer + key), info, isResourceRoot: false)
        }
    }

    /// `(pointer suffix, subschema)` for every subschema keyword of an object.
    static func subschemas(of o: JSONObject, draft: Draft) -> [(String, JSONValue)] {
        var result: [(String, JSONValue)] = []
        let maps = draft == .draft7
            ? ["definitions", "properties", "patternProperties", "dependencies"]
            : ["$defs", "properties", "patternProperties", "dependentSchemas", "dependencies"]
        let singles = draft == .draft7
            ? ["additionalItems", "items", "additionalProperties", "propertyNames", "not", "if", "then", "else", "contains"]
            : ["items", "additionalProperties", "propertyNames", "not", "if", "then", "else", "contains",
               "unevaluatedProperties", "unevaluatedItems"]
        let lists = draft == .draft7 ? ["allOf", "anyOf", "oneOf", "items"] : ["allOf", "anyOf", "oneOf", "prefixItems"]
        for member in o {
            let k = JSONPointer.escape(member.key)
            if maps.contains(member.key), case .object(let m) = member.value {
                for sub in m where sub.value.isSchemaShaped {
                    result.append(("/\(k)/\(JSONPointer.escape(sub.key))", sub.value))
                }
            }
            if singles.contains(member.key), member.value.isSchemaShaped {
                result.append(("/\(k)", member.value))
            }
            if lists.contains(member.key), case .array(let a) = member.value {
                for (i, sub) in a.enumerated() { result.append(("/\(k)/\(i)", sub)) }
            }
        }
        return result
    }

    /// Info for a location that `scan` did not reach (a pointer into an arbitrary place).
    func info(for location: Location) throws(SchemaError) -> Info {
        if let info = infos[location] { return info }
        var tokens = JSONPointer(location.pointer)?.tokens ?? []
        while !tokens.isEmpty {
            tokens.removeLast()
            let ancestor = Location(doc: location.doc, pointer: JSONPointer(tokens: tokens).description)
            if let info = infos[ancestor] {
                if let value = docs[location.doc].value(at: JSONPointer(location.pointer) ?? JSONPointer()) {
                    try scan(value, location, info, isResourceRoot: false)
                }
                return infos[location] ?? info
            }
        }
        return Info(base: "", draft: defaultDraft, vocabulary: .standard, resource: 0)
    }

    /// The absolute location string of a schema location, for messages and output.
    func absoluteLocation(_ location: Location, _ info: Info) -> String {
        let resource = resources[info.resource]
        var pointer = location.pointer
        if resource.location.doc == location.doc, pointer.hasPrefix(resource.location.pointer) {
            pointer = String(pointer.dropFirst(resource.location.pointer.count))
        }
        return resource.uri + "#" + pointer
    }
}

extension JSONValue {
    var isSchemaShaped: Bool {
        switch self {
        case .object, .bool: return true
        default: return false
        }
    }
}
