// bench-git: RepositoryHistory (libgit2, in-process) against the git CLI, side by side in one
// run, on a repository made by scripts/bench-git.sh. Prints a Markdown table of medians.
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import RepositoryHistory

struct Options {
    var repository = "/tmp/pipeline-bench-git-v1"
    var iterations = 15
    /// Run only the operations whose name contains this.
    var only: String?
    /// Run only our side of the operations selected by `only`, once (for callgrind/perf).
    var profile = false

    init(_ arguments: [String]) {
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--repository": repository = rest.popFirst() ?? repository
            case "--iterations": iterations = rest.popFirst().flatMap(Int.init) ?? iterations
            case "--only": only = rest.popFirst()
            case "--profile": profile = true
            default:
                FileHandle.standardError.write(Data("unknown argument \(argument); use --repository PATH --iterations N\n".utf8))
                exit(2)
            }
        }
    }
}

/// Runs `git` in the repository with `posix_spawn`, returning standard output (read fully, as
/// a caller would). Foundation's `Process` is not used: on Linux it costs tens of milliseconds
/// per launch, which would measure Foundation rather than git.
func runGit(_ arguments: [String], in repository: String, allowedStatus: Set<Int32> = []) throws -> Data {
    let argv = ["git", "-C", repository] + arguments
    var pipe: [Int32] = [0, 0]
    guard Glibc.pipe(&pipe) == 0 else { throw BenchError.gitFailed(arguments, -1) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
    posix_spawn_file_actions_addclose(&actions, pipe[0])
    posix_spawn_file_actions_addclose(&actions, pipe[1])
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let cArguments = argv.map { strdup($0) } + [nil]
    defer { cArguments.forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, "/usr/bin/git", &actions, nil, cArguments, environ)
    close(pipe[1])
    guard spawned == 0 else {
        close(pipe[0])
        throw BenchError.gitFailed(arguments, spawned)
    }
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(pipe[0], $0.baseAddress, $0.count) }
        if count > 0 { data.append(buffer, count: count) } else if count == 0 || errno != EINTR { break }
    }
    close(pipe[0])
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    // waitpid status: exit code in bits 8–15 when the process exited normally.
    let exitCode = status & 0x7F == 0 ? (status >> 8) & 0xFF : -1
    guard exitCode == 0 || allowedStatus.contains(exitCode) else { throw BenchError.gitFailed(arguments, status) }
    return data
}

enum BenchError: Error, CustomStringConvertible {
    case gitFailed([String], Int32)
    case mismatch(String)

    var description: String {
        switch self {
        case .gitFailed(let arguments, let status): "git \(arguments.joined(separator: " ")) exited with \(status)"
        case .mismatch(let what): "results differ from git: \(what)"
        }
    }
}

/// One operation measured both ways.
struct Benchmark {
    let operation: String
    let ours: () throws -> Void
    let git: () throws -> Void
}

struct Row {
    let operation: String
    let ours: Double
    let git: Double
}

/// Milliseconds one call of `body` takes.
func milliseconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
}

/// Medians of `iterations` runs, ours and git's interleaved (so machine load hits both
/// alike), after one warm-up run of each.
func measure(_ benchmark: Benchmark, iterations: Int) throws -> Row {
    try benchmark.ours()
    try benchmark.git()
    var ours: [Double] = [], git: [Double] = []
    for _ in 0..<iterations {
        ours.append(try milliseconds(benchmark.ours))
        git.append(try milliseconds(benchmark.git))
    }
    let median = { (samples: [Double]) in samples.sorted()[samples.count / 2] }
    return Row(operation: benchmark.operation, ours: median(ours), git: median(git))
}

