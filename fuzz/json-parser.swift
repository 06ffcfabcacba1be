// libFuzzer entry point: the JSON parser of JSONSchema (Sources/JSONSchema/JSON), on any bytes,
// rejecting duplicate keys and collecting them. Collecting must not change a document that has
// none, and every member of what it accepts has a key position.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let strict = try? JSONParser().parse(bytes)
    let collected = try? JSONParser(duplicateKeys: .collect).parse(bytes)
    if let strict {
        _ = strict.position(ofPointer: "")
        precondition(collected?.root == strict.root && collected?.duplicateKeys.isEmpty == true,
                     "collecting duplicate keys changed a document that has none")
    }
    if let collected, case .object(let object) = collected.root {
        for member in object {
            let pointer = JSONPointer(tokens: [member.key])
            precondition(collected.keyPosition(of: pointer) != nil && collected.position(of: pointer) != nil, "a member without positions")
        }
    }
    return 0
}
