import Foundation

/// A JSON Schema (draft 2020-12) for a step's `with:` parameters, built from small pieces:
///
/// ```swift
/// .object([
///     "currency": .string(description: "ISO currency code of the estimate", enum: ["USD"]),
///     "readsPerMonth": .integer(description: "read requests per table per month", minimum: 0),
/// ], required: ["currency"])
/// ```
///
/// Objects refuse properties they do not list (`additionalProperties: false`) unless told
/// otherwise, so a misspelt parameter is named when the pipeline loads.
public struct ParameterSchema: Sendable, Equatable {
    /// The schema as JSON.
    public var json: StepValue

    /// Any JSON Schema given as JSON.
    public init(json: StepValue) { self.json = json }

    private static func make(_ type: String, description: String?, _ extra: [String: StepValue?]) -> ParameterSchema {
        var fields: [String: StepValue] = ["type": .string(type)]
        fields["description"] = description.map(StepValue.string)
        for (key, value) in extra { if let value { fields[key] = value } }
        return ParameterSchema(json: .object(fields))
    }

    /// An object with the given properties.
    public static func object(_ properties: [String: ParameterSchema], required: [String] = [], additionalProperties: Bool = false,
                              description: String? = nil) -> ParameterSchema {
        make("object", description: description, [
            "properties": .object(properties.mapValues(\.json)),
            "required": required.isEmpty ? nil : .array(required.map(StepValue.string)),
            "additionalProperties": .bool(additionalProperties),
        ])
    }

    /// An object whose keys are free (names of tables, say) and whose values all match `values`.
    public static func map(of values: ParameterSchema, description: String? = nil) -> ParameterSchema {
        make("object", description: description, ["additionalProperties": values.json])
    }

    public static func string(description: String? = nil, enum values: [String]? = nil, pattern: String? = nil,
                              minLength: Int? = nil) -> ParameterSchema {
        make("string", description: description, [
            "enum": values.map { .array($0.map(StepValue.string)) },
            "pattern": pattern.map(StepValue.string),
            "minLength": minLength.map { .number(Double($0)) },
        ])
    }

    public static func integer(description: String? = nil, minimum: Int? = nil, maximum: Int? = nil) -> ParameterSchema {
        make("integer", description: description, [
            "minimum": minimum.map { .number(Double($0)) }, "maximum": maximum.map { .number(Double($0)) },
        ])
    }

    public static func number(description: String? = nil, minimum: Double? = nil, maximum: Double? = nil) -> ParameterSchema {
        make("number", description: description, ["minimum": minimum.map(StepValue.number), "maximum": maximum.map(StepValue.number)])
    }

    public static func boolean(description: String? = nil) -> ParameterSchema {
        make("boolean", description: description, [:])
    }

    public static func array(of items: ParameterSchema, description: String? = nil, minItems: Int? = nil) -> ParameterSchema {
        make("array", description: description, ["items": items.json, "minItems": minItems.map { .number(Double($0)) }])
    }
}
