import Foundation
import PipelineTesting
import TestTiers
import Testing

/// `--help`, `-h` and `help SUBCOMMAND` print the help text on stdout and exit 0.
@Suite(.integration) struct HelpTests {
    @Test(arguments: [["--help"], ["-h"], ["help"], ["help", "approve"], ["approve", "--help"], ["runs", "-h"]])
    func helpIsPrinted(_ arguments: [String]) async throws {
        try PipelineBuild.require()
        let folder = try TemporaryDirectory()
        let output = try await CommandLineRunner(workingDirectory: folder.url).pipeline(arguments)
        #expect(output.status == 0, "\(output)")
        #expect(output.stdout.contains("OVERVIEW:") && output.stdout.contains("USAGE:"), "\(output)")
        #expect(!output.stderr.contains("CommandError"), "\(output)")
        if arguments.contains("approve") { #expect(output.stdout.contains("--print-statement")) }
    }
}
