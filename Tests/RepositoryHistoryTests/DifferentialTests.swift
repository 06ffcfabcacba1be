import Foundation
import PipelineTesting
import Testing
@testable import RepositoryHistory

/// Checks RepositoryHistory against the `git` command line on randomly generated histories
/// (seeded, so a failure reproduces): history order, path-limited history, changed paths
/// between random pairs of commits, file contents and tree listings at random commits.
@Suite("Differential tests against the git CLI")
struct DifferentialTests {
    /// Similarity scores differ between git (diffcore-delta) and libgit2 (hashsig). Near the 50%
    /// threshold the two may disagree whether a pair is a rename; such pairs are compared as a
    /// deletion plus an addition. Clear renames (at or above this score) must agree exactly.
    static let borderlineSimilarity = 70

    @Test(arguments: [UInt64(1), 42, 2026])
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

        // Changed paths between random pairs.
        var tolerated = 0, compared = 0
        for _ in 0..<25 {
            let base = generator.pick(commits), head = generator.pick(commits)
            let ours = try repository.changes(from: base, to: head)
            let theirs = try GitOutput.nameStatus(fixture, base, head)
            let ourEntries = ours.map(Self.entry)
            let gitEntries = theirs.map { (letter: String($0.status.prefix(1)), score: Int($0.status.dropFirst()) ?? 0, paths: $0.paths) }
            let borderline = Self.borderlinePairs(ourEntries + gitEntries)
            let oursCanonical = Self.canonical(ourEntries, borderline: borderline)
            let theirsCanonical = Self.canonical(gitEntries, borderline: borderline)
            #expect(oursCanonical == theirsCanonical, """
                seed \(seed): diff \(base) \(head)
                only ours: \(oursCanonical.subtracting(theirsCanonical).sorted())
                only git: \(theirsCanonical.subtracting(oursCanonical).sorted())
                our renames: \(ours.filter { $0.previousPath != nil }.map { "\($0.kind) \($0.paths)" })
                git renames: \(theirs.filter { $0.status.hasPrefix("R") }.map { "\($0.status) \($0.paths)" })
                """)
            compared += theirs.count
            if Set(ours.map(Self.entry).map(Self.key)) != Set(theirs.map { Self.key((String($0.status.prefix(1)), 0, $0.paths)) }) {
                tolerated += 1
            }
        }
        #expect(compared > 50, "the pairs exercised real differences")
        #expect(tolerated <= 5, "few borderline rename disagreements (\(tolerated))")

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

    typealias Entry = (letter: String, score: Int, paths: [String])

    static func entry(_ change: Change) -> Entry {
        if case .renamed(let similarity) = change.kind { return ("R", similarity, change.paths) }
        return (String(change.statusLetter), 0, change.paths)
    }

    static func key(_ entry: Entry) -> String {
        ([entry.letter] + entry.paths).joined(separator: "\t")
    }

    /// Rename pairs that either side scored below ``borderlineSimilarity``.
    static func borderlinePairs(_ entries: [Entry]) -> Set<[String]> {
        Set(entries.filter { $0.letter == "R" && $0.score < borderlineSimilarity }.map(\.paths))
    }

    /// Borderline renames become a deletion plus an addition; the rest stay as they are.
    static func canonical(_ entries: [Entry], borderline: Set<[String]>) -> Set<String> {
        var result: Set<String> = []
        for entry in entries {
            if entry.letter == "R", borderline.contains(entry.paths), entry.paths.count == 2 {
                result.insert("D\t\(entry.paths[0])")
                result.insert("A\t\(entry.paths[1])")
            } else {
                result.insert(key(entry))
            }
        }
        return result
    }
}