func main() throws {
    let options = Options(Array(CommandLine.arguments.dropFirst()))
    let path = options.repository
    // The first open pays libgit2's one-time initialisation (Debian's build parses the system
    // CA bundle there); reported apart, since a process pays it once.
    let firstOpen = try milliseconds { _ = try Repository(discoveringFrom: path) }
    let lines = { (data: Data) in String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init) }

    let all = lines(try runGit(["rev-list", "HEAD"], in: path))
    guard all.count >= 1000 else { throw BenchError.mismatch("repository too small: \(all.count) commits") }
    // Newest first: index 1000 is recent, index count-1000 is old.
    let recent = all[1000], old = all[all.count - 1000]

    // Check once that both sides agree before timing anything (skipped when profiling one).
    if options.only == nil {
        let repository = try Repository(discoveringFrom: path)
        let ids = try repository.commitIDs().map(\.hex)
        guard ids == all else { throw BenchError.mismatch("history order") }
        let ours = try repository.changes(from: old, to: recent)
        let theirs = lines(try runGit(["-c", "core.quotePath=false", "diff", "--name-status", "-M", old, recent], in: path))
        let ourLines = ours.map { change -> String in
            var status = String(change.statusLetter)
            if case .renamed(let similarity) = change.kind { status += String(format: "%03d", similarity) }
            return ([status] + change.paths).joined(separator: "\t")
        }
        guard Set(ourLines) == Set(theirs) else {
            throw BenchError.mismatch("changed paths: \(Set(ourLines).symmetricDifference(theirs).sorted().prefix(5))")
        }
        FileHandle.standardError.write(Data("diff \(old.prefix(8))..\(recent.prefix(8)): \(ours.count) changes (\(ours.filter { $0.previousPath != nil }.count) renames)\n".utf8))
    }

    // 100 (commit, path) pairs at old commits, chosen deterministically.
    var reads: [(commit: CommitID, path: String)] = []
    if options.only.map({ "100 file reads".contains($0) || $0.contains("read") }) ?? true {
        let repository = try Repository(discoveringFrom: path)
        let oldCommits = Array(all.suffix(2000))
        var index = 0
        while reads.count < 100 {
            let commit = CommitID(hex: oldCommits[(index * 37) % oldCommits.count])!
            let files = try repository.files(at: commit, matching: PathPattern("dir\(String(format: "%02d", index % 100))"))
            reads.append((commit, files[(index * 13) % files.count].path))
            index += 1
        }
        for read in reads.prefix(5) {
            let ours = try repository.contents(of: read.path, at: read.commit)
            let theirs = try runGit(["show", "\(read.commit.hex):\(read.path)"], in: path)
            guard ours == theirs else { throw BenchError.mismatch("contents of \(read.path)") }
        }
    }

    let benchmarks = [
        Benchmark(
            operation: "changed paths, commits \(all.count - 2000) apart (`diff --name-status -M`)",
            ours: {
                let repository = try Repository(discoveringFrom: path)
                _ = try repository.changes(from: repository.resolve(old), to: repository.resolve(recent))
            },
            git: { _ = try runGit(["diff", "--name-status", "-M", old, recent], in: path) }),
        Benchmark(
            operation: "changed paths, no rename detection (`diff --name-status --no-renames`)",
            ours: {
                let repository = try Repository(discoveringFrom: path)
                _ = try repository.changes(from: repository.resolve(old), to: repository.resolve(recent), renames: .none)
            },
            git: { _ = try runGit(["diff", "--name-status", "--no-renames", old, recent], in: path) }),
        Benchmark(
            operation: "changed since base under one directory (`diff --quiet -- dir42`)",
            ours: {
                let repository = try Repository(discoveringFrom: path)
                _ = try repository.hasChanges(from: repository.resolve(old), to: repository.resolve(recent), paths: ["dir42"])
            },
            git: { _ = try runGit(["diff", "--quiet", "--exit-code", old, recent, "--", "dir42"], in: path, allowedStatus: [1]) }),
        Benchmark(
            operation: "full history walk, \(all.count) commits (`rev-list HEAD`)",
            ours: {
                let repository = try Repository(discoveringFrom: path)
                _ = try repository.commitIDs("HEAD")
            },
            git: { _ = try runGit(["rev-list", "HEAD"], in: path) }),
        Benchmark(
            operation: "history touching one directory (`rev-list --full-history HEAD -- dir42`)",
            ours: {
                let repository = try Repository(discoveringFrom: path)
                _ = try repository.commitIDs("HEAD", paths: ["dir42"])
            },
            git: { _ = try runGit(["rev-list", "--full-history", "HEAD", "--", "dir42"], in: path) }),
        Benchmark(
            operation: "100 file reads at old commits (100 × `git show C:path`)",
            ours: {
                let repository = try Repository(discoveringFrom: path)
                for read in reads { _ = try repository.contents(of: read.path, at: read.commit) }
            },
            git: {
                for read in reads { _ = try runGit(["show", "\(read.commit.hex):\(read.path)"], in: path) }
            }),
    ]
    let n = options.iterations
    var rows: [Row] = []
    for benchmark in benchmarks where options.only.map({ benchmark.operation.contains($0) }) ?? true {
        if options.profile {
            try benchmark.ours()
            continue
        }
        rows.append(try measure(benchmark, iterations: n))
    }
    if options.profile { return }

    let gitVersion = String(decoding: try runGit(["--version"], in: path), as: UTF8.self)
        .trimmingCharacters(in: .whitespacesAndNewlines)
    print("Repository: \(path) (\(all.count) commits); \(gitVersion); medians of \(n) interleaved runs; ours in-process, git as processes")
    print("First Repository open in this process (includes git_libgit2_init, once per process): \(String(format: "%.1f", firstOpen)) ms")
    print("")
    print("| operation | ours (ms) | git (ms) | ratio ours/git |")
    print("|---|---:|---:|---:|")
    for row in rows {
        print("| \(row.operation) | \(String(format: "%.2f", row.ours)) | \(String(format: "%.2f", row.git)) | \(String(format: "%.3f", row.ours / row.git)) |")
    }
}

do {
    try main()
} catch {
    FileHandle.standardError.write(Data("bench-git: \(error)\n".utf8))
    exit(1)
}
