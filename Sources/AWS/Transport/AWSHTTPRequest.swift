import Foundation

/// An HTTP request to an AWS service, before and after signing.
///
/// `path` and `query` hold decoded text; they are percent-encoded once (RFC 3986) when
/// the request's URL is built, and the signer derives its canonical URI from that same wire
/// path, so what is signed is what is sent. A caller holding an already-encoded path sets
/// ``rawPath`` instead: it is sent as is.
public struct AWSHTTPRequest: Sendable {
    public var method: String
    /// `http` or `https`.
    public var scheme: String
    /// Host, with `:port` when the port is not the scheme's default (as sent in `Host`).
    public var host: String
    /// Decoded path, starting with `/`.
    public var path: String
    /// The path exactly as sent (already percent-encoded), when it is not `path` encoded once:
    /// a path encoded by the caller, or a test vector's request line. When set, `path` is ignored.
    public var rawPath: String?
    public var query: [AWSQueryItem]
    public var headers: AWSHTTPHeaders
    public var body: Data

    public init(
        method: String, scheme: String = "https", host: String, path: String = "/",
        query: [AWSQueryItem] = [], headers: AWSHTTPHeaders = AWSHTTPHeaders(), body: Data = Data()
    ) {
        self.method = method
        self.scheme = scheme
        self.host = host
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// A request whose path is given exactly as it is sent (see ``rawPath``).
    public init(
        method: String, scheme: String = "https", host: String, rawPath: String,
        query: [AWSQueryItem] = [], headers: AWSHTTPHeaders = AWSHTTPHeaders(), body: Data = Data()
    ) {
        self.init(method: method, scheme: scheme, host: host, path: SigV4Encoding.decode(rawPath), query: query,
                  headers: headers, body: body)
        self.rawPath = rawPath
    }

    /// The path as sent: ``rawPath``, or `path` percent-encoded once (keeping `/`).
    public var wirePath: String {
        rawPath ?? SigV4Encoding.encode(path.isEmpty ? "/" : path, keepSlash: true)
    }

    /// The percent-encoded query string (`a=b&c=`), in the request's own order.
    public var encodedQuery: String {
        query.map { item in
            SigV4Encoding.encode(item.name) + "=" + SigV4Encoding.encode(item.value ?? "")
        }.joined(separator: "&")
    }

    /// The URL to send, as text: ``wirePath``, then the query encoded as signed.
    public var urlText: String {
        var text = "\(scheme)://\(host)\(wirePath)"
        if !query.isEmpty { text += "?" + encodedQuery }
        return text
    }

    /// The URL to send: ``wirePath``, then the query encoded as signed.
    public var url: URL {
        guard let url = URL(string: urlText) else {
            preconditionFailure("AWSHTTPRequest: cannot form a URL from host \(host) and path \(wirePath) (a bug: hosts are validated earlier, raw paths are the caller's)")
        }
        return url
    }
}
