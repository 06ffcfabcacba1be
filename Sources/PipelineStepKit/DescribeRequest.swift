import Foundation

/// The handshake request: `{"protocol": 2, "verb": "describe", "runner": {…}}`.
public struct DescribeRequest: Codable, Sendable, Equatable {
    /// The runner asking.
    public struct Runner: Codable, Sendable, Equatable {
        public var name: String
        public var version: String
        /// The protocol versions the runner speaks, e.g. `[1, 2]`.
        public var protocols: [Int]
        public init(name: String, version: String, protocols: [Int]) {
            self.name = name
            self.version = version
            self.protocols = protocols
        }
    }

    public var `protocol`: Int
    public var verb: String
    public var runner: Runner?

    public init(protocol: Int = 2, runner: Runner? = nil) {
        self.protocol = `protocol`
        verb = StepVerb.describe.rawValue
        self.runner = runner
    }
}
