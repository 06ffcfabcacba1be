import Crypto
import Foundation

/// An armored SSHSIG signature (`-----BEGIN SSH SIGNATURE-----`), as `ssh-keygen -Y sign` writes
/// it; format per OpenSSH's PROTOCOL.sshsig (version 1).
public struct SSHSignature: Sendable {
    static let beginLine = "-----BEGIN SSH SIGNATURE-----"
    static let endLine = "-----END SSH SIGNATURE-----"
    static let magic = Array("SSHSIG".utf8)

    /// The key the signature says it was made with (checked against allowed signers by callers).
    public var publicKey: SSHPublicKey
    /// The namespace the signer declared (`-n`).
    public var namespace: String
    /// `sha256` or `sha512`: the hash of the message that was signed.
    public var hashAlgorithm: String
    /// `string algorithm, string signature` as in the SSHSIG blob.
    var signatureBlob: [UInt8]

    public init(armored: String) throws {
        let lines = armored.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let begin = lines.firstIndex(of: Self.beginLine) else {
            throw ApprovalVerificationError.malformedSignature("no \"\(Self.beginLine)\" line")
        }
        guard let end = lines.firstIndex(of: Self.endLine), end > begin else {
            throw ApprovalVerificationError.malformedSignature("no \"\(Self.endLine)\" line after the BEGIN line (truncated?)")
        }
        let body = lines[(begin + 1)..<end].joined()
        guard !body.isEmpty, let data = Data(base64Encoded: body) else {
            throw ApprovalVerificationError.malformedSignature("the armored body is not base64")
        }
        try self.init(binary: data)
    }

    /// Parses the binary SSHSIG blob (the base64-decoded armor body).
    public init(binary data: Data) throws {
        var reader = SSHWireReader(data, context: "SSHSIG")
        let keyBlob: [UInt8]
        do {
            guard try reader.readBytes(6) == Self.magic else {
                throw ApprovalVerificationError.malformedSignature("does not start with the SSHSIG magic")
            }
            let version = try reader.readUInt32()
            guard version == 1 else {
                throw ApprovalVerificationError.malformedSignature("version \(version), only version 1 is known")
            }
            keyBlob = try reader.readString()
            namespace = try reader.readText()
            _ = try reader.readString()  // reserved
            hashAlgorithm = try reader.readText()
            signatureBlob = try reader.readString()
            try reader.expectEnd()
        } catch let error as SSHWireError {
            throw ApprovalVerificationError.malformedSignature(error.description)
        }
        guard ["sha256", "sha512"].contains(hashAlgorithm) else {
            throw ApprovalVerificationError.unsupportedAlgorithm("SSHSIG hash \(hashAlgorithm) (supported: sha256, sha512)")
        }
        publicKey = try SSHPublicKey(blob: Data(keyBlob))
    }

    /// Throws unless this is a valid signature by `publicKey` over `message` in `namespace`.
    public func verify(message: Data, namespace expected: String) throws {
        guard namespace == expected else {
            throw ApprovalVerificationError.wrongNamespace(expected: expected, found: namespace)
        }
        guard try publicKey.isValidSignature(signatureBlob, for: signedData(message)) else {
            throw ApprovalVerificationError.badSignature(key: publicKey.displayName)
        }
    }

    /// What the key actually signs: magic, namespace, reserved, hash algorithm, H(message).
    func signedData(_ message: Data) -> Data {
        var writer = SSHWireWriter()
        writer.append(raw: Self.magic)
        writer.append(text: namespace)
        writer.append(string: [UInt8]())
        writer.append(text: hashAlgorithm)
        if hashAlgorithm == "sha512" {
            writer.append(string: Array(SHA512.hash(data: message)))
        } else {
            writer.append(string: Array(SHA256.hash(data: message)))
        }
        return writer.data
    }
}
