/// Capacity units for `PROVISIONED` billing.
public struct ProvisionedThroughput: Codable, Sendable, Equatable {
    public var readCapacityUnits: Int
    public var writeCapacityUnits: Int

    public init(readCapacityUnits: Int, writeCapacityUnits: Int) {
        self.readCapacityUnits = readCapacityUnits
        self.writeCapacityUnits = writeCapacityUnits
    }
}
