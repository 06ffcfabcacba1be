import Foundation
import PipelineBasics
import PipelineEngine
import PipelineModel

/// The repository a run works in, and its `.pipeline/` state folder.
struct Workspace {
    let root: URL
    /// Where run folders (events.jsonl, summary.md) are written.
    let stateDirectory: URL
    /// Where the run store is; nil: SQLite in `stateDirectory`.
    var selection: RunStoreSelection?

    /// The repository root above `start` (a folder holding `.git`), else `start` itself, with
    /// the state at `state` (a path or URL: ``RunStoreSelection``), else `$PIPELINE_STATE`, else
    /// `.pipeline/` in the root. A state location that cannot be used is reported by `openStore`.
    static func discover(from start: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath), stateDirectory state: String?) -> Workspace {
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
        let local = root.appendingPathComponent(".pipeline")
        let environment = ProcessInfo.processInfo.environment["PIPELINE_STATE"].flatMap { $0.isEmpty ? nil : $0 }
        guard let location = state ?? environment else { return Workspace(root: root, stateDirectory: local) }
        let base = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        do {
            let selection = try RunStoreSelection.parse(location, base: base)
            return Workspace(root: root, stateDirectory: selection.localDirectory ?? local, selection: selection)
        } catch {
            return Workspace(root: root, stateDirectory: local, selectionError: error)
        }
    }

    private var selectionError: (any Error)?

    private init(root: URL, stateDirectory: URL, selection: RunStoreSelection? = nil, selectionError: (any Error)? = nil) {
        self.root = root
        self.stateDirectory = stateDirectory
        self.selection = selection
        self.selectionError = selectionError
    }

    /// The run store this command uses (one factory: ``RunStoreSelection``).
    func openStore() throws -> any RunStore {
        if let selectionError { throw selectionError }
        return try (selection ?? RunStoreSelection(backend: .sqlite(stateDirectory), location: stateDirectory.path)).open()
    }

    /// The run store of a command given a pipeline file: `--state` / `PIPELINE_STATE` when set,
    /// else the state the file declares, else the default.
    func openStore(declared state: StateDefinition?) throws -> any RunStore {
        if selection == nil, selectionError == nil, let declared = try RunStoreSelection.declared(state) {
            return try declared.open()
        }
        return try openStore()
    }

    /// The checkout a run's steps work in: its commit's files under
    /// `.pipeline/worktrees/<commit>` of this repository, made once and reused.
    func worktreesDirectory() -> URL {
        root.appendingPathComponent(".pipeline").appendingPathComponent("worktrees")
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
