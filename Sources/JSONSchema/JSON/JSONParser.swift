#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#if !FUZZING  // the fuzz target compiles PipelineBasics' sources into its own module
import PipelineBasics
#endif

/// A strict RFC 8259 JSON parser that records the source position of every value.
///
/// Rejects malformed JSON, invalid UTF-8, duplicate keys (unless asked to collect them) and
/// nesting deeper than `maxDepth`, each with a ``JSONParseError`` carrying line and column. A
/// leading UTF-8 BOM is skipped.
public struct JSONParser: Sendable {
    /// What the parser does with a key that appears twice in one object.
    public enum DuplicateKeys: Sendable, Hashable {
        /// Throw ``JSONParseError/duplicateKey(_:at:firstAt:)`` (the default: RFC 8259 leaves
        /// the meaning of such a document open).
        case reject
        /// Keep the first member, drop the later ones and list each in
        /// ``JSONDocument/duplicateKeys``, so a caller can report every one and go on.
        case collect
    }

    /// The default nesting limit.
    public static let defaultMaxDepth = 512

    /// Maximum nesting of arrays and objects.
    public var maxDepth: Int
    /// What to do with duplicate keys.
    public var duplicateKeys: DuplicateKeys

    public init(maxDepth: Int = JSONParser.defaultMaxDepth, duplicateKeys: DuplicateKeys = .reject) {
        self.maxDepth = maxDepth
        self.duplicateKeys = duplicateKeys
    }

    /// Parses UTF-8 bytes into a document.
    public func parse(_ input: some Sequence<UInt8>) throws(JSONParseError) -> JSONDocument {
        var bytes = Array(input)
        let count = bytes.count
        guard count < Int(UInt32.max) - 1 else { throw .inputTooLarge(bytes: count) }
        bytes.append(0)  // sentinel: strtod and look-ahead never read past the buffer
        let result: Result<(JSONValue, ParserState), JSONParseError> = bytes.withUnsafeBufferPointer { buffer in
            var state = ParserState(p: buffer.baseAddress!, count: count, maxDepth: maxDepth, collectDuplicates: duplicateKeys == .collect)
            state.values.reserveCapacity(count / 8)
            do throws(JSONParseError) {
                let root = try state.parseDocument()
                return .success((root, state))
            } catch {
                return .failure(error)
            }
        }
        bytes.removeLast()
        switch result {
        case .success(let (root, state)):
            let lineMap = LineMap(bytes: bytes)
            let duplicates = state.duplicates.map {
                JSONDocument.DuplicateKey(key: $0.key, position: lineMap.position(ofOffset: $0.offset),
                                          firstPosition: lineMap.position(ofOffset: $0.firstOffset))
            }
            return JSONDocument(root: root, lineMap: lineMap, values: state.values, duplicateKeys: duplicates)
        case .failure(let error):
            throw error.resolved(with: LineMap(bytes: bytes))
        }
    }

    /// Parses a string.
    public func parse(string: String) throws(JSONParseError) -> JSONDocument {
        try parse(Array(string.utf8))
    }
}

extension JSONParseError {
    /// The parser records byte offsets only; this fills in line and column.
    func resolved(with map: LineMap) -> JSONParseError {
        func fix(_ p: SourcePosition) -> SourcePosition { map.position(ofOffset: p.offset ?? 0) }
        switch self {
        case .unexpectedEndOfInput(let e, let p): return .unexpectedEndOfInput(expected: e, at: fix(p))
        case .unexpectedCharacter(let f, let e, let p): return .unexpectedCharacter(found: f, expected: e, at: fix(p))
        case .invalidUTF8(let p): return .invalidUTF8(at: fix(p))
        case .nestingTooDeep(let l, let p): return .nestingTooDeep(limit: l, at: fix(p))
        case .invalidNumber(let d, let p): return .invalidNumber(d, at: fix(p))
        case .invalidEscape(let d, let p): return .invalidEscape(d, at: fix(p))
        case .controlCharacterInString(let b, let p): return .controlCharacterInString(b, at: fix(p))
        case .duplicateKey(let k, let p, let f): return .duplicateKey(k, at: fix(p), firstAt: fix(f))
        case .unterminatedString(let o, let p): return .unterminatedString(openedAt: fix(o), at: fix(p))
        case .trailingContent(let p): return .trailingContent(at: fix(p))
        case .inputTooLarge: return self
        }
    }
}

