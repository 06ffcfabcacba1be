import ArgumentParser
import BuiltinSteps
import Foundation
import PipelineEngine
import RepositoryHistory

/// `pipeline changes [--since REF | --env NAME]`: the commits and changed paths since a base.
struct ChangesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changes",
        abstract: "List the commits and changed paths since a revision, or since an environment's last deployment.")

    @Option(help: "A revision: a commit, tag, branch or HEAD~N.")
    var since: String?

    @Option(name: .customLong("env"), help: "An environment: since the commit last deployed there.")
    var environment: String?

    @Option(help: "Show at most this many commits.")
    var limit = 50

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if since != nil && environment != nil { throw ValidationError("give --since or --env, not both") }
        try OptionRanges.check(limit, OptionRanges.limit, option: "--limit")
    }

    func run() async throws {
        let workspace = Workspace.discover(stateDirectory: global.stateDirectory)
        guard let repository = try GitRepositoryState.inspect(workspace.root) else {
            throw ValidationError("\(workspace.root.path) is not a git repository with a commit")
        }
        var base = since
        var heading = since.map { "since \($0)" } ?? "in the whole history"
        if let environment {
            let deployment = try workspace.openStore().lastDeployment(environment: environment, excluding: nil)
            guard let deployment else {
                throw ValidationError("no deployment to '\(environment)' is recorded in this repository; use --since REF")
            }
            guard let commit = deployment.commit else {
                throw ValidationError("the last deployment to '\(environment)' (run \(deployment.runID)) was not tied to a commit")
            }
            base = commit
            heading = "since the last deployment to \(environment) (commit \(commit.prefix(12)), run \(deployment.runID))"
        }
        let commits = try repository.commits(since: base, limit: limit + 1)
        let changes = try repository.changes(since: base)
        var lines = ["\(commits.count > limit ? "more than \(limit)" : "\(commits.count)") commit\(commits.count == 1 ? "" : "s") \(heading), up to \(repository.head.id.abbreviated(12))"
                     + (repository.branch.map { " on \($0)" } ?? "")]
        for commit in commits.prefix(limit) {
            lines.append("  \(commit.id.abbreviated(12))  \(commit.summary)  (\(commit.author.name), \(StatusCommand.time(commit.author.date)))")
        }
        lines.append("\(changes.count) changed path\(changes.count == 1 ? "" : "s"):")
        for change in changes {
            lines.append("  \(change.statusLetter)  \(change.paths.joined(separator: " -> "))")
        }
        if !repository.dirtyPaths.isEmpty {
            lines.append("uncommitted (not part of any run): \(repository.dirtyPaths.joined(separator: ", "))")
        }
        Terminal.standardOutput(lines.joined(separator: "\n"))
    }
}
