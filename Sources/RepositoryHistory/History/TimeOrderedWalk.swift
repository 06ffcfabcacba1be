import CLibgit2
import Foundation

/// `git rev-list`'s default walk (newest commit time first; equal times in the order the
/// commits were reached), over the commit-graph file where it lists a commit and over
/// libgit2's commit parser where it does not (commits made since the last `git gc`).
///
/// Hidden commits (`base` in `base..head`) hide all their ancestors: the result is exactly
/// the commits reachable from the included ones and not from the hidden ones.
struct TimeOrderedWalk {
    let repository: Repository
    let graph: CommitGraphFile

    enum Failure: Error {
        /// The commit-graph file contradicts itself; the caller falls back to libgit2.
        case inconsistentGraph
        case repository(RepositoryError)
    }

    /// Calls `body` with each commit in order until it returns false.
    func run(include: [CommitID], hide: [CommitID], _ body: (git_oid) throws(RepositoryError) -> Bool) throws(Failure) {
        var hidden: Set<RawOID> = []
        if !hide.isEmpty {
            var stack = hide.map { RawOID($0.oid) }
            hidden.reserveCapacity(1024)
            while let next = stack.popLast() {
                guard hidden.insert(next).inserted else { continue }
                for parent in try parents(of: next).parents where !hidden.contains(parent) {
                    stack.append(parent)
                }
            }
        }
        var queue = CommitQueue()
        var seen: Set<RawOID> = []
        for root in include.map({ RawOID($0.oid) }) where !hidden.contains(root) && seen.insert(root).inserted {
            let info = try parents(of: root)
            queue.push(root, time: info.time, parents: info.parents)
        }
        while let next = queue.pop() {
            do {
                guard try body(next.oid.oid) else { return }
            } catch {
                throw .repository(error)
            }
            for parent in next.parents where !hidden.contains(parent) && seen.insert(parent).inserted {
                let info = try parents(of: parent)
                queue.push(parent, time: info.time, parents: info.parents)
            }
        }
    }

    /// The commit time and parents of `oid`.
    private func parents(of oid: RawOID) throws(Failure) -> (time: Int64, parents: [RawOID]) {
        if let position = graph.position(of: oid) {
            var positions: [Int] = []
            guard graph.parents(at: position, into: &positions) else { throw .inconsistentGraph }
            return (graph.commitTime(at: position), positions.map(graph.oid(at:)))
        }
        var lookup = oid.oid
        let commit: GitHandle
        do {
            commit = try GitHandle.make(owner: repository.handle, free: git_commit_free, onError: {
                .libgit2(operation: "read commit", subject: ObjectID.hexString(lookup), failure: $0)
            }) { git_commit_lookup($0, repository.handle.pointer, &lookup) }
        } catch {
            throw .repository(error)
        }
        let count = git_commit_parentcount(commit.pointer)
        var parents: [RawOID] = []
        parents.reserveCapacity(Int(count))
        for index in 0..<count {
            if let parent = git_commit_parent_id(commit.pointer, index) { parents.append(RawOID(parent.pointee)) }
        }
        return (git_commit_time(commit.pointer), parents)
    }
}

/// A max-queue by commit time; among equal times, the commit pushed first comes first
/// (git's `prio_queue` is stable the same way).
struct CommitQueue {
    struct Entry {
        let time: Int64
        let order: Int
        let oid: RawOID
        let parents: [RawOID]
    }

    private var heap: [Entry] = []
    private var counter = 0

    mutating func push(_ oid: RawOID, time: Int64, parents: [RawOID]) {
        heap.append(Entry(time: time, order: counter, oid: oid, parents: parents))
        counter += 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard before(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Entry? {
        guard !heap.isEmpty else { return nil }
        let top = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var best = parent
                if left < heap.count && before(heap[left], heap[best]) { best = left }
                if right < heap.count && before(heap[right], heap[best]) { best = right }
                if best == parent { break }
                heap.swapAt(parent, best)
                parent = best
            }
        }
        return top
    }

    private func before(_ a: Entry, _ b: Entry) -> Bool {
        a.time != b.time ? a.time > b.time : a.order < b.order
    }
}
