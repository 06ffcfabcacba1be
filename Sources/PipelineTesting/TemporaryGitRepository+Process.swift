import Foundation

extension TemporaryGitRepository {
    /// Runs `git <arguments>` in the repository and returns its standard output (bytes).
    /// Global and system Git configuration are ignored, so the machine's settings cannot
    /// change a test; `environment` adds variables (e.g. commit dates).
    @discardableResult
    public func gitData(_ arguments: [String], environment: [String: String] = [:], input: Data? = nil) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = url
        var env = ProcessInfo.processInfo.environment
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["GIT_CONFIG_GLOBAL"] = "/dev/null"
        env["GIT_TERMINAL_PROMPT"] = "0"
        env["LC_ALL"] = "C"
        for name in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"] {
            env[name] = nil
        }
        env.merge(environment) { _, new in new }
        process.environment = env

        let output = Pipe()
        process.standardOutput = output
        // Standard error goes to a file so a chatty command cannot fill a pipe and block.
        let errorURL = FileManager.default.temporaryDirectory.appendingPathComponent("git-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorURL) }
        let errorHandle = try FileHandle(forWritingTo: errorURL)
        process.standardError = errorHandle
        let inputPipe = input.map { _ in Pipe() }
        if let inputPipe { process.standardInput = inputPipe } else { process.standardInput = FileHandle.nullDevice }

        try process.run()
        if let inputPipe, let input {
            inputPipe.fileHandleForWriting.write(input)
            try inputPipe.fileHandleForWriting.close()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errorHandle.close()
        guard process.terminationStatus == 0 else {
            let message = (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
            throw TemporaryGitRepositoryError(
                arguments: arguments, status: process.terminationStatus,
                standardError: message.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return data
    }

    /// Runs `git <arguments>` and returns its standard output as text, trailing newline removed.
    @discardableResult
    public func git(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let data = try gitData(arguments, environment: environment)
        var text = String(decoding: data, as: UTF8.self)
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// Variadic form of ``git(_:environment:)``.
    @discardableResult
    public func git(_ arguments: String...) throws -> String {
        try git(arguments)
    }
}
