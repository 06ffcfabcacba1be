import AWS
import Foundation

extension TemplatePublisher {
    /// Puts every managed key back at the version `snapshot` recorded before the deploy (a
    /// publish plan's ``PublishPlan/snapshot``, possibly read back from a saved plan):
    ///
    /// - a key whose latest version differs: every version newer than the snapshot's is
    ///   deleted (the upload the deploy made, or the delete marker it added), so the snapshot's
    ///   version id is current again — the same id, not a copy;
    /// - a key the snapshot does not know (the deploy added it): every version is deleted;
    /// - a key already at its snapshot version: untouched.
    ///
    /// Anything it cannot restore (a snapshot version that no longer exists) is reported in
    /// ``TemplateDeploymentError/rollbackIncomplete(bucket:failures:writeCalls:)`` after doing the rest.
    public func rollback(to snapshot: [String: PublishPlan.ObjectVersion]) async throws -> RollbackResult {
        var versionsByKey: [String: [S3ObjectVersion]] = [:]
        for version in try await versions(prefix: keyPrefix) { versionsByKey[version.key, default: []].append(version) }

        enum Work: Sendable {
            /// Delete these versions (every version of a key the deploy added).
            case remove(key: String, versionIDs: [String])
            /// Delete the latest version until `target` is latest again.
            case restore(key: String, target: String, bound: Int)
        }
        var work: [Work] = []
        var failures: [String] = []
        for (key, versions) in versionsByKey.sorted(by: { $0.key < $1.key }) {
            guard let target = snapshot[key] else {
                work.append(.remove(key: key, versionIDs: versions.map(\.versionID)))
                continue
            }
            guard versions.contains(where: { $0.versionID == target.versionID }) else {
                failures.append("\(key): version \(target.versionID) no longer exists")
                continue
            }
            if versions.first(where: \.isLatest)?.versionID != target.versionID {
                work.append(.restore(key: key, target: target.versionID, bound: versions.count))
            }
        }
        for key in snapshot.keys.sorted() where versionsByKey[key] == nil {
            failures.append("\(key): no versions left (version \(snapshot[key]?.versionID ?? "?") was deleted)")
        }

        typealias Outcome = (key: String, removed: Bool, writes: Int, failure: String?)
        let publisher = self
        let outcomes = try await BoundedConcurrency.map(work, limit: concurrency) { item -> Outcome in
            switch item {
            case .remove(let key, let versionIDs):
                var writes = 0
                for versionID in versionIDs {
                    if let failure = try await publisher.deleteVersion(key, versionID) { return (key, true, writes, failure) }
                    writes += 1
                }
                return (key, true, writes, nil)
            case .restore(let key, let target, let bound):
                // One listing cannot order a key's versions and delete markers reliably (moto lists
                // markers after versions), so delete the latest and read the key again, bounded
                // by how many versions it has.
                var writes = 0
                for _ in 0..<bound {
                    let versions = try await publisher.versions(prefix: key).filter { $0.key == key }
                    guard let latest = versions.first(where: \.isLatest) else { break }
                    if latest.versionID == target { return (key, false, writes, nil) }
                    if let failure = try await publisher.deleteVersion(key, latest.versionID) { return (key, false, writes, failure) }
                    writes += 1
                }
                return (key, false, writes, "\(key): version \(target) did not become current after \(writes) deletions")
            }
        }
        failures += outcomes.compactMap(\.failure)
        let writeCalls = outcomes.reduce(0) { $0 + $1.writes }
        if !failures.isEmpty {
            throw TemplateDeploymentError.rollbackIncomplete(bucket: bucket, failures: failures, writeCalls: writeCalls)
        }
        return RollbackResult(restored: outcomes.filter { !$0.removed }.map(\.key).sorted(),
                              removed: outcomes.filter(\.removed).map(\.key).sorted(), writeCalls: writeCalls)
    }

    /// Every version and delete marker under `prefix`.
    func versions(prefix: String) async throws -> [S3ObjectVersion] {
        try await TemplateDeploymentError.call(bucket, "ListObjectVersions") {
            try await client.listObjectVersions(bucket: bucket, prefix: prefix.isEmpty ? nil : prefix)
        }
    }

    /// Deletes one version; a failure as text (for the incomplete-rollback report).
    func deleteVersion(_ key: String, _ versionID: String) async throws -> String? {
        do {
            try await client.deleteObject(bucket: bucket, key: key, versionID: versionID)
            return nil
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            let wrapped = TemplateDeploymentError.wrap(error, bucket: bucket, action: "DeleteObjectVersion", key: key)
            return "\(key) version \(versionID): \(wrapped)"
        }
    }
}
