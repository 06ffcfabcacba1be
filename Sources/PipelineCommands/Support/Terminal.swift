import Foundation

/// Writes to the terminal; the only place output leaves the process.
enum Terminal {
    // Writes that fail (a closed pipe: `pipeline runs | head`) are dropped; SIGPIPE is ignored
    // (see `PipelineCommand.start`), so the run itself goes on and is recorded.
    static func standardOutput(_ text: String) {
        try? FileHandle.standardOutput.write(contentsOf: Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static func standardError(_ text: String) {
        try? FileHandle.standardError.write(contentsOf: Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static var isInteractive: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Colour only on a terminal, and never when `NO_COLOR` is set.
    static var useColour: Bool {
        isInteractive && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    }
}
