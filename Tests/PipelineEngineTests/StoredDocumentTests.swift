import Foundation
import PipelineEngine
import PipelineModel
import PipelineTesting
import TestTiers
import Testing

/// A run record keeps working across the document's versions: one an earlier runner stored
/// (version 1, each stage with a copy of its environment) still reads back as its pipeline.
@Suite(.fast) struct StoredDocumentTests {
    @Test func aRunRecordWithAVersion1DocumentStillLoads() throws {
        let folder = try TemporaryDirectory()
        let directory = folder.url.appendingPathComponent(".pipeline")
        let old = try Data(contentsOf: PipelineBuild.packageRoot.appendingPathComponent("Tests/Fixtures/pipeline-document/version-1.json"))
        try SQLiteRunStore(directory: directory).createRun(
            RunRecord(id: "r1", pipeline: "bbws", pipelineFile: "pipelines/deploy.swift", document: old, triggeredBy: "me"))

        let stored = try #require(try SQLiteRunStore(directory: directory).run("r1"))
        let definition = try PipelineDocument.decode(stored.document).pipeline
        #expect(StageGraph(definition.stages).topologicalOrder() == ["validation", "plan", "dev", "qa"])
        #expect(definition.stage(named: "dev")?.environment?.roleARN == "arn:aws:iam::536580886816:role/bbws-deploy-dev")
        #expect(definition.stage(named: "dev")?.gate?.summary == "1 approver: Lead Developer")
        #expect(definition.stage(named: "plan")?.steps.first?.environment?.name == "dev")
        #expect(definition.environments.map(\.name) == ["dev"])

        // A run started now records the current version, which reads back as the same pipeline.
        let current = try PipelineDocument(pipeline: definition).encoded()
        try SQLiteRunStore(directory: directory).createRun(
            RunRecord(id: "r2", pipeline: "bbws", pipelineFile: "pipelines/deploy.swift", document: current, triggeredBy: "me"))
        let again = try PipelineDocument.decode(try #require(try SQLiteRunStore(directory: directory).run("r2")).document)
        #expect(again.version == PipelineDocument.currentVersion)
        #expect(again.pipeline.stages == definition.stages)
    }
}
