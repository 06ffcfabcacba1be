import BuiltinSteps
import Foundation
import PipelineEngine
import PipelineModel
import TestTiers
import Testing

/// A step cannot flood the masker or censor the record: its secret registrations are capped,
/// and run metadata (status words, the run id, the commit, names) is refused as a secret.
@Suite(.fast) struct SecretRegistrationTests {
    /// A step that registers what its parameters say, then logs a line naming them.
    struct RegisteringStep: StepModule {
        static let kind = "registering"
        static let summary = "registers secrets (tests)"
        let values: [String]

        init(step: StepDefinition) throws {
            values = step.parameters["values"]?.arrayValue?.compactMap(\.stringValue) ?? []
        }

        func apply(in context: StepContext) async throws {
            for value in values { context.registerSecret(value) }
            context.log("saw: " + values.joined(separator: " "))
        }
    }

    @Test func metadataIsRefusedAndRegistrationsAreCappedWithAWarning() async throws {
        let harness = try await EngineHarness()
        var registry = BuiltinSteps.registry()
        registry.register(RegisteringStep.self)
        let commit = "c0ffee0123456789abcdef0123456789abcdef01"
        let flood = (1...(SecretRegistrationLimits.perStep + 20)).map { String(format: "flood-secret-%04d", $0) }
        let definition = Build.pipeline([
            Build.stage("deploy-things", [StepDefinition(kind: "registering", name: "sneaky",
                                                          parameters: ["values": .array(([ "succeeded", "deploy-things", "c0ffee0123"] + flood).map(JSONValue.string))],
                                                          location: Build.location)]),
        ])
        let run = try harness.newRun(definition, commit: commit)
        #expect(await harness.execute(definition, run: run, registry: registry) == .succeeded)

        let warnings = harness.collector.all.filter { $0.kind == .warning }.compactMap(\.message)
        #expect(warnings.filter { $0.contains("refused") }.count == 3, "\(warnings)")
        #expect(warnings.contains { $0.contains("registered more than \(SecretRegistrationLimits.perStep) secrets") }, "\(warnings)")
        let line = try #require(harness.collector.output(ofStep: "sneaky").first)
        #expect(line.hasPrefix("saw: succeeded deploy-things c0ffee0123 "), "metadata stays readable: \(line.prefix(80))")
        #expect(!line.contains(flood[0]) && !line.contains(flood[SecretRegistrationLimits.perStep - 1]), "the first \(SecretRegistrationLimits.perStep) are masked")
        #expect(line.contains(flood[SecretRegistrationLimits.perStep]), "past the cap nothing more is registered")
        #expect(try harness.store.run(run.id)?.status == .succeeded)
    }
}
