import ApprovalSignatures
import Foundation
import PipelineEngine
import PipelineModel
import RepositoryHistory
import Synchronization

/// The engine's ``ApprovalAuthority`` for a run: the trust root its commit proposes, proofs
/// checked with ``ApprovalVerifier``, and contributors read from the repository with libgit2.
final class RunApprovalAuthority: ApprovalAuthority {
    let pipeline: String
    let proposed: TrustRoot
    let repositoryRoot: URL
    let fetcher: any JWKSFetching
    /// A verifier per trust root (by digest), kept for the invocation: a gate checked again and
    /// again (`--wait`) reuses its keys and its issuers' fetched keys.
    private let verifiers = Mutex<[String: ApprovalVerifier]>([:])
    /// Contributors by range, read once per invocation (a waiting gate asks on every poll).
    private let contributorsByRange = Mutex<[String: [String]]>([:])

    /// At most this many commits are read for contributors (a first deployment reads history).
    static let contributorCommits = 1_000

    init(definition: PipelineDefinition, commit: String?, repositoryRoot: URL, fetcher: any JWKSFetching = URLSessionJWKSFetcher()) throws {
        pipeline = definition.name
        proposed = try ApprovalTrust.proposed(by: definition, commit: commit, repositoryRoot: repositoryRoot)
        self.repositoryRoot = repositoryRoot
        self.fetcher = fetcher
    }

    func verifyProof(_ record: ApprovalRecord, under trust: TrustRoot) async -> String? {
        do {
            let digest = trust.digest
            let verifier = try verifiers.withLock { known in
                if let made = known[digest] { return made }
                let made = try ApprovalVerifier(pipeline: pipeline, trust: trust, fetcher: fetcher)
                known[digest] = made
                return made
            }
            return await verifier.recheck(record)
        } catch {
            return "the trusted keys cannot be read: \(error)"
        }
    }

    func contributors(after base: String?, upTo commit: String?) -> [String] {
        guard let commit else { return [] }
        let range = base.map { "\($0)..\(commit)" } ?? commit
        if let known = contributorsByRange.withLock({ $0[range] }) { return known }
        guard let repository = try? Repository(discoveringFrom: repositoryRoot) else { return [] }
        let commits = (try? repository.history(range, limit: Self.contributorCommits))
            ?? (try? repository.history(commit, limit: 1)) ?? []
        var names: Set<String> = []
        for commit in commits {
            for person in [commit.author, commit.committer] {
                names.insert(person.name)
                names.insert(person.email)
            }
        }
        let found = names.filter { !$0.isEmpty }.sorted()
        contributorsByRange.withLock { $0[range] = found }
        return found
    }
}
