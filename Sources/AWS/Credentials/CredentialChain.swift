import Foundation

/// Tries providers in order; the first that is configured wins and is kept.
///
/// A provider that is *not configured* (``CredentialError/notConfigured(provider:reason:)``) is
/// skipped; any other failure stops the chain, so a broken OIDC setup is reported, not hidden.
public actor CredentialChain: CredentialProvider {
    public nonisolated let providers: [any CredentialProvider]
    private var chosen: (any CredentialProvider)?

    public init(_ providers: [any CredentialProvider]) {
        self.providers = providers
    }

    public func credentials() async throws -> AWSCredentials {
        if let chosen { return try await chosen.credentials() }
        var tried: [String] = []
        for provider in providers {
            do {
                let credentials = try await provider.credentials()
                chosen = provider
                return credentials
            } catch let error as CredentialError {
                guard case .notConfigured = error else { throw error }
                tried.append(error.description)
            }
        }
        throw CredentialError.noProvider(tried: tried)
    }

    /// The standard chain: environment keys, then the web identity token file
    /// (`AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN` [+ `AWS_ROLE_SESSION_NAME`]), then — when
    /// `role` is given — the GitHub Actions OIDC endpoint exchanged for that role.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment,
                                sts: STSClient, role: String? = nil, runID: String = "local",
                                durationSeconds: Int = 3600, onSecret: SecretSink? = nil) -> CredentialChain {
        var providers: [any CredentialProvider] = [EnvironmentCredentialProvider(environment: environment, onSecret: onSecret)]
        if let file = environment["AWS_WEB_IDENTITY_TOKEN_FILE"], !file.isEmpty {
            if let roleARN = environment["AWS_ROLE_ARN"], !roleARN.isEmpty {
                let name = environment["AWS_ROLE_SESSION_NAME"].flatMap { $0.isEmpty ? nil : $0 }
                    ?? RoleSessionName.make(runID: runID)
                providers.append(WebIdentityCredentialProvider(
                    roleARN: roleARN, tokenSource: WebIdentityTokenFile(path: file), sts: sts,
                    sessionName: name, durationSeconds: durationSeconds, onSecret: onSecret))
            }
        }
        if let role, let source = GitHubActionsOIDCTokenSource(environment: environment, onSecret: onSecret) {
            providers.append(WebIdentityCredentialProvider(
                roleARN: role, tokenSource: source, sts: sts, sessionName: RoleSessionName.make(runID: runID),
                durationSeconds: durationSeconds, onSecret: onSecret))
        }
        return CredentialChain(providers)
    }
}

/// STS role session names: `[\w+=,.@-]{2,64}`.
public enum RoleSessionName {
    /// `pipeline-<runID>`, sanitised.
    public static func make(runID: String, prefix: String = "pipeline") -> String {
        sanitize("\(prefix)-\(runID)")
    }

    /// Replaces every character outside `[A-Za-z0-9_+=,.@-]` by `-`, cuts to 64, pads to 2.
    public static func sanitize(_ name: String) -> String {
        var out = ""
        for scalar in name.unicodeScalars {
            let allowed = scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "_+=,.@-".unicodeScalars.contains(scalar))
            out.unicodeScalars.append(allowed ? scalar : "-")
            if out.unicodeScalars.count == 64 { break }
        }
        while out.count < 2 { out += "-" }
        return out
    }
}
