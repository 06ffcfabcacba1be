import ArgumentParser
@testable import PipelineCommands
import TestTiers
import Testing

/// In-process twin of the binary's usage errors: what `PipelineCommand.parseAsRoot` makes of
/// the command line, and the message and exit code a usage error ends with.
@Suite(.fast) struct CommandParsingTests {
    @Test(arguments: [
        (["run", "pipelines/deploy.swift", "--bogus"], "--bogus"),
        (["runs", "--limit", "many"], "--limit"),
        (["run", "pipelines/deploy.swift", "--jobs", "2.5"], "--jobs"),
        (["status", "--log-format", "xml"], "xml"),
        (["graph", "pipelines/deploy.swift", "--format", "png"], "png"),
        (["approve", "20260101-000000-abcd"], "--stage"),
        (["abandon", "20260101-000000-abcd"], "--reason"),
        (["run"], "<file>"),
        (["plan", "pipelines/deploy.swift"], "--env"),
        (["deploy"], "deploy"),
    ])
    func usageErrorsNameTheBadInputAndExit64(arguments: [String], named: String) throws {
        let (message, code) = try #require(CommandLineRefusal.of(arguments))
        #expect(code == ExitStatus.badInput, "\(message)")
        #expect(message.contains(named), "\(message)")
    }

    @Test func anEnumOptionsErrorListsTheValuesItTakes() throws {
        let (message, _) = try #require(CommandLineRefusal.of(["graph", "f.swift", "--format", "png"]))
        #expect(message.contains("mermaid") && message.contains("dot"), "\(message)")
        let (logFormat, _) = try #require(CommandLineRefusal.of(["runs", "--log-format", "yaml"]))
        #expect(logFormat.contains("human") && logFormat.contains("json"), "\(logFormat)")
    }

    @Test func runParsesItsOptions() throws {
        let parsed = try PipelineCommand.parseAsRoot([
            "run", "pipelines/deploy.swift", "--stage", "prod", "--force", "--jobs", "4", "--wait", "30m", "--wait-lock", "10m",
            "--allow-dirty", "--log-format", "json",
        ])
        let run = try #require(parsed as? RunCommand)
        #expect(run.file == "pipelines/deploy.swift")
        #expect(run.stage == "prod")
        #expect(run.force && run.allowDirty && !run.allowOlder)
        #expect(run.jobs == 4)
        #expect(run.wait == "30m" && run.waitLock == "10m")
        #expect(run.global.logFormat == .json)
    }

    @Test(arguments: [
        (["status", "--state-dir", "/tmp/a"], "/tmp/a"),
        (["status", "--state", "sqlite:///srv/s"], "sqlite:///srv/s"),
        (["status", "--state-dir", "/tmp/a", "--state", "dynamodb://t?region=eu-west-1"], "dynamodb://t?region=eu-west-1"),
    ])
    func stateWinsOverStateDir(arguments: [String], expected: String) throws {
        let status = try #require(try PipelineCommand.parseAsRoot(arguments) as? StatusCommand)
        #expect(status.global.stateDirectory == expected)
    }

    @Test func nestedAndDefaultSubcommandsResolve() throws {
        #expect(try PipelineCommand.parseAsRoot(["steps"]) is StepsListCommand)
        #expect(try PipelineCommand.parseAsRoot(["steps", "list"]) is StepsListCommand)
        let initCommand = try #require(try PipelineCommand.parseAsRoot(["state", "init", "--tag", "Team=platform", "--tag", "Cost=ci"]) as? StateInitCommand)
        #expect(initCommand.tags == ["Team=platform", "Cost=ci"])
    }

    @Test func approveCollectsItsProofOptions() throws {
        let approve = try #require(try PipelineCommand.parseAsRoot([
            "approve", "20260101-000000-abcd", "--stage", "prod", "--role", "Tech Lead", "--as", "lead@example.com", "--key", "id_ed25519",
        ]) as? ApproveCommand)
        #expect(approve.runID == "20260101-000000-abcd")
        #expect(approve.approval.stage == "prod")
        #expect(approve.approval.role == "Tech Lead")
        #expect(approve.approval.approver == "lead@example.com")
        #expect(approve.approval.key == "id_ed25519")
        #expect(!approve.approval.unsigned && !approve.approval.printStatement)
    }
}
