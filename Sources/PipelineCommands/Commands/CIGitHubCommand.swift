import ArgumentParser
import Crypto
import Foundation
import PipelineLoading
import PipelineModel

/// `pipeline ci github FILE [--check]`: writes (or checks) the GitHub Actions workflows that run
/// the pipeline, one job per stage (see ``GitHubWorkflows``).
struct CIGitHubCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "github",
        abstract: "Write the GitHub Actions workflows that run a pipeline file, one job per stage; or check they are current.",
        discussion: """
            Writes .github/workflows/<file name>.yml (push to the branch, or manual dispatch) and, when a stage has a gate, the
            approve workflow an identity provider of the pipeline pins (approve.yml by default). Nothing is committed: review and
            commit the files. The pipeline's state must be shared (Pipeline(…, state: .dynamoDB(…, role: …))): each job runs on its
            own machine. With --check, exits 2 naming every difference when the committed files are not what the pipeline file
            generates (the main workflow runs this check before anything deploys).
            """)

    @Argument(help: "The pipeline file, e.g. pipelines/deploy.swift.")
    var file: String

    @Flag(help: "Write nothing; exit 2 naming the differences when the committed workflows are not what the pipeline generates.")
    var check = false

    @Option(help: "The branch whose pushes run the pipeline.")
    var branch = "main"

    @Option(name: .customLong("runner-repository"), help: ArgumentHelp(
        "Where the runner's source is, OWNER/NAME@TAG, when it is not this repository; the workflows build it from there.", valueName: "owner/name@ref"))
    var runnerRepository: String?

    @Option(name: .customLong("runs-on"), help: "The runner label of every job.")
    var runsOn = "ubuntu-latest"

    @Option(name: .customLong("swift-version"), help: "The Swift toolchain the jobs set up.")
    var swiftVersion = "6.3"

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard !branch.isEmpty, !branch.contains(where: { "*?[ ~^:\\".contains($0) || $0.isWhitespace }) else {
            throw ValidationError("--branch '\(branch)' must name one branch, without wildcards")
        }
        if let runnerRepository {
            let parts = runnerRepository.split(separator: "@", maxSplits: 1)
            let names = parts.first?.split(separator: "/", omittingEmptySubsequences: false) ?? []
            guard parts.count == 2, names.count == 2, !parts[1].isEmpty,
                  (names + [parts[1]]).allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./".contains($0)) } }) else {
                throw ValidationError("--runner-repository '\(runnerRepository)' is not OWNER/NAME@REF, e.g. --runner-repository acme/pipeline@v0.1.0")
            }
        }
        for (value, option) in [(runsOn, "--runs-on"), (swiftVersion, "--swift-version")]
        where value.isEmpty || value.contains(where: { $0.isNewline || $0 == "'" || $0 == "\"" }) {
            throw ValidationError("\(option) '\(value)' must be one line without quotes")
        }
    }

    func run() async throws {
        let workspace = Workspace.discover(stateDirectory: global.stateDirectory)
        guard let relative = workspace.relativePath(of: file) else {
            throw CISetupError.outsideRepository(file: file, root: workspace.root.path)
        }
        let definition = try await Loading.load(file).definition
        guard let state = definition.state, state.kind == .dynamoDB, state.role != nil else {
            throw CISetupError.stateNotShared(file: file, local: definition.state?.kind != .dynamoDB)
        }
        if runnerRepository == nil, !FileManager.default.fileExists(atPath: workspace.root.appendingPathComponent("Sources/PipelineDescription").path) {
            throw CISetupError.runnerSourceUnknown(root: workspace.root.path)
        }
        let contents = try Data(contentsOf: URL(fileURLWithPath: file))
        let layout = GitHubWorkflowLayout(definition: definition, pipelineFile: relative)
        var options = GitHubWorkflows.Options()
        options.branch = branch
        options.runnerRepository = runnerRepository
        options.runsOn = runsOn
        options.swiftVersion = swiftVersion
        let generator = GitHubWorkflows(layout: layout, options: options, command: canonicalCommand(file: relative),
                                        fileDigest: SHA256.hash(data: contents).map { String(format: "%02x", $0) }.joined(),
                                        runnerVersion: PipelineVersion.current)
        let files = generator.files()
        if check {
            let differences = WorkflowDrift(generated: files, root: workspace.root, pipelineFile: relative).differences()
            guard !differences.isEmpty else {
                return Terminal.standardOutput("the workflows are what \(relative) generates (\(files.map(\.path).joined(separator: ", ")))")
            }
            Terminal.standardError("error: the committed workflows are not what \(relative) generates:")
            for difference in differences { Terminal.standardError("  - \(difference)") }
            Terminal.standardError("run `\(generator.command)` and commit the result")
            throw ExitCode(ExitStatus.differs)
        }
        for (path, text) in files {
            let target = workspace.root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: target, options: .atomic)
            Terminal.standardOutput("wrote \(path)")
        }
        if !layout.gatedStages.isEmpty && !layout.approvalsAccepted {
            Terminal.standardError("warning: no identity provider of the pipeline accepts tokens from \(GitHubWorkflowLayout.directory)/\(layout.approveWorkflow.file): approvals through it will be refused until the approvers declare identityProviders: [.githubActions(repository: \"OWNER/NAME\", identities: [\"login\": \"approver\"])]")
        }
        Terminal.standardOutput("review and commit them; the AWS side: `pipeline ci aws \(relative) --repository OWNER/NAME`")
    }

    /// The command that generates the files: what they record and the check job runs.
    func canonicalCommand(file: String) -> String {
        var words = ["pipeline", "ci", "github", GitHubWorkflows.shellQuoted(file)]
        if branch != "main" { words += ["--branch", GitHubWorkflows.shellQuoted(branch)] }
        if let runnerRepository { words += ["--runner-repository", runnerRepository] }
        if runsOn != "ubuntu-latest" { words += ["--runs-on", GitHubWorkflows.shellQuoted(runsOn)] }
        if swiftVersion != "6.3" { words += ["--swift-version", GitHubWorkflows.shellQuoted(swiftVersion)] }
        return words.joined(separator: " ")
    }
}
