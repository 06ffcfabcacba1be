@testable import PipelineDescription
import TestTiers
import Testing

/// The pipeline file refuses conditions nested deeper than the runner reads, before encoding.
@Suite(.fast) struct ConditionDepthTests {
    static func nested(_ depth: Int) -> Condition {
        var condition = Condition.branch("main")
        for _ in 1..<depth { condition = .all([condition]) }
        return condition
    }

    @Test func aConditionWithinTheLimitPasses() {
        let pipeline = Pipeline("ok") { Stage("a", when: Self.nested(32)) { Shell("true") } }
        #expect(ConditionDepth.problem(in: pipeline) == nil)
    }

    @Test func aTooDeepStepConditionIsNamedWithItsLine() {
        let line = #line + 2
        let pipeline = Pipeline("deep") {
            Stage("a") { Shell("true").named("guarded").when(Self.nested(2_000)) }
        }
        #expect(ConditionDepth.of(Self.nested(2_000)) == 2_000)
        #expect(ConditionDepth.problem(in: pipeline)
            == "line \(line): the condition of step 'guarded' nests 2000 levels deep; at most 32 are allowed: flatten it (an all inside an all is one all)")
    }
}
