import Foundation
import PipelineStepKit
import TestTiers
import Testing

@Suite(.fast) struct ParameterTests {
    struct Parameters: Decodable, Sendable {
        struct Table: Decodable, Sendable { var storageGB: Double }
        var channel: String
        var retries: Int?
        var tables: [String: Table]?
    }

    static let module = StepModule(name: "typed", version: "1", summary: "s", parameters: Parameters.self) { call in
        StepResult(message: "\(call.parameters.channel) \(call.parameters.retries ?? 0) \(call.parameters.tables?["tenants"]?.storageGB ?? 0)")
    }

    @Test func typedParametersReachTheHandler() async {
        let outcome = await StepHarness(Self.module).run(.apply, parameters: ["channel": "#deploys", "retries": 3, "tables": ["tenants": ["storageGB": 2.5]]] as [String: StepValue])
        #expect(outcome.message == "#deploys 3 2.5")
    }

    @Test func aWrongTypeNamesTheParameter() async {
        let outcome = await StepHarness(Self.module).run(.apply, parameters: ["channel": "#d", "retries": "lots"] as [String: StepValue])
        #expect(outcome.status == 1)
        #expect(outcome.message == "step \"typed\" (typed): parameter \"retries\": expected an integer, found the string \"lots\"")
    }

    @Test func aNestedWrongTypeNamesItsPath() async {
        let outcome = await StepHarness(Self.module).run(.apply, parameters: ["channel": "#d", "tables": ["tenants": ["storageGB": true]]] as [String: StepValue])
        #expect(outcome.status == 1)
        #expect(outcome.message?.hasSuffix("parameter \"tables.tenants.storageGB\": expected a number, found true") == true)
    }

    @Test func aMissingParameterIsNamed() async {
        let outcome = await StepHarness(Self.module).run(.apply)
        #expect(outcome.status == 1)
        #expect(outcome.message?.hasSuffix("parameter \"channel\" is required but missing") == true)
    }

    @Test func aFractionWhereAnIntegerIsWantedIsNamed() async {
        let outcome = await StepHarness(Self.module).run(.apply, parameters: ["channel": "#d", "retries": 2.5] as [String: StepValue])
        #expect(outcome.status == 1)
        #expect(outcome.message?.contains("parameter \"retries\"") == true)
    }

    @Test func theSchemaBuilderWritesJSONSchema() {
        let schema = ParameterSchema.object([
            "currency": .string(description: "ISO code", enum: ["USD"]),
            "tables": .map(of: .object(["storageGB": .number(minimum: 0)])),
            "tags": .array(of: .string(), minItems: 1),
            "dryRun": .boolean(),
        ], required: ["currency"])
        let expected: StepValue = [
            "type": "object", "additionalProperties": false, "required": ["currency"],
            "properties": [
                "currency": ["type": "string", "description": "ISO code", "enum": ["USD"]],
                "tables": ["type": "object", "additionalProperties": [
                    "type": "object", "additionalProperties": false, "properties": ["storageGB": ["type": "number", "minimum": 0]],
                ]],
                "tags": ["type": "array", "items": ["type": "string"], "minItems": 1],
                "dryRun": ["type": "boolean"],
            ],
        ]
        #expect(schema.json == expected)
        #expect(ParameterSchema.object([:], additionalProperties: true).json["additionalProperties"] == true)
    }
}
