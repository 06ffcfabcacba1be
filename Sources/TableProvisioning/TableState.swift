import Foundation

/// A normalised description of one DynamoDB table, as it stands (read through the DynamoDB
/// API) or as it should stand (from a table definition and an environment).
///
/// Deterministic: no timestamps, item counts, ARNs or sizes, and every list sorted, so two
/// reads of an unchanged table are equal and a saved snapshot can be compared with a fresh read.
/// A table that is still changing (table `CREATING`/`UPDATING`/`DELETING`, an index not
/// `ACTIVE`) lists what is pending in ``pending``; a settled table has none.
public struct TableState: Codable, Sendable, Equatable {
    /// A key attribute with its type (`S`, `N` or `B`).
    public struct KeyAttribute: Codable, Sendable, Equatable, Comparable {
        public var name: String
        public var type: String
        public init(_ name: String, _ type: String) { self.name = name; self.type = type }
        public static func < (a: KeyAttribute, b: KeyAttribute) -> Bool { (a.name, a.type) < (b.name, b.type) }
    }

    /// A partition key and an optional sort key.
    public struct Key: Codable, Sendable, Equatable {
        public var partitionKey: KeyAttribute
        public var sortKey: KeyAttribute?
        public init(partitionKey: KeyAttribute, sortKey: KeyAttribute? = nil) {
            self.partitionKey = partitionKey
            self.sortKey = sortKey
        }
        var attributes: [KeyAttribute] { [partitionKey] + (sortKey.map { [$0] } ?? []) }
    }

    /// Which attributes an index copies; `nonKeyAttributes` sorted, only for `INCLUDE`.
    public struct Projection: Codable, Sendable, Equatable {
        /// `ALL`, `KEYS_ONLY` or `INCLUDE`.
        public var type: String
        public var nonKeyAttributes: [String]?
        public init(type: String, nonKeyAttributes: [String]? = nil) {
            self.type = type
            self.nonKeyAttributes = type == "INCLUDE" ? (nonKeyAttributes ?? []).sorted() : nil
        }
    }

    /// Capacity units of a `PROVISIONED` table or index.
    public struct Throughput: Codable, Sendable, Equatable {
        public var read: Int
        public var write: Int
        public init(read: Int, write: Int) { self.read = read; self.write = write }
    }

    /// A global secondary index.
    public struct GlobalIndex: Codable, Sendable, Equatable {
        public var name: String
        public var key: Key
        public var projection: Projection
        /// Only for `PROVISIONED` tables.
        public var throughput: Throughput?
        public init(name: String, key: Key, projection: Projection, throughput: Throughput? = nil) {
            self.name = name
            self.key = key
            self.projection = projection
            self.throughput = throughput
        }

        /// Whether `other` differs in what forces DynamoDB to rebuild the index (keys, projection).
        func needsRebuild(toMatch other: GlobalIndex) -> Bool { key != other.key || projection != other.projection }
    }

    /// A local secondary index (the table's partition key with another sort key).
    public struct LocalIndex: Codable, Sendable, Equatable {
        public var name: String
        public var sortKey: KeyAttribute
        public var projection: Projection
        public init(name: String, sortKey: KeyAttribute, projection: Projection) {
            self.name = name
            self.sortKey = sortKey
            self.projection = projection
        }
    }

    /// An enabled DynamoDB stream.
    public struct Stream: Codable, Sendable, Equatable {
        /// `KEYS_ONLY`, `NEW_IMAGE`, `OLD_IMAGE` or `NEW_AND_OLD_IMAGES`.
        public var viewType: String
        public init(viewType: String) { self.viewType = viewType }
    }

