@testable import PipelineDescription

/// Reaches the DSL's internal JSON writer.
enum JSONTextProbe {
    static func encode(_ value: some Encodable) -> String { JSONText.encode(value) }
}
