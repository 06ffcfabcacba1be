/// Evaluates compiled schema nodes against an instance.
///
/// In fast mode (`collect == false`) it stops at the first failure and builds no paths;
/// in collect mode it evaluates everything and records a ``SchemaViolation`` per failure.
struct Evaluator {
    let schema: CompiledSchema
    let maxDepth: Int
    var collect: Bool
    var issues: [SchemaViolation] = []
    var instancePath: [String] = []
    var keywordPath: [String] = []
    var dynamicScope: [Int] = []
    /// `$ref` targets entered, with the instance depth at entry (cycle detection).
    var refStack: [(target: Int, depth: Int)] = []
    var instanceDepth = 0
    var callDepth = 0
    /// Lowest stack address evaluation may use on this thread.
    let stackLimit: UInt
    /// Set when evaluation stopped because the thread's stack ran low.
    var stackExhausted = false

    init(schema: CompiledSchema, collect: Bool, maxDepth: Int) {
        self.schema = schema
        self.collect = collect
        self.maxDepth = maxDepth
        stackLimit = StackGuard.limit()
    }

    // MARK: Paths and issues

    @inline(__always) mutating func pushKeyword(_ s: String) {
        if collect { keywordPath.append(JSONPointer.escape(s)) }
    }

    @inline(__always) mutating func popKeyword() {
        if collect { keywordPath.removeLast() }
    }

    @inline(__always) mutating func enterInstance(_ token: String) {
        instanceDepth += 1
        if collect { instancePath.append(JSONPointer.escape(token)) }
    }

    @inline(__always) mutating func leaveInstance() {
        instanceDepth -= 1
        if collect { instancePath.removeLast() }
    }

    /// Records an issue at the current instance location (plus an optional child token).
    mutating func report(_ keyword: String, _ node: SchemaNode, _ message: @autoclosure () -> String, child: String? = nil) {
        guard collect else { return }
        var instance = instancePath.map { "/" + $0 }.joined()
        if let child { instance += "/" + JSONPointer.escape(child) }
        let suffix = keyword.isEmpty ? "" : "/" + JSONPointer.escape(keyword)
        let keywordLocation = keywordPath.map { "/" + $0 }.joined() + suffix
        let absolute = node.location.isEmpty || node.location.hasPrefix("#") ? nil : node.location + suffix
        issues.append(SchemaViolation(instanceLocation: instance, keywordLocation: keywordLocation,
                                      absoluteKeywordLocation: absolute, message: message()))
    }

    /// Runs `body` in fast mode (no issues recorded), restoring the mode after.
    mutating func quietly<T>(_ body: (inout Evaluator) -> T) -> T {
        let saved = collect
        collect = false
        defer { collect = saved }
        return body(&self)
    }

    // MARK: Nodes

    /// Evaluates node `n` against `value`; `track` asks for annotations of evaluated
    /// properties/items (returned only when valid).
    mutating func evaluate(_ n: Int, _ value: JSONValue, track: Bool) -> (Bool, Annotations) {
        let node = schema.nodes[n]
        if let b = node.boolean {
            if !b {
                let what = instancePath.last.map { "\"\(JSONPointer.unescape($0))\" is not allowed here" } ?? "no value is allowed here"
                report("", node, "\(what) (the schema is `false`)")
            }
            return (b, Annotations())
        }
        callDepth += 1
        defer { callDepth -= 1 }
        if StackGuard.currentAddress() < stackLimit {
            stackExhausted = true
            report("", node, "the instance is nested too deeply to validate on this thread's stack")
            return (false, Annotations())
        }
        if callDepth > maxDepth {
            let limit = maxDepth
            report("", node, "schema evaluation nested more than \(limit) levels: the schema recurses without consuming input or the instance is too deep")
            return (false, Annotations())
        }
        let pushed = dynamicScope.last != node.resource
        if pushed { dynamicScope.append(node.resource) }
        defer { if pushed { dynamicScope.removeLast() } }
        let tracking = track || node.needsAnnotations
        var ann = Annotations()
        var valid = true
        for keyword in node.keywords {
            if !evaluate(keyword, node, value, tracking: tracking, &ann) {
                valid = false
                if !collect { break }
            }
        }
        return (valid, valid ? ann : Annotations())
    }

    /// Evaluates an in-place subschema under `keyword` (and `token`), merging annotations.
    mutating func inPlace(_ n: Int, _ value: JSONValue, _ keyword: String, _ token: String? = nil, tracking: Bool,
                          _ ann: inout Annotations) -> Bool {
        pushKeyword(keyword)
        if let token { pushKeyword(token) }
        let (ok, a) = evaluate(n, value, track: tracking)
        if token != nil { popKeyword() }
        popKeyword()
        if ok && tracking { ann.merge(a) }
        return ok
    }

    /// Evaluates a subschema against a child value (array item or property value).
    mutating func onChild(_ n: Int, _ value: JSONValue, instanceToken: String, _ keyword: String, _ token: String? = nil) -> Bool {
        pushKeyword(keyword)
        if let token { pushKeyword(token) }
        enterInstance(instanceToken)
        let (ok, _) = evaluate(n, value, track: false)
        leaveInstance()
        if token != nil { popKeyword() }
        popKeyword()
        return ok
    }

    /// Follows a `$ref`/`$dynamicRef` to `target`, refusing a cycle that consumes no input.
    mutating func follow(_ target: Int, _ value: JSONValue, _ keyword: Keyword, _ node: SchemaNode, tracking: Bool,
                         _ ann: inout Annotations) -> Bool {
        for entry in refStack.reversed() {
            if entry.depth != instanceDepth { break }
            if entry.target == target {
                let location = schema.nodes[target].location
                report(keyword.name, node, "\(keyword.name) cycle: \(location) refers back to itself without validating any part of the instance")
                return false
            }
        }
        refStack.append((target, instanceDepth))
        defer { refStack.removeLast() }
        return inPlace(target, value, keyword.name, tracking: tracking, &ann)
    }
}
