extension StageGraph {
    /// The graph as a Mermaid flowchart. Gated stages show their required roles.
    public func mermaid() -> String {
        var lines = ["flowchart LR"]
        for stage in stages {
            lines.append("    \(Self.identifier(stage.name))[\"\(Self.label(stage, separator: "<br/>"))\"]")
        }
        for stage in stages {
            for dependency in stage.dependsOn {
                lines.append("    \(Self.identifier(dependency)) --> \(Self.identifier(stage.name))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The graph in Graphviz DOT.
    public func dot() -> String {
        var lines = ["digraph pipeline {", "    rankdir=LR;", "    node [shape=box];"]
        for stage in stages {
            let shape = stage.gate == nil ? "" : ", style=bold"
            lines.append("    \"\(Self.escape(stage.name))\" [label=\"\(Self.escape(Self.label(stage, separator: "\\n")))\"\(shape)];")
        }
        for stage in stages {
            for dependency in stage.dependsOn {
                lines.append("    \"\(Self.escape(dependency))\" -> \"\(Self.escape(stage.name))\";")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func label(_ stage: StageDefinition, separator: String) -> String {
        var parts = [stage.name]
        if let gate = stage.gate {
            parts.append("gate: \(gate.summary)")
        }
        if stage.rollback != .none { parts.append("rollback: \(stage.rollback.summary)") }
        return parts.map { $0.replacingOccurrencesOfQuote() }.joined(separator: separator)
    }

    private static func identifier(_ name: String) -> String {
        "s_" + String(name.unicodeScalars.map { scalar in
            (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) && scalar.isASCII ? Character(scalar) : "_"
        })
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrencesOfQuote()
    }
}

extension String {
    fileprivate func replacingOccurrencesOfQuote() -> String {
        split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "'")
    }
}
