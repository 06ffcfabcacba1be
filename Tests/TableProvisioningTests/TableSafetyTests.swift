import AWS
import Foundation
import InfraDefinitions
import PipelineModel
import PipelineTesting
import TableProvisioning
import TestTiers
import Testing

/// What provisioning refuses or keeps: orphaned tables, replacements, rollback.
@Suite(.integration) struct TableSafetyTests {
    @Test func aTableNoLongerDefinedIsOrphanedAndKept() async throws {
        let dynamo = try await Fixtures.client()
        let kept = TableState.desired(definition: try Fixtures.uniqueDefinition("products"), environment: "dev")
        let other = TableState.desired(definition: try Fixtures.uniqueDefinition("campaigns"), environment: "dev")
        try await Fixtures.applier(dynamo).apply(desired: [kept, other])

        let plan = try await Fixtures.plan(dynamo, [other], previouslyDefined: [kept.tableName, "never-existed-\(UUID().uuidString.prefix(6))"])
        #expect(plan.changes.map(\.action) == [.noChange, .orphaned])
        let orphan = try #require(plan.change(for: kept.tableName))
        #expect(orphan.action == .orphaned)
        #expect(orphan.detail.contains("never deleted"))
        #expect(!plan.hasChanges)
        if case .object(let snapshot) = plan.snapshotJSON {
            #expect(snapshot[kept.tableName] != nil && snapshot[kept.tableName] != .null)
        } else {
            Issue.record("snapshot is not an object")
        }
        try await Fixtures.applier(dynamo).apply(desired: [other])
        #expect(try await dynamo.describeTable(kept.tableName).tableStatus == "ACTIVE")
    }

    @Test func aKeySchemaChangeIsRefusedWithTheReason() async throws {
        let dynamo = try await Fixtures.client()
        var definition = try Fixtures.uniqueDefinition("campaigns")
        let original = TableState.desired(definition: definition, environment: "dev")
        try await Fixtures.applier(dynamo).apply(desired: [original])
        definition.attributeDefinitions.append(AttributeDefinition(name: "campaignId", type: .string))
        definition.keySchema = KeySchema(partitionKey: "campaignId")
        let changed = TableState.desired(definition: definition, environment: "dev")

        // Planned as a refused replacement (a change: drift), with the reason and what to do in a note.
        let refused = try await Fixtures.plan(dynamo, [changed])
        #expect(refused.changes.map(\.action) == [.replace])
        #expect(refused.changes[0].detail == "refused: exists with key schema PK/SK; the repository defines campaignId; DynamoDB cannot change this in place")
        #expect(refused.changes[0].attributes.map(\.path) == ["keySchema"])
        #expect(refused.hasChanges)
        let text = refused.notes.joined(separator: "\n")
        #expect(text.contains(definition.tableName))
        #expect(text.contains("cannot change a table's key schema in place"))
        #expect(text.contains("Set allowReplacement: true to replace it (deletes its data)"), "\(text)")
        let applyError = await #expect(throws: TableProvisioningError.self) {
            try await Fixtures.applier(dynamo).apply(desired: [changed])
        }
        #expect(applyError?.description.contains("keySchema") == true)
        #expect(applyError?.description.contains("Set allowReplacement: true to replace it (deletes its data)") == true)
        #expect(try await dynamo.describeTable(definition.tableName).keySchema == [.hash("PK"), .range("SK")])

        // An LSI added later is refused the same way.
        var withLSI = try Fixtures.uniqueDefinition("campaigns")
        withLSI.tableName = definition.tableName
        withLSI.localSecondaryIndexes = [LocalSecondaryIndex(indexName: "ByStart", sortKey: "startDate", projection: Projection(type: .keysOnly))]
        let lsiPlan = try await Fixtures.plan(dynamo, [TableState.desired(definition: withLSI, environment: "dev")])
        #expect(lsiPlan.changes.map(\.action) == [.replace])
        #expect(lsiPlan.changes[0].attributes.map(\.path) == ["localSecondaryIndexes.ByStart"])
        #expect(lsiPlan.changes[0].detail.hasPrefix("refused: exists with local secondary indexes none; the repository defines ByStart"))
        #expect(lsiPlan.notes.contains { $0.contains("local secondary index (ByStart)") }, "\(lsiPlan.notes)")

