import Foundation
import InfraDefinitions
import PipelineBasics
import PipelineModel
import TableProvisioning
import TestTiers
import Testing

/// Tables that exist but differ in what DynamoDB cannot change in place, or that the pipeline
/// did not make, planned from states built in memory: a refused replacement is a change with a
/// note (drift), never an error; a table the pipeline did not make is never offered for
/// replacement, whatever `allowReplacement` says.
@Suite(.fast) struct TableOwnershipPlannerTests {
    /// `tenants` as the repository defines it in DEV (PK/SK, the environment's tags).
    static func desired() throws -> TableState {
        TableState.desired(definition: try Fixtures.definition("tenants"), environment: "dev", environmentTags: Fixtures.environmentTags("dev"))
    }

    /// `tenants` made by hand in the console: key schema `id`, no tags.
    static let handMade = TableState(tableName: "tenants", key: TableState.Key(partitionKey: TableState.KeyAttribute("id", "S")))

    /// The pipeline's own `tenants` (every tag it writes), with the key schema `id` now defined.
    static func ownRekeyed() throws -> (actual: TableState, desired: TableState) {
        let actual = try desired()
        var rekeyed = actual
        rekeyed.key = TableState.Key(partitionKey: TableState.KeyAttribute("id", "S"))
        return (actual, rekeyed)
    }

    @Test func aHandMadeTableWithAnotherKeySchemaIsARefusedChangeWithItsNote() throws {
        for allowReplacement in [false, true] {
            let plan = try TablePlanner().plan(desired: [try Self.desired()], actual: ["tenants": Self.handMade],
                                               allowReplacement: allowReplacement)
            let change = try #require(plan.change(for: "tenants"))
            #expect(change.action == .replace, "allowReplacement: \(allowReplacement)")
            #expect(change.detail == "refused: exists with key schema id; the repository defines PK/SK; not made by the pipeline, so never replaced")
            #expect(change.attributes.map(\.path) == ["keySchema"], "only what cannot change in place is listed")
            #expect(plan.hasChanges, "a drift check (--detailed-exitcode) reports it: exit 2")
            let note = try #require(plan.notes.first { $0.hasPrefix("tenants exists but was not made by the pipeline") }, "\(plan.notes)")
            #expect(note.contains("no deployment of this environment made it"))
            #expect(note.contains("it carries none of the tags the pipeline writes (BackupPolicy, Component, CostCenter, Environment, …)"))
            #expect(note.contains("Give the definition another tableName"))
            #expect(note.contains("remove this table by hand"))
            #expect(note.contains("change the definition to match it (key schema id) so that applying adopts it"))
            #expect(!note.contains("allowReplacement: true"), "never advises replacing a table the pipeline did not make")
            #expect(!change.detail.contains("deletes"))
        }
    }

    @Test func thePipelinesOwnTableIsRefusedWithAdviceUntilReplacementIsAllowed() throws {
        let (actual, rekeyed) = try Self.ownRekeyed()
        let refused = try TablePlanner().plan(desired: [rekeyed], actual: ["tenants": actual])
        #expect(refused.changes.map(\.action) == [.replace])
        #expect(refused.changes[0].detail == "refused: exists with key schema PK/SK; the repository defines id; DynamoDB cannot change this in place")
        #expect(refused.hasChanges)
        #expect(refused.notes.contains { $0.contains("Set allowReplacement: true to replace it (deletes its data)") }, "\(refused.notes)")
        #expect(!refused.notes.contains { $0.contains("not made by the pipeline") })

        let allowed = try TablePlanner().plan(desired: [rekeyed], actual: ["tenants": actual], allowReplacement: true)
        #expect(allowed.changes.map(\.action) == [.replace])
        #expect(allowed.changes[0].detail == "keySchema changed: deletes the table and its data, then creates it again")
        #expect(allowed.notes.isEmpty)

        var protected = actual
        protected.deletionProtection = true
        let refusedProtected = try TablePlanner().plan(desired: [rekeyed], actual: ["tenants": protected], allowReplacement: true)
        #expect(refusedProtected.changes[0].detail.hasSuffix("replacing is allowed but deletion protection is on"))
        #expect(refusedProtected.notes.contains { $0.contains("Turn deletion protection off in its definition") })
    }

