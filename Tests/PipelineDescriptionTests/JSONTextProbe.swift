import Foundation
@_spi(PipelineWire) @testable import PipelineDescription

/// Reaches the DSL's internal JSON writer and its mapping to the wire format.
enum JSONTextProbe {
    static func encode(_ value: some Encodable) -> String { JSONText.encode(value) }

    /// The document the pipeline file writes for `pipeline`.
    static func document(_ pipeline: Pipeline) -> String { JSONText.encode(wire(pipeline)) }

    /// The document's wire form.
    static func wire(_ pipeline: Pipeline) -> PipelineSerialization.Document { PipelineSerialization.Document(pipeline) }

    /// `value` written by the DSL's writer and read back by Foundation's decoder.
    static func roundTrip<T: Codable>(_ value: T) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(JSONText.encode(value).utf8))
    }

    static func value(_ value: Value) -> PipelineSerialization.Value { PipelineSerialization.Value(value) }
    static func condition(_ condition: Condition) -> PipelineSerialization.Condition { PipelineSerialization.Condition(condition) }
}
