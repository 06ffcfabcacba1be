import Crypto
import CryptoExtras
import Foundation

/// A public key ready to check signatures.
enum SSHVerifyingKey: Sendable {
    case ed25519(Curve25519.Signing.PublicKey)
    case p256(P256.Signing.PublicKey)
    case p384(P384.Signing.PublicKey)
    case p521(P521.Signing.PublicKey)
    case rsa(_RSA.Signing.PublicKey)
}

extension SSHPublicKey {
    /// Decodes the key material of `blob`.
    func verifyingKey() throws -> SSHVerifyingKey {
        var reader = SSHWireReader(blob, context: "\(algorithm) public key")
        do {
            _ = try reader.readText()
            switch algorithm {
            case "ssh-ed25519":
                let point = try reader.readString()
                try reader.expectEnd()
                return .ed25519(try Curve25519.Signing.PublicKey(rawRepresentation: point))
            case "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521":
                let curve = try reader.readText()
                let point = try reader.readString()
                try reader.expectEnd()
                guard "ecdsa-sha2-" + curve == algorithm else {
                    throw SSHWireError(context: "\(algorithm) public key", reason: "names curve \(curve)")
                }
                switch curve {
                case "nistp256": return .p256(try P256.Signing.PublicKey(x963Representation: point))
                case "nistp384": return .p384(try P384.Signing.PublicKey(x963Representation: point))
                default: return .p521(try P521.Signing.PublicKey(x963Representation: point))
                }
            default:  // ssh-rsa
                let exponent = try reader.readPositiveMPInt()
                let modulus = try reader.readPositiveMPInt()
                try reader.expectEnd()
                guard modulus.count * 8 >= 2048 else {
                    throw ApprovalVerificationError.unsupportedAlgorithm("RSA keys shorter than 2048 bits (this one has \(modulus.count * 8))")
                }
                return .rsa(try _RSA.Signing.PublicKey(n: modulus, e: exponent))
            }
        } catch let error as ApprovalVerificationError {
            throw error
        } catch let error as SSHWireError {
            throw ApprovalVerificationError.malformedPublicKey(error.description)
        } catch {
            throw ApprovalVerificationError.malformedPublicKey("\(algorithm) key material is not a valid key (\(error))")
        }
    }

    /// Checks an SSH signature blob (`string algorithm, string signature`) over `data`.
    /// Throws `unsupportedAlgorithm` / `malformedSignature` for a blob that cannot be checked;
    /// returns false for a well-formed signature that does not verify.
    func isValidSignature(_ signatureBlob: [UInt8], for data: Data) throws -> Bool {
        var reader = SSHWireReader(signatureBlob, context: "signature")
        let signatureAlgorithm: String
        let body: [UInt8]
        do {
            signatureAlgorithm = try reader.readText()
            body = try reader.readString()
            try reader.expectEnd()
        } catch {
            throw ApprovalVerificationError.malformedSignature("\(error)")
        }
        let key = try verifyingKey()
        switch key {
        case .ed25519(let key):
            try expect(signatureAlgorithm, in: ["ssh-ed25519"])
            guard body.count == 64 else { throw ApprovalVerificationError.malformedSignature("an Ed25519 signature is 64 bytes, this one \(body.count)") }
            return key.isValidSignature(body, for: data)
        case .p256(let key):
            try expect(signatureAlgorithm, in: [algorithm])
            return key.isValidSignature(try P256.Signing.ECDSASignature(rawRepresentation: try Self.rawECDSA(body, size: 32)), for: data)
        case .p384(let key):
            try expect(signatureAlgorithm, in: [algorithm])
            return key.isValidSignature(try P384.Signing.ECDSASignature(rawRepresentation: try Self.rawECDSA(body, size: 48)), for: data)
        case .p521(let key):
            try expect(signatureAlgorithm, in: [algorithm])
            return key.isValidSignature(try P521.Signing.ECDSASignature(rawRepresentation: try Self.rawECDSA(body, size: 66)), for: data)
        case .rsa(let key):
            try expect(signatureAlgorithm, in: ["rsa-sha2-256", "rsa-sha2-512"])
            let signature = _RSA.Signing.RSASignature(rawRepresentation: body)
            if signatureAlgorithm == "rsa-sha2-256" {
                return key.isValidSignature(signature, for: SHA256.hash(data: data), padding: .insecurePKCS1v1_5)
            }
            return key.isValidSignature(signature, for: SHA512.hash(data: data), padding: .insecurePKCS1v1_5)
        }
    }

    private func expect(_ signatureAlgorithm: String, in allowed: [String]) throws {
        guard allowed.contains(signatureAlgorithm) else {
            throw ApprovalVerificationError.unsupportedAlgorithm(
                "signature algorithm \(signatureAlgorithm) with a \(algorithm) key (accepted: \(allowed.joined(separator: ", ")))")
        }
    }

    /// The SSH ECDSA signature body (`mpint r, mpint s`) as fixed-width `r || s`.
    private static func rawECDSA(_ body: [UInt8], size: Int) throws -> [UInt8] {
        var reader = SSHWireReader(body, context: "ECDSA signature")
        do {
            let r = try reader.readPositiveMPInt()
            let s = try reader.readPositiveMPInt()
            try reader.expectEnd()
            guard r.count <= size, s.count <= size else {
                throw SSHWireError(context: "ECDSA signature", reason: "r or s is longer than \(size) bytes")
            }
            return [UInt8](repeating: 0, count: size - r.count) + r + [UInt8](repeating: 0, count: size - s.count) + s
        } catch {
            throw ApprovalVerificationError.malformedSignature("\(error)")
        }
    }
}
