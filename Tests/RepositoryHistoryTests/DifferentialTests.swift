import Foundation
import PipelineTesting
import TestTiers
import Testing
@testable import RepositoryHistory

/// Checks RepositoryHistory against the `git` command line on randomly generated histories
/// (seeded, so a failure reproduces): history order, path-limited history, changed paths
/// between random pairs of commits, file contents and tree listings at random commits.
@Suite("Differential tests against the git CLI", .integration)
struct DifferentialTests {
    /// Seed 10 renames an edited binary file; seed 1234 makes an empty commit.
    @Test(arguments: [UInt64(1), 10, 42, 1234, 2026])
    func matchesGitOnAGeneratedRepository(seed: UInt64) throws {
        var generator = try RandomRepositoryGenerator(seed: seed)
        try generator.generate(commitCount: 45)
        let fixture = generator.fixture
        let repository = try Repository(discoveringFrom: fixture.url)
        #expect(generator.commits.count >= 40)
        #expect(generator.commits.contains { (try? repository.commit(CommitID(hex: $0)!).isMerge) == true }, "seed \(seed) has merges")

        try Self.checkHistory(generator: &generator, repository: repository, label: "seed \(seed), no commit-graph")
        #expect(repository.commitGraph == nil)

        // With a commit-graph (as `git gc` leaves it) and newer commits that it does not list.
        try fixture.writeCommitGraph()
        try generator.generate(commitCount: 15)
        let graphed = try Repository(discoveringFrom: fixture.url)
        #expect(graphed.commitGraph != nil)
        try Self.checkHistory(generator: &generator, repository: graphed, label: "seed \(seed), commit-graph")
        let commits = generator.commits

        // Changed paths between random pairs, with git's rename scores.
        var compared = 0, renames = 0
        for _ in 0..<25 {
            let base = generator.pick(commits), head = generator.pick(commits)
            let ours = try repository.changes(from: base, to: head)
            let theirs = try GitOutput.nameStatus(fixture, base, head)
            let ourLines = Set(ours.map(Self.nameStatusLine))
            let gitLines = Set(theirs.map { ([$0.status] + $0.paths).joined(separator: "\t") })
            #expect(ourLines == gitLines, """
                seed \(seed): diff \(base) \(head)
                only ours: \(ourLines.subtracting(gitLines).sorted())
                only git: \(gitLines.subtracting(ourLines).sorted())
                """)
            compared += theirs.count
            renames += theirs.filter { $0.status.hasPrefix("R") }.count
        }
        #expect(compared > 50, "the pairs exercised real differences")
        #expect(renames > 5, "the pairs exercised rename detection")

        // File contents and listings at random commits.
        for _ in 0..<15 {
            let commit = generator.pick(commits)
            let listing = try fixture.gitData(["ls-tree", "-r", "-z", "--name-only", commit])
                .split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            let id = try #require(CommitID(hex: commit))
            #expect(try repository.files(at: id).map(\.path) == listing, "ls-tree \(commit)")
            for _ in 0..<4 where !listing.isEmpty {
                let path = generator.pick(listing)
                #expect(try repository.contents(of: path, at: id) == (try fixture.gitData(["show", "\(commit):\(path)"])),
                        "show \(commit):\(path)")
            }
        }
    }

    /// History order (`git rev-list`), ranges, and path-limited history (`--full-history`).
    static func checkHistory(
        generator: inout RandomRepositoryGenerator, repository: Repository, label: String
    ) throws {
        let fixture = generator.fixture
        for branch in generator.branches {
            #expect(try repository.commitIDs(branch).map(\.hex) == GitOutput.lines(try fixture.git("rev-list", branch, "--")), "\(label): rev-list \(branch)")
        }
        for _ in 0..<10 {
            let range = "\(generator.pick(generator.commits))..\(generator.pick(generator.commits))"
            #expect(try repository.commitIDs(range).map(\.hex) == GitOutput.lines(try fixture.git("rev-list", range, "--")), "\(label): rev-list \(range)")
        }
        for directory in ["src", "docs", "日本", "side-1", "données"] {
            let range = "\(generator.pick(generator.commits))..main"
            for spec in ["main", range] {
                let expected = GitOutput.lines(try fixture.git("rev-list", "--full-history", spec, "--", directory))
                #expect(try repository.commitIDs(spec, paths: [PathPattern(directory)]).map(\.hex) == expected,
                        "\(label): rev-list --full-history \(spec) -- \(directory)")
            }
        }
        for _ in 0..<5 {
            let range = "\(generator.pick(generator.commits))...\(generator.pick(generator.commits))"
            #expect(try repository.commitIDs(range).map(\.hex) == GitOutput.lines(try fixture.git("rev-list", range, "--")), "\(label): rev-list \(range)")
        }
        #expect(try repository.commitIDs("main", limit: 7).map(\.hex) == GitOutput.lines(try fixture.git("rev-list", "-n", "7", "main", "--")), "\(label): limit")
    }

    /// A change as `git diff --name-status -M` prints it: "M\tpath", "R087\told\tnew".
    static func nameStatusLine(_ change: Change) -> String {
        var status = String(change.statusLetter)
        if case .renamed(let similarity) = change.kind {
            status += String(repeating: "0", count: max(0, 3 - String(similarity).count)) + String(similarity)
        }
        return ([status] + change.paths).joined(separator: "\t")
    }
}
