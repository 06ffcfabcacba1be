import Foundation

/// The traffic an estimate assumes for one table in a month, at low and high traffic.
public struct TrafficProfile: Sendable, Equatable {
    /// One traffic level.
    public struct Level: Sendable, Equatable {
        public var readsPerMonth: Double
        public var writesPerMonth: Double
        public var storageGB: Double

        public init(readsPerMonth: Double, writesPerMonth: Double, storageGB: Double) {
            self.readsPerMonth = readsPerMonth
            self.writesPerMonth = writesPerMonth
            self.storageGB = storageGB
        }
    }

    public var low: Level
    public var high: Level
    /// Template reads (S3 GETs) a month, and deploys that publish new template versions.
    public var templateReadsPerMonth: Double
    public var deploysPerMonth: Double

    /// Whether low and high are the same (the estimate is one figure, not a range).
    public var isSingle: Bool { low == high }

    /// Per-table defaults by environment name: DEV and SIT as one figure, PROD as a range.
    public static let defaults: [String: TrafficProfile] = [
        "dev": TrafficProfile(low: Level(readsPerMonth: 30_000_000, writesPerMonth: 5_000_000, storageGB: 2),
                              high: Level(readsPerMonth: 30_000_000, writesPerMonth: 5_000_000, storageGB: 2),
                              templateReadsPerMonth: 20_000, deploysPerMonth: 20),
        "sit": TrafficProfile(low: Level(readsPerMonth: 50_000_000, writesPerMonth: 10_000_000, storageGB: 3.5),
                              high: Level(readsPerMonth: 50_000_000, writesPerMonth: 10_000_000, storageGB: 3.5),
                              templateReadsPerMonth: 50_000, deploysPerMonth: 10),
        "prod": TrafficProfile(low: Level(readsPerMonth: 200_000_000, writesPerMonth: 35_000_000, storageGB: 5),
                               high: Level(readsPerMonth: 500_000_000, writesPerMonth: 80_000_000, storageGB: 15),
                               templateReadsPerMonth: 2_000_000, deploysPerMonth: 4),
    ]

    /// The profile of `environment` (its name lower-cased), or DEV's for an environment without one.
    public static func forEnvironment(_ environment: String) -> (profile: TrafficProfile, known: Bool) {
        if let profile = defaults[environment.lowercased()] { return (profile, true) }
        return (defaults["dev"]!, false)
    }
}
