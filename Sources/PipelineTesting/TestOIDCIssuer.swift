import Foundation

/// Makes OIDC JWTs shaped like GitHub Actions' tokens, for tests.
///
/// The signature segment is random bytes: moto's `AssumeRoleWithWebIdentity` does not read the
/// token at all (moto/sts/responses.py ignores `WebIdentityToken`), so no key is needed; real
/// AWS would reject these tokens. Claims are real, so error messages can name issuer/audience.
public struct TestOIDCIssuer: Sendable {
    public var issuer: String
    public var repository: String

    public init(issuer: String = "https://token.actions.githubusercontent.com", repository: String = "bbws/infrastructure") {
        self.issuer = issuer
        self.repository = repository
    }

    /// A token for `audience`, expiring `expiresIn` seconds from `now` (negative: already expired).
    public func token(audience: String = "sts.amazonaws.com", subject: String? = nil, runID: String = "1",
                      expiresIn: TimeInterval = 600, now: Date = Date()) -> String {
        let issued = Int(now.timeIntervalSince1970)
        let claims: [String: Any] = [
            "iss": issuer, "aud": audience, "sub": subject ?? "repo:\(repository):environment:dev",
            "iat": issued, "nbf": issued, "exp": issued + Int(expiresIn), "jti": UUID().uuidString,
            "repository": repository, "run_id": runID, "ref": "refs/heads/main",
        ]
        let header = ["alg": "RS256", "typ": "JWT", "kid": "pipeline-test"]
        var signature = [UInt8](repeating: 0, count: 64)
        for index in signature.indices { signature[index] = UInt8.random(in: 0...255) }
        return [Self.base64URL(try! JSONSerialization.data(withJSONObject: header, options: .sortedKeys)),
                Self.base64URL(try! JSONSerialization.data(withJSONObject: claims, options: .sortedKeys)),
                Self.base64URL(Data(signature))].joined(separator: ".")
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// A handler acting as GitHub Actions' token endpoint: `GET <path>?...&audience=<aud>` with
    /// `Authorization: Bearer <requestToken>` answers `{"value": "<jwt>"}` (401 on a wrong bearer).
    public func githubActionsHandler(requestToken: String, runID: String = "1") -> LoopbackHTTPServer.Handler {
        { request in
            guard request.method == "GET" else { return .json(405, #"{"message":"method not allowed"}"#) }
            guard request.header("Authorization") == "Bearer \(requestToken)" else {
                return .json(401, #"{"message":"bad credentials"}"#)
            }
            let audience = request.query["audience"] ?? "sts.amazonaws.com"
            return .json(200, "{\"count\":1,\"value\":\"\(self.token(audience: audience, runID: runID))\"}")
        }
    }
}
