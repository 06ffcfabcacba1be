import Foundation
import Testing

/// The two tiers of the test suite, chosen by one switch: the environment variable
/// `PIPELINE_TESTS`.
///
/// - `fast` (the default, what a bare `swift test` runs): logic tested in-process, in parallel,
///   against the embedded store, in-memory pipelines and fake steps; no moto, no `pipeline`
///   binary, no `git` or `ssh-keygen`, no compiled pipeline files.
/// - `integration`: every test of a real component (the binary, real processes and signals, moto
///   over HTTP and TLS, libgit2 against the git CLI, `ssh-keygen`, kill -9 matrices, the plugin in
///   a team package, fault injection). `scripts/test.sh --integration` runs it after a build.
/// - `all`: both.
///
/// A suite or test says its tier with the `.fast` or `.integration` trait; the other tier's run
/// reports it skipped. A test parameterised over both tiers' inputs (the stores, say) picks its
/// arguments with ``TestTier/arguments(fast:integration:)`` so each case runs in exactly one tier.
public enum TestTier: String, Sendable, CaseIterable, CustomStringConvertible {
    case fast
    case integration

    public var description: String { rawValue }

    /// The environment variable that selects the tiers.
    public static let variable = "PIPELINE_TESTS"

    /// A value of `PIPELINE_TESTS` that names no tier.
    public struct UnknownTier: Error, CustomStringConvertible {
        public var value: String
        public var description: String {
            "\(TestTier.variable)='\(value)' names no test tier: use fast (the default), integration or all"
        }
    }

    /// The tiers this test process runs, from `PIPELINE_TESTS`.
    public static func selected(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Set<TestTier> {
        let value = (environment[variable] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        switch value {
        case "", "fast": return [.fast]
        case "integration": return [.integration]
        case "all": return [.fast, .integration]
        default: throw UnknownTier(value: value)
        }
    }

    /// Whether this process runs `tier`; an unknown `PIPELINE_TESTS` runs nothing.
    public static func runs(_ tier: TestTier) -> Bool {
        (try? selected().contains(tier)) ?? false
    }

    /// The arguments of a parameterised test that runs in both tiers: the fast tier's cases, the
    /// integration tier's, or both, as the run selects.
    public static func arguments<Argument>(fast: [Argument], integration: [Argument]) -> [Argument] {
        (runs(.fast) ? fast : []) + (runs(.integration) ? integration : [])
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs in the fast tier (`swift test`, `PIPELINE_TESTS=fast` or `all`).
    public static var fast: Self {
        .enabled("fast tier: runs unless PIPELINE_TESTS=integration") { try TestTier.selected().contains(.fast) }
    }

    /// Runs in the integration tier only (`PIPELINE_TESTS=integration` or `all`, after `swift build`).
    public static var integration: Self {
        .enabled("integration tier: runs with PIPELINE_TESTS=integration or all") { try TestTier.selected().contains(.integration) }
    }
}
