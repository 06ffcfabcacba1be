/// The effective settings of a table in one environment (see ``TableDefinition/settings(for:)``).
public struct TableSettings: Sendable, Equatable {
    public var billingMode: BillingMode
    public var provisionedThroughput: ProvisionedThroughput?
    public var pointInTimeRecovery: Bool
    public var deletionProtection: Bool
    public var stream: StreamSpecification?
    public var replicas: [String]
    public var tags: [String: String]
}
