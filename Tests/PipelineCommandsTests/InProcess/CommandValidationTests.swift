import ArgumentParser
@testable import PipelineCommands
import TestTiers
import Testing

/// In-process twin of `InputLimitsEndToEndTests.numbersFromTheCommandLineAreRangeChecked` and of
/// the binary's refusals of contradictory options: each subcommand's `validate()`, which
/// `parseAsRoot` runs, before anything touches a pipeline file or the run state.
@Suite(.fast) struct CommandValidationTests {
    @Test(arguments: [
        (["run", "pipelines/deploy.swift", "--wait", "99999999999999999999d"], "--wait takes a positive duration up to 30d"),
        (["resume", "20260101-000000-abcd", "--wait", "31d"], "--wait takes a positive duration up to 30d"),
        (["run", "pipelines/deploy.swift", "--wait-lock", "soon"], "--wait-lock takes a positive duration up to 30d, like 90s, 30m, 2h or 1h30m; not 'soon'"),
        (["changes", "--limit", "9223372036854775807"], "--limit must be between 1 and 10000, not 9223372036854775807"),
        (["runs", "--limit", "0"], "--limit must be between 1 and 10000, not 0"),
        (["run", "pipelines/deploy.swift", "--jobs", "0"], "--jobs must be between 1 and 64, not 0"),
        (["resume", "20260101-000000-abcd", "--jobs", "65"], "--jobs must be between 1 and 64, not 65"),
    ])
    func numbersFromTheCommandLineAreRangeChecked(arguments: [String], message: String) throws {
        let refusal = try #require(CommandLineRefusal.of(arguments))
        #expect(refusal.code == ExitStatus.badInput)
        #expect(refusal.message.contains(message), "\(refusal.message)")
    }

    @Test(arguments: [
        ["run", "pipelines/deploy.swift", "--jobs", "1", "--wait", "30d"],
        ["run", "pipelines/deploy.swift", "--jobs", "64", "--wait-lock", "1h30m"],
        ["resume", "20260101-000000-abcd", "--wait", "90", "--jobs", "64"],
        ["runs", "--limit", "10000"],
        ["changes", "--limit", "1", "--since", "HEAD~3"],
        ["unlock", "dev"],
        ["unlock", "dev", "--force", "--reason", "runner machine lost"],
        ["state", "init", "--tag", "Note=a=b"],
    ])
    func valuesInRangeAndCompleteOptionsAreAccepted(arguments: [String]) throws {
        _ = try PipelineCommand.parseAsRoot(arguments)
    }

    @Test(arguments: [
        (["unlock", "dev", "--force"], "--force needs --reason"),
        (["unlock", "dev", "--force", "--reason", "   "], "--force needs --reason"),
        (["abandon", "20260101-000000-abcd", "--reason", " "], "--reason needs a reason"),
        (["reject", "20260101-000000-abcd", "--stage", "prod", "--unsigned", "--reason", "\n"], "--reason needs a reason"),
        (["changes", "--since", "v1", "--env", "prod"], "give --since or --env, not both"),
        (["plan", "pipelines/deploy.swift", "--env", ""], "--env needs an environment name"),
        (["plan", "pipelines/deploy.swift", "--env", "dev", "--out", ""], "--out needs a file name"),
        (["state", "init", "--tag", "Team"], "--tag 'Team' is not KEY=VALUE"),
        (["state", "init", "--tag", "=platform"], "--tag '=platform' is not KEY=VALUE"),
    ])
    func contradictoryOrEmptyOptionsAreUsageErrors(arguments: [String], message: String) throws {
        let refusal = try #require(CommandLineRefusal.of(arguments))
        #expect(refusal.code == ExitStatus.badInput)
        #expect(refusal.message.contains(message), "\(refusal.message)")
    }

    static let run = ["approve", "20260101-000000-abcd", "--stage", "prod"]

    @Test(arguments: [
        (["--key", "id_ed25519", "--unsigned"], "give one proof"),
        (["--github-oidc", "--token", "eyJ"], "give one proof"),
        (["--token", "eyJ", "--token-file", "token.jwt"], "give --token or --token-file, not both"),
        (["--signature", "sig.txt"], "--signature needs the --statement it signs"),
        (["--statement", "statement.txt", "--key", "id_ed25519"], "--statement is signed already"),
        (["--print-statement", "--unsigned"], "--print-statement prints what to sign; give no proof with it"),
        (["--print-statement", "--statement", "statement.txt"], "--print-statement prints what to sign"),
        (["--as", "  "], "--as needs the approver's identity"),
    ])
    func approvalsTakeExactlyOneProof(options: [String], message: String) throws {
        for command in ["approve", "reject"] {
            var arguments = Self.run + options
            arguments[0] = command
            if command == "reject" { arguments += ["--reason", "not today"] }
            let refusal = try #require(CommandLineRefusal.of(arguments))
            #expect(refusal.code == ExitStatus.badInput, "\(command)")
            #expect(refusal.message.contains(message), "\(command): \(refusal.message)")
        }
    }

    @Test(arguments: [
        ["--key", "id_ed25519"], ["--token", "eyJ"], ["--token-file", "token.jwt"], ["--github-oidc"], ["--unsigned"],
        ["--statement", "statement.txt", "--signature", "sig.txt"], ["--statement", "statement.txt", "--token", "eyJ"], ["--print-statement"],
    ])
    func eachSingleProofIsAccepted(options: [String]) throws {
        let approve = try #require(try PipelineCommand.parseAsRoot(Self.run + options) as? ApproveCommand)
        #expect(approve.approval.stage == "prod")
    }
}
