// libFuzzer entry point: the secret masker (PipelineEngine's SecretMasker, public API
// `SecretMasker(_:)` and `mask(_:)`). The input is split at the first 0 byte into secrets (one
// a line) and a text; after masking, no registered secret may be left in the text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSecretMasker(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let split = bytes.firstIndex(of: 0) ?? bytes.count
    let secrets = String(decoding: bytes[..<split], as: UTF8.self).split(separator: "\n").map(String.init)
    let text = String(decoding: bytes[min(split + 1, bytes.count)...], as: UTF8.self)
    let masker = SecretMasker(secrets)
    let masked = masker.mask(text)
    for secret in secrets {
        let trimmed = secret.trimmingCharacters(in: .whitespacesAndNewlines)
        // Values shorter than four characters are not registered; a secret holding `*` can be
        // formed anew by a neighbouring mask (`***` followed by "xy" holds "**xy").
        guard trimmed.count >= 4, !trimmed.contains("*") else { continue }
        precondition(!masked.contains(trimmed), "a registered secret survived masking")
    }
    return 0
}
