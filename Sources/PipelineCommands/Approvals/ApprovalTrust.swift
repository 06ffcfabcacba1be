import ApprovalSignatures
import Foundation
import PipelineEngine
import PipelineModel
import RepositoryHistory

/// The trust root a commit proposes: its pipeline's approvers and gates, with the keys its
/// `Approvers(keys:)` declare and its `allowed_signers` file as committed (the working tree's
/// when there is no commit). One key is one person: a principal pattern, a key listed for
/// several principals, or one key under two names is refused here, with its line.
enum ApprovalTrust {
    static func proposed(by definition: PipelineDefinition, commit: String?, repositoryRoot: URL) throws -> TrustRoot {
        let approvers = definition.approvers
        let declaredLines = approvers.keys.sorted { $0.key < $1.key }.flatMap { identity, lines in
            lines.map { "\"\(identity.replacingOccurrences(of: "\"", with: ""))\" namespaces=\"\(ApprovalStatement.namespace)\" \($0)" }
        }.joined(separator: "\n")
        let declared = try AllowedSigners(contents: declaredLines,
                                          source: "the keys in Approvers\(approvers.location.map { " (\($0))" } ?? "")")
        try declared.requireOnePersonPerKey()
        var text = declaredLines
        if let path = approvers.allowedSigners, let contents = try keysFile(path, commit: commit, repositoryRoot: repositoryRoot) {
            let file = try AllowedSigners(contents: contents, source: commit.map { "\(path) at \($0.prefix(12))" } ?? path)
            try file.requireOnePersonPerKey(after: declared)
            text += (text.isEmpty ? "" : "\n") + contents
        }
        return TrustRoot(proposedBy: definition, signers: text, commit: commit)
    }

    /// The keys file's contents at `commit` (or in the working tree), nil when it does not exist.
    static func keysFile(_ path: String, commit: String?, repositoryRoot: URL) throws -> String? {
        guard let commit else {
            return FileManager.default.contents(atPath: repositoryRoot.appendingPathComponent(path).path).map { String(decoding: $0, as: UTF8.self) }
        }
        let repository = try Repository(discoveringFrom: repositoryRoot)
        let id = try repository.resolve(commit)
        guard try repository.fileExists(path, at: id) else { return nil }
        return String(decoding: try repository.contents(of: path, at: id), as: UTF8.self)
    }

    /// The trusted keys as a list to verify signatures with.
    static func signers(of trust: TrustRoot) throws -> AllowedSigners {
        try AllowedSigners(contents: trust.signers, source: "the trusted approvers' keys (proposed by commit \(trust.commit?.prefix(12) ?? "(none)"))")
    }
}
