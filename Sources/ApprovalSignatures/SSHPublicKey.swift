import Crypto
import Foundation

/// An SSH public key, as an `authorized_keys` / `allowed_signers` line names it.
///
/// Supported key types: `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ecdsa-sha2-nistp384`,
/// `ecdsa-sha2-nistp521` and `ssh-rsa` (signatures `rsa-sha2-256` / `rsa-sha2-512`). Security-key
/// (`sk-…`) and certificate key types are refused with `unsupportedAlgorithm`.
public struct SSHPublicKey: Sendable, Hashable, Codable {
    public static let supportedAlgorithms = ["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa"]

    /// The key type: "ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa", …
    public private(set) var algorithm: String
    /// `SHA256:` and the unpadded base64 of the SHA-256 of the key blob, as `ssh-keygen -l` prints it.
    public private(set) var fingerprint: String
    /// `<type> <base64 blob>`, without the comment.
    public private(set) var authorizedKeyLine: String
    /// The key in SSH wire encoding (what the fingerprint is computed over).
    public private(set) var blob: Data

    /// Parses `ssh-ed25519 AAAA… [comment]`.
    public init(authorizedKeyLine line: String) throws {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count >= 2 else {
            throw ApprovalVerificationError.malformedPublicKey("expected \"<type> <base64> [comment]\", got \(Self.preview(line))")
        }
        guard let blob = Data(base64Encoded: String(fields[1])) else {
            throw ApprovalVerificationError.malformedPublicKey("the key data after \(fields[0]) is not base64")
        }
        try self.init(blob: blob)
        guard algorithm == fields[0] else {
            throw ApprovalVerificationError.malformedPublicKey("the line says \(fields[0]) but the key data is \(algorithm)")
        }
    }

    /// Parses a key blob in SSH wire encoding (as embedded in an SSHSIG signature).
    public init(blob: Data) throws {
        var reader = SSHWireReader(blob, context: "public key")
        let type: String
        do {
            type = try reader.readText()
        } catch {
            throw ApprovalVerificationError.malformedPublicKey("\(error)")
        }
        guard Self.supportedAlgorithms.contains(type) else {
            throw ApprovalVerificationError.unsupportedAlgorithm(
                "key type \(type) (supported: \(Self.supportedAlgorithms.joined(separator: ", ")))")
        }
        algorithm = type
        self.blob = blob
        fingerprint = "SHA256:" + Data(SHA256.hash(data: blob)).base64EncodedString().replacingOccurrences(of: "=", with: "")
        authorizedKeyLine = "\(type) \(blob.base64EncodedString())"
        _ = try verifyingKey()  // refuse a blob whose key material is not a valid key now, not at verification
    }

    public init(from decoder: any Decoder) throws {
        try self.init(authorizedKeyLine: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(authorizedKeyLine)
    }

    /// `ssh-ed25519 SHA256:…`, how error messages and identities name a key.
    public var displayName: String { "\(algorithm) \(fingerprint)" }

    /// Whether `word` is an SSH key type name (supported or not): how an allowed_signers line
    /// tells its key from its options.
    static func knownKeyType(_ word: String) -> Bool {
        supportedAlgorithms.contains(word) || word == "ssh-dss" || word.hasPrefix("sk-") || word.hasPrefix("ecdsa-sha2-")
            || word.hasSuffix("-cert-v01@openssh.com")
    }

    static func preview(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.count > 40 ? "\"\(trimmed.prefix(40))…\"" : "\"\(trimmed)\""
    }
}
