import Foundation
/// Removes secrets from text that may reach a log or an error.
public enum Redactor {
    /// `text` with every occurrence of each secret (of 4+ characters) replaced by `****`, and
    /// any `Signature=<hex>` / `X-Amz-Signature=<hex>` value masked.
    public static func redact(_ text: String, secrets: [String]) -> String {
        var out = text
        for secret in secrets where secret.count >= 4 && out.contains(secret) {
            out = out.replacingOccurrences(of: secret, with: "****")
        }
        for marker in ["Signature=", "signature="] where out.contains(marker) {
            var result = ""
            var rest = Substring(out)
            while let range = rest.range(of: marker) {
                result += rest[..<range.upperBound]
                rest = rest[range.upperBound...]
                let hex = rest.prefix { $0.isHexDigit }
                if hex.count >= 16 { result += "****" } else { result += hex }
                rest = rest.dropFirst(hex.count)
            }
            out = result + rest
        }
        return out
    }
}