    @Test func theLastDeploymentIsEvidenceWhenThereAreNoTagsToGoBy() throws {
        var definition = try Fixtures.definition("products")
        definition.tags = [:]
        let original = TableState.desired(definition: definition, environment: "dev")
        #expect(original.tags.isEmpty)
        var rekeyed = original
        rekeyed.key = TableState.Key(partitionKey: TableState.KeyAttribute("productId", "S"))

        let deployed = try TablePlanner().plan(desired: [rekeyed], actual: ["products": original], allowReplacement: true,
                                               ownership: TableOwnership(deployed: [original]))
        #expect(deployed.changes[0].detail.hasPrefix("keySchema changed: deletes the table"), "its deployment made it: replaceable")

        let unknown = try TablePlanner().plan(desired: [rekeyed], actual: ["products": original], allowReplacement: true)
        #expect(unknown.changes[0].detail.hasPrefix("refused: exists with key schema PK/SK; the repository defines productId"))
        #expect(unknown.notes.contains { $0.contains("its definition and environment give it no tags to recognise it by") }, "\(unknown.notes)")

        // Deployed with PK/SK, now PK only: someone made it again by hand since.
        var remade = original
        remade.key = TableState.Key(partitionKey: TableState.KeyAttribute("PK", "S"))
        let again = try TablePlanner().plan(desired: [rekeyed], actual: ["products": remade], allowReplacement: true,
                                            ownership: TableOwnership(deployed: [original]))
        #expect(again.changes[0].detail.contains("not made by the pipeline"))
        #expect(again.notes.contains { $0.contains("the environment's last deployment made it with key schema PK/SK, so it was made again since") })
    }

    @Test func aHandMadeTableWithTheRightKeysIsAdoptedAndTheNoteSaysSo() throws {
        let desired = try Self.desired()
        var handMade = desired
        handMade.tags = [:]
        let plan = try TablePlanner().plan(desired: [desired], actual: ["tenants": handMade])
        #expect(plan.changes.map(\.action) == [.update])
        #expect(plan.changes[0].detail == "adopts a table not made by the pipeline: tags (7)")
        #expect(plan.notes.contains { $0.hasPrefix("tenants exists but was not made by the pipeline") && $0.contains("applying adopts it") })

        // One tag missing from the pipeline's own table is an ordinary update.
        var ownButUntagged = desired
        ownButUntagged.tags.removeValue(forKey: "Owner")
        let update = try TablePlanner().plan(desired: [desired], actual: ["tenants": ownButUntagged])
        #expect(update.changes[0].detail == "tags (1)")
        #expect(update.notes.isEmpty)
    }

    @Test func ownershipVerdicts() throws {
        let desired = try Self.desired()
        let ownership = TableOwnership()
        #expect(ownership.verdict(actual: desired, desired: desired) == .tagged)
        var retagged = desired
        retagged.tags["Owner"] = "someone-else@bbws.com"
        #expect(ownership.verdict(actual: retagged, desired: desired) == .tagged, "a changed value is an ordinary update")
        var partly = desired
        partly.tags = ["Environment": "dev"]
        let verdict = ownership.verdict(actual: partly, desired: desired)
        #expect(!verdict.isPipelines)
        #expect(verdict.reason.contains("it lacks tags the pipeline writes (BackupPolicy, Component, CostCenter, ManagedBy, …)"), "\(verdict)")
        #expect(TableOwnership(deployed: [desired]).verdict(actual: partly, desired: desired) == .deployed)
        #expect(Self.handMade.inPlaceDifference(to: desired) == "exists with key schema id; the repository defines PK/SK")
    }

    @Test func refusalsAndInvalidDefinitionsAreUserErrors() throws {
        let refused = TableProvisioningError.notMadeByPipeline(table: "tenants", difference: "exists with key schema id; the repository defines PK/SK",
                                                               reason: "no deployment of this environment made it")
        #expect(refused.isUserError)
        #expect(refused.description.contains("tenants: exists with key schema id; the repository defines PK/SK, and it was not made by the pipeline"))
        #expect(!refused.description.contains("Set allowReplacement: true"))
        #expect(TableProvisioningError.replacementRefused(table: "t", attribute: "keySchema", reason: "r").isUserError)
        #expect(!TableProvisioningError.transport(table: "t", action: "DescribeTable", reason: "r").isUserError)
        #expect(!TableProvisioningError.several([refused, .transport(table: "t", action: "DescribeTable", reason: "r")]).isUserError)

        let url = Fixtures.repository.appendingPathComponent("examples/schemas/dynamodb/tenants.json")
        let text = try String(contentsOf: url, encoding: .utf8)
        let bytes = Array(text.replacingOccurrences(of: #""billingMode": "PAY_PER_REQUEST""#, with: #""billingMode": "CHEAP""#).utf8)
        #expect(bytes.count != text.utf8.count)
        let error = #expect(throws: TableDefinitionError.self) {
            try TableDefinitionChecker.load(fileAt: "schemas/dynamodb/tenants.json", bytes: bytes)
        }
        let failure = try #require(error as (any PipelineError)?)
        #expect(failure.isUserError, "exit 64, not 70")
        #expect(failure.description.hasPrefix("schemas/dynamodb/tenants.json is not a valid table definition"))
        #expect(failure.description.contains("schemas/dynamodb/tenants.json:"), "each problem names its line: \(failure.description)")
        #expect(failure.description.contains("/billingMode: \"CHEAP\" is not one of the allowed values"), "\(failure.description)")
    }
}
