import Foundation

/// AWS STS over the query protocol: `AssumeRoleWithWebIdentity`, `GetCallerIdentity`.
public struct STSClient: Sendable {
    public static let version = "2011-06-15"
    public let client: AWSServiceClient

    public init(configuration: AWSConfiguration) {
        client = AWSServiceClient(service: .sts, configuration: configuration)
    }

    public struct AssumedRole: Sendable {
        public var credentials: AWSCredentials
        public var assumedRoleARN: String?
        public var assumedRoleID: String?
        public var subjectFromWebIdentityToken: String?
        public var provider: String?
        public var audience: String?
    }

    public struct CallerIdentity: Sendable, Equatable {
        public var account: String
        public var arn: String
        public var userID: String
    }

    /// Exchanges a web identity (OIDC) token for temporary credentials. Unsigned, as AWS requires.
    /// Retried on unknown outcomes: each call only mints a new session.
    public func assumeRoleWithWebIdentity(roleARN: String, sessionName: String, webIdentityToken: String,
                                          durationSeconds: Int = 3600) async throws -> AssumedRole {
        let root = try await client.query(
            action: "AssumeRoleWithWebIdentity", version: Self.version,
            parameters: [("RoleArn", roleARN), ("RoleSessionName", sessionName), ("WebIdentityToken", webIdentityToken),
                         ("DurationSeconds", String(durationSeconds))],
            signed: false, safety: .idempotent)
        guard let result = root.descendant("AssumeRoleWithWebIdentityResult"),
              let credentials = result.child("Credentials"),
              let keyID = credentials.string("AccessKeyId"), let secret = credentials.string("SecretAccessKey")
        else {
            throw AWSTransportError.invalidResponse(operation: "STS.AssumeRoleWithWebIdentity", status: 200,
                                                    reason: "no Credentials in the response")
        }
        return AssumedRole(
            credentials: AWSCredentials(accessKeyID: keyID, secretAccessKey: secret,
                                        sessionToken: credentials.string("SessionToken"),
                                        expiration: credentials.string("Expiration").flatMap(Self.parseTimestamp)),
            assumedRoleARN: result.find("AssumedRoleUser", "Arn")?.text,
            assumedRoleID: result.find("AssumedRoleUser", "AssumedRoleId")?.text,
            subjectFromWebIdentityToken: result.string("SubjectFromWebIdentityToken"),
            provider: result.string("Provider"), audience: result.string("Audience"))
    }

    /// Assumes `roleARN` with the caller's own (signed) credentials: how a runner holding base
    /// keys reaches each environment's account. Retried on unknown outcomes: it only mints a session.
    public func assumeRole(roleARN: String, sessionName: String, durationSeconds: Int = 3600) async throws -> AssumedRole {
        let root = try await client.query(
            action: "AssumeRole", version: Self.version,
            parameters: [("RoleArn", roleARN), ("RoleSessionName", sessionName), ("DurationSeconds", String(durationSeconds))],
            signed: true, safety: .idempotent)
        guard let result = root.descendant("AssumeRoleResult"),
              let credentials = result.child("Credentials"),
              let keyID = credentials.string("AccessKeyId"), let secret = credentials.string("SecretAccessKey")
        else {
            throw AWSTransportError.invalidResponse(operation: "STS.AssumeRole", status: 200, reason: "no Credentials in the response")
        }
        return AssumedRole(
            credentials: AWSCredentials(accessKeyID: keyID, secretAccessKey: secret,
                                        sessionToken: credentials.string("SessionToken"),
                                        expiration: credentials.string("Expiration").flatMap(Self.parseTimestamp)),
            assumedRoleARN: result.find("AssumedRoleUser", "Arn")?.text,
            assumedRoleID: result.find("AssumedRoleUser", "AssumedRoleId")?.text,
            subjectFromWebIdentityToken: nil, provider: nil, audience: nil)
    }

    /// Who the current credentials are.
    public func getCallerIdentity() async throws -> CallerIdentity {
        let root = try await client.query(action: "GetCallerIdentity", version: Self.version, parameters: [],
                                          signed: true, safety: .idempotent)
        guard let result = root.descendant("GetCallerIdentityResult"), let account = result.string("Account") else {
            throw AWSTransportError.invalidResponse(operation: "STS.GetCallerIdentity", status: 200, reason: "no Account in the response")
        }
        return CallerIdentity(account: account, arn: result.string("Arn") ?? "", userID: result.string("UserId") ?? "")
    }

    /// ISO 8601 with or without fractional seconds.
    static func parseTimestamp(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
