import Foundation

/// The AWS variables a child process (a shell step, terraform, the AWS CLI) needs to act as one
/// environment: what to set, and what to remove from the environment it would inherit.
public struct ChildProcessAWSEnvironment: Sendable, Equatable {
    /// Set these (they override inherited values).
    public var variables: [String: String]
    /// Remove these from the inherited environment: other credential settings an SDK could
    /// prefer or mix in (a profile, a token file, the runner's base keys' session token).
    public var removed: [String]

    public init(variables: [String: String], removed: [String]) {
        self.variables = variables
        self.removed = removed
    }

    /// `base` without ``removed``, then with ``variables``.
    public func applied(to base: [String: String]) -> [String: String] {
        var result = base
        for name in removed { result.removeValue(forKey: name) }
        result.merge(variables) { _, new in new }
        return result
    }
}

extension EnvironmentCredentials {
    /// Variables removed from a child's inherited environment when its credentials are set.
    public static let inheritedCredentialVariables = [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_EXPIRATION",
        "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME",
    ]

    /// The environment's resolved temporary credentials as a child process needs them, as GitHub's
    /// configure-aws-credentials sets them: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
    /// `AWS_SESSION_TOKEN`, `AWS_REGION`, `AWS_DEFAULT_REGION`; plus the runner's endpoint
    /// settings (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`)
    /// and `AWS_CA_BUNDLE` when they are set. The secrets were reported to `onSecret` when obtained.
    ///
    /// Temporary credentials expire (`AWS_CREDENTIAL_EXPIRATION` says when): call this again for
    /// each child started, rather than keeping the values.
    public func childProcessEnvironment() async throws -> ChildProcessAWSEnvironment {
        let credentials = try await self.credentials()
        var variables = [
            "AWS_ACCESS_KEY_ID": credentials.accessKeyID,
            "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey,
            "AWS_REGION": region,
            "AWS_DEFAULT_REGION": region,
        ]
        if let token = credentials.sessionToken { variables["AWS_SESSION_TOKEN"] = token }
        if let expiration = credentials.expiration {
            variables["AWS_CREDENTIAL_EXPIRATION"] = ISO8601DateFormatter().string(from: expiration)
        }
        for (name, value) in processEnvironment where !value.isEmpty && Self.passedThrough(name) {
            variables[name] = value
        }
        return ChildProcessAWSEnvironment(variables: variables, removed: Self.inheritedCredentialVariables)
    }

    /// Endpoint and TLS settings the runner itself uses, which a child must use too.
    static func passedThrough(_ name: String) -> Bool {
        name == "AWS_ENDPOINT_URL" || name.hasPrefix("AWS_ENDPOINT_URL_") || name == "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"
            || name == AWSTLSTrust.environmentVariable
    }
}
