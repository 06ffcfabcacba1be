import Foundation
import PipelineModel
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Fetches a document (discovery, JWKS) from an issuer. The CLI uses `URLSessionJWKSFetcher`;
/// tests or callers with their own HTTP stack can pass another.
public protocol JWKSFetching: Sendable {
    /// The response body of a successful (2xx) GET of `url`; throws `jwksFetchFailed` otherwise.
    func fetch(_ url: URL) async throws -> Data
}

/// GET over https (plain http only on loopback) with URLSession, bounded by `timeout` (default 10 s) for the whole request.
public struct URLSessionJWKSFetcher: JWKSFetching {
    public var timeout: TimeInterval
    /// Responses larger than this are refused (a JWKS is a few kilobytes).
    public var maximumBytes: Int

    public init(timeout: TimeInterval = 10, maximumBytes: Int = 1 << 20) {
        self.timeout = timeout
        self.maximumBytes = maximumBytes
    }

    public func fetch(_ url: URL) async throws -> Data {
        let loopback = ["127.0.0.1", "localhost", "::1", "[::1]"].contains(url.host?.lowercased() ?? "")
        guard let scheme = url.scheme?.lowercased(), scheme == "https" || (scheme == "http" && loopback) else {
            throw ApprovalVerificationError.jwksFetchFailed(url: url.absoluteString, status: nil,
                                                            reason: "keys are fetched over https only (plain http only from this machine's loopback)")
        }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        let (data, response): (Data, URLResponse)
        do {
            (data, response) = try await withCheckedThrowingContinuation { continuation in
                session.dataTask(with: request) { data, response, error in
                    if let error {
                        continuation.resume(throwing: error)
                    } else if let data, let response {
                        continuation.resume(returning: (data, response))
                    } else {
                        continuation.resume(throwing: URLError(.badServerResponse))
                    }
                }.resume()
            }
        } catch {
            throw ApprovalVerificationError.jwksFetchFailed(url: url.absoluteString, status: nil, reason: Self.describe(error, timeout: timeout))
        }
        let status = (response as? HTTPURLResponse)?.statusCode
        guard let status, (200..<300).contains(status) else {
            throw ApprovalVerificationError.jwksFetchFailed(url: url.absoluteString, status: status, reason: "the server did not answer 2xx")
        }
        guard data.count <= maximumBytes else {
            throw ApprovalVerificationError.jwksFetchFailed(url: url.absoluteString, status: status, reason: "response larger than \(maximumBytes) bytes")
        }
        return data
    }

    static func describe(_ error: any Error, timeout: TimeInterval) -> String {
        if let urlError = error as? URLError {
            switch urlError.code {
            case .timedOut: return "no answer within \(Int(timeout)) s"
            case .cannotConnectToHost: return "connection refused"
            case .cannotFindHost: return "unknown host"
            default: return urlError.localizedDescription
            }
        }
        return "\(error)"
    }
}
