import Foundation

extension StepModule {
    /// Runs the module as a step-protocol executable: reads the verb from the command line and
    /// the request from stdin, calls the handler, writes the result to descriptor 3
    /// (`PIPELINE_STEP_RESULT_FD`) and exits: 0 on success, 1 when the step fails (a handler
    /// threw, or a parameter did not decode; the message says which), 64 on a malformed call
    /// (usage, request, or a protocol version other than 1 and 2).
    ///
    /// `describe` run by hand (without descriptor 3) prints its answer on stdout.
    public func main() async -> Never {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let isDescribe = arguments == [StepVerb.describe.rawValue]
        // The handshake needs no request; read one only when something is piped in.
        let input = isDescribe && isatty(0) == 1 ? Data() : FileHandle.standardInput.readDataToEndOfFile()
        let response = await respond(arguments: arguments, input: input, log: .standardError)
        if let document = response.document, let data = try? document.jsonData() {
            StepResultChannel.write(data, orStandardOutput: isDescribe)
        }
        exit(response.status)
    }
}

/// Descriptor 3 (or `PIPELINE_STEP_RESULT_FD`), where results go.
enum StepResultChannel {
    static var descriptor: Int32 {
        ProcessInfo.processInfo.environment["PIPELINE_STEP_RESULT_FD"].flatMap { Int32($0) } ?? 3
    }

    /// Writes `data` to the result descriptor; when it is not open, to stdout (`orStandardOutput`)
    /// or to the log, so a module run by hand still shows its answer.
    static func write(_ data: Data, orStandardOutput: Bool = false) {
        let fd = descriptor
        if isInherited(fd) {
            writeAll(data, to: fd)
        } else if orStandardOutput {
            writeAll(data + Data("\n".utf8), to: 1)
        } else {
            StepLog.standardError("result (descriptor \(fd) is not open): " + String(decoding: data, as: UTF8.self))
        }
    }

    /// Whether `fd` is a descriptor the parent passed: open, without close-on-exec (a descriptor
    /// given to a child never has it; the runtime's own, such as Dispatch's eventfd, which takes
    /// the number 3 when the parent passed none, always has it), and a pipe, file, socket or device.
    static func isInherited(_ fd: Int32) -> Bool {
        let flags = fcntl(fd, F_GETFD)
        guard flags != -1, flags & FD_CLOEXEC == 0 else { return false }
        var status = stat()
        guard fstat(fd, &status) == 0 else { return false }
        let type = status.st_mode & S_IFMT
        return type == S_IFIFO || type == S_IFREG || type == S_IFSOCK || type == S_IFCHR
    }

    private static func writeAll(_ data: Data, to fd: Int32) {
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
