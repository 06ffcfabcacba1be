import Foundation
import PipelineModel

/// The step protocol's wire format (`docs/step-protocol.md`): what goes to a team's step module
/// and what comes back. These types are the contract, written out on their own so that nothing
/// in the engine's model (its names, its Codable shapes) changes what a module receives; the
/// golden documents under `Tests/Fixtures/step-protocol/` pin them.
public enum StepProtocol {
    /// The versions this runner speaks, oldest first.
    public static let versions = [1, 2]
    /// The version the runner offers a module that answers the handshake.
    public static let current = 2
    /// The `handshake` value that tells a step module from any other program.
    public static let handshake = "pipeline-step"
    /// The largest result a module may write on descriptor 3.
    public static let resultLimit = 1 << 20
    /// How long `describe` may take.
    public static let describeTimeout: Duration = .seconds(10)
    /// The verbs of a step, in the order a deploy calls them.
    public static let verbs = ["plan", "apply", "verify", "rollback"]

    /// The encoder of every request: sorted keys, so a request is the same bytes every time.
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The request of `describe`: which runner asks, and the versions it speaks.
    public struct DescribeRequest: Codable, Sendable, Equatable {
        public struct Runner: Codable, Sendable, Equatable {
            public var name = "pipeline"
            public var version: String
            public var protocols: [Int]
        }

        public var `protocol` = StepProtocol.current
        public var verb = "describe"
        public var runner: Runner

        public init(runnerVersion: String = PipelineVersion.current) {
            runner = Runner(version: runnerVersion, protocols: StepProtocol.versions)
        }
    }
}
