/// UTF-8 well-formedness (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF),
/// the one check and decoder the loader, the template checker and the JSON parser share.
/// Ill-formed bytes are taken in maximal ill-formed subparts, as the Unicode standard's
/// U+FFFD substitution (and Swift's own decoding) does.
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

    /// One step of decoding: the scalar (U+FFFD for an ill-formed sequence), the byte offset it
    /// starts at and the number of bytes it spans.
    public struct DecodedScalar: Sendable, Hashable {
        public var scalar: Unicode.Scalar
        public var offset: Int
        public var length: Int
        /// False when the bytes were an ill-formed sequence (and `scalar` is U+FFFD).
        public var isValid: Bool

        @inlinable
        public init(scalar: Unicode.Scalar, offset: Int, length: Int, isValid: Bool) {
            self.scalar = scalar
            self.offset = offset
            self.length = length
            self.isValid = isValid
        }
    }

    /// Decodes the scalar that starts at `bytes[index]`; bytes that are not a well-formed
    /// sequence decode to U+FFFD spanning their maximal ill-formed subpart (at least one byte).
    @inlinable
    public static func decode(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> DecodedScalar {
        let b0 = bytes[index]
        if b0 < 0x80 { return DecodedScalar(scalar: Unicode.Scalar(b0), offset: index, length: 1, isValid: true) }
        // The continuation bytes the lead byte needs, and the range its first continuation must be in.
        let needed: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        var value: UInt32
        switch b0 {
        case 0xC2...0xDF: needed = 1; value = UInt32(b0 & 0x1F)
        case 0xE0: needed = 2; lower = 0xA0; value = UInt32(b0 & 0x0F)
        case 0xE1...0xEC, 0xEE...0xEF: needed = 2; value = UInt32(b0 & 0x0F)
        case 0xED: needed = 2; upper = 0x9F; value = UInt32(b0 & 0x0F)
        case 0xF0: needed = 3; lower = 0x90; value = UInt32(b0 & 0x07)
        case 0xF1...0xF3: needed = 3; value = UInt32(b0 & 0x07)
        case 0xF4: needed = 3; upper = 0x8F; value = UInt32(b0 & 0x07)
        default: return DecodedScalar(scalar: "\u{FFFD}", offset: index, length: 1, isValid: false)
        }
        var k = 1
        while k <= needed {
            guard index + k < bytes.count, bytes[index + k] >= lower, bytes[index + k] <= upper else {
                return DecodedScalar(scalar: "\u{FFFD}", offset: index, length: k, isValid: false)
            }
            value = value << 6 | UInt32(bytes[index + k] & 0x3F)
            lower = 0x80
            upper = 0xBF
            k += 1
        }
        return DecodedScalar(scalar: Unicode.Scalar(value) ?? "\u{FFFD}", offset: index, length: k, isValid: true)
    }

    /// Decodes `bytes` from byte `start` to the end, calling `body` with each scalar in order
    /// (see ``decode(in:at:)``).
    @inlinable
    public static func forEachScalar(in bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0,
                                     _ body: (DecodedScalar) throws -> Void) rethrows {
        var index = start
        let count = bytes.count
        while index < count {
            let b0 = bytes[index]
            if b0 < 0x80 {
                try body(DecodedScalar(scalar: Unicode.Scalar(b0), offset: index, length: 1, isValid: true))
                index += 1
            } else {
                let decoded = decode(in: bytes, at: index)
                try body(decoded)
                index += decoded.length
            }
        }
    }

    /// The length of the well-formed sequence that starts at `bytes[index]`, or nil if the
    /// bytes there are not one.
    @inlinable
    public static func sequenceLength(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        if bytes[index] < 0x80 { return 1 }
        let decoded = decode(in: bytes, at: index)
        return decoded.isValid ? decoded.length : nil
    }

    /// Every ill-formed sequence of `bytes`, in order (empty when the bytes are valid UTF-8).
    public static func invalidSequences(in bytes: some Sequence<UInt8>) -> [InvalidSequence] {
        var found: [InvalidSequence] = []
        Array(bytes).withUnsafeBufferPointer { buffer in
            forEachScalar(in: buffer) { decoded in
                if !decoded.isValid { found.append(InvalidSequence(offset: decoded.offset, length: decoded.length)) }
            }
        }
        return found
    }

    /// The first ill-formed sequence of `bytes`, or nil when they are valid UTF-8.
    public static func firstInvalidSequence(in bytes: some Sequence<UInt8>) -> InvalidSequence? {
        let array = Array(bytes)
        if String(validating: array, as: UTF8.self) != nil { return nil }
        return array.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                let decoded = decode(in: buffer, at: index)
                if !decoded.isValid { return InvalidSequence(offset: index, length: decoded.length) }
                index += decoded.length
            }
            return nil
        }
    }

    /// The line and column of the first ill-formed sequence, or nil when the bytes are valid.
    public static func firstInvalidPosition(in bytes: some Sequence<UInt8>) -> SourcePosition? {
        let array = Array(bytes)
        guard let invalid = firstInvalidSequence(in: array) else { return nil }
        return LineMap(bytes: array).position(ofOffset: invalid.offset)
    }
}
