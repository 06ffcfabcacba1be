import ApprovalSignatures
import Crypto
import CryptoExtras
import Foundation
import PipelineTesting
import TestTiers
import Testing

/// `ssh-keygen -Y sign` always signs RSA keys with rsa-sha2-512; these SSHSIG blobs are built here
/// with swift-crypto to cover rsa-sha2-256 (which ssh-keygen -Y verify accepts) and SHA-1 `ssh-rsa`
/// (which both refuse).
@Suite(.integration) struct SSHSignatureRSATests {
    static let key = try! _RSA.Signing.PrivateKey(keySize: .bits2048)

    @Test func rsaSHA256SignaturesVerifyLikeSSHKeygen() throws {
        let directory = try TemporaryDirectory(prefix: "sshsig-rsa")
        let message = Fixtures.statement().canonicalData()
        let (armored, keyLine) = try Self.sign(message, signatureAlgorithm: "rsa-sha2-256")
        let signature = try SSHSignature(armored: armored)
        #expect(signature.publicKey.algorithm == "ssh-rsa")
        try signature.verify(message: message, namespace: ApprovalStatement.namespace)
        #expect(throws: ApprovalVerificationError.badSignature(key: signature.publicKey.displayName)) {
            try signature.verify(message: message + Data("x".utf8), namespace: ApprovalStatement.namespace)
        }
        let signers = "lead@bbws.example \(keyLine)\n"
        #expect(try SSHKeygen.verify(message, signature: armored, principal: "lead@bbws.example", namespace: ApprovalStatement.namespace,
                                     allowedSigners: signers, in: directory.url))
        #expect(try !SSHKeygen.verify(message + Data("x".utf8), signature: armored, principal: "lead@bbws.example",
                                      namespace: ApprovalStatement.namespace, allowedSigners: signers, in: directory.url))
    }

    @Test func sha1RSASignaturesAreRefusedAsUnsupported() throws {
        let directory = try TemporaryDirectory(prefix: "sshsig-rsa")
        let message = Fixtures.statement().canonicalData()
        let (armored, keyLine) = try Self.sign(message, signatureAlgorithm: "ssh-rsa")
        let signature = try SSHSignature(armored: armored)
        #expect(throws: ApprovalVerificationError.unsupportedAlgorithm(
            "signature algorithm ssh-rsa with a ssh-rsa key (accepted: rsa-sha2-256, rsa-sha2-512)")) {
            try signature.verify(message: message, namespace: ApprovalStatement.namespace)
        }
        #expect(try !SSHKeygen.verify(message, signature: armored, principal: "lead@bbws.example", namespace: ApprovalStatement.namespace,
                                      allowedSigners: "lead@bbws.example \(keyLine)\n", in: directory.url))
    }

    /// An armored SSHSIG (sha512 message hash) signed with `key` under `signatureAlgorithm`.
    static func sign(_ message: Data, signatureAlgorithm: String) throws -> (armored: String, keyLine: String) {
        let primitives = try key.publicKey.getKeyPrimitives()
        var publicKey = Wire()
        publicKey.text("ssh-rsa")
        publicKey.mpint(primitives.publicExponent)
        publicKey.mpint(primitives.modulus)

        var signed = Wire()
        signed.raw(Array("SSHSIG".utf8))
        signed.text(ApprovalStatement.namespace)
        signed.string([])
        signed.text("sha512")
        signed.string(Array(SHA512.hash(data: message)))
        let raw: _RSA.Signing.RSASignature
        if signatureAlgorithm == "rsa-sha2-256" {
            raw = try key.signature(for: SHA256.hash(data: signed.bytes), padding: .insecurePKCS1v1_5)
        } else {
            raw = try key.signature(for: Insecure.SHA1.hash(data: signed.bytes), padding: .insecurePKCS1v1_5)
        }
        var signatureBlob = Wire()
        signatureBlob.text(signatureAlgorithm)
        signatureBlob.string(Array(raw.rawRepresentation))

        var blob = Wire()
        blob.raw(Array("SSHSIG".utf8))
        blob.uint32(1)
        blob.string(publicKey.bytes)
        blob.text(ApprovalStatement.namespace)
        blob.string([])
        blob.text("sha512")
        blob.string(signatureBlob.bytes)
        let armored = "-----BEGIN SSH SIGNATURE-----\n"
            + Data(blob.bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
            + "\n-----END SSH SIGNATURE-----\n"
        return (armored, "ssh-rsa \(Data(publicKey.bytes).base64EncodedString())")
    }

    struct Wire {
        var bytes: [UInt8] = []
        mutating func raw(_ value: [UInt8]) { bytes += value }
        mutating func uint32(_ value: UInt32) { bytes += [UInt8(value >> 24), UInt8((value >> 16) & 0xff), UInt8((value >> 8) & 0xff), UInt8(value & 0xff)] }
        mutating func string(_ value: [UInt8]) { uint32(UInt32(value.count)); bytes += value }
        mutating func text(_ value: String) { string(Array(value.utf8)) }
        /// A positive mpint: leading zeros dropped, one zero added when the top bit is set.
        mutating func mpint(_ value: Data) {
            var magnitude = Array(value.drop { $0 == 0 })
            if let first = magnitude.first, first & 0x80 != 0 { magnitude.insert(0, at: 0) }
            string(magnitude)
        }
    }
}
