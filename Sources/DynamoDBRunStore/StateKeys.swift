import AWS
import Foundation

/// The single-table layout: every item has a partition key `pk` and a sort key `sk` (strings).
///
/// | item | pk | sk |
/// | --- | --- | --- |
/// | run | `RUN#<id>` | `META` (also `runs`/`started` for the newest-runs index) |
/// | stage | `RUN#<id>` | `STAGE#<stage>` |
/// | step phase | `RUN#<id>` | `STEP#<stage>#<step>#<phase>` |
/// | approval | `RUN#<id>` | `APPROVAL#<stage>#<approver>#<plan hash>#<statement nonce>` |
/// | approvals' version | `RUN#<id>` | `APPROVALS#<stage>` |
/// | event | `RUN#<id>` | `EVENT#<sequence, 10 digits>` |
/// | plan | `RUN#<id>` | `PLAN#<environment>` |
/// | lease break | `RUN#<id>` | `BREAK#<time>#<uuid>` |
/// | lease | `LEASES` | `<key>` |
/// | deployment | `DEPLOY#<environment>` | `<time>#<run id>` |
/// | stage success | `SUCCEEDED#<pipeline>#<stage>#<commit>` | `RUN#<id>` |
///
/// Names inside keys are escaped (`%` → `%25`, `#` → `%23`), so no name can reach into another's key.
enum StateKeys {
    static let pk = "pk", sk = "sk"
    /// The newest-runs index: partition `RUNS`, sort key start time then run id.
    static let runsIndex = "runs-by-start"
    static let runsPartition = "runs", runsSort = "started"

    static func escape(_ name: String) -> String {
        name.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "#", with: "%23")
    }

    static func key(_ pk: String, _ sk: String) -> DynamoDBItem { [Self.pk: .s(pk), Self.sk: .s(sk)] }

    static func run(_ id: String) -> String { "RUN#\(escape(id))" }
    static let meta = "META"
    static func stage(_ name: String) -> String { "STAGE#\(escape(name))" }
    static func step(stage: String, name: String, phase: String) -> String { "STEP#\(escape(stage))#\(escape(name))#\(phase)" }
    static func approvalPrefix(stage: String) -> String { "APPROVAL#\(escape(stage))#" }
    /// One item per decision: after the stage is planned again (`resume --replan`) the same
    /// person approves the new plan in an item of its own, and a row someone wrote into the table
    /// under a person's name never holds the key of that person's real decision (one decision
    /// per person and plan is the gate's rule, checked under the approvals' version).
    static func approval(stage: String, approver: String, planHash: String?, nonce: String?) -> String {
        approvalPrefix(stage: stage) + escape(approver) + "#" + escape(planHash ?? "-") + "#" + escape(nonce ?? "-")
    }
    static func approvalsVersion(stage: String) -> String { "APPROVALS#\(escape(stage))" }
    static func event(_ sequence: Int) -> String { "EVENT#" + String(format: "%010d", sequence) }
    static func plan(_ environment: String) -> String { "PLAN#\(escape(environment))" }
    static func leaseBreak(at date: Date) -> String { "BREAK#\(time(date))#\(UUID().uuidString)" }
    static let leases = "LEASES"
    static func deployments(_ environment: String) -> String { "DEPLOY#\(escape(environment))" }
    static func deployment(at date: Date, run: String) -> String { "\(time(date))#\(escape(run))" }
    static func stageSucceeded(pipeline: String, stage: String, commit: String?) -> String {
        "SUCCEEDED#\(escape(pipeline))#\(escape(stage))#\(commit.map(escape) ?? "-")"
    }

    /// A time that sorts as text: seconds since 1970 with microseconds, zero-padded.
    static func time(_ date: Date) -> String {
        String(format: "%017.6f", max(0, date.timeIntervalSince1970))
    }
}
