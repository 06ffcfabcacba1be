import Foundation
import PipelineTesting
import TestTiers
import Testing
@testable import RepositoryHistory

@Suite("Commit-graph fast path", .integration)
struct CommitGraphTests {
    /// Octopus merges store their third and later parents in the EDGE chunk.
    @Test func octopusMergesAndNewerCommitsMatchRevList() throws {
        let fixture = try TemporaryGitRepository()
        try fixture.commit("base", files: ["base.txt": "b\n"])
        for name in ["one", "two", "three"] {
            try fixture.checkout("main")
            try fixture.checkout(name, create: true)
            try fixture.commit("work on \(name)", files: ["\(name).txt": "\(name)\n"])
        }
        try fixture.checkout("main")
        let octopus = try fixture.merge("one", "two", "three", message: "Octopus")
        try fixture.writeCommitGraph()
        try fixture.commit("after the graph", files: ["late.txt": "l\n"])

        let repository = try Repository(discoveringFrom: fixture.url)
        let graph = try #require(repository.commitGraph)
        #expect(graph.count == 5)
        #expect(try repository.commitIDs().map(\.hex) == GitOutput.lines(try fixture.git("rev-list", "HEAD")))
        #expect(try repository.commitIDs("one..HEAD").map(\.hex) == GitOutput.lines(try fixture.git("rev-list", "one..HEAD")))
        let octopusID = try #require(CommitID(hex: octopus))
        #expect(try repository.commit(octopusID).parentIDs.count == 4)

        let position = try #require(graph.position(of: RawOID(octopusID.oid)))
        var parents: [Int] = []
        #expect(graph.parents(at: position, into: &parents))
        #expect(Set(parents.map { CommitID(oid: graph.oid(at: $0).oid).hex })
            == Set(GitOutput.lines(try fixture.git("rev-parse", "\(octopus)^1", "\(octopus)^2", "\(octopus)^3", "\(octopus)^4"))))
        #expect(graph.commitTime(at: position) == Int64(try fixture.git("log", "-1", "--format=%ct", octopus)))
    }

    @Test func aDamagedGraphIsIgnored() throws {
        let fixture = try TemporaryGitRepository()
        for index in 0..<5 { try fixture.commit("c\(index)", files: ["f": "\(index)\n"]) }
        try fixture.writeCommitGraph()
        let path = fixture.url.appendingPathComponent(".git/objects/info/commit-graph")
        var bytes = try Data(contentsOf: path)
        bytes = bytes.prefix(bytes.count / 2)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path.path)
        try bytes.write(to: path)
        let repository = try Repository(discoveringFrom: fixture.url)
        #expect(repository.commitGraph == nil)
        #expect(try repository.commitIDs().map(\.hex) == GitOutput.lines(try fixture.git("rev-list", "HEAD")))
    }

    @Test func shallowRepositoriesDoNotUseTheGraph() throws {
        let fixture = try TemporaryGitRepository()
        for index in 0..<3 { try fixture.commit("c\(index)", files: ["f": "\(index)\n"]) }
        try fixture.writeCommitGraph()
        try fixture.write(".git/shallow", try fixture.git("rev-parse", "HEAD~1") + "\n")
        let repository = try Repository(discoveringFrom: fixture.url)
        #expect(repository.commitGraph == nil)
    }

    @Test func queueOrdersByTimeThenArrival() {
        var queue = CommitQueue()
        let ids = (0..<4).map { index in
            withUnsafeBytes(of: (UInt64(index), UInt64(0), UInt32(0))) { RawOID(bytes: $0.baseAddress!) }
        }
        queue.push(ids[0], time: 10, parents: [])
        queue.push(ids[1], time: 30, parents: [])
        queue.push(ids[2], time: 10, parents: [])
        queue.push(ids[3], time: 20, parents: [])
        var order: [RawOID] = []
        while let next = queue.pop() { order.append(next.oid) }
        #expect(order == [ids[1], ids[3], ids[0], ids[2]])
    }
}
