import AWS
import Foundation
import InfraDefinitions
import PipelineModel
import PipelineTesting
import TableProvisioning
import TestTiers
import Testing

/// Updates of existing tables: exact plans, apply, drift, resumability.
@Suite(.integration) struct TableChangeTests {
    /// `tenants` under a unique name, without TTL.
    static func original() throws -> TableDefinition {
        var definition = try Fixtures.uniqueDefinition("tenants")
        definition.timeToLive = nil
        return definition
    }

    /// Two GSIs added, one removed, tags changed, TTL on.
    static func changed(_ original: TableDefinition) -> TableDefinition {
        var definition = original
        definition.attributeDefinitions += [AttributeDefinition(name: "tenantName", type: .string), AttributeDefinition(name: "plan", type: .string)]
        definition.attributeDefinitions.removeAll { $0.name == "paymentStatus" }
        definition.globalSecondaryIndexes.removeAll { $0.indexName == "PaymentStatusIndex" }
        definition.globalSecondaryIndexes += [
            GlobalSecondaryIndex(indexName: "TenantNameIndex", partitionKey: "tenantName", projection: Projection(type: .keysOnly)),
            GlobalSecondaryIndex(indexName: "PlanIndex", partitionKey: "plan", sortKey: "createdAt",
                                 projection: Projection(type: .include, nonKeyAttributes: ["tenantName", "active"])),
        ]
        definition.tags["Owner"] = "tenancy-team@bbws.com"
        definition.tags["Team"] = "tenancy"
        definition.tags["CostCenter"] = nil
        definition.timeToLive = TimeToLive(attributeName: "expiresAt")
        return definition
    }

    static func state(_ definition: TableDefinition) -> TableState {
        TableState.desired(definition: definition, environment: "dev")
    }

