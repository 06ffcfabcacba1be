import Foundation
import PipelineEngine

extension ValidateTableDefinitionsStep {
    /// Problems where a definition's `environments` names an environment the pipeline does not
    /// declare (the pipeline file decides which environments exist; see docs/decisions.md).
    static func unknownEnvironments(in file: (path: String, bytes: [UInt8]), declared: [String]) -> [Diagnostic] {
        guard !declared.isEmpty,
              let object = try? JSONSerialization.jsonObject(with: Data(file.bytes)) as? [String: Any],
              let environments = object["environments"] as? [String: Any] else { return [] }
        let text = String(decoding: file.bytes, as: UTF8.self)
        return environments.keys.sorted().filter { !declared.contains($0) }.map { key in
            let (line, column) = position(of: "\"\(key)\"", after: "\"environments\"", in: text)
            return Diagnostic(
                file: file.path, line: line, column: column, rule: "unknown-environment",
                message: "environment '\(key)' is not declared by the pipeline (it declares \(declared.joined(separator: ", "))); rename the key or declare the environment with Environment(...) in the pipeline file")
        }
    }

    /// The 1-based line and column of `needle`'s first occurrence after `anchor` (or anywhere).
    static func position(of needle: String, after anchor: String, in text: String) -> (Int, Int) {
        let start = text.range(of: anchor)?.upperBound ?? text.startIndex
        guard let found = text.range(of: needle, range: start..<text.endIndex) ?? text.range(of: needle) else { return (1, 1) }
        let before = text[text.startIndex..<found.lowerBound]
        let line = before.reduce(into: 1) { count, character in if character == "\n" { count += 1 } }
        let column = before.distance(from: before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex, to: before.endIndex) + 1
        return (line, column)
    }
}
