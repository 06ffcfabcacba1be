import Foundation

/// The credentials of one deployment environment (dev, sit, prod): temporary keys for the
/// environment's own role, in its own account and region, obtained the first way available:
///
/// 1. GitHub Actions OIDC (`ACTIONS_ID_TOKEN_REQUEST_URL` + `ACTIONS_ID_TOKEN_REQUEST_TOKEN`):
///    the job's token, exchanged by STS `AssumeRoleWithWebIdentity` for **this environment's** role;
/// 2. a web identity token file (`AWS_WEB_IDENTITY_TOKEN_FILE`): the same exchange for this role
///    (`AWS_ROLE_ARN` is not used: every environment has its own role);
/// 3. base keys (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`): STS
///    `AssumeRole`, signed with them, into this role.
///
/// Session names carry the run id. Credentials are cached and refreshed before they expire;
/// every secret goes to `onSecret` before it is used. STS is reached through the process
/// environment's endpoint settings (`AWS_ENDPOINT_URL*`) and TLS trust (`AWS_CA_BUNDLE`), in the
/// environment's region. Not to be confused with ``EnvironmentCredentialProvider``, which reads
/// keys from process variables.
public final class EnvironmentCredentials: CredentialProvider {
    /// Where the credentials come from, in the order tried.
    public enum Source: Sendable, Equatable, CustomStringConvertible {
        case githubActionsOIDC(audience: String)
        case webIdentityTokenFile(path: String)
        case assumeRoleWithBaseKeys

        public var description: String {
            switch self {
            case .githubActionsOIDC(let audience): "GitHub Actions OIDC token (audience \(audience)) → AssumeRoleWithWebIdentity"
            case .webIdentityTokenFile(let path): "web identity token file \(path) → AssumeRoleWithWebIdentity"
            case .assumeRoleWithBaseKeys: "base keys from AWS_ACCESS_KEY_ID → AssumeRole"
            }
        }
    }

    /// The environment's name (for messages).
    public let environment: String
    public let roleARN: String
    public let region: String
    public let runID: String
    /// The role session name every exchange uses (`pipeline-<run id>`, sanitised).
    public let sessionName: String
    /// The sources configured here, in the order the chain tries them.
    public let sources: [Source]
    /// The client pool STS calls go through, and that ``configuration(retry:onEvent:)`` shares.
    public let pool: AWSHTTPClientPool
    /// Endpoint overrides read from the process environment.
    public let endpoints: AWSEndpointResolver
    let processEnvironment: [String: String]
    let chain: CredentialChain

    /// - Parameters:
    ///   - environment: the environment's name, e.g. `dev`.
    ///   - roleARN: `arn:aws:iam::<account>:role/<role>`.
    ///   - runID: carried in the role session name (what CloudTrail shows).
    ///   - processEnvironment: the runner's environment variables.
    ///   - pool: a client pool shared by every environment of the run; without one, a pool is made
    ///     from `AWS_CA_BUNDLE`. A given pool must trust what `AWS_CA_BUNDLE` says.
    ///   - durationSeconds: session length, clamped to 900...43200.
    /// - Throws: ``EnvironmentCredentialsError`` when the role ARN is invalid, no source is
    ///   configured, or the endpoint or CA bundle settings are unusable.
    public init(environment: String, roleARN: String, region: String, runID: String,
                processEnvironment: [String: String] = ProcessInfo.processInfo.environment,
                pool: AWSHTTPClientPool? = nil, retry: RetryPolicy = .default, durationSeconds: Int = 3600,
                audience: String = "sts.amazonaws.com", onSecret: SecretSink? = nil,
                onEvent: (@Sendable (AWSEvent) -> Void)? = nil) throws {
        func fail(_ reason: String) -> EnvironmentCredentialsError {
            EnvironmentCredentialsError(environment: environment, role: roleARN, reason: reason)
        }
        do {
            try RoleARN.check(roleARN)
        } catch {
            throw fail("\(error)")
        }
        self.environment = environment
        self.roleARN = roleARN
        self.region = region
        self.runID = runID
        self.processEnvironment = processEnvironment
        sessionName = RoleSessionName.make(runID: runID)
        do {
            endpoints = try AWSEndpointResolver.fromEnvironment(processEnvironment)
            let trust = AWSTLSTrust.fromEnvironment(processEnvironment)
            if let pool, pool.trust != trust {
                throw AWSEndpointResolver.ConfigurationError.trustMismatch(environment: trust.caBundlePath,
                                                                          pool: pool.trust.caBundlePath)
            }
            self.pool = try pool ?? AWSHTTPClientPool(trust: trust, attemptTimeout: retry.attemptTimeout)
        } catch {
            throw fail("\(error)")
        }
        let plan = Self.providers(
            processEnvironment: processEnvironment, roleARN: roleARN, region: region, sessionName: sessionName,
            endpoints: endpoints, pool: self.pool, retry: retry, durationSeconds: durationSeconds, audience: audience,
            onSecret: onSecret, onEvent: onEvent)
        guard !plan.isEmpty else {
            throw fail("no credentials to reach the role: set ACTIONS_ID_TOKEN_REQUEST_URL/ACTIONS_ID_TOKEN_REQUEST_TOKEN "
                + "(GitHub Actions with `permissions: id-token: write`), AWS_WEB_IDENTITY_TOKEN_FILE, or "
                + "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY of a principal allowed to assume the role")
        }
        sources = plan.map(\.source)
        chain = CredentialChain(plan.map(\.provider))
    }