    @Test func aChangedDefinitionPlansExactlyItsChangesAndConverges() async throws {
        let dynamo = try await Fixtures.client()
        let original = try Self.original()
        try await Fixtures.applier(dynamo).apply(desired: [Self.state(original)])
        let desired = Self.state(Self.changed(original))

        let plan = try await Fixtures.plan(dynamo, [desired])
        let change = try #require(plan.change(for: original.tableName))
        #expect(change.action == .update)
        #expect(change.type == "dynamodb.table")
        let paths = Dictionary(uniqueKeysWithValues: change.attributes.map { ($0.path, $0.action) })
        #expect(paths == [
            "globalSecondaryIndexes.PaymentStatusIndex": .delete, "globalSecondaryIndexes.PlanIndex": .create,
            "globalSecondaryIndexes.TenantNameIndex": .create, "tags.CostCenter": .delete, "tags.Owner": .update,
            "tags.Team": .create, "timeToLive": .create,
        ])
        let owner = try #require(change.attributes.first { $0.path == "tags.Owner" })
        #expect(owner.before == .string("platform-team@bbws.com") && owner.after == .string("tenancy-team@bbws.com"))
        #expect(plan.stepPlan.hasChanges)

        let log = LogLines()
        let outcomes = try await Fixtures.applier(dynamo, log: log).apply(desired: [desired])
        #expect(outcomes.first?.kind == .updated)
        #expect(log.contains("\(original.tableName): deleting index PaymentStatusIndex (1 of 1)…"))
        #expect(log.contains("\(original.tableName): creating index PlanIndex (1 of 2)…"))
        #expect(log.contains("\(original.tableName): creating index TenantNameIndex (2 of 2)…"))
        #expect(log.contains("\(original.tableName): enabling TTL on expiresAt…"))

        let again = try await Fixtures.plan(dynamo, [desired])
        #expect(again.changes.map(\.action) == [.noChange], "\(again.changes)")
        // Tags read back exactly once each (no duplicate left by a re-tag).
        let arn = try #require(try await dynamo.describeTable(original.tableName).tableARN)
        let tags = try await dynamo.listTagsOfResource(arn: arn)
        #expect(tags.filter { $0.key == "Owner" } == [DynamoDBTag("Owner", "tenancy-team@bbws.com")])
        #expect(!tags.contains { $0.key == "CostCenter" })
        let indexes = try await dynamo.describeTable(original.tableName).globalSecondaryIndexes?.map(\.indexName).sorted()
        #expect(indexes == ["EmailIndex", "OrderStatusIndex", "PlanIndex", "TenantNameIndex"])
    }

    @Test func aTagChangedBehindThePlannersBackMakesTheSnapshotDiffer() async throws {
        let dynamo = try await Fixtures.client()
        let definition = try Fixtures.uniqueDefinition("products")
        let desired = Self.state(definition)
        try await Fixtures.applier(dynamo).apply(desired: [desired])
        let plan = try await Fixtures.plan(dynamo, [desired])
        let first = try #require(plan.actual[definition.tableName])
        let unchanged = try #require(try await Fixtures.reader(dynamo).read(definition.tableName))
        #expect(unchanged == first)

        let arn = try #require(try await dynamo.describeTable(definition.tableName).tableARN)
        try await dynamo.tagResource(arn: arn, tags: [DynamoDBTag("Hotfix", "by-hand")])
        let second = try #require(try await Fixtures.reader(dynamo).read(definition.tableName))
        #expect(second != first)
        let drift = first.changes(toReach: second)
        #expect(drift.map(\.path) == ["tags.Hotfix"])
        #expect(drift.first?.after == .string("by-hand"))
        let fresh = try await Fixtures.plan(dynamo, [desired])
        #expect(fresh.stepPlan.snapshot != plan.stepPlan.snapshot)
        #expect(fresh.change(for: definition.tableName)?.attributes.map(\.path) == ["tags.Hotfix"])
    }

    @Test func anApplyStoppedBetweenTwoIndexCreationsFinishesWhenRunAgain() async throws {
        let dynamo = try await Fixtures.client()
        let original = try Self.original()
        try await Fixtures.applier(dynamo).apply(desired: [Self.state(original)])
        let full = Self.state(Self.changed(original))

        // A first apply that stopped after the first index creation: the partial state it left.
        var partial = full
        partial.globalSecondaryIndexes.removeAll { $0.name == "TenantNameIndex" }
        partial.tags = Self.state(original).tags
        partial.timeToLive = nil
        let firstLog = LogLines()
        try await Fixtures.applier(dynamo, log: firstLog).apply(desired: [partial])
        #expect(firstLog.contains("creating index PlanIndex (1 of 1)"))

        let log = LogLines()
        try await Fixtures.applier(dynamo, log: log).apply(desired: [full])
        #expect(!log.contains("creating index PlanIndex"))
        #expect(log.contains("creating index TenantNameIndex (1 of 1)"))
        let table = try await dynamo.describeTable(original.tableName)
        #expect(table.globalSecondaryIndexes?.map(\.indexName).sorted() == full.globalSecondaryIndexes.map(\.name))
        #expect(try await Fixtures.plan(dynamo, [full]).changes.map(\.action) == [.noChange])
    }

    @Test func anApplyCancelledAfterTheFirstIndexFinishesWhenRunAgain() async throws {
        let dynamo = try await Fixtures.client()
        let original = try Self.original()
        try await Fixtures.applier(dynamo).apply(desired: [Self.state(original)])
        let full = Self.state(Self.changed(original))

        let holder = TaskHolder()
        let log = LogLines { line in if line.contains("(2 of 2)") { holder.cancel() } }
        let task = Task { () async throws -> [TableApplier.Outcome] in
            try await Fixtures.applier(dynamo, log: log).apply(desired: [full])
        }
        holder.set { task.cancel() }
        let result = await task.result
        #expect(log.contains("creating index PlanIndex (1 of 2)"))
        if case .failure(let error) = result {
            #expect("\(error)".contains(original.tableName))
            #expect("\(error)".contains("a re-run finishes what was left"))
        }
        let between = try await dynamo.describeTable(original.tableName).globalSecondaryIndexes?.map(\.indexName) ?? []
        #expect(between.contains("PlanIndex"))

        let rerun = LogLines()
        try await Fixtures.applier(dynamo, log: rerun).apply(desired: [full])
        #expect(!rerun.contains("creating index PlanIndex"))
        if case .failure = result, !between.contains("TenantNameIndex") {
            #expect(rerun.contains("creating index TenantNameIndex (1 of 1)"))
        }
        let indexes = try await dynamo.describeTable(original.tableName).globalSecondaryIndexes?.map(\.indexName) ?? []
        #expect(indexes.sorted() == full.globalSecondaryIndexes.map(\.name))
        #expect(indexes.count == Set(indexes).count)
        #expect(try await Fixtures.plan(dynamo, [full]).changes.map(\.action) == [.noChange])
    }
}

/// Lets a log callback cancel the task it runs in.
final class TaskHolder: @unchecked Sendable {
    // @unchecked Sendable: `action` and `pending` only change under `lock`.
    private let lock = NSLock()
    private var action: (@Sendable () -> Void)?
    private var pending = false

    func set(_ cancel: @escaping @Sendable () -> Void) {
        lock.lock()
        action = cancel
        let now = pending
        lock.unlock()
        if now { cancel() }
    }

    func cancel() {
        lock.lock()
        let current = action
        if current == nil { pending = true }
        lock.unlock()
        current?()
    }
}
