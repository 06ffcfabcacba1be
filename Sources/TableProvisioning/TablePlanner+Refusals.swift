import Foundation
import PipelineModel

extension TablePlanner {
    /// A replacement the plan shows but apply will refuse: the change (`-/+`, detail `refused: …`,
    /// only the attributes DynamoDB cannot change in place) and a note saying why and what to do.
    struct Refusal {
        var change: PlannedChange
        var note: String
    }

    /// The refusal of replacing `actual` to reach `desired` (which differ in what DynamoDB
    /// cannot change in place), or nil when the replacement may be planned: the table is the
    /// pipeline's, `allowReplacement` is true and its deletion protection is off.
    ///
    /// Mirrors the applier's checks in the same order (``TableApplier``): ownership first (a
    /// table the pipeline did not make is never offered for replacement, whatever
    /// `allowReplacement` says), then `allowReplacement`, then deletion protection.
    static func refusal(_ actual: TableState, _ desired: TableState, verdict: TableOwnership.Verdict, allowReplacement: Bool,
                        attributes: [AttributeChange]) -> Refusal? {
        let name = desired.tableName
        let forced = attributes.filter { TableState.forcesReplacement($0.path) }
        guard let first = forced.first else { return nil }
        let found = actual.inPlaceDifference(to: desired)
        let detail: String
        let note: String
        if !verdict.isPipelines {
            detail = "refused: \(found); not made by the pipeline, so never replaced"
            note = "\(name) exists but was not made by the pipeline (\(verdict.reason)): it is never replaced, "
                + "whatever allowReplacement says, and applying this plan fails for it without changing it. "
                + Self.advice(for: actual)
        } else if !allowReplacement {
            detail = "refused: \(found); DynamoDB cannot change this in place"
            note = "\(name): \(reason(first.path)); applying this plan fails for it without changing it. "
                + "Set allowReplacement: true to replace it (deletes its data), or keep its old \(Self.what(first.path)) in its definition."
        } else if actual.deletionProtection {
            detail = "refused: \(found); replacing is allowed but deletion protection is on"
            note = "\(name): replacing it is allowed, but its deletion protection is on: applying this plan fails for it without changing it. "
                + "Turn deletion protection off in its definition and deploy that first, or keep its old \(Self.what(first.path))."
        } else {
            return nil
        }
        return Refusal(change: PlannedChange(action: .replace, type: resourceType, resource: name, detail: detail, attributes: forced),
                       note: note)
    }

    /// What to do about a table the pipeline did not make whose keys differ from the definition's.
    static func advice(for actual: TableState) -> String {
        "Give the definition another tableName (the pipeline then makes its own table beside this one), "
            + "or remove this table by hand once its data is kept elsewhere, "
            + "or change the definition to match it (key schema \(actual.keySchemaText)) so that applying adopts it."
    }

    /// `key schema` or `local secondary index ByStart`, for a path DynamoDB cannot change in place.
    static func what(_ path: String) -> String {
        path == "keySchema" ? "key schema" : "local secondary index \(path.dropFirst("localSecondaryIndexes.".count))"
    }
}
