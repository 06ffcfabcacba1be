/// Measures how deeply a JSON text nests arrays and objects, in one pass without recursion,
/// so that a document too deep to decode safely is refused before a recursive decoder sees it.
enum JSONNesting {
    /// The deepest nesting of `[` and `{` outside strings, or nil as soon as it exceeds `limit`.
    static func depth(of bytes: some Sequence<UInt8>, limit: Int) -> Int? {
        var depth = 0, deepest = 0
        var inString = false, escaped = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > limit { return nil }
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(depth - 1, 0)
            default: break
            }
        }
        return deepest
    }
}
