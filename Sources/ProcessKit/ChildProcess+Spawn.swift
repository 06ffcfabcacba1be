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
        guard pipe(&outPipe) == 0, pipe(&errPipe) == 0 else { throw ChildProcessError.spawnFailed(executable: executable, errno: errno) }
        if captureDescriptor3 { _ = pipe(&chanPipe) }
        if input != nil { _ = pipe(&inPipe) }

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

        var stdout = Data(), stderr = Data(), channel = Data()
        var open: [(Int32, Int)] = [(outPipe[0], 0), (errPipe[0], 1)]
        if chanPipe[0] >= 0 { open.append((chanPipe[0], 2)) }
        let deadline = timeout.map { start + $0 }
        var termination: Termination?
        var killAt: ContinuousClock.Instant?
        var buffer = [UInt8](repeating: 0, count: 65536)

        while !open.isEmpty {
            if termination == nil {
                if control.isCancelled { termination = .cancelled } else if let deadline, ContinuousClock.now >= deadline { termination = .timedOut }
                if termination != nil {
                    kill(-pid, SIGTERM)
                    killAt = ContinuousClock.now + killGracePeriod
                }
            } else if let due = killAt, ContinuousClock.now >= due {
                kill(-pid, SIGKILL)
                killAt = nil
            }
            var descriptors = open.map { pollfd(fd: $0.0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&descriptors, nfds_t(descriptors.count), 100)
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
                    case 0: stdout.append(chunk); onOutput?(.stdout, chunk)
                    case 1: stderr.append(chunk); onOutput?(.stderr, chunk)
                    default: channel.append(chunk)
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

        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, termination == nil ? 0 : WNOHANG)
            if result == pid { break }
            if result < 0 && errno != EINTR { break }
            if result == 0 {
                if let due = killAt, ContinuousClock.now >= due {
                    kill(-pid, SIGKILL)
                    killAt = nil
                }
                usleep(20_000)
            }
        }
        // The group may still hold grandchildren that closed their output; end them too.
        if termination != nil { kill(-pid, SIGKILL) }
        let final: Termination
        if let termination {
            final = termination
        } else if status & 0x7f == 0 {
            final = .exited((status >> 8) & 0xff)
        } else {
            final = .signalled(status & 0x7f)
        }
        return Result(status: final, stdout: stdout, stderr: stderr, channel: channel, duration: ContinuousClock.now - start)
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
