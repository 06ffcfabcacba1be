import Foundation

/// Generates table definition files whose one defect is marked with `»` (the marker is
/// removed; its line and column are where the problem must be reported). `<FF>` becomes
/// the byte 0xFF (invalid UTF-8).
struct CorpusFile {
    var name: String
    var bytes: [UInt8]
    var line: Int
    var column: Int

    init(name: String, marked text: String) {
        self.name = name
        let marker = text.range(of: "»")
        let before = marker.map { text[..<$0.lowerBound] } ?? ""
        line = before.filter { $0 == "\n" }.count + 1
        column = (before.split(separator: "\n", omittingEmptySubsequences: false).last.map { $0.unicodeScalars.count } ?? 0) + 1
        let clean = text.replacingOccurrences(of: "»", with: "")
        var bytes: [UInt8] = []
        var rest = Substring(clean)
        while let r = rest.range(of: "<FF>") {
            bytes += Array(rest[..<r.lowerBound].utf8) + [0xFF]
            rest = rest[r.upperBound...]
        }
        self.bytes = bytes + Array(rest.utf8)
    }

    /// A valid definition; cases edit it with string replacements.
    static let base = """
        {
          "tableName": "orders",
          "attributeDefinitions": [
            { "name": "PK", "type": "S" },
            { "name": "SK", "type": "S" },
            { "name": "status", "type": "S" }
          ],
          "keySchema": { "partitionKey": "PK", "sortKey": "SK" },
          "globalSecondaryIndexes": [
            { "indexName": "StatusIndex", "partitionKey": "status", "sortKey": "SK", "projection": { "type": "ALL" } }
          ],
          "billingMode": "PAY_PER_REQUEST",
          "pointInTimeRecovery": true
        }

        """

    static func edit(_ replacements: [(String, String)]) -> String {
        var text = base
        for (old, new) in replacements {
            precondition(text.contains(old), "corpus edit does not apply: \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        return text
    }

    static let gsiLine = #"    { "indexName": "StatusIndex", "partitionKey": "status", "sortKey": "SK", "projection": { "type": "ALL" } }"#

    static func gsi(_ name: String, marked: Bool = false) -> String {
        "    \(marked ? "»" : ""){ \"indexName\": \"\(name)\", \"partitionKey\": \"status\", \"projection\": { \"type\": \"KEYS_ONLY\" } }"
    }

    static func lsi(_ name: String, marked: Bool = false) -> String {
        "    \(marked ? "»" : ""){ \"indexName\": \"\(name)\", \"sortKey\": \"status\", \"projection\": { \"type\": \"KEYS_ONLY\" } }"
    }
}

import PipelineBasics
import Testing

extension CorpusFile: CustomTestStringConvertible {
    var testDescription: String { name }
}