    /// The environment's temporary credentials (cached; refreshed before expiry).
    /// - Throws: ``EnvironmentCredentialsError`` naming the environment and role, wrapping STS's refusal.
    public func credentials() async throws -> AWSCredentials {
        do {
            return try await chain.credentials()
        } catch let error as CancellationError {
            throw error
        } catch {
            throw EnvironmentCredentialsError(environment: environment, role: roleARN, reason: "\(error)")
        }
    }

    /// A configuration for this environment: its region, the endpoint overrides, and a transport
    /// signing with its credentials through the shared pool.
    public func configuration(retry: RetryPolicy = .default, onEvent: (@Sendable (AWSEvent) -> Void)? = nil,
                              beforeSend: (@Sendable (AWSTransport.Call) throws -> Void)? = nil) -> AWSConfiguration {
        AWSConfiguration(region: region, endpoints: endpoints,
                         transport: AWSTransport(credentials: self, retry: retry, pool: pool, onEvent: onEvent, beforeSend: beforeSend))
    }

    /// The chain's providers for the variables set in `processEnvironment`, in order.
    static func providers(processEnvironment env: [String: String], roleARN: String, region: String, sessionName: String,
                          endpoints: AWSEndpointResolver, pool: AWSHTTPClientPool, retry: RetryPolicy,
                          durationSeconds: Int, audience: String, onSecret: SecretSink?,
                          onEvent: (@Sendable (AWSEvent) -> Void)?) -> [(source: Source, provider: any CredentialProvider)] {
        func sts(_ credentials: any CredentialProvider) -> STSClient {
            STSClient(configuration: AWSConfiguration(
                region: region, endpoints: endpoints,
                transport: AWSTransport(credentials: credentials, retry: retry, pool: pool, onEvent: onEvent)))
        }
        var plan: [(source: Source, provider: any CredentialProvider)] = []
        let unsigned = sts(AnonymousCredentialProvider())
        if let oidc = GitHubActionsOIDCTokenSource(environment: env, audience: audience, onSecret: onSecret) {
            plan.append((.githubActionsOIDC(audience: audience), WebIdentityCredentialProvider(
                roleARN: roleARN, tokenSource: oidc, sts: unsigned, sessionName: sessionName,
                durationSeconds: durationSeconds, onSecret: onSecret)))
        }
        if let file = env["AWS_WEB_IDENTITY_TOKEN_FILE"], !file.isEmpty {
            plan.append((.webIdentityTokenFile(path: file), WebIdentityCredentialProvider(
                roleARN: roleARN, tokenSource: WebIdentityTokenFile(path: file), sts: unsigned, sessionName: sessionName,
                durationSeconds: durationSeconds, onSecret: onSecret)))
        }
        if let key = env["AWS_ACCESS_KEY_ID"], !key.isEmpty, let secret = env["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty {
            let base = EnvironmentCredentialProvider(environment: env, onSecret: onSecret)
            plan.append((.assumeRoleWithBaseKeys, AssumeRoleCredentialProvider(
                roleARN: roleARN, sts: sts(base), sessionName: sessionName, durationSeconds: durationSeconds,
                onSecret: onSecret)))
        }
        return plan
    }
}
