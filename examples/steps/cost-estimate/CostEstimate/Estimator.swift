import Foundation
import PipelineStepKit

/// Turns an environment's plan into a monthly estimate, stating what it assumes.
public struct Estimator: Sendable {
    public var parameters: CostParameters
    public var prices: PriceList

    public init(parameters: CostParameters = CostParameters()) {
        self.parameters = parameters
        prices = PriceList(overrides: parameters.prices ?? [:])
    }

    static let hoursPerMonth = 730.0
    /// The share of a table's size an index holds, by projection.
    static let indexShare: [String: Double] = ["ALL": 1.0, "INCLUDE": 0.3, "KEYS_ONLY": 0.1]

    public func estimate(environment: StepRequest.Environment, plan: EnvironmentPlan) -> Estimate {
        let resources = PlannedResources(plan: plan)
        let (profile, known) = TrafficProfile.forEnvironment(environment.name)
        let levels = (low: level(profile.low), high: level(profile.high))
        let retention = environment.settings["backupRetentionDays"]?.int ?? 0
        let itemKB = parameters.itemSizeKB ?? 1

        var assumptions: [String] = []
        assumptions.append(known
            ? "traffic: \(environment.name)'s profile" + (profile.isSingle ? "" : " at low and high traffic")
            : "traffic: no profile for environment \(environment.name): DEV's used; give readsPerMonth, writesPerMonth and storageGB")
        assumptions.append("assumes per table a month \(Money.countRange(levels.low.readsPerMonth, levels.high.readsPerMonth)) reads, "
            + "\(Money.countRange(levels.low.writesPerMonth, levels.high.writesPerMonth)) writes of \(Money.unitPrice(itemKB)) KB, "
            + "\(Money.sizeRange(levels.low.storageGB, levels.high.storageGB)) stored"
            + ((parameters.tables ?? [:]).isEmpty ? "" : " (tables \(parameters.tables!.keys.sorted().joined(separator: ", ")) as the tables parameter says)"))
        assumptions.append("assumes every write also writes each of the table's indexes (sparse indexes cost less); an index holds 100% (ALL), 30% (INCLUDE) or 10% (KEYS_ONLY) of its table's size")
        assumptions.append(retention > 0
            ? "assumes one full backup of each table a day, kept \(retention) days (environment setting backupRetentionDays)"
            : "backups not counted: environment \(environment.name) has no backupRetentionDays setting")
        let drRegions = environment.disasterRecovery?.replicaRegions ?? []
        assumptions.append(drRegions.isEmpty ? "disaster recovery: none declared for \(environment.name)"
            : "disaster recovery to \(drRegions.joined(separator: ", ")): replicas as the plan's tables and bucket declare them, replicated writes and inter-region transfer counted")
        assumptions.append("prices: AWS's public list prices as of \(PriceList.asOf) for \(PriceList.region) (replicas: \(PriceList.replicaRegion)), rounded, in USD; check them against the AWS Pricing Calculator, or set the prices parameter"
            + (prices.overridden.isEmpty ? "" : " (set: \(prices.overridden.joined(separator: ", ")))"))
        assumptions.append("not counted: the free tier, stream reads (free for Lambda triggers), TTL deletes (free), restores, CloudWatch, KMS, tax")
        for region in Set(resources.tables.flatMap(\.replicas) + resources.buckets.compactMap(\.replicaRegion)).sorted() where region != PriceList.replicaRegion {
            assumptions.append("replicas in \(region) priced as \(PriceList.replicaRegion) (no price list for \(region) here)")
        }
        if environment.region != PriceList.region {
            assumptions.append("environment region is \(environment.region) but the prices are \(PriceList.region)'s")
        }
        for step in resources.unread { assumptions.append("step \(step): its desired state could not be read; not counted") }
        if resources.tables.isEmpty && resources.buckets.isEmpty {
            assumptions.append("the plan has no provision-tables or provision-template-bucket step before this one: put cost-estimate after them")
        }

        var lines = resources.tables.map { table in
            tableLine(table, low: override(levels.low, table.name), high: override(levels.high, table.name), retention: retention, itemKB: itemKB)
        }
        for bucket in resources.buckets {
            let objects = resources.objects.filter { $0.bucket == bucket.name }
            lines.append(bucketLine(bucket, count: objects.reduce(0) { $0 + $1.count }, bytes: objects.reduce(0) { $0 + $1.bytes }, profile: profile))
        }
        return Estimate(environment: environment.name, lines: lines, assumptions: assumptions, prices: prices.notes)
    }

    /// A traffic level with the step's parameters in place of the profile's.
    func level(_ level: TrafficProfile.Level) -> TrafficProfile.Level {
        TrafficProfile.Level(readsPerMonth: parameters.readsPerMonth.map(Double.init) ?? level.readsPerMonth,
                             writesPerMonth: parameters.writesPerMonth.map(Double.init) ?? level.writesPerMonth,
                             storageGB: parameters.storageGB ?? level.storageGB)
    }

    func override(_ level: TrafficProfile.Level, _ table: String) -> TrafficProfile.Level {
        guard let traffic = parameters.tables?[table] else { return level }
        return TrafficProfile.Level(readsPerMonth: traffic.readsPerMonth.map(Double.init) ?? level.readsPerMonth,
                                    writesPerMonth: traffic.writesPerMonth.map(Double.init) ?? level.writesPerMonth,
                                    storageGB: traffic.storageGB ?? level.storageGB)
    }

