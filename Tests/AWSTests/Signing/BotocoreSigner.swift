import Foundation
import Testing

/// Drives botocore's SigV4 signers (`scripts/sigv4_botocore_signer.py`) in one python process:
/// every case as a JSON line on stdin, every result as a JSON line on stdout, within a timeout.
enum BotocoreSigner {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The repository's `scripts/` folder, found above this file (symlinks resolved).
    static func script(file: String = #filePath) throws -> URL {
        var directory = URL(fileURLWithPath: file).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("scripts/sigv4_botocore_signer.py")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        throw Failure(description: "scripts/sigv4_botocore_signer.py not found above \(file)")
    }

    /// Signs `cases` (JSON objects) and returns one result object per case, in order.
    static func sign(_ cases: [[String: Any]], timeout: TimeInterval = 60) throws -> [[String: Any]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", try script().path]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read on threads while writing, so neither side blocks on a full pipe.
        let stdout = PipeCollector(output.fileHandleForReading)
        let stderr = PipeCollector(errors.fileHandleForReading)
        var lines = Data()
        for item in cases {
            lines += try JSONSerialization.data(withJSONObject: item, options: [.sortedKeys])
            lines.append(0x0A)
        }
        try input.fileHandleForWriting.write(contentsOf: lines)
        try input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            throw Failure(description: "botocore signer did not finish \(cases.count) cases within \(Int(timeout)) s")
        }
        guard process.terminationStatus == 0, let data = stdout.wait(until: deadline.addingTimeInterval(5)) else {
            let message = String(decoding: stderr.wait(until: Date().addingTimeInterval(2)) ?? Data(), as: UTF8.self)
            throw Failure(description: "botocore signer failed (status \(process.terminationStatus)): \(message.suffix(2000))")
        }
        let results = try data.split(separator: 0x0A).map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                throw Failure(description: "not a JSON object: \(String(decoding: line, as: UTF8.self))")
            }
            return object
        }
        guard results.count == cases.count else {
            throw Failure(description: "botocore signer answered \(results.count) of \(cases.count) cases")
        }
        return results
    }
}

/// Collects a pipe's output on a thread.
final class PipeCollector: @unchecked Sendable {
    // @unchecked Sendable: `data` is written once by the reader thread before `done` is signalled.
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    init(_ handle: FileHandle) {
        Thread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }.start()
    }

    /// The whole output, or nil if the writer has not closed by `deadline`.
    func wait(until deadline: Date) -> Data? {
        done.wait(timeout: .now() + max(0, deadline.timeIntervalSinceNow)) == .success ? data : nil
    }
}
