import Foundation

/// Something that yields credentials for signing; may fetch or refresh them.
public protocol CredentialProvider: Sendable {
    func credentials() async throws -> AWSCredentials
}

/// Receives every secret the AWS layer obtains (keys, session tokens, OIDC tokens) as soon as it
/// has it, before it is used, so the runner can mask it in every log sink.
public typealias SecretSink = @Sendable (String) -> Void

/// Fixed credentials given by the caller.
public struct StaticCredentialProvider: CredentialProvider {
    let value: AWSCredentials

    public init(_ credentials: AWSCredentials, onSecret: SecretSink? = nil) {
        value = credentials
        if let onSecret { credentials.secrets.forEach(onSecret) }
    }

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, onSecret: SecretSink? = nil) {
        self.init(AWSCredentials(accessKeyID: accessKeyID, secretAccessKey: secretAccessKey, sessionToken: sessionToken),
                  onSecret: onSecret)
    }

    public func credentials() async throws -> AWSCredentials { value }
}
