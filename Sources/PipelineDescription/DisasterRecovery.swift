/// How an environment's data survives the loss of its region.
public struct DisasterRecovery: Sendable, Equatable {
    /// Regions that hold replicas.
    public var replicaRegions: [String]

    public init(replicaRegions: [String]) {
        self.replicaRegions = replicaRegions
    }

    /// Replicate tables and buckets to `region`.
    public static func replicate(to region: String) -> DisasterRecovery {
        DisasterRecovery(replicaRegions: [region])
    }
}