    func tableLine(_ table: PlannedResources.Table, low: TrafficProfile.Level, high: TrafficProfile.Level, retention: Int,
                   itemKB: Double) -> CostLine {
        let fanOut = Double(1 + table.indexes.count)
        let share = table.indexes.reduce(1.0) { $0 + (Self.indexShare[$1.projection] ?? 1.0) }
        var traits = [table.isProvisioned ? "provisioned" : "on-demand", "\(table.indexes.count) index\(table.indexes.count == 1 ? "" : "es")"]
        if table.pointInTimeRecovery { traits.append("PITR") }
        if table.stream { traits.append("stream") }
        if table.timeToLive { traits.append("TTL") }
        if !table.replicas.isEmpty { traits.append("replica\(table.replicas.count == 1 ? "" : "s") in \(table.replicas.joined(separator: ", "))") }

        var parts: [CostPart] = []
        func part(_ name: String, _ basis: String, _ cost: (TrafficProfile.Level) -> Double) {
            parts.append(CostPart(name: name, low: cost(low), high: cost(high), basis: basis))
        }
        if table.isProvisioned {
            let read = Double((table.provisionedRead ?? 0) + table.indexes.reduce(0) { $0 + ($1.read ?? 0) })
            let write = Double((table.provisionedWrite ?? 0) + table.indexes.reduce(0) { $0 + ($1.write ?? 0) })
            part("capacity", "\(Int(read)) RCU + \(Int(write)) WCU (table and indexes) × 730 h") { _ in
                Self.hoursPerMonth * (read * prices["provisionedReadUnitHour"] + write * prices["provisionedWriteUnitHour"])
            }
        } else {
            part("writes", "\(Money.countRange(low.writesPerMonth, high.writesPerMonth)) × \(Int(fanOut)) request units") {
                $0.writesPerMonth * fanOut / 1e6 * prices.write
            }
            part("reads", Money.countRange(low.readsPerMonth, high.readsPerMonth)) { $0.readsPerMonth / 1e6 * prices.read }
        }
        part("storage", "\(Money.sizeRange(low.storageGB * share, high.storageGB * share)) with indexes") { $0.storageGB * share * prices.storage }
        if table.pointInTimeRecovery {
            part("PITR", Money.sizeRange(low.storageGB, high.storageGB)) { $0.storageGB * prices.pitr }
        }
        if retention > 0 {
            part("backups", "\(retention) × \(Money.sizeRange(low.storageGB, high.storageGB))") { $0.storageGB * Double(retention) * prices.backup }
        }
        for region in table.replicas {
            part("replica \(region) writes", "\(Money.countRange(low.writesPerMonth * fanOut, high.writesPerMonth * fanOut)) replicated units") {
                $0.writesPerMonth * fanOut / 1e6 * prices.replicatedWrite
            }
            part("transfer to \(region)", Money.sizeRange(low.writesPerMonth * itemKB / 1_048_576, high.writesPerMonth * itemKB / 1_048_576)) {
                $0.writesPerMonth * itemKB / 1_048_576 * prices.transfer
            }
            part("replica \(region) storage", Money.sizeRange(low.storageGB * share, high.storageGB * share)) {
                $0.storageGB * share * prices.replicaStorage
            }
        }
        return CostLine(type: "dynamodb.table", resource: table.name, traits: traits, parts: parts)
    }

    func bucketLine(_ bucket: PlannedResources.Bucket, count: Int, bytes: Int, profile: TrafficProfile) -> CostLine {
        let deploys = parameters.deploysPerMonth.map(Double.init) ?? profile.deploysPerMonth
        let reads = parameters.templateReadsPerMonth.map(Double.init) ?? profile.templateReadsPerMonth
        // Each deploy is taken to change every object; noncurrent versions are kept their retention.
        let versions = 1 + deploys * Double(bucket.noncurrentVersionExpirationDays) / 30
        let gigabytes = Double(bytes) * versions / 1_073_741_824
        let puts = Double(count) * deploys
        var traits = ["\(count) object\(count == 1 ? "" : "s"), \(Money.size(gigabytes: Double(bytes) / 1_073_741_824))",
                      "versioned, noncurrent kept \(bucket.noncurrentVersionExpirationDays) days"]
        var parts = [
            CostPart(name: "storage", low: gigabytes * prices["s3StoragePerGB"], high: gigabytes * prices["s3StoragePerGB"],
                     basis: "\(Money.size(gigabytes: gigabytes)) with \(Money.unitPrice((versions * 10).rounded() / 10)) versions each"),
            CostPart(name: "uploads", low: puts / 1000 * prices["s3PutPer1000"], high: puts / 1000 * prices["s3PutPer1000"],
                     basis: "\(Money.count(puts)) PUT (\(Money.count(deploys)) deploys)"),
            CostPart(name: "downloads", low: reads / 1000 * prices["s3GetPer1000"], high: reads / 1000 * prices["s3GetPer1000"],
                     basis: "\(Money.count(reads)) GET"),
        ]
        if let replica = bucket.replicaBucket, let region = bucket.replicaRegion {
            traits.append("replicated to \(replica) in \(region)")
            let transferred = Double(bytes) * deploys / 1_073_741_824
            parts.append(CostPart(name: "replica storage", low: gigabytes * prices["s3ReplicaStoragePerGB"],
                                  high: gigabytes * prices["s3ReplicaStoragePerGB"], basis: Money.size(gigabytes: gigabytes)))
            parts.append(CostPart(name: "replication", low: puts / 1000 * prices["s3ReplicaPutPer1000"] + transferred * prices.transfer,
                                  high: puts / 1000 * prices["s3ReplicaPutPer1000"] + transferred * prices.transfer,
                                  basis: "\(Money.count(puts)) PUT, \(Money.size(gigabytes: transferred)) transferred"))
        }
        return CostLine(type: "s3.bucket", resource: bucket.name, traits: traits, parts: parts)
    }
}
