import Foundation
import InfraDefinitions
import PipelineModel
import TableProvisioning
import TestTiers
import Testing

/// Planning rules that need no server: renames, notes for busy tables and unmanaged replicas.
@Suite(.fast) struct TablePlannerTests {
    static func state(_ name: String) throws -> TableState {
        var definition = try Fixtures.definition("products")
        definition.tableName = name
        return TableState.desired(definition: definition, environment: "prod")
    }

    @Test func aRenameIsRefusedUnlessAllowedAndNeverDeletesTheOldTable() throws {
        let old = try Self.state("products")
        var actualOld = old
        actualOld.replicas = nil
        let renamed = try Self.state("catalogue")
        let error = #expect(throws: TableProvisioningError.self) {
            try TablePlanner().plan(desired: [renamed], actual: ["products": actualOld], previouslyDefined: ["products"],
                                    renamedFrom: ["catalogue": "products"])
        }
        #expect(error?.description.contains("products: tableName (now catalogue) changed") == true)
        #expect(error?.description.contains("cannot rename a table in place") == true)

        let plan = try TablePlanner().plan(desired: [renamed], actual: ["products": actualOld], previouslyDefined: ["products"],
                                           renamedFrom: ["catalogue": "products"], allowReplacement: true)
        #expect(plan.changes.map(\.action) == [.replace, .orphaned])
        #expect(plan.changes.map(\.resource) == ["catalogue", "products"])
        #expect(plan.changes[0].attributes.first == AttributeChange(path: "tableName", action: .replace, before: .string("products"),
                                                                    after: .string("catalogue")))
        #expect(plan.changes[1].detail.contains("never deleted"))
    }

    @Test func busyTablesAndUnmanagedReplicasAreNoted() throws {
        let desired = try Self.state("products")
        var actual = desired
        actual.replicas = nil
        actual.serverSideEncryption = .awsOwned
        actual.pending = ["index SkuIndex CREATING"]
        let plan = try TablePlanner().plan(desired: [desired], actual: ["products": actual])
        #expect(plan.changes.map(\.action) == [.noChange])
        #expect(plan.changes[0].detail == "up to date once settled")
        #expect(plan.notes.contains { $0.contains("products is still changing (index SkuIndex CREATING)") })
        #expect(plan.notes.contains { $0.contains("replicas in eu-west-1 are not managed") })
        #expect(plan.stepPlan.snapshot == .object(["products": actual.jsonValue]))
    }
}
