import AWS
import Foundation
import PipelineEngine
import PipelineModel
import Synchronization

/// The AWS access of a run's steps: each environment's own credentials (its role in its account,
/// in its region; see ``EnvironmentCredentials`` for the chain), clients over one connection
/// pool shared by every environment, and the variables a child process needs to act as the
/// environment. Registered by the runner as a step service; nothing is created until a step asks.
///
/// Rules for steps: ask for an environment's clients here, never build credentials from the
/// process environment; a step's processes get the environment's temporary credentials, never
/// the runner's own (``childProcessEnvironment(for:inheriting:)``).
public final class AWSAccess: Sendable {
    public let runID: String
    let processEnvironment: [String: String]
    let onSecret: SecretSink
    let retry: RetryPolicy
    /// Runs before every call that changes something (``AWSCallCounter/changes(_:)``); what it
    /// throws ends the call unsent. The runner checks there that it still holds its leases.
    let writeGuard: (@Sendable () throws -> Void)?
    /// Every call made through this access, counted at the transport.
    public let calls = AWSCallCounter()
    private let state = Mutex(State())

    private struct State {
        var pool: AWSHTTPClientPool?
        var environments: [String: EnvironmentCredentials] = [:]
    }

    /// - Parameters:
    ///   - runID: carried in every role session name.
    ///   - processEnvironment: the runner's variables (credentials sources, `AWS_ENDPOINT_URL`, `AWS_CA_BUNDLE`).
    ///   - onSecret: receives every secret before it is used (the runner masks them).
    ///   - retry: the retry policy; `AWS_MAX_ATTEMPTS` (as the AWS SDKs read it, 1–20) sets its attempts.
    ///   - writeGuard: runs before every call that changes something, and may refuse it.
    public init(runID: String, processEnvironment: [String: String] = ProcessInfo.processInfo.environment,
                retry: RetryPolicy = .default, writeGuard: (@Sendable () throws -> Void)? = nil, onSecret: @escaping SecretSink) {
        self.runID = runID
        self.writeGuard = writeGuard
        self.processEnvironment = processEnvironment
        self.onSecret = onSecret
        var retry = retry
        if let attempts = processEnvironment["AWS_MAX_ATTEMPTS"].flatMap(Int.init), (1...20).contains(attempts) {
            retry.maxAttempts = attempts
        }
        self.retry = retry
    }

    /// The credentials of `environment` (made once per run and environment, then cached).
    public func credentials(for environment: EnvironmentDefinition) throws -> EnvironmentCredentials {
        try state.withLock { state in
            if let existing = state.environments[environment.name] { return existing }
            let pool = try state.pool ?? AWSHTTPClientPool.fromEnvironment(processEnvironment, attemptTimeout: retry.attemptTimeout)
            state.pool = pool
            let made = try EnvironmentCredentials(
                environment: environment.name, roleARN: environment.roleARN, region: environment.region, runID: runID,
                processEnvironment: processEnvironment, pool: pool, retry: retry, onSecret: onSecret,
                onEvent: { [calls] in calls.record($0) })
            state.environments[environment.name] = made
            return made
        }
    }

    /// A configuration acting as `environment`, in its region or in `region` (a DR region).
    public func configuration(for environment: EnvironmentDefinition, region: String? = nil) throws -> AWSConfiguration {
        let credentials = try credentials(for: environment)
        var guarded: (@Sendable (AWSTransport.Call) throws -> Void)?
        if let check = writeGuard {
            guarded = { @Sendable (call: AWSTransport.Call) throws in
                if AWSCallCounter.changes(call.operation) { try check() }
            }
        }
        var configuration = credentials.configuration(retry: retry, onEvent: { [calls] in calls.record($0) }, beforeSend: guarded)
        if let region { configuration.region = region }
        return configuration
    }

    public func dynamoDB(for environment: EnvironmentDefinition) throws -> DynamoDBClient {
        DynamoDBClient(configuration: try configuration(for: environment))
    }

    public func s3(for environment: EnvironmentDefinition, region: String? = nil) throws -> S3Client {
        S3Client(configuration: try configuration(for: environment, region: region))
    }

    /// The environment a step's child process gets: `inheriting` without the runner's own
    /// credentials, plus — when the step acts on an environment — that environment's temporary
    /// credentials, region and the runner's endpoint and CA settings.
    public func childProcessEnvironment(for environment: EnvironmentDefinition?, inheriting base: [String: String]) async throws -> [String: String] {
        let variables = Self.withoutRunnerSecrets(base)
        guard let environment, hasCredentialSource else { return variables }
        return try await credentials(for: environment).childProcessEnvironment().applied(to: variables)
    }

    /// Whether the runner has any way to obtain credentials (a CI's OIDC token, a web identity
    /// token file, base keys). Without one, steps' processes get no AWS credentials at all.
    public var hasCredentialSource: Bool {
        let has = { (name: String) in !(self.processEnvironment[name] ?? "").isEmpty }
        return (has("ACTIONS_ID_TOKEN_REQUEST_URL") && has("ACTIONS_ID_TOKEN_REQUEST_TOKEN")) || has("AWS_WEB_IDENTITY_TOKEN_FILE")
            || (has("AWS_ACCESS_KEY_ID") && has("AWS_SECRET_ACCESS_KEY"))
    }

    /// What a step's process never inherits from the runner: its credentials, the CI's token
    /// request settings, and every other way the SDKs find the runner's credentials (a shared
    /// credentials or config file, a container credentials endpoint, the legacy key names). A
    /// step acting on an environment gets that environment's credentials instead; any other
    /// step gets none. Nor does it inherit where the run store is (`PIPELINE_STATE`).
    public static let runnerSecrets = EnvironmentCredentials.inheritedCredentialVariables
        + ["ACTIONS_ID_TOKEN_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_URL",
           "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
           "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN",
           "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "AWS_ACCESS_KEY", "AWS_SECRET_KEY",
           // Where the run store is: a step has no business with it.
           "PIPELINE_STATE"]

    /// `variables` without ``runnerSecrets``: what any process the runner starts inherits.
    public static func withoutRunnerSecrets(_ variables: [String: String]) -> [String: String] {
        variables.filter { !runnerSecrets.contains($0.key) }
    }

    /// The runner's variables whose values are credentials: masked in every output of a run
    /// whether or not a step could read them.
    public static let runnerSecretValues = [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_ACCESS_KEY",
        "AWS_SECRET_KEY", "AWS_CONTAINER_AUTHORIZATION_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
    ]

    /// Closes the shared connections (the run is over).
    public func shutdown() async {
        let pool = state.withLock { $0.pool }
        try? await pool?.shutdown()
    }
}

extension StepContext {
    /// The run's AWS access (registered by the runner).
    public var aws: AWSAccess? { services.resolve(AWSAccess.self) }
}
