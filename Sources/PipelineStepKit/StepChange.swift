import Foundation

/// One planned change (a result's `changes`, a planned step's `changes`).
public struct StepChange: Codable, Sendable, Equatable {
    /// `create`, `update`, `delete`, `replace`, `run` or `noChange` (a string literal works too).
    public struct Action: RawRepresentable, Codable, Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { rawValue = value }
        public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }
        public var description: String { rawValue }

        public static let create: Action = "create"
        public static let update: Action = "update"
        public static let delete: Action = "delete"
        public static let replace: Action = "replace"
        public static let run: Action = "run"
        public static let noChange: Action = "noChange"
    }

    public var action: Action
    /// The resource type, e.g. `dynamodb.table`, `s3.bucket`, `estimate` (protocol 2: nil is sent as `step`; protocol 1 has none).
    public var type: String?
    public var resource: String
    public var detail: String

    public init(action: Action, type: String? = nil, resource: String, detail: String = "") {
        self.action = action
        self.type = type
        self.resource = resource
        self.detail = detail
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        action = try container.decode(Action.self, forKey: .action)
        type = try container.decodeIfPresent(String.self, forKey: .type)
        resource = try container.decodeIfPresent(String.self, forKey: .resource) ?? ""
        detail = try container.decodeIfPresent(String.self, forKey: .detail) ?? ""
    }

    private enum CodingKeys: String, CodingKey { case action, type, resource, detail }
}
