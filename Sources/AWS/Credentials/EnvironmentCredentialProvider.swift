import Foundation

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and optional `AWS_SESSION_TOKEN`.
public struct EnvironmentCredentialProvider: CredentialProvider {
    let environment: [String: String]
    let onSecret: SecretSink?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, onSecret: SecretSink? = nil) {
        self.environment = environment
        self.onSecret = onSecret
    }

    public func credentials() async throws -> AWSCredentials {
        guard let keyID = environment["AWS_ACCESS_KEY_ID"], !keyID.isEmpty,
              let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty
        else {
            throw CredentialError.notConfigured(provider: "environment", reason: "AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY unset")
        }
        let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        let credentials = AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: token)
        credentials.secrets.forEach { onSecret?($0) }
        return credentials
    }
}

/// A provider with nothing: for clients that send only unsigned calls (STS web identity exchange).
public struct AnonymousCredentialProvider: CredentialProvider {
    public init() {}
    public func credentials() async throws -> AWSCredentials {
        throw CredentialError.notConfigured(provider: "anonymous", reason: "this client sends unsigned requests only")
    }
}
