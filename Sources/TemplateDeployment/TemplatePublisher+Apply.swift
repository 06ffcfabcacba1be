import AWS
import Foundation
import PipelineModel

extension TemplatePublisher {
    /// Applies `plan` with the same `files` it was made from: uploads the added and changed
    /// objects and deletes the removed ones (a delete marker each), ``concurrency`` at a time.
    /// Refuses, before writing anything, a plan whose files differ from the ones planned or —
    /// with `checkSnapshot` (one more listing; skip it only for a plan made just now) — whose
    /// snapshot no longer matches the bucket.
    public func apply(_ plan: PublishPlan, files: [String: Data], checkSnapshot: Bool = true) async throws -> PublishResult {
        guard plan.bucket == bucket, plan.keyPrefix == keyPrefix else {
            throw TemplateDeploymentError.stalePlan(
                bucket: bucket, detail: "the plan is for s3://\(plan.bucket)/\(plan.keyPrefix), not s3://\(bucket)/\(keyPrefix)")
        }
        var bodies: [String: Data] = [:]
        for (key, bytes) in files { bodies[keyPrefix + key] = bytes }
        let differing = Set(bodies.keys).symmetricDifference(plan.desired.keys).union(
            bodies.filter { plan.desired[$0.key]?.sha256 != Self.desiredObject(key: $0.key, bytes: $0.value).sha256 }.keys)
        if !differing.isEmpty {
            throw TemplateDeploymentError.stalePlan(
                bucket: bucket, detail: "the files differ from the planned ones: \(differing.sorted().prefix(5).joined(separator: ", "))")
        }
        if checkSnapshot {
            let current = try await currentVersions()
            if current != plan.snapshot {
                let changed = Set(current.keys).union(plan.snapshot.keys).filter { current[$0] != plan.snapshot[$0] }.sorted()
                throw TemplateDeploymentError.stalePlan(
                    bucket: bucket, detail: "objects changed since the plan was made: \(changed.prefix(5).joined(separator: ", "))")
            }
        }
        return try await perform(plan, bodies: bodies)
    }

    /// Uploads and deletes what `plan` says; `bodies` by object key (prefix included).
    func perform(_ plan: PublishPlan, bodies: [String: Data]) async throws -> PublishResult {

        enum Write: Sendable {
            case upload(key: String, body: Data, object: PublishPlan.DesiredObject)
            case delete(key: String)
        }
        var writes: [Write] = plan.uploads.compactMap { key in
            guard let body = bodies[key], let object = plan.desired[key] else { return nil }
            return .upload(key: key, body: body, object: object)
        }
        writes += plan.deletions.map { .delete(key: $0) }

        let s3 = client
        let name = bucket
        let commit = plan.commit
        let outcomes = try await BoundedConcurrency.map(writes, limit: concurrency) { write -> (String, String?) in
            switch write {
            case .upload(let key, let body, let object):
                let info = try await TemplateDeploymentError.call(name, "PutObject", key: key) {
                    try await s3.putObject(
                        bucket: name, key: key, body: body, contentType: object.contentType,
                        metadata: [Self.hashMetadata: object.sha256, Self.commitMetadata: commit])
                }
                return (key, info.versionID ?? "null")
            case .delete(let key):
                try await TemplateDeploymentError.call(name, "DeleteObject", key: key) {
                    try await s3.deleteObject(bucket: name, key: key)
                }
                return (key, nil)
            }
        }
        var uploaded: [String: String] = [:]
        var deleted: [String] = []
        for (key, version) in outcomes {
            if let version { uploaded[key] = version } else { deleted.append(key) }
        }
        let unchanged = plan.changes.filter { $0.action == .noChange }.map(\.resource)
        return PublishResult(uploaded: uploaded, deleted: deleted.sorted(), unchanged: unchanged, writeCalls: writes.count)
    }
}
