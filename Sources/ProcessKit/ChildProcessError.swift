import Foundation
#if canImport(Glibc)
import Glibc
import Synchronization
#endif

/// Why a child process could not be started.
public enum ChildProcessError: Error, CustomStringConvertible, Equatable {
    case spawnFailed(executable: String, errno: Int32)

    public var description: String {
        switch self {
        case .spawnFailed(let executable, let code):
            "could not start '\(executable)': \(String(cString: strerror(code)))"
        }
    }
}
