import Foundation
import PipelineBasics
import PipelineEngine

/// The repository a run works in, and its `.pipeline/` state folder.
struct Workspace {
    let root: URL
    let stateDirectory: URL

    /// The repository root above `start` (a folder holding `.git`), else `start` itself.
    static func discover(from start: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath), stateDirectory: String?) -> Workspace {
        var candidate = start.standardizedFileURL
        var root = candidate
        while true {
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent(".git").path) {
                root = candidate
                break
            }
            let parent = candidate.deletingLastPathComponent()
            if parent.path == candidate.path { break }
            candidate = parent
        }
        let state = stateDirectory.map { URL(fileURLWithPath: $0) } ?? root.appendingPathComponent(".pipeline")
        return Workspace(root: root, stateDirectory: state)
    }

    func openStore() throws -> SQLiteRunStore {
        try SQLiteRunStore(directory: stateDirectory)
    }

    func runDirectory(_ run: String) -> URL {
        stateDirectory.appendingPathComponent("runs").appendingPathComponent(run)
    }

    /// Who is running the pipeline: the CI actor, else the local user.
    static var currentUser: String {
        let environment = ProcessInfo.processInfo.environment
        if let actor = environment["GITHUB_ACTOR"] ?? environment["USER"] ?? environment["LOGNAME"], !actor.isEmpty { return actor }
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "unknown"
    }
}

/// Problems with the workspace or a run's stored state.
enum WorkspaceError: PipelineError {
    case noRuns
    case unreadableDocument(run: String, reason: String)
    case pipelineFileOutsideRepository(file: String, root: String, stages: [String])

    var description: String {
        switch self {
        case .noRuns: "no runs recorded in this repository yet; start one with `pipeline run <file>`"
        case .unreadableDocument(let run, let reason): "run \(run)'s stored pipeline cannot be read (\(reason)); start a new run"
        case .pipelineFileOutsideRepository(let file, let root, let stages):
            "the pipeline file \(file) is outside the repository \(root), so it is not part of the commit that deployment stages (\(stages.joined(separator: ", "))) deploy; move it into the repository and commit it, or run a non-deploying stage with --stage"
        }
    }

    var isUserError: Bool { true }
}
