/// What one environment changes relative to the table's own settings.
public struct EnvironmentOverride: Codable, Sendable, Equatable {
    public var billingMode: BillingMode?
    public var provisionedThroughput: ProvisionedThroughput?
    public var pointInTimeRecovery: Bool?
    public var deletionProtection: Bool?
    public var stream: StreamSpecification?
    /// Regions of global-table replicas.
    public var replicas: [String]?
    public var tags: [String: String]?

    public init(billingMode: BillingMode? = nil, provisionedThroughput: ProvisionedThroughput? = nil,
                pointInTimeRecovery: Bool? = nil, deletionProtection: Bool? = nil, stream: StreamSpecification? = nil,
                replicas: [String]? = nil, tags: [String: String]? = nil) {
        self.billingMode = billingMode
        self.provisionedThroughput = provisionedThroughput
        self.pointInTimeRecovery = pointInTimeRecovery
        self.deletionProtection = deletionProtection
        self.stream = stream
        self.replicas = replicas
        self.tags = tags
    }
}
