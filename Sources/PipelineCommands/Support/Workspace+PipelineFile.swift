import BuiltinSteps
import Crypto
import Foundation
import RepositoryHistory

extension Workspace {
    /// Whether `file` (after resolving symbolic links) lies inside the repository root.
    func contains(file: String) -> Bool { relativePath(of: file) != nil }

    /// Refuses to deploy with a pipeline file from outside the repository: a deployment is of
    /// one commit, and such a file (which decides what runs) is not part of it.
    func checkPipelineFile(_ file: String, deployStages: [String]) throws {
        guard !deployStages.isEmpty, !contains(file: file) else { return }
        throw WorkspaceError.pipelineFileOutsideRepository(file: file, root: root.path, stages: deployStages)
    }

    /// Refuses a pipeline file that is not the commit's own (untracked, ignored, or edited since)
    /// when the run has a stage with a gate or an environment: the file decides which stages are
    /// gated and who may approve, so what the commit does not hold must not decide them.
    /// `--allow-dirty` does not change this; it stays for stages with neither. Returns the file's
    /// git blob id at the commit (what the run records), nil when the commit does not hold it.
    @discardableResult
    func checkPipelineFileIsCommitted(_ file: String, repository: GitRepositoryState, guardedStages: [String]) throws -> String? {
        guard let relative = relativePath(of: file) else { return nil }
        guard !guardedStages.isEmpty else { return (try? repository.inputs.contents(of: relative)).map(Self.blobID) }
        let commit = repository.head.id.abbreviated(12)
        let committed = try? repository.inputs.contents(of: relative)
        guard let committed else {
            throw WorkspaceError.pipelineFileNotCommitted(file: relative, commit: commit, stages: guardedStages, edited: false)
        }
        let working = try? Data(contentsOf: URL(fileURLWithPath: file))
        if working != committed {
            throw WorkspaceError.pipelineFileNotCommitted(file: relative, commit: commit, stages: guardedStages, edited: true)
        }
        return Self.blobID(committed)
    }

    /// Git's object id of a blob with `contents` (SHA-1 of `blob <size>\0<contents>`).
    static func blobID(_ contents: Data) -> String {
        var hash = Insecure.SHA1()
        hash.update(data: Data("blob \(contents.count)\u{0}".utf8))
        hash.update(data: contents)
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// `file`'s path inside the repository (symbolic links resolved), nil when it is outside.
    func relativePath(of file: String) -> String? {
        let resolvedRoot = root.resolvingSymlinksInPath().standardizedFileURL.path
        let resolvedFile = URL(fileURLWithPath: file).resolvingSymlinksInPath().standardizedFileURL.path
        let prefix = resolvedRoot.hasSuffix("/") ? resolvedRoot : resolvedRoot + "/"
        guard resolvedFile.hasPrefix(prefix) else { return nil }
        return String(resolvedFile.dropFirst(prefix.count))
    }
}
