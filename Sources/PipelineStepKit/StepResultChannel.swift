import Foundation

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