    /// Server-side encryption: DynamoDB's AWS-owned key (`AWS_OWNED`, the default) or `KMS`.
    public struct Encryption: Codable, Sendable, Equatable {
        public var type: String
        /// The KMS key; nil is the AWS-managed key (`alias/aws/dynamodb`) for `KMS`.
        public var kmsKey: String?
        public init(type: String, kmsKey: String? = nil) { self.type = type; self.kmsKey = kmsKey }
        public static let awsOwned = Encryption(type: "AWS_OWNED")
        public static func kms(_ key: String? = nil) -> Encryption { Encryption(type: "KMS", kmsKey: key) }

        /// Whether an actual encryption satisfies this wanted one (a KMS wish without a key accepts any key).
        func isSatisfied(by actual: Encryption) -> Bool {
            type == actual.type && (kmsKey == nil || kmsKey == actual.kmsKey)
        }
    }

    public var tableName: String
    public var key: Key
    /// The attributes the table and index keys use, sorted by name.
    public var attributeDefinitions: [KeyAttribute]
    /// Sorted by name.
    public var globalSecondaryIndexes: [GlobalIndex]
    /// Sorted by name.
    public var localSecondaryIndexes: [LocalIndex]
    /// `PAY_PER_REQUEST` or `PROVISIONED`.
    public var billingMode: String
    /// Only for `PROVISIONED`.
    public var provisionedThroughput: Throughput?
    /// nil: no stream.
    public var stream: Stream?
    /// nil in a desired state: not managed (the definition format says nothing about encryption).
    public var serverSideEncryption: Encryption?
    public var deletionProtection: Bool
    public var tags: [String: String]
    public var pointInTimeRecovery: Bool
    /// The TTL attribute; nil: TTL off.
    public var timeToLive: String?
    /// Regions of global-table replicas besides the table's own, sorted; nil: not managed.
    public var replicas: [String]?
    /// What is still changing (empty when the table is settled), e.g. `["index EmailIndex CREATING"]`.
    public var pending: [String]

    public init(tableName: String, key: Key, attributeDefinitions: [KeyAttribute]? = nil, globalSecondaryIndexes: [GlobalIndex] = [],
                localSecondaryIndexes: [LocalIndex] = [], billingMode: String = "PAY_PER_REQUEST", provisionedThroughput: Throughput? = nil,
                stream: Stream? = nil, serverSideEncryption: Encryption? = nil, deletionProtection: Bool = false,
                tags: [String: String] = [:], pointInTimeRecovery: Bool = false, timeToLive: String? = nil,
                replicas: [String]? = nil, pending: [String] = []) {
        self.tableName = tableName
        self.key = key
        self.globalSecondaryIndexes = globalSecondaryIndexes.sorted { $0.name < $1.name }
        self.localSecondaryIndexes = localSecondaryIndexes.sorted { $0.name < $1.name }
        self.billingMode = billingMode
        self.provisionedThroughput = billingMode == "PROVISIONED" ? provisionedThroughput : nil
        self.stream = stream
        self.serverSideEncryption = serverSideEncryption
        self.deletionProtection = deletionProtection
        self.tags = tags
        self.pointInTimeRecovery = pointInTimeRecovery
        self.timeToLive = timeToLive
        self.replicas = replicas?.sorted()
        self.pending = pending
        self.attributeDefinitions = attributeDefinitions?.sorted() ?? []
        if attributeDefinitions == nil { self.attributeDefinitions = usedAttributes() }
    }

    /// Whether nothing is pending (table and every index `ACTIVE`).
    public var isSettled: Bool { pending.isEmpty }

    /// The key attributes the table and its indexes use, sorted and without repeats.
    func usedAttributes(indexes: [GlobalIndex]? = nil) -> [KeyAttribute] {
        var all = key.attributes
        for index in indexes ?? globalSecondaryIndexes { all += index.key.attributes }
        for index in localSecondaryIndexes { all.append(index.sortKey) }
        var seen = Set<String>()
        return all.sorted().filter { seen.insert($0.name).inserted }
    }

    /// The index named `name`, if any.
    public func globalIndex(_ name: String) -> GlobalIndex? { globalSecondaryIndexes.first { $0.name == name } }
}
