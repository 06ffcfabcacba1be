import Foundation
import PipelineStepKit

/// The step's `with:` parameters. Every one is optional: the defaults are per environment
/// (``TrafficProfile``) and AWS's list prices (``PriceList``).
public struct CostParameters: Codable, Sendable, Equatable {
    /// Traffic of one table, overriding the environment's profile.
    public struct TableTraffic: Codable, Sendable, Equatable {
        public var readsPerMonth: Int?
        public var writesPerMonth: Int?
        public var storageGB: Double?
        public init(readsPerMonth: Int? = nil, writesPerMonth: Int? = nil, storageGB: Double? = nil) {
            self.readsPerMonth = readsPerMonth
            self.writesPerMonth = writesPerMonth
            self.storageGB = storageGB
        }
    }

    /// Only `USD` (the price list's currency).
    public var currency: String?
    public var readsPerMonth: Int?
    public var writesPerMonth: Int?
    public var storageGB: Double?
    /// Average size of a written item, in KB (what replication transfers); 1 by default.
    public var itemSizeKB: Double?
    /// Per-table traffic by table name.
    public var tables: [String: TableTraffic]?
    public var templateReadsPerMonth: Int?
    public var deploysPerMonth: Int?
    /// Price overrides by name (``PriceList/keys``).
    public var prices: [String: Double]?

    public init(currency: String? = nil, readsPerMonth: Int? = nil, writesPerMonth: Int? = nil, storageGB: Double? = nil,
                itemSizeKB: Double? = nil, tables: [String: TableTraffic]? = nil, templateReadsPerMonth: Int? = nil,
                deploysPerMonth: Int? = nil, prices: [String: Double]? = nil) {
        self.currency = currency
        self.readsPerMonth = readsPerMonth
        self.writesPerMonth = writesPerMonth
        self.storageGB = storageGB
        self.itemSizeKB = itemSizeKB
        self.tables = tables
        self.templateReadsPerMonth = templateReadsPerMonth
        self.deploysPerMonth = deploysPerMonth
        self.prices = prices
    }

    private enum CodingKeys: String, CodingKey {
        case currency, readsPerMonth, writesPerMonth, storageGB, itemSizeKB, tables, templateReadsPerMonth, deploysPerMonth, prices
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        currency = try container.decodeIfPresent(String.self, forKey: .currency)
        if let currency, currency != "USD" {
            throw DecodingError.dataCorruptedError(forKey: .currency, in: container,
                debugDescription: "only \"USD\" is supported (the prices are AWS's USD list prices), not \"\(currency)\"")
        }
        readsPerMonth = try container.decodeIfPresent(Int.self, forKey: .readsPerMonth)
        writesPerMonth = try container.decodeIfPresent(Int.self, forKey: .writesPerMonth)
        storageGB = try container.decodeIfPresent(Double.self, forKey: .storageGB)
        itemSizeKB = try container.decodeIfPresent(Double.self, forKey: .itemSizeKB)
        tables = try container.decodeIfPresent([String: TableTraffic].self, forKey: .tables)
        templateReadsPerMonth = try container.decodeIfPresent(Int.self, forKey: .templateReadsPerMonth)
        deploysPerMonth = try container.decodeIfPresent(Int.self, forKey: .deploysPerMonth)
        prices = try container.decodeIfPresent([String: Double].self, forKey: .prices)
        for (key, value) in [("readsPerMonth", readsPerMonth.map(Double.init)), ("writesPerMonth", writesPerMonth.map(Double.init)),
                             ("storageGB", storageGB), ("itemSizeKB", itemSizeKB)] where (value ?? 0) < 0 {
            throw DecodingError.dataCorrupted(.init(codingPath: [CodingKeys(rawValue: key)!], debugDescription: "must be 0 or more, not \(value!)"))
        }
        if let unknown = prices?.keys.sorted().first(where: { !PriceList.keys.contains($0) }) {
            throw DecodingError.dataCorruptedError(forKey: .prices, in: container,
                debugDescription: "\"\(unknown)\" is not a price this step uses; it uses \(PriceList.keys.joined(separator: ", "))")
        }
    }

    /// The parameters' JSON Schema (what `describe` answers).
    public static let schema: ParameterSchema = {
        let table = ParameterSchema.object([
            "readsPerMonth": .integer(description: "read requests of this table a month", minimum: 0),
            "writesPerMonth": .integer(description: "write requests of this table a month", minimum: 0),
            "storageGB": .number(description: "this table's size in GB", minimum: 0),
        ])
        return .object([
            "currency": .string(description: "ISO currency code of the estimate", enum: ["USD"]),
            "readsPerMonth": .integer(description: "read requests per table per month", minimum: 0),
            "writesPerMonth": .integer(description: "write requests per table per month", minimum: 0),
            "storageGB": .number(description: "size of each table in GB", minimum: 0),
            "itemSizeKB": .number(description: "average size of a written item in KB (what replication transfers)", minimum: 0),
            "tables": .map(of: table, description: "traffic of single tables, by table name"),
            "templateReadsPerMonth": .integer(description: "template downloads (S3 GET) a month", minimum: 0),
            "deploysPerMonth": .integer(description: "deploys a month that publish new template versions", minimum: 0),
            "prices": .object(Dictionary(uniqueKeysWithValues: PriceList.defaults.map {
                ($0.key, ParameterSchema.number(description: "USD \($0.unit); default \(Money.unitPrice($0.value))", minimum: 0))
            }), description: "price overrides in USD (defaults: AWS list prices of \(PriceList.asOf))"),
        ])
    }()
}
