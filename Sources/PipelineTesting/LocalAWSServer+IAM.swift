import Foundation

extension LocalAWSServer {
    /// moto's default account.
    public static let defaultAccount = "123456789012"

    /// A policy allowing everything.
    public static let allowAllPolicy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#

    /// A trust policy letting any web identity assume the role.
    public static let webIdentityTrustPolicy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::aws:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity"}]}"#

    /// Calls moto's IAM (query protocol) without a real signature: valid only while auth is off.
    /// The `Authorization` header only routes the call to IAM; `x-moto-account-id` picks the account.
    func iam(_ action: String, _ parameters: [(String, String)], account: String) async throws -> Data {
        let headers = [
            "Content-Type": "application/x-www-form-urlencoded",
            "Authorization": "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0",
            "x-moto-account-id": account,
        ]
        let body = LocalAWSHTTP.formEncode([("Action", action), ("Version", "2010-05-08")] + parameters)
        let response = try await LocalAWSHTTP.send(method: "POST", url: endpoint, headers: headers, body: body)
        guard response.status == 200 else {
            let code = LocalAWSHTTP.element("Code", in: response.body) ?? "HTTP \(response.status)"
            throw LaunchError.bootstrap("IAM \(action) failed: \(code) \(LocalAWSHTTP.element("Message", in: response.body) ?? "")")
        }
        return response.body
    }

    /// Creates an IAM user with an inline policy and returns a new access key (auth must still be off).
    public func createUser(name: String, account: String = LocalAWSServer.defaultAccount,
                           policy: String = LocalAWSServer.allowAllPolicy) async throws -> (accessKeyID: String, secretAccessKey: String) {
        _ = try await iam("CreateUser", [("UserName", name)], account: account)
        _ = try await iam("PutUserPolicy", [("UserName", name), ("PolicyName", "\(name)-policy"), ("PolicyDocument", policy)],
                          account: account)
        let body = try await iam("CreateAccessKey", [("UserName", name)], account: account)
        guard let keyID = LocalAWSHTTP.element("AccessKeyId", in: body),
              let secret = LocalAWSHTTP.element("SecretAccessKey", in: body)
        else { throw LaunchError.bootstrap("CreateAccessKey returned no key") }
        return (keyID, secret)
    }

    /// Creates a role with a trust policy and an inline permissions policy; returns its ARN.
    @discardableResult
    public func createRole(name: String, account: String, trustPolicy: String = LocalAWSServer.webIdentityTrustPolicy,
                           policy: String = LocalAWSServer.allowAllPolicy) async throws -> String {
        let body = try await iam("CreateRole", [("RoleName", name), ("AssumeRolePolicyDocument", trustPolicy)], account: account)
        _ = try await iam("PutRolePolicy", [("RoleName", name), ("PolicyName", "\(name)-policy"), ("PolicyDocument", policy)],
                          account: account)
        return LocalAWSHTTP.element("Arn", in: body) ?? "arn:aws:iam::\(account):role/\(name)"
    }

    /// Creates GitHub Actions' OIDC provider in `account`; returns its ARN.
    @discardableResult
    public func createOIDCProvider(account: String, url: String = "https://token.actions.githubusercontent.com",
                                   clientIDs: [String] = ["sts.amazonaws.com"]) async throws -> String {
        let parameters = [("Url", url)] + clientIDs.enumerated().map { ("ClientIDList.member.\($0.offset + 1)", $0.element) }
            + [("ThumbprintList.member.1", String(repeating: "a", count: 40))]
        let body = try await iam("CreateOpenIDConnectProvider", parameters, account: account)
        return LocalAWSHTTP.element("OpenIDConnectProviderArn", in: body)
            ?? "arn:aws:iam::\(account):oidc-provider/\(url.replacingOccurrences(of: "https://", with: ""))"
    }

    /// Creates the admin user, then makes moto check every signature and IAM policy.
    func enableAuthentication() async throws {
        let admin = try await createUser(name: "pipeline-admin-\(port)")
        setAdminCredentials(admin)
        // text/plain: with a form content type Flask consumes the body and moto reads "".
        let response = try await LocalAWSHTTP.send(method: "POST", url: endpoint.appendingPathComponent("moto-api/reset-auth"),
                                                   headers: ["Content-Type": "text/plain"], body: Data("0".utf8))
        guard response.status == 200 else { throw LaunchError.bootstrap("moto-api/reset-auth answered HTTP \(response.status)") }
    }
}
