import Foundation
import PipelineBasics
import PipelineEngine
import PipelineModel

/// Problems with the workspace or a run's stored state.
enum WorkspaceError: PipelineError {
    case noRuns
    case unreadableDocument(run: String, reason: String)
    case pipelineFileOutsideRepository(file: String, root: String, stages: [String])
    case cannotWrite(path: String, reason: String)
    case pipelineFileNotCommitted(file: String, commit: String, stages: [String], edited: Bool)

    var description: String {
        switch self {
        case .noRuns: "no runs recorded in this repository yet; start one with `pipeline run <file>`"
        case .unreadableDocument(let run, let reason): "run \(run)'s stored pipeline cannot be read (\(reason)); start a new run"
        case .pipelineFileOutsideRepository(let file, let root, let stages):
            "the pipeline file \(file) is outside the repository \(root), so it is not part of the commit that deployment stages (\(stages.joined(separator: ", "))) deploy; move it into the repository and commit it, or run a non-deploying stage with --stage"
        case .pipelineFileNotCommitted(let file, let commit, let stages, let edited):
            "the pipeline file \(file) \(edited ? "differs from its version in" : "is not in") commit \(commit)\(edited ? "" : " (untracked or ignored)"), and it decides the gates and environments of the stages this run would run (\(stages.joined(separator: ", "))): commit it first (--allow-dirty does not cover the pipeline file), or run a stage with neither a gate nor an environment with --stage"
        case .cannotWrite(let path, let reason):
            "cannot write \(path): \(reason); choose a path in a folder you can write to"
        }
    }

    var isUserError: Bool { true }
}
