import Foundation
import PipelineModel

/// The names the generated GitHub Actions workflows of a pipeline file use, shared by the
/// generator, the drift check and a waiting gate's instructions: the workflow files, each
/// stage's job id, the approve workflow the pipeline's identity providers accept, and where the
/// run's state lives.
struct GitHubWorkflowLayout {
    let definition: PipelineDefinition
    /// The pipeline file, relative to the repository root (e.g. `pipelines/deploy.swift`).
    let pipelineFile: String

    /// Where the workflow files go, relative to the repository root.
    static let directory = ".github/workflows"
    /// The artifact (and cache) holding the runner, built once per workflow run.
    static let runnerArtifact = "pipeline-runner"
    /// Job ids the workflows use for themselves, never a stage's.
    static let reserved: Set<String> = ["runner", "check", "approve"]

    /// The main workflow: `<pipeline file's name>.yml` (`deploy.yml` for pipelines/deploy.swift).
    var mainFile: String {
        let stem = URL(fileURLWithPath: pipelineFile).deletingPathExtension().lastPathComponent
        return (stem.isEmpty ? "pipeline" : stem) + ".yml"
    }

    /// The approve workflow's file and branch: the one an identity provider of the pipeline pins
    /// (`job_workflow_ref` = `OWNER/NAME/.github/workflows/FILE@refs/heads/BRANCH`), else
    /// `approve.yml` on main, which no provider accepts yet (``approvalsAccepted`` is false).
    var approveWorkflow: (file: String, ref: String) {
        pinnedApproveWorkflow ?? ("approve.yml", "refs/heads/main")
    }

    /// Whether an identity provider accepts OIDC tokens from the approve workflow.
    var approvalsAccepted: Bool { pinnedApproveWorkflow != nil }

    private var pinnedApproveWorkflow: (file: String, ref: String)? {
        for provider in definition.approvers.identityProviders {
            for value in provider.requiredClaims["job_workflow_ref"] ?? [] {
                let parts = value.split(separator: "@", maxSplits: 1).map(String.init)
                let prefix = "/" + Self.directory + "/"
                guard parts.count == 2, let range = parts[0].range(of: prefix) else { continue }
                let file = String(parts[0][range.upperBound...])
                if !file.isEmpty, !file.contains("/") { return (file, parts[1]) }
            }
        }
        return nil
    }

    /// Gated stages, in the pipeline's order: what the approve workflow offers.
    var gatedStages: [StageDefinition] { definition.stages.filter { $0.gate != nil } }

    /// Every role a gate of the pipeline asks for, in the order they first appear.
    var gateRoles: [String] {
        var seen = Set<String>()
        return gatedStages.flatMap { $0.gate?.roles ?? [] }.filter { seen.insert($0).inserted }
    }

    /// A stage's job id: its name with anything but letters, digits and `_` as `_` (so
    /// expressions can name it), prefixed `stage_` when it would start with a digit, clash with
    /// the workflows' own jobs, or with another stage's id.
    func jobID(_ stage: String) -> String { jobIDs[stage] ?? stage }

    private var jobIDs: [String: String] {
        var ids: [String: String] = [:]
        var taken = Self.reserved
        for stage in definition.stages {
            var id = String(stage.name.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
            if id.first?.isNumber ?? true || taken.contains(id) { id = "stage_" + id }
            while taken.contains(id) { id += "_" }
            taken.insert(id)
            ids[stage.name] = id
        }
        return ids
    }
}
