import Foundation
import PipelineTesting
import TestTiers
import Testing
@testable import RepositoryHistory

@Suite("History walks", .integration)
struct HistoryTests {
    /// main: c0 - c1 - c2 ------- M - c5
    ///                 \         /
    /// feature:         f3 - f4
    private func mergedHistory() throws -> TemporaryGitRepository {
        let fixture = try TemporaryGitRepository()
        try fixture.commit("c0", files: ["app/main.txt": "0\n", "README": "r\n"])
        try fixture.commit("c1", files: ["app/main.txt": "1\n"])
        try fixture.commit("c2", files: ["README": "r2\n"])
        try fixture.tag("v1", message: "Release 1")
        try fixture.checkout("feature", create: true)
        try fixture.commit("f3", files: ["feature/x.json": "{}\n"])
        try fixture.commit("f4", files: ["app/main.txt": "f4\n"])
        try fixture.checkout("main")
        try fixture.merge("feature", message: "Merge feature")
        try fixture.commit("c5", files: ["docs/naïve résumé.md": "d\n"])
        return fixture
    }

    @Test func fullHistoryMatchesRevList() throws {
        let fixture = try mergedHistory()
        let repository = try Repository(discoveringFrom: fixture.url)
        let expected = GitOutput.lines(try fixture.git("rev-list", "HEAD"))
        #expect(try repository.commitIDs().map(\.hex) == expected)
        let commits = try repository.history()
        #expect(commits.map(\.id.hex) == expected)
        #expect(commits.map(\.summary) == ["c5", "Merge feature", "f4", "f3", "c2", "c1", "c0"])
    }

    @Test func rangesLimitsAndSymmetricDifference() throws {
        let fixture = try mergedHistory()
        let repository = try Repository(discoveringFrom: fixture.url)
        for range in ["v1..HEAD", "v1..", "HEAD~1..feature", "main...v1", "feature...HEAD~1", "HEAD~2"] {
            let arguments = ["rev-list"] + (range.contains("...") ? [range] : [range])
            #expect(try repository.commitIDs(range).map(\.hex) == GitOutput.lines(try fixture.git(arguments)), "range \(range)")
        }
        #expect(try repository.history("v1..HEAD", limit: 2).map(\.summary) == ["c5", "Merge feature"])
        #expect(try repository.commitIDs(limit: 0).isEmpty)
    }

    @Test func pathFilteredHistoryMatchesFullHistoryRevList() throws {
        let fixture = try mergedHistory()
        let repository = try Repository(discoveringFrom: fixture.url)
        for (range, path) in [("HEAD", "app"), ("HEAD", "app/main.txt"), ("HEAD", "README"), ("v1..HEAD", "app"),
                              ("HEAD", "feature"), ("HEAD", "docs/naïve résumé.md"), ("HEAD~1..HEAD", "app")] {
            let expected = GitOutput.lines(try fixture.git("rev-list", "--full-history", range, "--", path))
            #expect(try repository.commitIDs(range, paths: [PathPattern(path)]).map(\.hex) == expected, "\(range) -- \(path)")
        }
        for glob in ["feature/*.json", "**/*.md", "app/*"] {
            let expected = GitOutput.lines(try fixture.git("rev-list", "--full-history", "HEAD", "--", ":(glob)\(glob)"))
            #expect(try repository.commitIDs(paths: [PathPattern(glob)]).map(\.hex) == expected, "glob \(glob)")
        }
        // The merge brings f3's file into main, so it differs from its first parent there.
        #expect(try repository.history(paths: ["feature/*.json"]).map(\.summary) == ["Merge feature", "f3"])
        #expect(try repository.history(paths: ["**/*.md"]).map(\.summary) == ["c5"])
        #expect(try repository.history(paths: ["app"], limit: 1).map(\.summary) == ["Merge feature"])
    }

    @Test func topologicalOrderPutsChildrenFirstDespiteClockSkew() throws {
        let fixture = try TemporaryGitRepository()
        try fixture.commit("old", files: ["f": "1\n"])
        fixture.setClock(secondsSince1970: 1_000_000_000) // older than its parent
        try fixture.commit("skewed", files: ["f": "2\n"])
        fixture.setClock(secondsSince1970: 1_800_000_000)
        try fixture.commit("new", files: ["f": "3\n"])
        let repository = try Repository(discoveringFrom: fixture.url)
        let topological = try repository.history(order: .topological)
        #expect(topological.map(\.summary) == ["new", "skewed", "old"])
        for (index, commit) in topological.enumerated() {
            let later = topological[(index + 1)...].map(\.id)
            #expect(commit.parentIDs.allSatisfy(later.contains))
        }
        #expect(try repository.commitIDs(order: .topological).map(\.hex)
            == GitOutput.lines(try fixture.git("rev-list", "--topo-order", "HEAD")))
    }

    @Test func unknownRangeEndsNameTheRange() throws {
        let fixture = try mergedHistory()
        let repository = try Repository(discoveringFrom: fixture.url)
        #expect {
            _ = try repository.history("v9..HEAD")
        } throws: { error in
            guard let error = error as? RepositoryError, case .unknownRevision(let revision, _) = error else { return false }
            return revision == "v9..HEAD" && error.description.contains("v9..HEAD")
        }
    }

    @Test func emptyRepositoryHistoryIsAnUnbornError() throws {
        let fixture = try TemporaryGitRepository()
        let repository = try Repository(discoveringFrom: fixture.url)
        #expect {
            _ = try repository.history()
        } throws: { error in
            guard case .unbornHead(let branch, _) = error as? RepositoryError else { return false }
            return branch == "main"
        }
    }
}