        // Allowed: planned as a replacement and applied by deleting and creating the table.
        let plan = try await Fixtures.plan(dynamo, [changed], allowReplacement: true)
        #expect(plan.changes.map(\.action) == [.replace])
        let log = LogLines()
        let outcomes = try await Fixtures.applier(dynamo, log: log).apply(desired: [changed], allowReplacement: true)
        #expect(outcomes.map(\.kind) == [.replaced])
        #expect(log.contains("deleting the table to replace it"))
        #expect(try await dynamo.describeTable(definition.tableName).keySchema == [.hash("campaignId")])
        #expect(try await Fixtures.plan(dynamo, [changed]).changes.map(\.action) == [.noChange])
    }

    @Test func aReplacementIsRefusedWhenDeletionProtectionIsOn() async throws {
        let dynamo = try await Fixtures.client()
        var definition = try Fixtures.uniqueDefinition("products")
        definition.deletionProtection = true
        try await Fixtures.applier(dynamo).apply(desired: [TableState.desired(definition: definition, environment: "dev")])
        definition.keySchema = KeySchema(partitionKey: "PK")
        let changed = TableState.desired(definition: definition, environment: "dev")
        let plan = try await Fixtures.plan(dynamo, [changed], allowReplacement: true)
        #expect(plan.changes.map(\.action) == [.replace])
        #expect(plan.changes[0].detail.hasSuffix("replacing is allowed but deletion protection is on"), "\(plan.changes)")
        let error = await #expect(throws: TableProvisioningError.self) {
            try await Fixtures.applier(dynamo).apply(desired: [changed], allowReplacement: true)
        }
        #expect(error?.description.contains("deletion protection is on") == true)
        #expect(try await dynamo.describeTable(definition.tableName).keySchema == [.hash("PK"), .range("SK")])
        try await dynamo.updateTable(DynamoDBUpdateTableInput(tableName: definition.tableName, deletionProtectionEnabled: false))
    }

    @Test func aTableMadeByHandIsNeverReplacedEvenWhenReplacementIsAllowed() async throws {
        let dynamo = try await Fixtures.client()
        let definition = try Fixtures.uniqueDefinition("tenants")
        try await dynamo.createTable(DynamoDBCreateTableInput(tableName: definition.tableName, attributeDefinitions: [DynamoDBAttributeDefinition("id", "S")],
                                                              keySchema: [.hash("id")]))
        try await dynamo.putItem(tableName: definition.tableName, item: ["id": "kept"])
        let desired = TableState.desired(definition: definition, environment: "dev", environmentTags: Fixtures.environmentTags("dev"))

        let plan = try await Fixtures.plan(dynamo, [desired], allowReplacement: true)
        #expect(plan.changes.map(\.action) == [.replace])
        #expect(plan.changes[0].detail == "refused: exists with key schema id; the repository defines PK/SK; not made by the pipeline, so never replaced")
        #expect(plan.notes.contains { $0.contains("\(definition.tableName) exists but was not made by the pipeline") })

        let log = LogLines()
        let error = await #expect(throws: TableProvisioningError.self) {
            try await Fixtures.applier(dynamo, log: log).apply(desired: [desired], allowReplacement: true)
        }
        #expect(error?.description.contains("not made by the pipeline") == true)
        #expect(error?.description.contains("Set allowReplacement") == false)
        #expect(!log.contains("deleting the table"))
        #expect(try await dynamo.describeTable(definition.tableName).keySchema == [.hash("id")])
        #expect(try await dynamo.getItem(tableName: definition.tableName, key: ["id": "kept"]) != nil, "its data is still there")

        // Rollback leaves it alone too.
        let rollbackLog = LogLines()
        let outcomes = try await Fixtures.applier(dynamo, log: rollbackLog).apply(desired: [desired], mode: .rollback)
        #expect(outcomes.map(\.kind) == [.leftAlone])
        #expect(rollbackLog.contains("not made by the pipeline"))
        #expect(try await dynamo.listTagsOfResource(arn: try #require(try await dynamo.describeTable(definition.tableName).tableARN)).isEmpty)
    }

    @Test func rollbackRemovesAnAddedIndexAndRestoresTagsWithoutDeletingAnything() async throws {
        let dynamo = try await Fixtures.client()
        let previousDefinition = try Fixtures.uniqueDefinition("tenants")
        let previous = TableState.desired(definition: previousDefinition, environment: "dev", environmentTags: Fixtures.environmentTags("dev"))
        try await Fixtures.applier(dynamo).apply(desired: [previous])

        // The failed deploy: one more index, changed tags, PITR off, a new table.
        var failedDefinition = previousDefinition
        failedDefinition.attributeDefinitions.append(AttributeDefinition(name: "plan", type: .string))
        failedDefinition.globalSecondaryIndexes.append(
            GlobalSecondaryIndex(indexName: "PlanIndex", partitionKey: "plan", projection: Projection(type: .keysOnly)))
        failedDefinition.tags["Owner"] = "someone-else@bbws.com"
        failedDefinition.tags["Experiment"] = "yes"
        failedDefinition.pointInTimeRecovery = false
        failedDefinition.environments["dev"]?.pointInTimeRecovery = false
        let failed = TableState.desired(definition: failedDefinition, environment: "dev", environmentTags: Fixtures.environmentTags("dev"))
        let added = TableState.desired(definition: try Fixtures.uniqueDefinition("products"), environment: "dev")
        try await Fixtures.applier(dynamo).apply(desired: [failed, added])
        #expect(try await Fixtures.plan(dynamo, [previous]).change(for: previous.tableName)?.action == .update)

        let log = LogLines()
        let outcomes = try await Fixtures.applier(dynamo, log: log).apply(desired: [previous], mode: .rollback, leftAlone: [added.tableName])
        #expect(outcomes.map(\.kind) == (added.tableName < previous.tableName ? [.leftAlone, .updated] : [.updated, .leftAlone]))
        #expect(log.contains("\(added.tableName): not defined by the previous commit: left as is"))
        #expect(log.contains("deleting index PlanIndex"))
        let table = try await dynamo.describeTable(previous.tableName)
        #expect(table.globalSecondaryIndexes?.map(\.indexName).sorted() == ["EmailIndex", "OrderStatusIndex", "PaymentStatusIndex"])
        #expect(try await dynamo.describeContinuousBackups(tableName: previous.tableName).pointInTimeRecoveryEnabled)
        let tags = try await dynamo.listTagsOfResource(arn: try #require(table.tableARN))
        #expect(Dictionary(tags.map { ($0.key, $0.value) }) { first, _ in first } == previous.tags)
        #expect(tags.count == previous.tags.count)
        #expect(try await dynamo.describeTable(added.tableName).tableStatus == "ACTIVE")
        #expect(try await Fixtures.plan(dynamo, [previous]).changes.map(\.action) == [.noChange])

        // A key schema that differs is left as is in rollback (never replaced), and said so.
        var rekeyed = previous
        rekeyed.key = TableState.Key(partitionKey: TableState.KeyAttribute("PK", "S"))
        rekeyed.attributeDefinitions = previous.attributeDefinitions.filter { $0.name != "SK" }
        let rollbackLog = LogLines()
        try await Fixtures.applier(dynamo, log: rollbackLog).apply(desired: [rekeyed], allowReplacement: true, mode: .rollback)
        #expect(rollbackLog.contains("rollback never replaces a table: left as is"))
        #expect(try await dynamo.describeTable(previous.tableName).keySchema == [.hash("PK"), .range("SK")])
    }
}
