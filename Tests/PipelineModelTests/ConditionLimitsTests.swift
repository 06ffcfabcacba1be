import Foundation
import PipelineBasics
import PipelineModel
import TestTiers
import Testing

/// Conditions are evaluated in linear time, nest boundedly, and names hold no control characters.
@Suite(.fast) struct ConditionLimitsTests {
    static func nested(_ depth: Int, around leaf: ConditionDefinition = .branch("release")) -> ConditionDefinition {
        var condition = leaf
        for _ in 1..<depth { condition = .all([condition]) }
        return condition
    }

    @Test func eachConditionIsEvaluatedOnce() {
        var lookups = 0
        let condition = Self.nested(60, around: .all([.environment("A", equals: "1"), .environment("B", equals: "2")]))
        let reason = condition.unmetReason(branch: "main", variable: { name in lookups += 1; return name == "A" ? "1" : nil }, changed: { _ in nil })
        #expect(reason == "runs only when $B is '2'")
        #expect(lookups == 2, "a lazy compactMap-first evaluated the unmet condition again at every level")
    }

    @Test func depthIsMeasuredWithoutRecursion() {
        #expect(ConditionDefinition.branch("x").depth == 1)
        #expect(ConditionDefinition.all([.branch("x"), .all([.branch("y")])]).depth == 3)
        #expect(Self.nested(2_000).depth == 2_000)
    }

    @Test func tooDeepAConditionIsAnIssueAtItsLine() {
        var stage = StageDefinition(name: "s", steps: [StepDefinition(kind: "shell", name: "x", parameters: ["command": .string("true")],
                                                                      condition: Self.nested(33), location: .init(file: "p.swift", line: 9))],
                                    location: .init(file: "p.swift", line: 8))
        stage.condition = Self.nested(32)
        let issues = PipelineValidator().validate(PipelineDefinition(name: "p", approvers: .init(members: [:]), stages: [stage], location: .init(file: "p.swift", line: 1)))
        #expect(issues.map(\.description) == ["p.swift:9: error: the condition of step 'x' nests 33 levels deep; at most 32 are allowed: flatten it (an all inside an all is one all)"])
    }

    @Test func aDocumentNestedTooDeeplyIsRefusedBeforeDecoding() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: DocumentError.tooDeep(limit: PipelineDocument.maximumNesting)) {
            try PipelineDocument.decode(Data("{\"version\":1,\"pipeline\":\(deep)}".utf8))
        }
        // Brackets inside strings do not count.
        let quoted = "{\"version\":1,\"error\":\"" + String(repeating: "[", count: 1000) + "\"}"
        #expect(throws: DocumentError.declared(String(repeating: "[", count: 1000))) { try PipelineDocument.decode(Data(quoted.utf8)) }
    }

    @Test(arguments: [("a\u{1B}[2Jb", "U+001B (ESC)", #""a\u{1B}[2Jb""#), ("two\nlines", "U+000A (LF, a newline)", #""two\nlines""#),
                      ("nul\0", "U+0000 (NUL)", #""nul\0""#), ("rtl\u{202E}txt", "U+202E", #""rtl\u{202E}txt""#)])
    func controlCharactersInNamesAreRefusedShownEscaped(name: String, codePoint: String, shown: String) {
        let step = StepDefinition(kind: "shell", name: name, parameters: ["command": .string("true")], location: .init(file: "p.swift", line: 4))
        let pipeline = PipelineDefinition(name: name, approvers: .init(members: [:]),
                                          stages: [StageDefinition(name: "s", steps: [step], location: .init(file: "p.swift", line: 3))],
                                          location: .init(file: "p.swift", line: 2))
        let issues = PipelineValidator().validate(pipeline).map(\.description)
        #expect(issues.contains("p.swift:2: error: the pipeline name, \(shown), contains the control character \(codePoint); names are shown in logs and terminals: use printable characters only"), "\(issues)")
        #expect(issues.contains { $0.hasPrefix("p.swift:4: error: the name of a step of stage 's', \(shown)") }, "\(issues)")
        #expect(!issues.joined().contains(name))
    }

    @Test func stepTimeoutsAreBounded() {
        let step = StepDefinition(kind: "shell", name: "x", parameters: ["command": .string("true")], timeoutSeconds: 1e300, location: .init(file: "p.swift", line: 4))
        let pipeline = PipelineDefinition(name: "p", approvers: .init(members: [:]), stages: [StageDefinition(name: "s", steps: [step], location: .init(file: "p.swift", line: 3))], location: .init(file: "p.swift", line: 2))
        #expect(PipelineValidator().validate(pipeline).map(\.description).contains { $0.contains("use a positive duration up to 30 days") })
    }
}
