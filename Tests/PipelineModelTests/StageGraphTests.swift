import Foundation
import PipelineModel
import TestTiers
import Testing

@Suite(.fast) struct StageGraphTests {
    let stages = [
        Fixture.stage("post-deploy", after: ["prod"]), Fixture.stage("validation"), Fixture.stage("plan", after: ["validation"]),
        Fixture.stage("dev", after: ["plan"], gate: GateDefinition(requiredRoles: ["Lead Developer"])),
        Fixture.stage("sit", after: ["dev"]), Fixture.stage("prod", after: ["sit"]), Fixture.stage("docs"),
    ]

    @Test func orderPutsDependenciesFirst() {
        let order = StageGraph(stages).topologicalOrder()
        #expect(order.count == stages.count)
        for stage in stages {
            for dependency in stage.dependsOn {
                #expect(order.firstIndex(of: dependency)! < order.firstIndex(of: stage.name)!)
            }
        }
    }

    @Test func dependentsAndAncestors() {
        let graph = StageGraph(stages)
        #expect(graph.dependents(of: "dev") == ["sit", "prod", "post-deploy"])
        #expect(graph.ancestors(of: "sit") == ["dev", "plan", "validation"])
        #expect(graph.dependents(of: "docs").isEmpty)
        #expect(graph.cycle() == nil)
    }

    @Test func cycleIsFound() throws {
        let cycle = try #require(StageGraph([Fixture.stage("a", after: ["b"]), Fixture.stage("b", after: ["a"])]).cycle())
        #expect(cycle.first == cycle.last)
        #expect(Set(cycle) == ["a", "b"])
    }

    @Test func mermaidAndDot() {
        let graph = StageGraph(stages)
        let mermaid = graph.mermaid()
        #expect(mermaid.hasPrefix("flowchart LR\n"))
        #expect(mermaid.contains("s_plan --> s_dev"))
        #expect(mermaid.contains("s_post_deploy[\"post-deploy\"]"))
        #expect(mermaid.contains("gate: 1 approver: Lead Developer"))
        let dot = graph.dot()
        #expect(dot.hasPrefix("digraph pipeline {"))
        #expect(dot.contains("\"sit\" -> \"prod\";"))
        #expect(dot.contains("\"dev\" [label=\"dev\\ngate: 1 approver: Lead Developer\", style=bold];"))
    }

    @Test func documentVersionIsChecked() throws {
        let future = Data(#"{"version": 99, "pipeline": {}}"#.utf8)
        #expect(throws: DocumentError.unsupportedVersion(99)) { try PipelineDocument.decode(future) }
        #expect(throws: DocumentError.missingVersion) { try PipelineDocument.decode(Data(#"{"pipeline": {}}"#.utf8)) }
        #expect(throws: DocumentError.declared("two pipelines")) { try PipelineDocument.decode(Data(#"{"error": "two pipelines"}"#.utf8)) }
    }
}
