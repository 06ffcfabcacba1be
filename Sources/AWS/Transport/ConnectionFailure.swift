import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why an attempt got no HTTP response, classified for the retry rule (``RetrySafety``).
///
/// Built from whatever AsyncHTTPClient / SwiftNIO threw; its text is what error messages and
/// `AWSEvent`s say, and never holds request data.
enum ConnectionFailure: Sendable, Equatable, CustomStringConvertible {
    /// The connection was refused or the host not found: the request never reached the service.
    case refused
    /// No connection could be made in time: the request never reached the service.
    case connectTimedOut
    /// The server reset or closed the connection before a full response: outcome unknown.
    case reset
    /// No bytes for `attemptTimeout`, or the total time budget ran out: outcome unknown.
    case timedOut
    /// The response could not be parsed as HTTP: outcome unknown.
    case malformed
    /// The TLS handshake or session failed.
    case tls
    /// The server's certificate is not trusted: retrying cannot help; the trust settings must change.
    case untrustedCertificate
    /// Anything else (a bug or a configuration problem): not retried.
    case other(String)

    init(_ error: any Error) {
        switch error {
        case let error as HTTPClientError:
            switch error {
            case .readTimeout, .deadlineExceeded, .writeTimeout: self = .timedOut
            case .connectTimeout, .getConnectionFromPoolTimeout: self = .connectTimedOut
            case .remoteConnectionClosed: self = .reset
            case .tlsHandshakeTimeout: self = .tls
            default: self = .other(error.shortDescription)
            }
        case let error as NIOConnectionError:
            // Every address failed (or none was found); refused unless a connect attempt timed out.
            let timedOut = error.connectionErrors.contains { attempt in
                if case ChannelError.connectTimeout = attempt.error { return true }
                return false
            }
            self = timedOut ? .connectTimedOut : .refused
        case let error as ChannelError:
            switch error {
            case .connectTimeout: self = .connectTimedOut
            case .eof, .ioOnClosedChannel, .alreadyClosed, .outputClosed, .inputClosed: self = .reset
            default: self = .other("channel error \(error)")
            }
        case let error as IOError:
            self = Self.classify(errno: error.errnoCode)
        case is HTTPParserError, is NIOTooManyBytesError:
            self = .malformed
        case let error as NIOSSLError:
            let text = String(describing: error)
            self = text.contains("CERTIFICATE_VERIFY_FAILED") ? .untrustedCertificate : .tls
        case let error as NIOSSLExtraError where error == .failedToValidateHostname:
            self = .untrustedCertificate // the certificate is for another host
        default:
            let type = String(reflecting: Swift.type(of: error))
            self = type.contains("SSL") || type.contains("TLS") ? .tls : .other(type)
        }
    }

    private static func classify(errno code: Int32) -> ConnectionFailure {
        switch code {
        case ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, EADDRNOTAVAIL: .refused
        case ECONNRESET, EPIPE, ECONNABORTED, ENOTCONN: .reset
        case ETIMEDOUT: .timedOut
        default: .other("socket error \(code)")
        }
    }

    var description: String {
        switch self {
        case .refused: "connection refused"
        case .connectTimedOut: "timed out connecting"
        case .reset: "connection reset or closed by the server"
        case .timedOut: "timed out waiting for the response"
        case .malformed: "malformed or empty response"
        case .tls: "TLS failure"
        case .untrustedCertificate:
            "TLS failure: the server's certificate is not trusted (for a local endpoint with its own CA, set AWS_CA_BUNDLE to the CA's PEM file)"
        case .other(let detail): "network error (\(detail))"
        }
    }
}
