import Foundation
import PipelineModel

extension TableState {
    /// Paths of changes DynamoDB cannot make in place (the table must be replaced).
    static func forcesReplacement(_ path: String) -> Bool {
        path == "keySchema" || path.hasPrefix("localSecondaryIndexes.")
    }

    /// The attribute changes that turn `self` (e.g. the actual state) into `target` (e.g. the
    /// desired state), in the order apply makes them. Server-side encryption and replicas are
    /// compared only when `target` manages them (non-nil) and `self` reports them.
    ///
    /// Paths: `keySchema`, `localSecondaryIndexes.<name>` (both `replace`: DynamoDB cannot
    /// change them in place), `globalSecondaryIndexes.<name>` (`create`, `delete`, `replace` for
    /// new keys or projection, `update` for throughput), `billingMode`, `provisionedThroughput`,
    /// `stream`, `serverSideEncryption`, `deletionProtection`, `pointInTimeRecovery`,
    /// `timeToLive`, `tags.<key>`, `replicas.<region>`.
    public func changes(toReach target: TableState) -> [AttributeChange] {
        var changes: [AttributeChange] = []
        if key != target.key {
            changes.append(AttributeChange(path: "keySchema", action: .replace, before: json(key), after: json(target.key)))
        }
        for name in Self.names(localSecondaryIndexes.map(\.name), target.localSecondaryIndexes.map(\.name)) {
            let before = localSecondaryIndexes.first { $0.name == name }
            let after = target.localSecondaryIndexes.first { $0.name == name }
            if before != after {
                changes.append(AttributeChange(path: "localSecondaryIndexes.\(name)", action: .replace,
                                               before: before.map(json), after: after.map(json)))
            }
        }
        for name in Self.names(globalSecondaryIndexes.map(\.name), target.globalSecondaryIndexes.map(\.name)) {
            let before = globalIndex(name), after = target.globalIndex(name)
            guard before != after else { continue }
            let action: PlannedChange.Action
            switch (before, after) {
            case (nil, _): action = .create
            case (_, nil): action = .delete
            case (let b?, let a?): action = b.needsRebuild(toMatch: a) ? .replace : .update
            }
            changes.append(AttributeChange(path: "globalSecondaryIndexes.\(name)", action: action,
                                           before: before.map(json), after: after.map(json)))
        }
        if billingMode != target.billingMode {
            changes.append(AttributeChange(path: "billingMode", action: .update, before: .string(billingMode), after: .string(target.billingMode)))
        }
        if provisionedThroughput != target.provisionedThroughput {
            changes.append(Self.change("provisionedThroughput", provisionedThroughput.map(json), target.provisionedThroughput.map(json)))
        }
        if stream != target.stream {
            changes.append(Self.change("stream", stream.map(json), target.stream.map(json)))
        }
        if let wanted = target.serverSideEncryption, let actual = serverSideEncryption, !wanted.isSatisfied(by: actual) {
            changes.append(AttributeChange(path: "serverSideEncryption", action: .update, before: json(actual), after: json(wanted)))
        }
        if deletionProtection != target.deletionProtection {
            changes.append(AttributeChange(path: "deletionProtection", action: .update,
                                           before: .bool(deletionProtection), after: .bool(target.deletionProtection)))
        }
        if pointInTimeRecovery != target.pointInTimeRecovery {
            changes.append(AttributeChange(path: "pointInTimeRecovery", action: .update,
                                           before: .bool(pointInTimeRecovery), after: .bool(target.pointInTimeRecovery)))
        }
        if timeToLive != target.timeToLive {
            changes.append(Self.change("timeToLive", timeToLive.map(JSONValue.string), target.timeToLive.map(JSONValue.string)))
        }
        for key in Set(tags.keys).union(target.tags.keys).sorted() where tags[key] != target.tags[key] {
            changes.append(Self.change("tags.\(key)", tags[key].map(JSONValue.string), target.tags[key].map(JSONValue.string)))
        }
        if let actual = replicas, let wanted = target.replicas {
            for region in Set(actual).symmetricDifference(wanted).sorted() {
                let adding = wanted.contains(region)
                changes.append(AttributeChange(path: "replicas.\(region)", action: adding ? .create : .delete,
                                               before: adding ? nil : .string(region), after: adding ? .string(region) : nil))
            }
        }
        return changes
    }

    /// Every attribute `CreateTable` (and the settings calls after it) set, as `create` changes.
    public var creationAttributes: [AttributeChange] {
        var attributes = [AttributeChange(path: "keySchema", action: .create, after: json(key))]
        attributes += localSecondaryIndexes.map { AttributeChange(path: "localSecondaryIndexes.\($0.name)", action: .create, after: json($0)) }
        attributes += globalSecondaryIndexes.map { AttributeChange(path: "globalSecondaryIndexes.\($0.name)", action: .create, after: json($0)) }
        attributes.append(AttributeChange(path: "billingMode", action: .create, after: .string(billingMode)))
        if let provisionedThroughput {
            attributes.append(AttributeChange(path: "provisionedThroughput", action: .create, after: json(provisionedThroughput)))
        }
        attributes.append(AttributeChange(path: "stream", action: .create, after: stream.map(json) ?? .null))
        if let serverSideEncryption {
            attributes.append(AttributeChange(path: "serverSideEncryption", action: .create, after: json(serverSideEncryption)))
        }
        attributes.append(AttributeChange(path: "deletionProtection", action: .create, after: .bool(deletionProtection)))
        attributes.append(AttributeChange(path: "pointInTimeRecovery", action: .create, after: .bool(pointInTimeRecovery)))
        attributes.append(AttributeChange(path: "timeToLive", action: .create, after: timeToLive.map(JSONValue.string) ?? .null))
        attributes += tags.keys.sorted().map { AttributeChange(path: "tags.\($0)", action: .create, after: .string(tags[$0] ?? "")) }
        attributes += (replicas ?? []).map { AttributeChange(path: "replicas.\($0)", action: .create, after: .string($0)) }
        return attributes
    }

    /// The state as plain JSON (sorted keys; nil fields left out) for `StepPlan.desired`/`snapshot`.
    public var jsonValue: JSONValue { json(self) }

    static func names(_ a: [String], _ b: [String]) -> [String] { Set(a).union(b).sorted() }

    static func change(_ path: String, _ before: JSONValue?, _ after: JSONValue?) -> AttributeChange {
        AttributeChange(path: path, action: before == nil ? .create : after == nil ? .delete : .update, before: before, after: after)
    }
}

/// Plain JSON of an encodable value (it round-trips through `JSONEncoder`, which cannot fail for these types).
func json(_ value: some Encodable) -> JSONValue {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    guard let data = try? encoder.encode(value), let decoded = try? JSONDecoder().decode(JSONValue.self, from: data) else {
        return .null
    }
    return decoded
}
