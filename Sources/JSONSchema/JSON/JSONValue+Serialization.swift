import Foundation
#if !FUZZING  // the fuzz target compiles PipelineBasics' sources into its own module
import PipelineBasics
#endif

extension JSONValue {
    /// Compact JSON text of the value (object members in source order).
    public var jsonText: String {
        var out = ""
        write(to: &out)
        return out
    }

    /// The JSON text cut to `limit` characters (for messages).
    func abbreviated(_ limit: Int = 60) -> String {
        let text = jsonText
        return text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }

    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n.description
        case .string(let s): JSONValue.writeString(s, to: &out)
        case .array(let a):
            out += "["
            for (i, v) in a.enumerated() {
                if i > 0 { out += "," }
                v.write(to: &out)
            }
            out += "]"
        case .object(let o):
            out += "{"
            for (i, m) in o.members.enumerated() {
                if i > 0 { out += "," }
                JSONValue.writeString(m.key, to: &out)
                out += ":"
                m.value.write(to: &out)
            }
            out += "}"
        }
    }

    static func writeString(_ s: String, to out: inout String) {
        out += "\""
        JSONString.append(s, to: &out)
        out += "\""
    }
}
