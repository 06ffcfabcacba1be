/// A compiled JSON Schema (draft 2020-12 or draft-07), ready to validate many instances.
///
/// ```swift
/// let validator = try Validator(schema: schemaDocument.root)
/// let result = validator.validate(try JSONDocument(bytes: data))
/// for issue in result.issues { print(issue) }   // "12:5: /tableName: must be ... [schema /properties/tableName/pattern]"
/// ```
///
/// The schema is compiled once; `validate` first runs a fast pass that stops at the first
/// failure and only re-evaluates with full error collection when the instance is invalid.
/// References resolve only against embedded resources and the ``SchemaRegistry``.
public struct Validator: Sendable {
    /// Options of a validator.
    public struct Options: Sendable {
        /// Treat `format` as an assertion (default: annotation only, as the drafts specify).
        public var assertFormats: Bool
        /// Maximum nesting of schema evaluations before the validation reports an error.
        public var maxEvaluationDepth: Int

        public init(assertFormats: Bool = false, maxEvaluationDepth: Int = 4096) {
            self.assertFormats = assertFormats
            self.maxEvaluationDepth = maxEvaluationDepth
        }
    }

    /// The draft used for schemas without `$schema`.
    public let draft: Draft
    public let options: Options
    let compiled: CompiledSchema

    /// Compiles `schema`. `baseURI` is its retrieval URI (resolves relative `$id`/`$ref`);
    /// `draft` applies when the schema has no `$schema`.
    public init(schema: JSONValue, registry: SchemaRegistry = SchemaRegistry(), draft: Draft = .draft2020_12,
                baseURI: String = "", options: Options = Options()) throws(SchemaError) {
        self.draft = draft
        self.options = options
        let compiler = SchemaCompiler(registry: registry, defaultDraft: draft, assertFormats: options.assertFormats)
        compiled = try compiler.compile(schema, baseURI: baseURI)
    }

    /// True if `instance` is valid (fast path, no issues built).
    public func isValid(_ instance: JSONValue) -> Bool {
        let (valid, exhausted) = fastPass(instance)
        if !exhausted { return valid }
        let copy = self
        return StackGuard.onLargeStack { copy.fastPass(instance).valid }
    }

    /// Validates `instance` and returns every issue.
    public func validate(_ instance: JSONValue) -> ValidationResult {
        let (valid, exhausted) = fastPass(instance)
        if !exhausted {
            if valid { return ValidationResult(issues: []) }
            if let result = collectingPass(instance) { return result }
        }
        // Too deep for this thread's stack: evaluate on a thread with a large one.
        let copy = self
        return StackGuard.onLargeStack {
            if copy.fastPass(instance).valid { return ValidationResult(issues: []) }
            return copy.collectingPass(instance, allowExhaustion: true) ?? ValidationResult(issues: [])
        }
    }

    private func fastPass(_ instance: JSONValue) -> (valid: Bool, exhausted: Bool) {
        var evaluator = Evaluator(schema: compiled, collect: false, maxDepth: options.maxEvaluationDepth)
        let valid = evaluator.evaluate(compiled.root, instance, track: false).0
        return (valid, evaluator.stackExhausted)
    }

    /// All issues, or `nil` if the stack ran low (unless `allowExhaustion`, which keeps the
    /// "too deep" issue).
    private func collectingPass(_ instance: JSONValue, allowExhaustion: Bool = false) -> ValidationResult? {
        var evaluator = Evaluator(schema: compiled, collect: true, maxDepth: options.maxEvaluationDepth)
        _ = evaluator.evaluate(compiled.root, instance, track: false)
        if evaluator.stackExhausted && !allowExhaustion { return nil }
        return ValidationResult(issues: evaluator.issues)
    }

    /// Validates a parsed document; issues carry the line/column of the failing value.
    public func validate(_ document: JSONDocument) -> ValidationResult {
        var result = validate(document.root)
        for i in result.issues.indices {
            result.issues[i].position = document.position(ofPointer: result.issues[i].instanceLocation)
        }
        return result
    }
}
