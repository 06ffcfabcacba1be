import ArgumentParser
@testable import PipelineCommands
import PipelineModel
import TestTiers
import Testing

/// In-process twin of `HelpTests`: `--help`, `-h` and `help SUBCOMMAND` as ArgumentParser
/// resolves them for `pipeline`, without running the binary.
@Suite(.fast) struct CommandHelpTests {
    /// The help text (and exit code) `arguments` produce, as `PipelineCommand.start` would print it.
    static func help(_ arguments: [String]) throws -> (text: String, code: ExitCode) {
        do {
            var command = try PipelineCommand.parseAsRoot(arguments)
            // `help SUBCOMMAND` parses into ArgumentParser's help command, which raises the
            // help request when it runs.
            try command.run()
        } catch {
            return (PipelineCommand.fullMessage(for: error, columns: 100), PipelineCommand.exitCode(for: error))
        }
        Issue.record("\(arguments) neither failed to parse nor raised a help request")
        return ("", .failure)
    }

    @Test(arguments: [
        (["--help"], "pipeline <subcommand>", "--version"),
        (["-h"], "pipeline <subcommand>", "--version"),
        (["approve", "--help"], "pipeline approve [<options>] <run-id> --stage <stage>", "--print-statement"),
        (["runs", "-h"], "pipeline runs", "--limit"),
        (["run", "--help"], "pipeline run [<options>] <file>", "--run-id"),
        (["plan", "--help"], "pipeline plan <file>", "--detailed-exitcode"),
        (["unlock", "-h"], "pipeline unlock <environment>", "--force"),
        (["status", "--help"], "pipeline status [<run-id>]", "--verify"),
        (["graph", "--help"], "pipeline graph <file>", "--format"),
        (["state", "init", "--help"], "pipeline state init", "--tag"),
    ])
    func helpFlagsPrintTheCommandsHelpAndExitZero(arguments: [String], usage: String, option: String) throws {
        let (text, code) = try Self.help(arguments)
        #expect(code == .success, "\(text)")
        #expect(text.contains("OVERVIEW:") && text.contains("USAGE:"), "\(text)")
        #expect(text.contains("USAGE: \(usage)"), "\(text)")
        #expect(text.contains(option), "\(text)")
        #expect(!text.contains("CommandError"), "\(text)")
    }

    @Test(arguments: [(["help"], "pipeline <subcommand>"), (["help", "approve"], "pipeline approve [<options>] <run-id> --stage <stage>"), (["help", "state", "init"], "pipeline state init")])
    func theHelpSubcommandShowsTheNamedCommandsHelp(arguments: [String], usage: String) throws {
        let (text, code) = try Self.help(arguments)
        #expect(code == .success, "\(text)")
        #expect(text.contains("USAGE: \(usage)"), "\(text)")
        if arguments.contains("approve") { #expect(text.contains("--print-statement"), "\(text)") }
    }

    @Test func rootHelpListsEverySubcommandWithItsAbstract() throws {
        let text = PipelineCommand.helpMessage(columns: 200)
        for subcommand in PipelineCommand.configuration.subcommands {
            let configuration = subcommand.configuration
            let name = try #require(configuration.commandName)
            #expect(text.contains("  \(name) "), "\(name) missing from\n\(text)")
            #expect(text.contains(configuration.abstract), "abstract of \(name) missing from\n\(text)")
        }
    }

    @Test func rootHelpDocumentsTheExitCodesTheRunnerUses() {
        let text = PipelineCommand.helpMessage(columns: 200).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for (code, meaning) in [(ExitStatus.success, "success"), (ExitStatus.failed, "failed"), (ExitStatus.rolledBack, "failed and rolled back"),
                                (ExitStatus.awaitingApproval, "paused at an approval gate"), (ExitStatus.rollbackFailed, "rollback failed"),
                                (ExitStatus.badInput, "bad input"), (ExitStatus.internalError, "internal error"), (ExitStatus.cancelled, "cancelled")] {
            #expect(text.contains("\(code) \(meaning)"), "help does not document exit \(code) (\(meaning)):\n\(text)")
        }
    }

    @Test func subcommandHelpShowsOptionsItSharesThroughOptionGroups() {
        // `approve` takes ApprovalOptions and GlobalOptions; `state init` takes neither.
        let approve = PipelineCommand.helpMessage(for: ApproveCommand.self, columns: 200)
        for option in ["--stage <stage>", "--key <key>", "--github-oidc", "--state <url>", "--log-format <log-format>"] {
            #expect(approve.contains(option), "\(option) missing from\n\(approve)")
        }
        let stateInit = PipelineCommand.helpMessage(for: StateInitCommand.self, columns: 200)
        #expect(stateInit.contains("--state <url>"))
        #expect(!stateInit.contains("--log-format"), "\(stateInit)")
    }

    @Test func versionFlagPrintsTheRunnerVersion() throws {
        do {
            _ = try PipelineCommand.parseAsRoot(["--version"])
            Issue.record("--version parsed as a command")
        } catch {
            #expect(PipelineCommand.exitCode(for: error) == .success)
            #expect(PipelineCommand.message(for: error) == PipelineVersion.current)
        }
    }
}
