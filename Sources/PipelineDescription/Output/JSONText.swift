/// A small JSON writer over `Encodable`, so the DSL needs no Foundation. Keys are sorted, so
/// the same pipeline always produces the same bytes.
enum JSONText {
    static func encode(_ value: some Encodable) -> String {
        let root = Node()
        do {
            try value.encode(to: NodeEncoder(node: root, codingPath: []))
        } catch {
            return "{\"error\":" + quote("could not encode the pipeline: \(error)") + "}"
        }
        var out = ""
        root.write(to: &out)
        return out
    }

    static func quote(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// A mutable JSON tree node the encoder's containers write into.
final class Node {
    enum Kind { case unset, literal(String), object, array }
    var kind: Kind = .unset
    var entries: [String: Node] = [:]
    var items: [Node] = []

    func write(to out: inout String) {
        switch kind {
        case .unset: out += "null"
        case .literal(let text): out += text
        case .object:
            out += "{"
            for (index, key) in entries.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                out += JSONText.quote(key) + ":"
                entries[key]!.write(to: &out)
            }
            out += "}"
        case .array:
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        }
    }
}

struct NodeEncoder: Encoder {
    let node: Node
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .unset = node.kind { node.kind = .object }
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .unset = node.kind { node.kind = .array }
        return UnkeyedNodeContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeContainer(node: node, codingPath: codingPath)
    }
}

private func literal(_ value: some Encodable) throws -> String? {
    switch value {
    case let value as String: return JSONText.quote(value)
    case let value as Bool: return value ? "true" : "false"
    case let value as Int: return String(value)
    case let value as Double:
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "JSON has no \(value)"))
        }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) + ".0" : "\(value)"
    default: return nil
    }
}

private func encodeChild(_ value: some Encodable, into child: Node, path: [any CodingKey]) throws {
    if let text = try literal(value) {
        child.kind = .literal(text)
    } else {
        try value.encode(to: NodeEncoder(node: child, codingPath: path))
    }
}

struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    var codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws {
        let child = Node()
        child.kind = .literal("null")
        node.entries[key.stringValue] = child
    }

    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        let child = Node()
        try encodeChild(value, into: child, path: codingPath + [key])
        node.entries[key.stringValue] = child
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = Node()
        node.entries[key.stringValue] = child
        return NodeEncoder(node: child, codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = Node()
        node.entries[key.stringValue] = child
        return NodeEncoder(node: child, codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let child = Node()
        node.entries["super"] = child
        return NodeEncoder(node: child, codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = Node()
        node.entries[key.stringValue] = child
        return NodeEncoder(node: child, codingPath: codingPath + [key])
    }
}

struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: Node
    var codingPath: [any CodingKey]
    var count: Int { node.items.count }

    private func append() -> Node {
        let child = Node()
        node.items.append(child)
        return child
    }

    mutating func encodeNil() throws { append().kind = .literal("null") }

    mutating func encode(_ value: some Encodable) throws {
        try encodeChild(value, into: append(), path: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(node: append(), codingPath: codingPath).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        NodeEncoder(node: append(), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        NodeEncoder(node: append(), codingPath: codingPath)
    }
}

struct SingleNodeContainer: SingleValueEncodingContainer {
    let node: Node
    var codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.kind = .literal("null") }

    mutating func encode(_ value: some Encodable) throws {
        try encodeChild(value, into: node, path: codingPath)
    }
}
