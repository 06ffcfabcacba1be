import Crypto
import Foundation
import PipelineModel

/// A saved plan: what deploying one commit to one environment would change, step by step, with
/// the desired state each step read at the commit and the snapshot of the actual state it read
/// from the live system. A deploy stage applies exactly this plan, and refuses it once a fresh
/// read no longer equals a step's snapshot (see ``StalePlanError``).
///
/// The JSON form (`docs/plan-format.md`) is versioned by ``formatVersion``; ``hash`` is a SHA-256
/// over the canonical JSON (sorted keys) of everything else but `createdAt`, so any change to the
/// commit, the desired state, the snapshot or the changes changes the hash that approvals record.
public struct EnvironmentPlan: Codable, Sendable, Equatable {
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    public var pipeline: String
    public var environment: String
    /// The deploy stage the plan is for.
    public var stage: String
    public var commit: String?
    public var runID: String?
    public var account: String
    public var region: String
    public var steps: [Step]
    public var createdAt: Date
    public private(set) var hash: String

    /// One step's part of the plan.
    public struct Step: Codable, Sendable, Equatable {
        public var name: String
        public var kind: String
        public var plan: StepPlan

        public init(name: String, kind: String, plan: StepPlan) {
            self.name = name
            self.kind = kind
            self.plan = plan
        }
    }

    public init(pipeline: String, environment: EnvironmentDefinition, stage: String, commit: String?, runID: String?,
                steps: [Step], createdAt: Date = Date()) {
        formatVersion = Self.currentFormatVersion
        self.pipeline = pipeline
        self.environment = environment.name
        self.stage = stage
        self.commit = commit
        self.runID = runID
        account = environment.account
        region = environment.region
        // As a reader of the JSON form will see them (JSON has one kind of number: 2.0 reads back
        // as 2), so the hash a reader computes equals this one.
        self.steps = Self.normalized(steps)
        // Whole seconds: the JSON form keeps no more, and a plan read back equals the plan saved.
        self.createdAt = Date(timeIntervalSince1970: createdAt.timeIntervalSince1970.rounded(.down))
        hash = ""
        hash = computedHash()
    }

    /// Whether applying the plan changes anything.
    public var hasChanges: Bool { steps.contains { $0.plan.hasChanges } }

    /// The saved plan of the step named `name`.
    public func plan(ofStep name: String) -> StepPlan? { steps.first { $0.name == name }?.plan }

    /// Counts per action over every step, e.g. `[.create: 3, .update: 1]`.
    public var actionCounts: [PlannedChange.Action: Int] {
        var counts: [PlannedChange.Action: Int] = [:]
        for step in steps { for change in step.plan.changes { counts[change.action, default: 0] += 1 } }
        return counts
    }

    /// `12 to add, 1 to change, 0 to destroy` (Terraform's wording), plus runs and orphans when present.
    public var tally: String {
        let counts = actionCounts
        var text = "\(counts[.create, default: 0]) to add, \(counts[.update, default: 0] + counts[.replace, default: 0]) to change, \(counts[.delete, default: 0]) to destroy"
        if let runs = counts[.run], runs > 0 { text += ", \(runs) to run" }
        if let orphans = counts[.orphaned], orphans > 0 { text += ", \(orphans) orphaned (kept)" }
        return text
    }

    func computedHash() -> String {
        struct Hashed: Encodable {
            var formatVersion: Int
            var pipeline: String
            var environment: String
            var stage: String
            var commit: String?
            var account: String
            var region: String
            var steps: [Step]
        }
        let hashed = Hashed(formatVersion: formatVersion, pipeline: pipeline, environment: environment, stage: stage,
                            commit: commit, account: account, region: region, steps: steps)
        let data = (try? Self.canonicalEncoder.encode(hashed)) ?? Data()
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    static func normalized(_ steps: [Step]) -> [Step] {
        guard let data = try? canonicalEncoder.encode(steps), let decoded = try? JSONDecoder().decode([Step].self, from: data) else {
            return steps
        }
        return decoded
    }

    /// Whether ``hash`` matches the content (a plan file edited by hand does not).
    public var isIntact: Bool { hash == computedHash() }

    static var canonicalEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// The plan as a JSON document (sorted keys, pretty-printed), the format of `--out`.
    public func jsonData() throws -> Data {
        let encoder = Self.canonicalEncoder
        encoder.outputFormatting.insert(.prettyPrinted)
        return try encoder.encode(self)
    }

    /// Reads a plan document; refuses an unknown format version or a hash that does not match.
    public static func decode(_ data: Data, source: String) throws -> EnvironmentPlan {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        struct Version: Decodable { var formatVersion: Int? }
        guard let version = try? decoder.decode(Version.self, from: data) else {
            throw EngineError.invalidPlan(source: source, reason: "not a plan document (JSON with a formatVersion)")
        }
        guard version.formatVersion == currentFormatVersion else {
            throw EngineError.invalidPlan(source: source, reason: "format version \(version.formatVersion.map(String.init) ?? "missing"); this runner reads version \(currentFormatVersion)")
        }
        let plan: EnvironmentPlan
        do {
            plan = try decoder.decode(EnvironmentPlan.self, from: data)
        } catch {
            throw EngineError.invalidPlan(source: source, reason: "\(error)")
        }
        guard plan.isIntact else {
            throw EngineError.invalidPlan(source: source, reason: "its hash does not match its content (edited after it was made?); plan again")
        }
        return plan
    }
}
