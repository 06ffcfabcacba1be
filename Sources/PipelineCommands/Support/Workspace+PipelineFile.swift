import Foundation

extension Workspace {
    /// Whether `file` (after resolving symbolic links) lies inside the repository root.
    func contains(file: String) -> Bool {
        let resolvedRoot = root.resolvingSymlinksInPath().standardizedFileURL.path
        let resolvedFile = URL(fileURLWithPath: file).resolvingSymlinksInPath().standardizedFileURL.path
        return resolvedFile.hasPrefix(resolvedRoot.hasSuffix("/") ? resolvedRoot : resolvedRoot + "/")
    }

    /// Refuses to deploy with a pipeline file from outside the repository: a deployment is of
    /// one commit, and such a file (which decides what runs) is not part of it.
    func checkPipelineFile(_ file: String, deployStages: [String]) throws {
        guard !deployStages.isEmpty, !contains(file: file) else { return }
        throw WorkspaceError.pipelineFileOutsideRepository(file: file, root: root.path, stages: deployStages)
    }
}
