import Foundation

/// A small XML element tree, enough for AWS query and REST-XML responses.
///
/// Parses elements, attributes, text, CDATA, comments, processing instructions and the five
/// named entities plus numeric references. No DTDs. Namespace prefixes are dropped from names.
public struct XMLNode: Sendable, Equatable {
    public var name: String
    public var attributes: [String: String]
    public var children: [XMLNode]
    public var text: String

    public init(name: String, attributes: [String: String] = [:], children: [XMLNode] = [], text: String = "") {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    public struct ParseError: Error, CustomStringConvertible {
        public var offset: Int
        public var reason: String
        public var description: String { "XML parse error at byte \(offset): \(reason)" }
    }

    /// The first child named `name`.
    public func child(_ name: String) -> XMLNode? { children.first { $0.name == name } }
    /// Every child named `name`.
    public func children(_ name: String) -> [XMLNode] { children.filter { $0.name == name } }
    /// The text of the first child named `name`.
    public func string(_ name: String) -> String? { child(name)?.text }
    /// Follows a path of child names.
    public func find(_ path: String...) -> XMLNode? {
        var node: XMLNode? = self
        for name in path { node = node?.child(name) }
        return node
    }
    /// The first descendant (depth first) named `name`.
    public func descendant(_ name: String) -> XMLNode? {
        for child in children {
            if child.name == name { return child }
            if let found = child.descendant(name) { return found }
        }
        return nil
    }

    public static func parse(_ data: Data) throws -> XMLNode {
        var parser = Parser(bytes: [UInt8](data))
        return try parser.parseDocument()
    }

    /// Escapes `&`, `<`, `>`, `"` and `'` for text and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Serialises the element (with `xmlns` if given) without a declaration.
    public func serialized() -> String {
        var out = "<\(name)"
        for (key, value) in attributes.sorted(by: { $0.key < $1.key }) { out += " \(key)=\"\(Self.escape(value))\"" }
        out += ">"
        if children.isEmpty {
            out += Self.escape(text)
        } else {
            for child in children { out += child.serialized() }
        }
        return out + "</\(name)>"
    }

    /// An element holding only text.
    public static func leaf(_ name: String, _ text: String) -> XMLNode { XMLNode(name: name, text: text) }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        func fail(_ reason: String) -> ParseError { ParseError(offset: index, reason: reason) }

        mutating func parseDocument() throws -> XMLNode {
            while true {
                skipWhitespace()
                guard index < bytes.count else { throw fail("no root element") }
                if starts("<?") { try skip(past: "?>") }
                else if starts("<!--") { try skip(past: "-->") }
                else if starts("<!") { try skip(past: ">") }
                else if bytes[index] == UInt8(ascii: "<") { return try parseElement() }
                else { throw fail("text outside the root element") }
            }
        }

        mutating func parseElement() throws -> XMLNode {
            index += 1 // <
            let name = readName()
            guard !name.isEmpty else { throw fail("element without a name") }
            var node = XMLNode(name: Self.localName(name))
            while true {
                skipWhitespace()
                guard index < bytes.count else { throw fail("unterminated start tag <\(name)") }
                if starts("/>") { index += 2; return node }
                if bytes[index] == UInt8(ascii: ">") { index += 1; break }
                let attribute = readName()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { throw fail("attribute \(attribute) without value") }
                index += 1
                skipWhitespace()
                guard index < bytes.count, bytes[index] == 0x22 || bytes[index] == 0x27 else { throw fail("unquoted attribute") }
                let quote = bytes[index]
                index += 1
                let start = index
                while index < bytes.count, bytes[index] != quote { index += 1 }
                guard index < bytes.count else { throw fail("unterminated attribute") }
                node.attributes[attribute] = try Self.decodeEntities(bytes[start..<index])
                index += 1
            }
            var text: [UInt8] = []
            while true {
                guard index < bytes.count else { throw fail("unterminated element <\(name)>") }
                if starts("</") {
                    index += 2
                    let closing = readName()
                    guard closing == name else { throw fail("</\(closing)> closes <\(name)>") }
                    skipWhitespace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else { throw fail("bad end tag") }
                    index += 1
                    node.text = node.children.isEmpty
                        ? try Self.decodeEntities(text[...])
                        : try Self.decodeEntities(text[...]).trimmingCharacters(in: .whitespacesAndNewlines)
                    return node
                }
                if starts("<!--") { try skip(past: "-->"); continue }
                if starts("<![CDATA[") {
                    index += 9
                    let start = index
                    try skip(past: "]]>")
                    text += Self.escapeRaw(bytes[start..<(index - 3)])
                    continue
                }
                if starts("<?") { try skip(past: "?>"); continue }
                if bytes[index] == UInt8(ascii: "<") {
                    node.children.append(try parseElement())
                    continue
                }
                text.append(bytes[index])
                index += 1
            }
        }

        static func localName(_ name: String) -> String {
            guard let colon = name.lastIndex(of: ":") else { return name }
            return String(name[name.index(after: colon)...])
        }

        /// CDATA content is kept literally: escape `&` so entity decoding leaves it unchanged.
        static func escapeRaw(_ slice: ArraySlice<UInt8>) -> [UInt8] {
            var out: [UInt8] = []
            for byte in slice {
                if byte == UInt8(ascii: "&") { out += Array("&amp;".utf8) } else { out.append(byte) }
            }
            return out
        }

        static func decodeEntities(_ slice: ArraySlice<UInt8>) throws -> String {
            guard slice.contains(UInt8(ascii: "&")) else { return String(decoding: slice, as: UTF8.self) }
            let text = String(decoding: slice, as: UTF8.self)
            var out = ""
            var rest = Substring(text)
            while let amp = rest.firstIndex(of: "&") {
                out += rest[..<amp]
                guard let semi = rest[amp...].firstIndex(of: ";") else { throw ParseError(offset: 0, reason: "unterminated entity") }
                let entity = rest[rest.index(after: amp)..<semi]
                switch entity {
                case "amp": out += "&"
                case "lt": out += "<"
                case "gt": out += ">"
                case "quot": out += "\""
                case "apos": out += "'"
                default:
                    let number: UInt32?
                    if entity.hasPrefix("#x") { number = UInt32(entity.dropFirst(2), radix: 16) }
                    else if entity.hasPrefix("#") { number = UInt32(entity.dropFirst(1)) }
                    else { number = nil }
                    guard let number, let scalar = Unicode.Scalar(number) else {
                        throw ParseError(offset: 0, reason: "unknown entity &\(entity);")
                    }
                    out.unicodeScalars.append(scalar)
                }
                rest = rest[rest.index(after: semi)...]
            }
            return out + rest
        }

        func starts(_ prefix: String) -> Bool {
            var position = index
            for byte in prefix.utf8 {
                guard position < bytes.count, bytes[position] == byte else { return false }
                position += 1
            }
            return true
        }

        mutating func skip(past terminator: String) throws {
            while index < bytes.count {
                if starts(terminator) { index += terminator.utf8.count; return }
                index += 1
            }
            throw fail("missing \(terminator)")
        }

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func readName() -> String {
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: ">")
                    || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=") { break }
                index += 1
            }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
    }
}
