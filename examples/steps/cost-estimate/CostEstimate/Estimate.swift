import Foundation

/// An environment's estimated monthly cost: a line per resource, and the assumptions made.
public struct Estimate: Sendable, Equatable {
    public var environment: String
    public var lines: [CostLine]
    /// Every assumption, in words (traffic, sizes, what is not counted).
    public var assumptions: [String]
    /// The prices used, one note each.
    public var prices: [String]

    public var low: Double { lines.reduce(0) { $0 + $1.low } }
    public var high: Double { lines.reduce(0) { $0 + $1.high } }
    /// Whether the estimate is a range (low and high traffic give different rounded totals).
    public var isRange: Bool { Money.rounded(low) != Money.rounded(high) }

    /// `about $65` or `about $845–2,100`.
    public var figure: String {
        guard !lines.isEmpty else { return "nothing to estimate" }
        return "about " + (isRange ? Money.range(low, high, Money.total) : Money.total(low))
    }

    /// `dev: about $65/month`.
    public var message: String {
        lines.isEmpty ? "\(environment): nothing to estimate (no tables or buckets in the plan)"
            : "\(environment): \(figure)/month" + (isRange ? " (low to high traffic)" : "")
    }

    /// The plan's notes: the figure, the assumptions, a line per resource, then the prices.
    public var notes: [String] {
        (lines.isEmpty ? [] : ["monthly cost: \(figure)" + (isRange ? " (low to high traffic)" : "") + ", as itemized below"])
            + assumptions + lines.map(\.note) + prices
    }

    /// The run summary's lines: a Markdown table of the resources' costs.
    public var summary: [String] {
        var rows = ["| \(environment) monthly cost (estimate) | \(isRange ? "low–high traffic" : "USD") |", "|---|---|"]
        for line in lines { rows.append("| \(line.type) \(line.resource) | \(Money.range(line.low, line.high, Money.line)) |") }
        rows.append("| **total** | **\(figure)** |")
        rows.append("")
        rows.append("Prices: AWS list prices for \(PriceList.region) (replicas: \(PriceList.replicaRegion)) as of \(PriceList.asOf), rounded; traffic and sizes assumed (see the plan's notes). An estimate, not a bill.")
        return rows
    }

    /// The totals as JSON numbers (`{"monthlyUSD": 65}` or `{"monthlyUSD": {"low": 845, "high": 2100}}`).
    public var totals: [String: Int] { ["low": Money.rounded(low), "high": Money.rounded(high)] }
}
