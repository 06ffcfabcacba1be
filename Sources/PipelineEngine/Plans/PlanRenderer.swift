import PipelineModel

/// Renders saved plans for people, Terraform-style: a line per resource with its symbol
/// (`+ ~ - -/+ > = !`) and, below it, a line per changed attribute.
public enum PlanRenderer {
    /// The plan as plain text lines (no colour), for the console, the run summary and gates.
    /// Unchanged resources are folded into one count per step unless `verbose`.
    public static func lines(_ plan: EnvironmentPlan, verbose: Bool = false) -> [String] {
        var lines = ["Plan for \(plan.environment) (account \(plan.account), \(plan.region)) at commit \(plan.commit.map { String($0.prefix(12)) } ?? "(none)"), plan \(plan.hash.prefix(12)):"]
        for step in plan.steps {
            lines.append("  \(step.name):")
            var unchanged = 0
            for change in step.plan.changes {
                if change.action == .noChange && !verbose {
                    unchanged += 1
                    continue
                }
                lines.append(resourceLine(change))
                for attribute in change.attributes {
                    lines.append("        \(attribute.action.symbol) \(attribute.path)\(valueText(attribute))")
                }
            }
            if unchanged > 0 { lines.append("    = \(unchanged) unchanged") }
            for note in step.plan.notes { lines.append("    note: \(note)") }
        }
        lines.append("  Plan: \(plan.tally).")
        return lines
    }

    /// One resource line: `    ~ dynamodb.table tenants (2 indexes to add)`.
    static func resourceLine(_ change: PlannedChange) -> String {
        var line = "    \(change.action.symbol) \(change.type == "step" ? "" : change.type + " ")\(change.resource)"
        if !change.detail.isEmpty { line += " (\(change.detail))" }
        return line
    }

    static func valueText(_ attribute: AttributeChange) -> String {
        switch (attribute.before, attribute.after) {
        case (nil, nil): ""
        case (nil, let after?): ": \(render(after))"
        case (let before?, nil): ": \(render(before)) → (none)"
        case (let before?, let after?): ": \(render(before)) → \(render(after))"
        }
    }

    /// Compact JSON for a value: scalars as is, small containers inline.
    static func render(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return "\"\(text)\""
        case .int(let number): return "\(number)"
        case .double(let number): return "\(number)"
        case .bool(let flag): return "\(flag)"
        case .null: return "null"
        case .array(let values):
            let inner = values.map(render).joined(separator: ", ")
            return inner.count > 100 ? "[\(values.count) items]" : "[\(inner)]"
        case .object(let fields):
            let inner = fields.keys.sorted().map { "\($0): \(render(fields[$0]!))" }.joined(separator: ", ")
            return inner.count > 100 ? "{\(fields.count) fields}" : "{\(inner)}"
        }
    }

    /// The plan as Markdown: a heading, the tally, and the plan in a `diff` block.
    public static func markdown(_ plan: EnvironmentPlan) -> String {
        var text = "#### Plan for \(plan.environment): \(plan.tally)\n\n"
        text += "Plan hash `\(plan.hash.prefix(16))`, commit `\(plan.commit.map { String($0.prefix(12)) } ?? "none")`.\n\n"
        text += "```diff\n" + lines(plan).dropFirst().joined(separator: "\n") + "\n```\n"
        return text
    }
}
