import ArgumentParser
import BuiltinSteps
import Foundation
import PipelineModel

/// A module's parameter schema as rows for people: name, type, required, description (with its
/// allowed values, default and bounds).
struct ParameterTable {
    var rows: [[String]] = []

    init(schema: JSONValue?) {
        guard case .object(let root)? = schema, case .object(let properties)? = root["properties"] else { return }
        var required: Set<String> = []
        if case .array(let names)? = root["required"] { required = Set(names.compactMap { if case .string(let name) = $0 { name } else { nil } }) }
        for name in properties.keys.sorted() {
            guard case .object(let property)? = properties[name] else { continue }
            var about = property["description"].flatMap { if case .string(let text) = $0 { text } else { nil } } ?? ""
            if case .array(let values)? = property["enum"] { about += " (one of \(values.map(Self.text).joined(separator: ", ")))" }
            if let value = property["default"] { about += " (default \(Self.text(value)))" }
            if let minimum = property["minimum"] { about += " (at least \(Self.text(minimum)))" }
            if let maximum = property["maximum"] { about += " (at most \(Self.text(maximum)))" }
            let type = property["type"].map(Self.text) ?? "any"
            rows.append([name, type, required.contains(name) ? "yes" : "no", about.trimmingCharacters(in: .whitespaces)])
        }
    }

    static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .int(let number): "\(number)"
        case .double(let number): "\(number)"
        case .bool(let flag): "\(flag)"
        case .null: "null"
        case .array(let values): values.map(text).joined(separator: "|")
        case .object: "object"
        }
    }
}
