import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The GitHub Actions OIDC endpoint: `GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=<aud>` with
/// `Authorization: Bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN`, answering `{"value": "<jwt>"}`.
/// Both the request token and the returned JWT are reported to `onSecret` at once.
public struct GitHubActionsOIDCTokenSource: WebIdentityTokenSource {
    public let requestURL: String
    let requestToken: String
    public let audience: String
    public let timeout: TimeInterval
    let onSecret: SecretSink?

    public init(requestURL: String, requestToken: String, audience: String = "sts.amazonaws.com",
                timeout: TimeInterval = 15, onSecret: SecretSink? = nil) {
        self.requestURL = requestURL
        self.requestToken = requestToken
        self.audience = audience
        self.timeout = timeout
        self.onSecret = onSecret
        onSecret?(requestToken)
    }

    /// From `ACTIONS_ID_TOKEN_REQUEST_URL` / `ACTIONS_ID_TOKEN_REQUEST_TOKEN`; nil when unset.
    public init?(environment: [String: String], audience: String = "sts.amazonaws.com", onSecret: SecretSink? = nil) {
        guard let url = environment["ACTIONS_ID_TOKEN_REQUEST_URL"], !url.isEmpty,
              let token = environment["ACTIONS_ID_TOKEN_REQUEST_TOKEN"], !token.isEmpty
        else { return nil }
        self.init(requestURL: url, requestToken: token, audience: audience, onSecret: onSecret)
    }

    public var name: String { "GitHub Actions OIDC endpoint (audience \(audience))" }

    public func token() async throws -> String {
        let separator = requestURL.contains("?") ? "&" : "?"
        let text = requestURL + separator + "audience=" + SigV4Encoding.encode(audience)
        guard let url = URL(string: text) else {
            throw CredentialError.tokenUnavailable(source: name, reason: "ACTIONS_ID_TOKEN_REQUEST_URL is not a URL")
        }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.setValue("Bearer \(requestToken)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw CredentialError.tokenUnavailable(source: name, reason: "request failed (\((error as? URLError)?.code.rawValue ?? -1))")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 200 else {
            throw CredentialError.tokenUnavailable(
                source: name, reason: "HTTP \(status); does the job have `permissions: id-token: write`?")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let value = object["value"] as? String, !value.isEmpty
        else {
            throw CredentialError.tokenUnavailable(source: name, reason: "the response has no \"value\"")
        }
        onSecret?(value)
        return value
    }
}
