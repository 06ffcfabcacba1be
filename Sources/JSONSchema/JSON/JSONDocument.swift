#if !FUZZING  // the fuzz target compiles PipelineBasics' sources into its own module
import PipelineBasics
#endif

/// A parsed JSON text: the value tree plus the source position of every value.
public struct JSONDocument: Sendable {
    /// The top-level value.
    public let root: JSONValue
    /// Line/column lookup for byte offsets of the source.
    public let lineMap: LineMap
    /// Byte offset of every value, in pre-order (document order).
    let valueOffsets: [UInt32]
    /// For every value (pre-order index), the pre-order index just after its subtree.
    let subtreeEnds: [UInt32]

    init(root: JSONValue, lineMap: LineMap, valueOffsets: [UInt32], subtreeEnds: [UInt32]) {
        self.root = root
        self.lineMap = lineMap
        self.valueOffsets = valueOffsets
        self.subtreeEnds = subtreeEnds
    }

    /// Parses UTF-8 bytes. Throws ``JSONParseError`` with line and column.
    public init(bytes: some Sequence<UInt8>, maxDepth: Int = JSONParser.defaultMaxDepth) throws(JSONParseError) {
        self = try JSONParser(maxDepth: maxDepth).parse(bytes)
    }

    /// Parses a string.
    public init(string: String, maxDepth: Int = JSONParser.defaultMaxDepth) throws(JSONParseError) {
        self = try JSONParser(maxDepth: maxDepth).parse(Array(string.utf8))
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
        guard !valueOffsets.isEmpty else { return nil }
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
            for _ in 0..<k { child = Int(subtreeEnds[child]) }
            index = child
        }
        return Int(valueOffsets[index])
    }
}