/// The mutable state of one parse over a sentinel-terminated buffer.
private struct ParserState {
    let p: UnsafePointer<UInt8>
    let count: Int
    let maxDepth: Int
    let collectDuplicates: Bool
    var i = 0
    var depth = 0
    /// Where each value is, by pre-order index.
    var values: [JSONDocument.ValueRecord] = []
    /// Keys repeated in an object (only when collecting them).
    var duplicates: [(key: String, offset: Int, firstOffset: Int)] = []

    init(p: UnsafePointer<UInt8>, count: Int, maxDepth: Int, collectDuplicates: Bool) {
        self.p = p
        self.count = count
        self.maxDepth = maxDepth
        self.collectDuplicates = collectDuplicates
    }

    private func at(_ offset: Int) -> SourcePosition { SourcePosition(line: 0, column: 0, offset: offset) }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        if count >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { i = 3 }
        let value = try parseValue()
        skipWhitespace()
        if i < count { throw .trailingContent(at: at(i)) }
        return value
    }

    @inline(__always) mutating func skipWhitespace() {
        while i < count {
            let c = p[i]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { return }
        }
    }

    /// Describes the byte at `i` for an error; throws `invalidUTF8` for a bad sequence.
    func describeCurrent() throws(JSONParseError) -> String {
        let c = p[i]
        if c < 0x80 {
            if c == 0x0A || c == 0x0D { return "end of line" }
            if c < 0x20 || c == 0x7F { return "control character 0x\(String(c, radix: 16, uppercase: true))" }
            return "character '\(Character(Unicode.Scalar(c)))'"
        }
        guard let length = utf8SequenceLength(at: i) else { throw .invalidUTF8(at: at(i)) }
        let s = String(decoding: UnsafeBufferPointer(start: p + i, count: length), as: UTF8.self)
        return "character '\(s)'"
    }

    func unexpected(_ expected: String) -> JSONParseError {
        if i >= count { return .unexpectedEndOfInput(expected: expected, at: at(i)) }
        do {
            return .unexpectedCharacter(found: try describeCurrent(), expected: expected, at: at(i))
        } catch {
            return error
        }
    }

    /// Parses the value at `i`; `keyOffset` is its key's when it is an object member.
    mutating func parseValue(keyOffset: UInt32 = JSONDocument.ValueRecord.noKey) throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        guard i < count else { throw .unexpectedEndOfInput(expected: "a JSON value", at: at(i)) }
        let slot = values.count
        values.append(JSONDocument.ValueRecord(offset: UInt32(i), keyOffset: keyOffset, end: 0))
        let value: JSONValue
        switch p[i] {
        case UInt8(ascii: "{"): value = try parseObject()
        case UInt8(ascii: "["): value = try parseArray()
        case UInt8(ascii: "\""): value = .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); value = .bool(true)
        case UInt8(ascii: "f"): try literal("false"); value = .bool(false)
        case UInt8(ascii: "n"): try literal("null"); value = .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): value = .number(try parseNumber())
        default:
            throw unexpected("a JSON value (object, array, string, number, true, false or null)")
        }
        values[slot].end = UInt32(values.count)
        return value
    }

    mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let w = word.utf8Start
        for k in 0..<word.utf8CodeUnitCount {
            guard i < count, p[i] == w[k] else {
                if i >= count { throw .unexpectedEndOfInput(expected: "'\(word)'", at: at(i)) }
                throw .unexpectedCharacter(found: try describeCurrent(), expected: "'\(word)'", at: at(i))
            }
            i += 1
        }
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        let open = i
        depth += 1
        if depth > maxDepth { throw .nestingTooDeep(limit: maxDepth, at: at(open)) }
        defer { depth -= 1 }
        i += 1
        skipWhitespace()
        if i < count, p[i] == UInt8(ascii: "}") {
            i += 1
            return .object(JSONObject())
        }
        var members: [JSONObject.Member] = []
        var keyOffsets: [Int] = []
        var seen: [String: Int]? = nil
        var firstOffset: Int? = nil
        while true {
            skipWhitespace()
            guard i < count, p[i] == UInt8(ascii: "\"") else {
                throw unexpected(members.isEmpty ? "a property name in double quotes or '}'" : "a property name in double quotes (no trailing comma allowed)")
            }
            let keyOffset = i
            let key = try parseString()
            // Duplicate detection: linear for small objects, a dictionary for large ones.
            if seen == nil, members.count >= 16 {
                var d = [String: Int](minimumCapacity: 32)
                for (n, m) in members.enumerated() { d[m.key] = keyOffsets[n] }
                seen = d
            }
            firstOffset = nil
            if seen != nil {
                if let first = seen![key] { firstOffset = first } else { seen![key] = keyOffset }
            } else {
                for n in members.indices where members[n].key == key {
                    firstOffset = keyOffsets[n]
                    break
                }
            }
            if let firstOffset, !collectDuplicates { throw .duplicateKey(key, at: at(keyOffset), firstAt: at(firstOffset)) }
            skipWhitespace()
            guard i < count, p[i] == UInt8(ascii: ":") else { throw unexpected("':' after property name \"\(key)\"") }
            i += 1
            let slot = values.count
            let value = try parseValue(keyOffset: UInt32(keyOffset))
            if let firstOffset {
                // Collecting: the first member stands; this one is listed and its subtree forgotten.
                duplicates.append((key, keyOffset, firstOffset))
                values.removeSubrange(slot...)
            } else {
                members.append(JSONObject.Member(key: key, value: value))
                keyOffsets.append(keyOffset)
            }
            skipWhitespace()
            guard i < count else { throw .unexpectedEndOfInput(expected: "',' or '}' to close the object opened at offset \(open)", at: at(i)) }
            if p[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if p[i] == UInt8(ascii: "}") {
                i += 1
                return .object(JSONObject(members))
            }
            throw unexpected("',' or '}' after an object member")
        }
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        let open = i
        depth += 1
        if depth > maxDepth { throw .nestingTooDeep(limit: maxDepth, at: at(open)) }
        defer { depth -= 1 }
        i += 1
        skipWhitespace()
        if i < count, p[i] == UInt8(ascii: "]") {
            i += 1
            return .array([])
        }
        var elements: [JSONValue] = []
        while true {
            skipWhitespace()
            if i < count, p[i] == UInt8(ascii: "]") { throw unexpected("a value (no trailing comma allowed)") }
            elements.append(try parseValue())
            skipWhitespace()
            guard i < count else { throw .unexpectedEndOfInput(expected: "',' or ']' to close the array", at: at(i)) }
            if p[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if p[i] == UInt8(ascii: "]") {
                i += 1
                return .array(elements)
            }
            throw unexpected("',' or ']' after an array element")
        }
    }

    mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = i
        var negative = false
        if p[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        guard i < count, isDigit(p[i]) else { throw .invalidNumber("expected a digit after '-'", at: at(i)) }
        var integral = true
        var overflow = false
        var magnitude: UInt64 = 0
        if p[i] == UInt8(ascii: "0") {
            i += 1
            if i < count, isDigit(p[i]) { throw .invalidNumber("leading zeros are not allowed", at: at(start)) }
        } else {
            while i < count, isDigit(p[i]) {
                let d = UInt64(p[i] &- 48)
                let (m1, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (m2, o2) = m1.addingReportingOverflow(d)
                if o1 || o2 { overflow = true }
                magnitude = m2
                i += 1
            }
        }
        if i < count, p[i] == UInt8(ascii: ".") {
            integral = false
            i += 1
            guard i < count, isDigit(p[i]) else { throw .invalidNumber("expected a digit after the decimal point", at: at(i)) }
            while i < count, isDigit(p[i]) { i += 1 }
        }
        if i < count, p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E") {
            integral = false
            i += 1
            if i < count, p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") { i += 1 }
            guard i < count, isDigit(p[i]) else { throw .invalidNumber("expected a digit in the exponent", at: at(i)) }
            while i < count, isDigit(p[i]) { i += 1 }
        }
        if integral, !overflow {
            if negative {
                if magnitude <= UInt64(Int64.max) { return .int(-Int64(magnitude)) }
                if magnitude == UInt64(Int64.max) + 1 { return .int(Int64.min) }
            } else if magnitude <= UInt64(Int64.max) {
                return .int(Int64(magnitude))
            }
        }
        let d = strtod(UnsafeRawPointer(p + start).assumingMemoryBound(to: CChar.self), nil)
        return JSONNumber(d)
    }

    @inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    /// The length of the well-formed UTF-8 sequence at `j`, or `nil` (RFC 3629 table).
    @inline(__always) func utf8SequenceLength(at j: Int) -> Int? {
        UTF8Check.sequenceLength(in: UnsafeBufferPointer(start: p, count: count), at: j)
    }

    mutating func parseString() throws(JSONParseError) -> String {
        let open = i
        i += 1
        let start = i
        while i < count {
            let c = p[i]
            if c == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(start: p + start, count: i - start), as: UTF8.self)
                i += 1
                return s
            }
            if c == UInt8(ascii: "\\") { return try parseEscapedString(from: start) }
            if c < 0x20 { throw .controlCharacterInString(c, at: at(i)) }
            if c < 0x80 {
                i += 1
            } else {
                guard let n = utf8SequenceLength(at: i) else { throw .invalidUTF8(at: at(i)) }
                i += n
            }
        }
        throw .unterminatedString(openedAt: at(open), at: at(i))
    }

    mutating func parseEscapedString(from start: Int) throws(JSONParseError) -> String {
        var buffer = [UInt8](UnsafeBufferPointer(start: p + start, count: i - start))
        while i < count {
            let c = p[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: buffer, as: UTF8.self)
            }
            if c == UInt8(ascii: "\\") {
                let escapeStart = i
                i += 1
                guard i < count else { break }
                let e = p[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""): buffer.append(0x22)
                case UInt8(ascii: "\\"): buffer.append(0x5C)
                case UInt8(ascii: "/"): buffer.append(0x2F)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4(escapeStart)
                    if scalar >= 0xD800 && scalar <= 0xDBFF {
                        guard i + 1 < count, p[i] == UInt8(ascii: "\\"), p[i + 1] == UInt8(ascii: "u") else {
                            throw .invalidEscape("unpaired high surrogate \\u\(String(scalar, radix: 16, uppercase: true))", at: at(escapeStart))
                        }
                        i += 2
                        let low = try hex4(escapeStart)
                        guard low >= 0xDC00 && low <= 0xDFFF else {
                            throw .invalidEscape("high surrogate not followed by a low surrogate", at: at(escapeStart))
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                        throw .invalidEscape("unpaired low surrogate \\u\(String(scalar, radix: 16, uppercase: true))", at: at(escapeStart))
                    }
                    buffer.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
                default:
                    throw .invalidEscape("'\\\(Character(Unicode.Scalar(e)))' is not a JSON escape (use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)", at: at(escapeStart))
                }
                continue
            }
            if c < 0x20 { throw .controlCharacterInString(c, at: at(i)) }
            if c < 0x80 {
                buffer.append(c)
                i += 1
            } else {
                guard let n = utf8SequenceLength(at: i) else { throw .invalidUTF8(at: at(i)) }
                buffer.append(contentsOf: UnsafeBufferPointer(start: p + i, count: n))
                i += n
            }
        }
        throw .unterminatedString(openedAt: at(start - 1), at: at(i))
    }

    mutating func hex4(_ escapeStart: Int) throws(JSONParseError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard i < count else { throw .unexpectedEndOfInput(expected: "4 hex digits after \\u", at: at(i)) }
            let c = p[i]
            let d: UInt32
            switch c {
            case 48...57: d = UInt32(c - 48)
            case 65...70: d = UInt32(c - 55)
            case 97...102: d = UInt32(c - 87)
            default: throw .invalidEscape("\\u must be followed by 4 hex digits", at: at(escapeStart))
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }
}
