import AWS
import Foundation
import PipelineEngine

/// Records are kept as their Codable JSON in one attribute (`record`), so fields added to a
/// record type later are stored and read back without a change here. Dates are Foundation's own
/// Codable form (seconds since 2001-01-01 as a double), which reads back exactly.
enum RecordCoding {
    static let attribute = "record"

    static func encode(_ value: some Encodable) throws -> DynamoDBAttributeValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return .s(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    static func decode<T: Decodable>(_ type: T.Type, from item: DynamoDBItem, what: @autoclosure () -> String) throws -> T {
        guard let text = item[attribute]?.stringValue else {
            throw EngineError.storeCorrupt("\(what()) in the DynamoDB table has no '\(attribute)' attribute")
        }
        let decoder = JSONDecoder()
        do {
            return try decoder.decode(T.self, from: Data(text.utf8))
        } catch {
            throw EngineError.storeCorrupt("\(what()) in the DynamoDB table cannot be read: \(error)")
        }
    }

    /// An item's size as DynamoDB counts it (attribute names and values, UTF-8), roughly: enough
    /// to stay clear of the 400 KB limit with a margin.
    static func size(of item: DynamoDBItem) -> Int {
        item.reduce(0) { $0 + $1.key.utf8.count + size(of: $1.value) }
    }

    static func size(of value: DynamoDBAttributeValue) -> Int {
        switch value {
        case .s(let text): text.utf8.count
        case .n(let number): number.utf8.count
        case .b(let data): data.count
        case .bool, .null: 1
        case .m(let map): 3 + map.reduce(0) { $0 + $1.key.utf8.count + size(of: $1.value) + 1 }
        case .l(let list): 3 + list.reduce(0) { $0 + size(of: $1) + 1 }
        case .ss(let values): values.reduce(0) { $0 + $1.utf8.count }
        case .ns(let values): values.reduce(0) { $0 + $1.utf8.count }
        case .bs(let values): values.reduce(0) { $0 + $1.count }
        }
    }
}

extension Date {
    /// The exact number form of a date attribute (seconds since 2001-01-01, as in ``RecordCoding``).
    var attribute: DynamoDBAttributeValue { .n(String(timeIntervalSinceReferenceDate)) }

    init?(attribute: DynamoDBAttributeValue?) {
        guard let seconds = attribute?.numberValue.flatMap(Double.init) else { return nil }
        self.init(timeIntervalSinceReferenceDate: seconds)
    }
}
