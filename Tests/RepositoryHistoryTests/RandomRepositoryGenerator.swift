import Foundation
import PipelineTesting

/// A small deterministic random number generator (SplitMix64), so a failing seed reproduces.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Builds a random history with the `git` CLI: adds, modifications, deletions, renames (exact
/// and with an edit), binary and non-ASCII files, side branches merged back with `--no-ff`.
/// Side branch `side-N` only touches files under `side-N/`, so merges never conflict.
struct RandomRepositoryGenerator {
    let fixture: TemporaryGitRepository
    private(set) var commits: [String] = []
    private(set) var branches: [String] = ["main"]
    private var random: SeededRandom
    private var files: [String: [String: Data]] = ["main": [:]]
    private var activeSides: [String] = []
    private var current = "main"
    private var nameCounter = 0
    private var sideCounter = 0

    private static let mainDirectories = ["src", "src/core", "docs", "données", "日本", "assets", ""]

    init(seed: UInt64) throws {
        fixture = try TemporaryGitRepository()
        random = SeededRandom(seed: seed)
    }

    mutating func generate(commitCount: Int) throws {
        for index in 0..<commitCount {
            if index > 3, activeSides.count < 2, chance(0.12) {
                try startSide()
            } else if let side = activeSides.first(where: { (files[$0]?.count ?? 0) > 0 }), chance(0.15) {
                try mergeSide(side)
                continue
            }
            let branch = activeSides.isEmpty || chance(0.5) ? "main" : activeSides.randomElement(using: &random)!
            try switchTo(branch)
            try commitRandomEdits(index: index)
        }
        try switchTo("main")
        for side in activeSides { try mergeSide(side) }
    }

    // MARK: Branches

    private mutating func startSide() throws {
        try switchTo("main")
        sideCounter += 1
        let name = "side-\(sideCounter)"
        try fixture.checkout(name, create: true)
        current = name
        files[name] = files["main"]
        activeSides.append(name)
        branches.append(name)
    }

    private mutating func mergeSide(_ side: String) throws {
        try switchTo("main")
        commits.append(try fixture.merge(side, message: "Merge \(side)"))
        for (path, data) in files[side] ?? [:] where path.hasPrefix(side + "/") {
            files["main", default: [:]][path] = data
        }
        activeSides.removeAll { $0 == side }
    }

    private mutating func switchTo(_ branch: String) throws {
        guard branch != current else { return }
        try fixture.checkout(branch)
        current = branch
    }

    // MARK: Edits

    private func ownedPaths() -> [String] {
        let all = (files[current] ?? [:]).keys.sorted()
        if current == "main" {
            return all.filter { path in !activeSides.contains { path.hasPrefix($0 + "/") } }
        }
        return all.filter { $0.hasPrefix(current + "/") }
    }

    private mutating func newPath() -> String {
        nameCounter += 1
        let directory = current == "main"
            ? Self.mainDirectories.randomElement(using: &random)!
            : current + (chance(0.5) ? "" : "/nested")
        let stems = ["file", "naïve résumé", "模块", "config", "data"]
        let stem = stems.randomElement(using: &random)!
        let name = "\(stem) \(nameCounter).\(chance(0.5) ? "txt" : "md")"
        return directory.isEmpty ? name : directory + "/" + name
    }

    private mutating func commitRandomEdits(index: Int) throws {
        var touched = false
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let owned = ownedPaths()
            let roll = Int.random(in: 0..<100, using: &random)
            if owned.count < 3 || roll < 30 {
                let path = newPath()
                try put(path, chance(0.1) ? randomBinary() : randomText())
            } else if roll < 65 {
                let path = owned.randomElement(using: &random)!
                try put(path, edited(files[current]![path]!))
            } else if roll < 80 {
                let path = owned.randomElement(using: &random)!
                try fixture.delete(path)
                files[current]![path] = nil
            } else {
                let from = owned.randomElement(using: &random)!
                let to = newPath()
                // A plain move (the path may be new in this very commit); `git add -A` stages it.
                let target = fixture.fileURL(to)
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try FileManager.default.moveItem(at: fixture.fileURL(from), to: target)
                let data = files[current]![from]!
                files[current]![from] = nil
                files[current]![to] = data
                if chance(0.5) { try put(to, edited(data)) }
            }
            touched = true
        }
        if touched {
            try fixture.stage()
            // Edits can cancel out (a file added then moved away); an empty commit is still history.
            commits.append(try fixture.commitStaged("commit \(index) on \(current)", allowEmpty: true))
        }
    }

    private mutating func put(_ path: String, _ data: Data) throws {
        try fixture.write(path, data)
        files[current]![path] = data
    }

    private mutating func randomText() -> Data {
        let lines = (0..<Int.random(in: 20...40, using: &random)).map { _ in randomLine() }
        return Data(lines.joined().utf8)
    }

    private mutating func randomLine() -> String {
        (0..<5).map { _ in "w\(random.next() % 1_000_000)" }.joined(separator: " ") + "\n"
    }

    private mutating func randomBinary() -> Data {
        Data((0..<Int.random(in: 200...600, using: &random)).map { _ in UInt8(truncatingIfNeeded: random.next()) } + [0, 0])
    }

    /// Replaces one to three lines (or bytes of a binary), or appends a line.
    private mutating func edited(_ data: Data) -> Data {
        guard !data.contains(0) else {
            var bytes = [UInt8](data)
            for _ in 0..<3 { bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8(truncatingIfNeeded: random.next()) }
            return Data(bytes)
        }
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        if chance(0.3) {
            lines.append(String(randomLine().dropLast()))
        } else {
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                lines[Int.random(in: 0..<lines.count, using: &random)] = String(randomLine().dropLast())
            }
        }
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }

    private mutating func chance(_ probability: Double) -> Bool {
        Double(random.next() % 1_000_000) / 1_000_000 < probability
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items.randomElement(using: &random)!
    }
}
