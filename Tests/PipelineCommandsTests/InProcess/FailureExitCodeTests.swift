import ArgumentParser
@testable import PipelineCommands
import PipelineBasics
import PipelineEngine
import TestTiers
import Testing

/// The one place errors become exit codes (`Failure`, `ExitStatus`), and how it meets
/// ArgumentParser's own codes. `Failure.report` also prints the error on stderr; only the codes
/// are checked here.
@Suite(.fast) struct FailureExitCodeTests {
    struct UnexpectedError: Error {}

    struct Refusal: PipelineError {
        var isUserError: Bool
        var description: String { "refused" }
    }

    @Test func userErrorsAreBadInputAndTheRestInternalErrors() {
        #expect(Failure.report(EngineError.unknownRun("20260101-000000-abcd")) == ExitCode(ExitStatus.badInput))
        #expect(Failure.report(WorkspaceError.noRuns) == ExitCode(ExitStatus.badInput))
        #expect(Failure.report(Refusal(isUserError: true)) == ExitCode(ExitStatus.badInput))
        #expect(Failure.report(Refusal(isUserError: false)) == ExitCode(ExitStatus.internalError))
        #expect(Failure.report(EngineError.storeCorrupt("bad page")) == ExitCode(ExitStatus.internalError))
        #expect(Failure.report(UnexpectedError()) == ExitCode(ExitStatus.internalError))
    }

    @Test(arguments: [0, 2, 4, 77] as [Int32])
    func anExitCodeThrownByACommandIsKept(code: Int32) {
        #expect(Failure.report(ExitCode(code)) == ExitCode(code))
    }

    @Test func anOverrideReplacesTheStatusTheErrorMapsTo() {
        // `plan --detailed-exitcode`: every error is 1, user error or not.
        #expect(Failure.report(ExitStatusOverride(EngineError.unknownRun("r"), status: ExitStatus.failed)) == ExitCode(ExitStatus.failed))
        #expect(Failure.report(ExitStatusOverride(EngineError.storeFailure("disk full"), status: ExitStatus.failed)) == ExitCode(ExitStatus.failed))
        #expect(Failure.report(ExitStatusOverride(UnexpectedError(), status: 9)) == ExitCode(9))
    }

    @Test func cancellationIsAlways130() {
        #expect(Failure.reportCancelled(CancellationError()) == ExitCode(ExitStatus.cancelled))
        #expect(Failure.reportCancelled(EngineError.storeCorrupt("x")) == ExitCode(ExitStatus.cancelled))
    }

    @Test(arguments: [
        (RunStatus.succeeded, 0), (.failed, 1), (.running, 1), (.interrupted, 1), (.abandoned, 1), (.rolledBack, 3),
        (.awaitingApproval, 4), (.rollbackFailed, 5), (.cancelled, 130),
    ] as [(RunStatus, Int32)])
    func eachRunStatusEndsWithItsDocumentedCode(status: RunStatus, code: Int32) {
        #expect(ExitStatus.code(for: status) == code)
    }

    @Test func usageErrorsShareTheBadInputCodeAndNoRunStatusUsesIt() {
        #expect(PipelineCommand.exitCode(for: ValidationError("x")).rawValue == ExitStatus.badInput)
        #expect(ExitCode.validationFailure.rawValue == ExitStatus.badInput)
        // No run status ends with a code that means a usage or internal error.
        let codes = Set(RunStatus.allCases.map(ExitStatus.code(for:)))
        #expect(!codes.contains(ExitStatus.badInput) && !codes.contains(ExitStatus.internalError), "\(codes)")
    }

    @Test func argumentParserErrorsAreRecognisedByTheirModule() throws {
        var help = try PipelineCommand.parseAsRoot(["help", "runs"])
        do {
            try help.run()
            Issue.record("help did not raise its help request")
        } catch {
            #expect(PipelineCommand.isArgumentParserError(error), "\(String(reflecting: type(of: error)))")
        }
        #expect(!PipelineCommand.isArgumentParserError(EngineError.unknownRun("r")))
        #expect(!PipelineCommand.isArgumentParserError(CancellationError()))
        #expect(!PipelineCommand.isArgumentParserError(UnexpectedError()))
    }
}
