#if !FUZZING  // the fuzz target compiles PipelineBasics' sources into its own module
import PipelineBasics
#endif

/// A parsed JSON text: the value tree plus the source position of every value and of every
/// object member's key.
public struct JSONDocument: Sendable {
    /// A key that appeared more than once in one object (recorded when the parser collects
    /// duplicates; the first member is the one in the tree).
    public struct DuplicateKey: Sendable, Hashable {
        public var key: String
        /// Where the repeated key is (its opening quote).
        public var position: SourcePosition
        /// Where the first occurrence of the key is.
        public var firstPosition: SourcePosition

        public init(key: String, position: SourcePosition, firstPosition: SourcePosition) {
            self.key = key
            self.position = position
            self.firstPosition = firstPosition
        }
    }

    /// The top-level value.
    public let root: JSONValue
    /// Line/column lookup for byte offsets of the source.
    public let lineMap: LineMap
    /// Repeated keys, in document order (empty unless the parser was asked to collect them).
    public let duplicateKeys: [DuplicateKey]
    /// Where every value is, in pre-order (document order).
    let values: [ValueRecord]

    /// Where one value is: its byte offset, its key's (for an object member) and the extent of
    /// its subtree.
    struct ValueRecord: Sendable {
        /// `keyOffset` of the root and of array elements.
        static let noKey = UInt32.max

        /// Byte offset of the value's first character.
        var offset: UInt32
        /// Byte offset of the member's key (its opening quote), or `noKey`.
        var keyOffset: UInt32
        /// The pre-order index just after the value's subtree.
        var end: UInt32
    }

    init(root: JSONValue, lineMap: LineMap, values: [ValueRecord], duplicateKeys: [DuplicateKey]) {
        self.root = root
        self.lineMap = lineMap
        self.values = values
        self.duplicateKeys = duplicateKeys
    }

    /// Parses UTF-8 bytes. Throws ``JSONParseError`` with line and column.
    public init(bytes: some Sequence<UInt8>, maxDepth: Int = JSONParser.defaultMaxDepth,
                duplicateKeys: JSONParser.DuplicateKeys = .reject) throws(JSONParseError) {
        self = try JSONParser(maxDepth: maxDepth, duplicateKeys: duplicateKeys).parse(bytes)
    }

    /// Parses a string.
    public init(string: String, maxDepth: Int = JSONParser.defaultMaxDepth,
                duplicateKeys: JSONParser.DuplicateKeys = .reject) throws(JSONParseError) {
        self = try JSONParser(maxDepth: maxDepth, duplicateKeys: duplicateKeys).parse(Array(string.utf8))
    }

    /// The source position of the value at `pointer`, or `nil` if there is none.
    public func position(of pointer: JSONPointer) -> SourcePosition? {
        guard let offset = offset(of: pointer) else { return nil }
        return lineMap.position(ofOffset: offset)
    }

    /// The source position of the value at a pointer given as a string (`""`, `/a/0`).
    public func position(ofPointer pointer: String) -> SourcePosition? {
        guard let p = JSONPointer(pointer) else { return nil }
        return position(of: p)
    }

    /// The byte offset of the value at `pointer`.
    public func offset(of pointer: JSONPointer) -> Int? {
        index(of: pointer).map { Int(values[$0].offset) }
    }

    /// The source position of the key of the object member at `pointer` (its opening quote),
    /// or `nil` if there is no such member (the root and array elements have no key).
    public func keyPosition(of pointer: JSONPointer) -> SourcePosition? {
        guard let offset = keyOffset(of: pointer) else { return nil }
        return lineMap.position(ofOffset: offset)
    }

    /// The source position of the key of the member at a pointer given as a string.
    public func keyPosition(ofPointer pointer: String) -> SourcePosition? {
        guard let p = JSONPointer(pointer) else { return nil }
        return keyPosition(of: p)
    }

    /// The byte offset of the key of the object member at `pointer` (its opening quote).
    public func keyOffset(of pointer: JSONPointer) -> Int? {
        guard let index = index(of: pointer), values[index].keyOffset != ValueRecord.noKey else { return nil }
        return Int(values[index].keyOffset)
    }

    /// The pre-order index of the value at `pointer`.
    private func index(of pointer: JSONPointer) -> Int? {
        guard !values.isEmpty else { return nil }
        var index = 0
        var value = root
        for token in pointer.tokens {
            let k: Int
            switch value {
            case .object(let o):
                guard let pos = o.position(of: token) else { return nil }
                k = pos
                value = o[pos].value
            case .array(let a):
                guard let pos = JSONPointer.arrayIndex(token), pos < a.count else { return nil }
                k = pos
                value = a[pos]
            default:
                return nil
            }
            var child = index + 1
            for _ in 0..<k { child = Int(values[child].end) }
            index = child
        }
        return index
    }
}
