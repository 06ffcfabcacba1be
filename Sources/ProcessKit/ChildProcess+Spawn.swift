import Foundation
import CProcessKit
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

typealias Mutex = Synchronization.Mutex

extension ChildProcess {
    func runBlocking(control: ProcessControl, onOutput: (@Sendable (Stream, Data) -> Void)?) throws -> Result {
        let start = ContinuousClock.now
        var outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0], chanPipe: [Int32] = [-1, -1], inPipe: [Int32] = [-1, -1]
        // Close-on-exec: a child spawned at the same time from another thread (parallel stages)
        // must not inherit these ends, or it would hold this child's output open. The dup2 into
        // the child's 0-3 clears the flag there.
        guard cpk_pipe_cloexec(&outPipe) == 0, cpk_pipe_cloexec(&errPipe) == 0 else {
            throw ChildProcessError.spawnFailed(executable: executable, errno: errno)
        }
        if captureDescriptor3 { _ = cpk_pipe_cloexec(&chanPipe) }
        if input != nil { _ = cpk_pipe_cloexec(&inPipe) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if input != nil {
            posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        if captureDescriptor3 { posix_spawn_file_actions_adddup2(&actions, chanPipe[1], 3) }
        for descriptor in (outPipe + errPipe + chanPipe + inPipe) where descriptor > 3 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        // Nothing else of the runner's reaches the child: not its files, not the descriptor
        // its own parent watches to see it exit (which a daemon would then hold open).
        cpk_spawn_file_actions_addclosefrom(&actions, captureDescriptor3 ? 4 : 3)
        if let workingDirectory { cpk_spawn_file_actions_addchdir(&actions, workingDirectory) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)

        var executable = self.executable, arguments = self.arguments
        if let runAs {
            arguments = ["--reuid=\(runAs.uid)", "--regid=\(runAs.gid)", "--init-groups", "--", executable] + arguments
            executable = ChildProcess.setpriv
        }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let environmentPairs = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let envp = environmentPairs.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawnResult = executable.contains("/")
            ? posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
            : posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
        for descriptor in [outPipe[1], errPipe[1], chanPipe[1], inPipe[0]] where descriptor >= 0 { close(descriptor) }
        guard spawnResult == 0 else {
            for descriptor in [outPipe[0], errPipe[0], chanPipe[0], inPipe[1]] where descriptor >= 0 { close(descriptor) }
            throw ChildProcessError.spawnFailed(executable: executable, errno: spawnResult)
        }
        if let input, inPipe[1] >= 0 {
            writeAll(input, to: inPipe[1])
            close(inPipe[1])
        }

        RunningGroups.shared.insert(pid)
        defer { RunningGroups.shared.remove(pid) }

        var stdout = Data(), stderr = Data(), channel = Data()
        var channelOverflowed = false
        var open: [(Int32, Int)] = [(outPipe[0], 0), (errPipe[0], 1)]
        if chanPipe[0] >= 0 { open.append((chanPipe[0], 2)) }
        let deadline = timeout.map { start + $0 }
        var termination: Termination?
        var killAt: ContinuousClock.Instant?
        var status: Int32 = 0
        var exited = false
        // Once the child has exited, its output is read until every writer closed it, or until
        // this instant: a process that outlived the child may hold the pipes open for ever.
        var drainUntil: ContinuousClock.Instant?
        var buffer = [UInt8](repeating: 0, count: 65536)

        while true {
            if !exited {
                let reaped = waitpid(pid, &status, WNOHANG)
                if reaped == pid || (reaped < 0 && errno == ECHILD) {
                    exited = true
                    drainUntil = ContinuousClock.now + drainPeriod
                }
            }
            if termination == nil, !exited {
                if control.isCancelled { termination = .cancelled } else if let deadline, ContinuousClock.now >= deadline { termination = .timedOut }
                if termination != nil {
                    kill(-pid, SIGTERM)
                    killAt = ContinuousClock.now + killGracePeriod
                }
            } else if let due = killAt, ContinuousClock.now >= due, !exited {
                kill(-pid, SIGKILL)
                killAt = nil
            }
            if open.isEmpty {
                if exited { break }
                usleep(10_000)
                continue
            }
            if let drainUntil, ContinuousClock.now >= drainUntil { break }
            var descriptors = open.map { pollfd(fd: $0.0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&descriptors, nfds_t(descriptors.count), exited ? 20 : 50)
            if ready <= 0 { continue }
            var stillOpen: [(Int32, Int)] = []
            for (index, entry) in open.enumerated() {
                let revents = descriptors[index].revents
                if revents == 0 {
                    stillOpen.append(entry)
                    continue
                }
                let count = read(entry.0, &buffer, buffer.count)
                if count > 0 {
                    let chunk = Data(buffer[0..<count])
                    switch entry.1 {
                    case 0: Self.keep(chunk, in: &stdout, limit: retainedOutputLimit); onOutput?(.stdout, chunk)
                    case 1: Self.keep(chunk, in: &stderr, limit: retainedOutputLimit); onOutput?(.stderr, chunk)
                    default:
                        if let channelLimit, channel.count + chunk.count > channelLimit {
                            channelOverflowed = true
                        } else {
                            channel.append(chunk)
                        }
                    }
                    stillOpen.append(entry)
                } else if count < 0 && (errno == EINTR || errno == EAGAIN) {
                    stillOpen.append(entry)
                } else {
                    close(entry.0)
                }
            }
            open = stillOpen
        }

        // Ended by the runner: what is left of its process group goes too.
        if termination != nil { kill(-pid, SIGKILL) }
        // Output still open after the drain: some process outlived the child and holds it.
        var lingering: [LingeringProcess] = []
        if !open.isEmpty {
            if termination != nil { usleep(20_000) }
            lingering = LingeringProcess.holding(open.map(\.0), excludingGroup: termination != nil ? pid : nil)
            for entry in open { close(entry.0) }
        }
        let final: Termination
        if let termination {
            final = termination
        } else if status & 0x7f == 0 {
            final = .exited((status >> 8) & 0xff)
        } else {
            final = .signalled(status & 0x7f)
        }
        return Result(status: final, stdout: stdout, stderr: stderr, channel: channel, channelOverflowed: channelOverflowed,
                      duration: ContinuousClock.now - start, lingering: lingering)
    }

    /// Appends `chunk`, keeping at most about the last `limit` bytes (trimmed in amortized linear time).
    static func keep(_ chunk: Data, in data: inout Data, limit: Int?) {
        data.append(chunk)
        if let limit, data.count > 2 * limit + 65536 { data = Data(data.suffix(limit)) }
    }

    private func writeAll(_ data: Data, to descriptor: Int32) {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written <= 0 { if errno == EINTR { continue }; return }
                offset += written
            }
        }
    }
}
