import BuiltinSteps
import Foundation
import PipelineEngine

/// Registers what an invocation must mask: the values of the variables a pipeline lists in
/// `secrets:` and the runner's own credentials.
enum SecretRegistration {
    /// Registers the values of `names`; returns a warning (naming the variable, never its value)
    /// for each value too short to mask safely.
    @discardableResult
    static func register(_ names: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
                         into masker: SecretMasker = Terminal.masker) -> [String] {
        var warnings: [String] = []
        for name in names {
            guard let value = environment[name] else { continue }
            if masker.register(value) == .tooShort {
                warnings.append("secret \(name) is shorter than \(SecretMasker.minimumLength) characters, too short to mask safely: it is NOT masked in logs; use a longer value")
            }
        }
        return warnings
    }

    /// The runner's own credentials: never handed to a step (see `AWSAccess.runnerSecrets`),
    /// and masked anyway, should a step find them elsewhere.
    static func registerRunnerCredentials(environment: [String: String] = ProcessInfo.processInfo.environment,
                                          into masker: SecretMasker = Terminal.masker) {
        for name in AWSAccess.runnerSecretValues {
            if let value = environment[name] { masker.register(value) }
        }
    }
}
