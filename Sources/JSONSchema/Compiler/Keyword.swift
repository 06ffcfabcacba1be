/// One compiled keyword. `name` is the keyword as written (used in keyword locations).
final class Keyword: Sendable {
    let name: String
    let kind: Kind

    init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }

    enum Kind: Sendable {
        case ref(Int)
        /// `anchor` (an anchor id) is set when the initial target bookends a `$dynamicAnchor`.
        case dynamicRef(Int, anchor: Int?)
        case type(TypeMask)
        case enumeration([JSONValue], set: Set<JSONValue>?)
        case const(JSONValue)
        case multipleOf(JSONNumber)
        case maximum(JSONNumber)
        case exclusiveMaximum(JSONNumber)
        case minimum(JSONNumber)
        case exclusiveMinimum(JSONNumber)
        case maxLength(Int)
        case minLength(Int)
        case pattern(Pattern)
        case format(String, assert: Bool)
        case maxItems(Int)
        case minItems(Int)
        case uniqueItems
        case maxProperties(Int)
        case minProperties(Int)
        case required([String])
        case dependentRequired([(String, [String])])
        case properties(NameMap)
        case patternProperties([(Pattern, Int)])
        case additionalProperties(Int, known: NameMap, patterns: [Pattern])
        case propertyNames(Int)
        case dependentSchemas([(String, Int)])
        case prefixItems([Int])
        /// Items from index `from` on (2020-12 `items`, draft-07 `items`/`additionalItems`).
        case items(Int, from: Int)
        case contains(Int, min: Int, max: Int?)
        case allOf([Int])
        case anyOf([Int])
        case oneOf([Int])
        case not(Int)
        case ifThenElse(if: Int, then: Int?, else: Int?)
        case unevaluatedProperties(Int)
        case unevaluatedItems(Int)
    }
}
