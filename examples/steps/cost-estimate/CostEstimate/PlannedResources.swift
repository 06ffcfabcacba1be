import Foundation
import PipelineStepKit

/// What an environment's plan says will exist, as far as it costs money: the tables of
/// `provision-tables`, the bucket of `provision-template-bucket`, the objects of
/// `publish-templates` (their `desired` states, `docs/plan-format.md`).
public struct PlannedResources: Sendable, Equatable {
    public struct Index: Sendable, Equatable {
        public var name: String
        /// `ALL`, `INCLUDE` or `KEYS_ONLY`.
        public var projection: String
        /// Provisioned read/write units (`PROVISIONED` tables only).
        public var read: Int?
        public var write: Int?
    }

    public struct Table: Sendable, Equatable {
        public var name: String
        public var billingMode: String
        public var indexes: [Index]
        public var provisionedRead: Int?
        public var provisionedWrite: Int?
        public var pointInTimeRecovery: Bool
        public var timeToLive: Bool
        public var stream: Bool
        public var replicas: [String]
        public var isProvisioned: Bool { billingMode == "PROVISIONED" }
    }

    public struct Bucket: Sendable, Equatable {
        public var name: String
        public var noncurrentVersionExpirationDays: Int
        public var replicaBucket: String?
        public var replicaRegion: String?
    }

    public struct Objects: Sendable, Equatable {
        public var bucket: String
        public var count: Int
        public var bytes: Int
    }

    public var tables: [Table] = []
    public var buckets: [Bucket] = []
    public var objects: [Objects] = []
    /// Steps whose desired state could not be read (named in the notes).
    public var unread: [String] = []

    /// The step kinds read (`provision-tables`, …), compared without case or punctuation.
    static func normalized(_ kind: String) -> String { kind.lowercased().filter { $0.isLetter } }

    public init(plan: EnvironmentPlan) {
        for step in plan.steps {
            switch Self.normalized(step.kind) {
            case "provisiontables":
                guard let desired = step.desired?.object else { unread.append(step.name); continue }
                tables += desired.keys.sorted().compactMap { Self.table(named: $0, desired[$0]!) }
            case "provisiontemplatebucket":
                guard let bucket = step.desired.flatMap(Self.bucket) else { unread.append(step.name); continue }
                buckets.append(bucket)
            case "publishtemplates":
                guard let desired = step.desired, let objects = desired["objects"]?.object else { unread.append(step.name); continue }
                let bytes = objects.values.reduce(0) { $0 + ($1["size"]?.int ?? 0) }
                self.objects.append(Objects(bucket: desired["bucket"]?.string ?? step.name, count: objects.count, bytes: bytes))
            default:
                continue
            }
        }
    }

    static func table(named name: String, _ state: StepValue) -> Table? {
        guard state.object != nil else { return nil }
        let indexes = (state["globalSecondaryIndexes"]?.array ?? []).map { index in
            Index(name: index["name"]?.string ?? "?", projection: index["projection"]?["type"]?.string ?? "ALL",
                  read: index["throughput"]?["read"]?.int, write: index["throughput"]?["write"]?.int)
        }
        return Table(
            name: state["tableName"]?.string ?? name, billingMode: state["billingMode"]?.string ?? "PAY_PER_REQUEST", indexes: indexes,
            provisionedRead: state["provisionedThroughput"]?["read"]?.int, provisionedWrite: state["provisionedThroughput"]?["write"]?.int,
            pointInTimeRecovery: state["pointInTimeRecovery"]?.bool ?? false,
            timeToLive: state["timeToLive"]?.string != nil, stream: state["stream"]?.object != nil,
            replicas: (state["replicas"]?.array ?? []).compactMap(\.string))
    }

    static func bucket(_ spec: StepValue) -> Bucket? {
        guard let name = spec["name"]?.string else { return nil }
        return Bucket(name: name, noncurrentVersionExpirationDays: spec["noncurrentVersionExpirationDays"]?.int ?? 0,
                      replicaBucket: spec["replication"]?["destinationBucket"]?.string,
                      replicaRegion: spec["replication"]?["destinationRegion"]?.string)
    }
}
