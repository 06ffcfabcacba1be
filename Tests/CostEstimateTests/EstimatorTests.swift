import CostEstimate
import Foundation
import PipelineStepKit
import TestTiers
import Testing

@Suite(.fast) struct EstimatorTests {
    func estimate(_ environment: String, _ parameters: CostParameters = CostParameters()) throws -> Estimate {
        Estimator(parameters: parameters).estimate(environment: SamplePlans.environment(environment), plan: try SamplePlans.plan(environment))
    }

    @Test func devIsAboutSixtyFiveDollars() throws {
        let dev = try estimate("dev")
        #expect(!dev.isRange)
        #expect((58...72).contains(dev.low), "dev: \(dev.low)")
        #expect(dev.message == "dev: about $\(Int(dev.low.rounded()))/month")
        #expect(dev.lines.map(\.resource) == ["campaigns", "products", "tenants", "bbws-templates-dev"])
    }

    @Test func sitIsAboutOneHundredThirtyDollars() throws {
        let sit = try estimate("sit")
        #expect(!sit.isRange)
        #expect((117...143).contains(sit.low), "sit: \(sit.low)")
    }

    @Test func prodIsARangeWithinTheSeedsFigures() throws {
        let prod = try estimate("prod")
        #expect(prod.isRange)
        #expect((800...1000).contains(prod.low), "prod low: \(prod.low)")
        #expect((1800...2100).contains(prod.high), "prod high: \(prod.high)")
        #expect(prod.message.hasPrefix("prod: about $"))
        #expect(prod.message.hasSuffix("/month (low to high traffic)"))
        // PROD replicates every table and the bucket to eu-west-1: the DR costs are counted.
        for line in prod.lines where line.type == "dynamodb.table" {
            #expect(line.parts.contains { $0.name == "replica eu-west-1 writes" && $0.low > 0 })
            #expect(line.traits.contains("replica in eu-west-1"))
        }
        let bucket = try #require(prod.lines.first { $0.type == "s3.bucket" })
        #expect(bucket.traits.contains("replicated to bbws-templates-prod-eu-west-1 in eu-west-1"))
    }

    @Test func theNotesStateTheAssumptionsAndALinePerResource() throws {
        let prod = try estimate("prod")
        let notes = prod.notes.joined(separator: "\n")
        for expected in ["af-south-1", "eu-west-1", PriceList.asOf, "backupRetentionDays", "kept 90 days", "200M–500M reads", "35M–80M writes",
                         "every write also writes each of the table's indexes", "not counted: the free tier"] {
            #expect(notes.contains(expected), "no note mentions \(expected)")
        }
        for table in ["campaigns", "products", "tenants"] {
            #expect(prod.notes.contains { $0.hasPrefix("dynamodb.table \(table) (on-demand, ") })
        }
        #expect(prod.notes.contains { $0.hasPrefix("s3.bucket bbws-templates-prod (13 objects") })
        #expect(prod.notes.filter { $0.hasPrefix("price (\(PriceList.asOf) list): $") }.count == PriceList.defaults.count)
        #expect(prod.notes.contains("price (\(PriceList.asOf) list): $0.74 per million on-demand write request units (af-south-1)"))
    }

    @Test func devHasNoDisasterRecoveryCosts() throws {
        let dev = try estimate("dev")
        #expect(dev.lines.allSatisfy { line in !line.parts.contains { $0.name.hasPrefix("replica") } })
        #expect(dev.assumptions.contains("disaster recovery: none declared for dev"))
    }

    @Test func parametersChangeTheFigure() throws {
        let base = try estimate("dev")
        let busier = try estimate("dev", CostParameters(writesPerMonth: 10_000_000))
        // Writes are most of DEV's cost: doubling them adds about as much again.
        #expect(busier.low > base.low * 1.5)
        let cheaper = try estimate("dev", CostParameters(prices: ["dynamodbWritePerMillion": 0]))
        #expect(cheaper.low < base.low / 2)
        #expect(cheaper.notes.contains { $0.contains("(from the prices parameter)") })
        let oneTable = try estimate("dev", CostParameters(tables: ["tenants": .init(writesPerMonth: 0)]))
        let tenants = try #require(oneTable.lines.first { $0.resource == "tenants" })
        #expect(tenants.parts.first { $0.name == "writes" }?.low == 0)
        #expect(oneTable.lines.first { $0.resource == "products" }?.parts.first { $0.name == "writes" }?.low ?? 0 > 0)
        let fixed = try estimate("prod", CostParameters(readsPerMonth: 1_000_000, writesPerMonth: 1_000_000, storageGB: 1))
        #expect(!fixed.isRange)
    }

    @Test func aProvisionedTableIsPricedByItsCapacity() throws {
        let plan = EnvironmentPlan(environment: "dev", steps: [.init(name: "provision-tables", kind: "provision-tables", desired: [
            "orders": ["tableName": "orders", "billingMode": "PROVISIONED", "provisionedThroughput": ["read": 10, "write": 5],
                       "globalSecondaryIndexes": [["name": "ByStatus", "projection": ["type": "ALL"], "throughput": ["read": 10, "write": 5]]]],
        ])])
        let estimate = Estimator().estimate(environment: SamplePlans.environment("dev"), plan: plan)
        let capacity = try #require(estimate.lines.first?.parts.first)
        #expect(capacity.name == "capacity")
        #expect(capacity.basis == "20 RCU + 10 WCU (table and indexes) × 730 h")
        #expect(abs(capacity.low - 730 * (20 * 0.00015 + 10 * 0.00077)) < 0.0001)
        #expect(estimate.lines.first?.traits.first == "provisioned")
    }

    @Test func aPlanWithoutProvisioningHasNothingToEstimate() {
        let plan = EnvironmentPlan(environment: "dev", steps: [.init(name: "notify", kind: "external")])
        let estimate = Estimator().estimate(environment: SamplePlans.environment("dev"), plan: plan)
        #expect(estimate.lines.isEmpty)
        #expect(estimate.message == "dev: nothing to estimate (no tables or buckets in the plan)")
        #expect(estimate.assumptions.contains { $0.contains("put cost-estimate after them") })
    }

    @Test func anUnknownEnvironmentUsesDevsProfileAndSaysSo() throws {
        var environment = SamplePlans.environment("dev")
        environment.name = "qa"
        let estimate = Estimator().estimate(environment: environment, plan: try SamplePlans.plan("dev"))
        #expect(estimate.assumptions.first == "traffic: no profile for environment qa: DEV's used; give readsPerMonth, writesPerMonth and storageGB")
    }
}
