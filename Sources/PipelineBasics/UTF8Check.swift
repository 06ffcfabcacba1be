/// UTF-8 well-formedness (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF),
/// the one check the loader, the template checker and the JSON parser share.
public enum UTF8Check {
    /// One ill-formed sequence: its byte offset and how many bytes it spans (the maximal
    /// ill-formed subpart, as a decoder replacing it by U+FFFD counts it).
    public struct InvalidSequence: Sendable, Hashable {
        public var offset: Int
        public var length: Int

        public init(offset: Int, length: Int) {
            self.offset = offset
            self.length = length
        }
    }

    /// The length of the well-formed sequence that starts at `bytes[index]`, or nil if the
    /// bytes there are not one.
    @inlinable
    public static func sequenceLength(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let count = bytes.count
        let b0 = bytes[index]
        if b0 < 0x80 { return 1 }
        func continuation(_ k: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            index + k < count && range.contains(bytes[index + k])
        }
        switch b0 {
        case 0xC2...0xDF: return continuation(1) ? 2 : nil
        case 0xE0: return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : nil
        case 0xE1...0xEC, 0xEE...0xEF: return continuation(1) && continuation(2) ? 3 : nil
        case 0xED: return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : nil
        case 0xF0: return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF1...0xF3: return continuation(1) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF4: return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : nil
        default: return nil
        }
    }

    /// Every ill-formed sequence of `bytes`, in order (empty when the bytes are valid UTF-8).
    public static func invalidSequences(in bytes: some Sequence<UInt8>) -> [InvalidSequence] {
        let array = Array(bytes)
        var found: [InvalidSequence] = []
        var iterator = array.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .error(let length):
                found.append(InvalidSequence(offset: offset, length: length))
                offset += length
            case .emptyInput: return found
            }
        }
    }

    /// The first ill-formed sequence of `bytes`, or nil when they are valid UTF-8.
    public static func firstInvalidSequence(in bytes: some Sequence<UInt8>) -> InvalidSequence? {
        let array = Array(bytes)
        if String(validating: array, as: UTF8.self) != nil { return nil }
        var iterator = array.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .error(let length): return InvalidSequence(offset: offset, length: length)
            case .emptyInput: return nil
            }
        }
    }

    /// The line and column of the first ill-formed sequence, or nil when the bytes are valid.
    public static func firstInvalidPosition(in bytes: some Sequence<UInt8>) -> SourcePosition? {
        let array = Array(bytes)
        guard let invalid = firstInvalidSequence(in: array) else { return nil }
        return LineMap(bytes: array).position(ofOffset: invalid.offset)
    }
}
