#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Files and folders only their owner can read: the run store, a run's folder and the
/// pipeline cache are created `0700` (folders) and `0600` (files), whatever the umask, and
/// existing ones are tightened when opened. (They hold masked text only; the modes keep what
/// a step or the pipeline file put there from other users of the machine too.)
public enum PrivateFiles {
    public static let fileMode: mode_t = 0o600
    public static let directoryMode: mode_t = 0o700

    /// Creates `path` and its missing parents as private folders, and tightens `path` itself.
    public static func createDirectory(_ path: String) throws(PrivateFileError) {
        var parts: [Substring] = []
        var current = path
        while !current.isEmpty, current != "/", access(current, F_OK) != 0 {
            parts.append(Substring(current))
            current = parent(of: current)
        }
        for part in parts.reversed() where mkdir(String(part), directoryMode) != 0 && errno != EEXIST {
            throw PrivateFileError(path: String(part), reason: String(cString: strerror(errno)))
        }
        if chmod(path, directoryMode) != 0 { throw PrivateFileError(path: path, reason: String(cString: strerror(errno))) }
    }

    /// Writes `bytes` to `path` whole (a temporary file renamed over it), mode `0600`.
    public static func write(_ bytes: [UInt8], to path: String) throws(PrivateFileError) {
        let temporary = "\(path).\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, fileMode)
        guard descriptor >= 0 else { throw PrivateFileError(path: path, reason: String(cString: strerror(errno))) }
        fchmod(descriptor, fileMode)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                unlink(temporary)
                throw PrivateFileError(path: path, reason: reason)
            }
            offset += written
        }
        close(descriptor)
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw PrivateFileError(path: path, reason: reason)
        }
    }

    /// Creates `path` empty (mode `0600`) unless it exists; an existing file is tightened to `0600`.
    public static func touch(_ path: String) throws(PrivateFileError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, fileMode)
        guard descriptor >= 0 else { throw PrivateFileError(path: path, reason: String(cString: strerror(errno))) }
        fchmod(descriptor, fileMode)
        close(descriptor)
    }

    /// Sets `path` to mode `mode` if it exists (e.g. a compiled pipeline: `0700`).
    public static func restrict(_ path: String, mode: mode_t = fileMode) {
        _ = chmod(path, mode)
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

/// `write(2)`, out of reach of ``PrivateFiles/write(_:to:)``'s name.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}

/// A private file or folder could not be written.
public struct PrivateFileError: PipelineError {
    public var path: String
    public var reason: String
    public var description: String { "cannot write \(path): \(reason); check the folder's owner and permissions" }
    public var isUserError: Bool { false }
}
