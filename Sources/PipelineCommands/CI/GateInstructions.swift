import Foundation
import PipelineEngine
import PipelineModel

/// What a GitHub Actions job summary says about a gate the run waits at: who must still approve,
/// and the two exact ways to do it (the approve workflow, or `pipeline approve` with an SSH key
/// on a laptop), after which the run continues by itself.
struct GateInstructions {
    let layout: GitHubWorkflowLayout
    let run: String
    /// The stage waiting at its gate, and the decisions recorded there so far.
    let stage: StageDefinition
    let approvals: [ApprovalRecord]
    /// `GITHUB_SERVER_URL`, `GITHUB_REPOSITORY` and the main workflow's file (from `GITHUB_WORKFLOW_REF`).
    let environment: [String: String]

    var markdown: String {
        guard let gate = stage.gate else { return "" }
        let approved = approvals.filter { !$0.isRejection }
        let covered = Set(approved.map(\.role))
        let missing = gate.requiredRoles.filter { !covered.contains($0) }
        let more = max(gate.minimumApprovers - Set(approved.map(\.approver)).count, 0)
        let repository = environment["GITHUB_REPOSITORY"] ?? "OWNER/NAME"
        let server = environment["GITHUB_SERVER_URL"] ?? "https://github.com"
        let approve = layout.approveWorkflow.file
        let mainFile = Self.workflowFile(environment["GITHUB_WORKFLOW_REF"]) ?? layout.mainFile
        let role = missing.first ?? gate.roles.first ?? "ROLE"
        var lines = ["", "### Waiting for approval: \(stage.name)", ""]
        lines.append("Needs \(gate.summary). "
            + (approved.isEmpty ? "No approval yet." : "Approved so far: \(approved.map { "\($0.approver) (\($0.role))" }.joined(separator: ", ")).")
            + (missing.isEmpty ? (more > 0 ? " \(more) more approver\(more == 1 ? "" : "s") needed." : "") : " Still missing: \(missing.joined(separator: ", ")).")
        )
        lines += [
            "",
            "- **In GitHub:** run the [approve workflow](\(server)/\(repository)/actions/workflows/\(approve)) with run `\(run)`, stage `\(stage.name)` and your role, or",
            "  `gh workflow run \(approve) -R \(repository) -f run=\(run) -f stage=\(GitHubWorkflows.shellQuoted(stage.name)) -f role=\(GitHubWorkflows.shellQuoted(role))`",
            "- **On a laptop** (a checkout of the repository, your SSH key in the pipeline's allowed signers):",
            "  `GH_TOKEN=$(gh auth token) pipeline approve \(run) --stage \(GitHubWorkflows.shellQuoted(stage.name)) --role \(GitHubWorkflows.shellQuoted(role)) --key ~/.ssh/id_ed25519 --state \(GitHubWorkflows.shellQuoted(layout.definition.state?.url ?? "")) --continue-workflow \(mainFile) --repository \(repository)`",
            "",
            "The run continues when the last approval is in, either way; no job waits meanwhile.",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// `deploy.yml` from `OWNER/NAME/.github/workflows/deploy.yml@refs/heads/main`.
    static func workflowFile(_ reference: String?) -> String? {
        guard let path = reference?.split(separator: "@").first, let name = path.split(separator: "/").last, name.hasSuffix(".yml") || name.hasSuffix(".yaml") else {
            return nil
        }
        return String(name)
    }
}
