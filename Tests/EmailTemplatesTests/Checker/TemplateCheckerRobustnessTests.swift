import EmailTemplates
import TestTiers
import Testing
import PipelineBasics

/// Random byte-level damage never crashes the checker, and every problem points inside the file.
@Suite(.fast) struct TemplateCheckerRobustnessTests {
    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func mutatedTemplatesAreCheckedWithoutCrashing() throws {
        let checker = TemplateChecker(manifest: try TemplateManifest.parse(bytes: Array(DefectCorpus.manifest.utf8), path: DefectCorpus.manifestPath))
        let base = Array(DefectCorpus.template.utf8)
        let alphabet = Array("<>/\"'={}#^&;!- \n".utf8) + [0xC3, 0xFF, 0x80]
        var random = SplitMix(state: 20_261_125)
        var sawProblems = 0
        for _ in 0..<300 {
            var bytes = base
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[index] = alphabet.randomElement(using: &random)!
                case 1: bytes.remove(at: index)
                default: bytes.insert(alphabet.randomElement(using: &random)!, at: index)
                }
            }
            let lines = bytes.filter { $0 == 0x0A }.count + 1
            let problems = checker.check(templateAt: "templates/" + DefectCorpus.templatePath, bytes: bytes)
            sawProblems += problems.isEmpty ? 0 : 1
            for problem in problems where problem.file != DefectCorpus.manifestPath && problem.rule?.rawValue.hasPrefix("render.") == false {
                #expect((1...lines).contains(problem.line ?? 0), "\(problem)")
                #expect((problem.column ?? 0) >= 1, "\(problem)")
            }
        }
        #expect(sawProblems > 150, "most random damage should be caught")
    }
}
