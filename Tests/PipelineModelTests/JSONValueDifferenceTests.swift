import PipelineModel
import TestTiers
import Testing

/// How a stale plan says what changed.
@Suite(.fast) struct JSONValueDifferenceTests {
    @Test func namedElementsAreComparedByNameAndNullIsAbsence() {
        let before: JSONValue = .object([
            "tenants": .object(["tags": .object(["Owner": .string("a")]),
                                "globalSecondaryIndexes": .array([.object(["name": .string("A")]), .object(["name": .string("B")])])]),
            "products": .null,
        ])
        let after: JSONValue = .object([
            "tenants": .object(["tags": .object(["Owner": .string("b")]),
                                "globalSecondaryIndexes": .array([.object(["name": .string("B")]), .object(["name": .string("A")]),
                                                                  .object(["name": .string("C")])])]),
            "products": .object(["tableName": .string("products")]),
        ])
        #expect(JSONValue.differences(from: before, to: after) == [
            "products: added {1 field}",
            "tenants.globalSecondaryIndexes[C]: added {1 field}",
            "tenants.tags.Owner: \"a\" → \"b\"",
        ])
        #expect(JSONValue.differences(from: after, to: after).isEmpty)
        #expect(JSONValue.differences(from: .array([.int(1), .int(2)]), to: .array([.int(1)])) == ["(root): [2 items] → [1 item]"])
    }
}
