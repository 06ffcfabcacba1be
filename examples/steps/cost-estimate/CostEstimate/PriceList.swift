import Foundation

/// The unit prices an estimate uses, in USD: AWS's public on-demand list prices for
/// af-south-1 (Cape Town), and eu-west-1 (Ireland) for disaster-recovery replicas, rounded.
/// Every price can be overridden with the step's `prices` parameter.
public struct PriceList: Sendable, Equatable {
    /// The price list the defaults were read from.
    public static let asOf = "2025-01"
    /// The region the defaults are for.
    public static let region = "af-south-1"
    /// The region replica prices are for.
    public static let replicaRegion = "eu-west-1"

    /// Each price: its parameter name, what it is per, and its default.
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var unit: String
        public var value: Double
    }

    public static let defaults: [Entry] = [
        Entry(key: "dynamodbWritePerMillion", unit: "per million on-demand write request units (af-south-1)", value: 0.74),
        Entry(key: "dynamodbReadPerMillion", unit: "per million on-demand read request units (af-south-1)", value: 0.15),
        Entry(key: "dynamodbStoragePerGB", unit: "per GB-month of DynamoDB Standard storage (af-south-1)", value: 0.30),
        Entry(key: "provisionedWriteUnitHour", unit: "per provisioned write capacity unit-hour (af-south-1)", value: 0.00077),
        Entry(key: "provisionedReadUnitHour", unit: "per provisioned read capacity unit-hour (af-south-1)", value: 0.00015),
        Entry(key: "pitrPerGB", unit: "per GB-month of point-in-time recovery (af-south-1)", value: 0.24),
        Entry(key: "backupPerGB", unit: "per GB-month of on-demand backup storage (af-south-1)", value: 0.12),
        Entry(key: "replicatedWritePerMillion", unit: "per million replicated write request units (eu-west-1)", value: 0.71),
        Entry(key: "replicaStoragePerGB", unit: "per GB-month of DynamoDB storage (eu-west-1)", value: 0.28),
        Entry(key: "interRegionTransferPerGB", unit: "per GB transferred out of af-south-1 to another region", value: 0.147),
        Entry(key: "s3StoragePerGB", unit: "per GB-month of S3 Standard (af-south-1)", value: 0.0274),
        Entry(key: "s3PutPer1000", unit: "per 1,000 S3 PUT requests (af-south-1)", value: 0.006),
        Entry(key: "s3GetPer1000", unit: "per 1,000 S3 GET requests (af-south-1)", value: 0.00048),
        Entry(key: "s3ReplicaStoragePerGB", unit: "per GB-month of S3 Standard (eu-west-1)", value: 0.023),
        Entry(key: "s3ReplicaPutPer1000", unit: "per 1,000 replicated S3 PUT requests (eu-west-1)", value: 0.005),
    ]

    public static var keys: [String] { defaults.map(\.key) }

    private var values: [String: Double]
    /// The prices the step's parameters changed.
    public private(set) var overridden: [String]

    /// The defaults, with `overrides` (keys among ``keys``) in their place.
    public init(overrides: [String: Double] = [:]) {
        values = Dictionary(uniqueKeysWithValues: Self.defaults.map { ($0.key, $0.value) })
        for (key, value) in overrides { values[key] = value }
        overridden = overrides.keys.sorted()
    }

    public subscript(key: String) -> Double { values[key] ?? 0 }

    var write: Double { self["dynamodbWritePerMillion"] }
    var read: Double { self["dynamodbReadPerMillion"] }
    var storage: Double { self["dynamodbStoragePerGB"] }
    var pitr: Double { self["pitrPerGB"] }
    var backup: Double { self["backupPerGB"] }
    var replicatedWrite: Double { self["replicatedWritePerMillion"] }
    var replicaStorage: Double { self["replicaStoragePerGB"] }
    var transfer: Double { self["interRegionTransferPerGB"] }

    /// One note per price used.
    var notes: [String] {
        Self.defaults.map { entry in
            "price (\(Self.asOf) list): $\(Money.unitPrice(self[entry.key])) \(entry.unit)\(overridden.contains(entry.key) ? " (from the prices parameter)" : "")"
        }
    }
}
