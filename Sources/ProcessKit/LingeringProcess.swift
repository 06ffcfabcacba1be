import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A process that still held a child's output after the child exited: typically a daemon the
/// child started in a session of its own (`setsid server &`), which ending the child's process
/// group does not reach.
public struct LingeringProcess: Sendable, Equatable, CustomStringConvertible {
    public var pid: Int32
    /// Its command line, arguments separated by spaces (empty when it could not be read).
    public var command: String

    public init(pid: Int32, command: String) {
        self.pid = pid
        self.command = command
    }

    public var description: String { command.isEmpty ? "pid \(pid)" : "pid \(pid) (\(command))" }

    /// The processes (other than this one, and outside `excludingGroup`) that hold the other end
    /// of any of these pipe read ends. Found through `/proc`; empty where there is none.
    static func holding(_ readEnds: [Int32], excludingGroup: pid_t?) -> [LingeringProcess] {
        var inodes = Set<String>()
        for descriptor in readEnds {
            var info = stat()
            if fstat(descriptor, &info) == 0 { inodes.insert("pipe:[\(info.st_ino)]") }
        }
        guard !inodes.isEmpty, let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        let me = getpid()
        var found: [LingeringProcess] = []
        for entry in entries {
            guard let pid = Int32(entry), pid != me else { continue }
            if let excludingGroup, getpgid(pid) == excludingGroup { continue }
            let directory = "/proc/\(entry)/fd"
            guard let descriptors = try? FileManager.default.contentsOfDirectory(atPath: directory) else { continue }
            let holds = descriptors.contains { descriptor in
                (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(directory)/\(descriptor)")).map(inodes.contains) ?? false
            }
            if holds { found.append(LingeringProcess(pid: pid, command: commandLine(of: pid))) }
        }
        return found.sorted { $0.pid < $1.pid }
    }

    private static func commandLine(of pid: Int32) -> String {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return "" }
        let text = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
        return String(text.prefix(200))
    }
}
