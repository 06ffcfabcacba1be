import Foundation

/// The processes of this machine, read from `/proc`: for tests that check nothing was left
/// running.
public enum ProcessTable {
    /// Live processes (not zombies) whose environment holds `name=value`.
    public static func processes(withEnvironment name: String, _ value: String) -> [pid_t] {
        let marker = Data("\(name)=\(value)".utf8)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return entries.compactMap { pid_t($0) }.filter { pid in
            guard let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ"),
                  environ.split(separator: 0).contains(where: { $0.elementsEqual(marker) }) else { return false }
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            let state = stat.split(separator: ")").last?.split(separator: " ").first
            return state != "Z"
        }
    }
}
