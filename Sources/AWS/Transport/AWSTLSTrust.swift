import Foundation
import NIOSSL

/// Which certificates the transport trusts for `https` endpoints: the system's roots, plus the
/// certificates of a PEM bundle when one is given (`AWS_CA_BUNDLE`, as the AWS SDKs read it),
/// e.g. the private CA of a local endpoint served over TLS. Verification is never turned off.
public struct AWSTLSTrust: Sendable, Equatable {
    /// The environment variable the AWS SDKs read the bundle's path from.
    public static let environmentVariable = "AWS_CA_BUNDLE"

    /// A PEM file of one or more CA certificates trusted besides the system's roots.
    public var caBundlePath: String?

    public init(caBundlePath: String? = nil) {
        self.caBundlePath = caBundlePath
    }

    /// The system's roots only.
    public static let system = AWSTLSTrust()

    /// `AWS_CA_BUNDLE` when set and non-empty; the system's roots otherwise.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> AWSTLSTrust {
        guard let path = environment[environmentVariable], !path.isEmpty else { return .system }
        return AWSTLSTrust(caBundlePath: path)
    }

    /// Why a CA bundle cannot be used. Names the file; a bundle holds no secret.
    public enum BundleError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The file is missing or cannot be read.
        case unreadable(path: String, reason: String)
        /// The file holds no PEM certificate (or one that does not parse).
        case noCertificates(path: String, reason: String)

        public var description: String {
            switch self {
            case .unreadable(let path, let reason):
                return "cannot read the CA bundle \(path) (\(AWSTLSTrust.environmentVariable)): \(reason). "
                    + "Point \(AWSTLSTrust.environmentVariable) at a readable PEM file of the endpoint's CA certificate, "
                    + "or unset it to trust the system's roots only"
            case .noCertificates(let path, let reason):
                return "the CA bundle \(path) (\(AWSTLSTrust.environmentVariable)) holds no usable PEM certificate: \(reason). "
                    + "It must contain -----BEGIN CERTIFICATE----- blocks (the CA's certificate, not its key)"
            }
        }
    }

    /// The client TLS settings: full verification, the bundle's certificates as additional
    /// roots. `nil` for the system's roots only (the HTTP client's default).
    /// - Throws: ``BundleError`` when the bundle cannot be read or holds no certificate.
    public func clientTLSConfiguration() throws -> TLSConfiguration? {
        guard let caBundlePath else { return nil }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        tls.additionalTrustRoots = [.certificates(try certificates(path: caBundlePath))]
        return tls
    }

    /// The certificates in the bundle (checked now, so a bad bundle fails at set-up, not on first use).
    func certificates(path: String) throws -> [NIOSSLCertificate] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "it is not readable" : "no such file"
            throw BundleError.unreadable(path: path, reason: reason)
        }
        guard String(decoding: data, as: UTF8.self).contains("-----BEGIN CERTIFICATE-----") else {
            throw BundleError.noCertificates(path: path, reason: "no -----BEGIN CERTIFICATE----- block")
        }
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMBytes(Array(data))
        } catch {
            throw BundleError.noCertificates(path: path, reason: "a certificate does not parse (\(error))")
        }
        guard !certificates.isEmpty else { throw BundleError.noCertificates(path: path, reason: "no certificate parsed") }
        return certificates
    }
}
