import Foundation

/// The `pipeline` runner as a child of the plugin.
///
/// Its standard output and error are the plugin's own (nothing is collected), its standard input
/// is `/dev/null`, and it starts with default signal handling and nothing blocked (the plugin's
/// threads block signals, and a child inherits that). It is stopped the way an interrupted
/// `pipeline run` is: SIGINT, SIGTERM and SIGHUP sent to the plugin are passed on, and when
/// `swift package` goes away (Ctrl-C or SIGTERM end it without telling the plugin, which runs in
/// a process group of its own) the runner gets SIGTERM.
struct RunnerProcess {
    enum Outcome: Equatable {
        case exited(Int32)
        case signalled(Int32)
    }

    static let forwardedSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    /// How often the plugin checks that `swift package` is still its parent.
    static let parentCheckInterval: DispatchTimeInterval = .milliseconds(250)

    var executable: URL
    var arguments: [String]
    var workingDirectory: URL
    var environment: [String: String]

    /// Starts the runner and waits for it to end.
    func run() throws -> Outcome {
        let sources = Self.forwardedSignals.map { number in
            signal(number, SIG_IGN)
            return DispatchSource.makeSignalSource(signal: number, queue: .global())
        }
        let pid = try spawn()
        for (source, number) in zip(sources, Self.forwardedSignals) {
            source.setEventHandler { kill(pid, number) }
            source.resume()
        }
        let parent = getppid()
        let watch = DispatchSource.makeTimerSource(queue: .global())
        watch.schedule(deadline: .now() + Self.parentCheckInterval, repeating: Self.parentCheckInterval)
        watch.setEventHandler {
            guard getppid() != parent else { return }
            kill(pid, SIGTERM)
            watch.cancel()
        }
        watch.resume()
        defer {
            watch.cancel()
            for source in sources { source.cancel() }
        }
        return try wait(for: pid)
    }

    private func spawn() throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        var defaults = sigset_t()
        sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL)
        sigdelset(&defaults, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        // A group of its own: only the signals the plugin passes on reach it, each once.
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        // Not the plugin's channel to SwiftPM, nor anything else it has open. (Swift does not
        // import glibc's posix_spawn_file_actions_addclosefrom_np and _addchdir_np.)
        Self.closeOnExec(from: 3)
        guard chdir(workingDirectory.path) == 0 else {
            throw PluginFailure("cannot change to the package directory \(workingDirectory.path): \(String(cString: strerror(errno)))")
        }

        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid = pid_t()
        let status = posix_spawn(&pid, executable.path, &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw PluginFailure("cannot start \(executable.path) in \(workingDirectory.path): \(String(cString: strerror(status)))")
        }
        return pid
    }

    /// Marks every descriptor from `first` on close-on-exec.
    private static func closeOnExec(from first: Int32) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for name in names {
            guard let descriptor = Int32(name), descriptor >= first else { continue }
            let flags = fcntl(descriptor, F_GETFD)
            if flags != -1 { _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC) }
        }
    }

    private func wait(for pid: pid_t) throws -> Outcome {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw PluginFailure("waiting for the runner (pid \(pid)): \(String(cString: strerror(errno)))") }
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as macros.
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }
}
