import Foundation

/// Writes the SSH wire encoding.
struct SSHWireWriter {
    private(set) var bytes: [UInt8] = []

    mutating func append(raw: some Sequence<UInt8>) { bytes.append(contentsOf: raw) }

    mutating func append(uint32 value: UInt32) {
        bytes.append(contentsOf: [UInt8(value >> 24), UInt8((value >> 16) & 0xff), UInt8((value >> 8) & 0xff), UInt8(value & 0xff)])
    }

    mutating func append(string value: some Collection<UInt8>) {
        append(uint32: UInt32(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func append(text value: String) { append(string: Array(value.utf8)) }

    var data: Data { Data(bytes) }
}
