// Benchmark driver for scripts/bench-jsonschema.sh: parses and validates every file of a
// corpus directory against a schema, several times, and prints one JSON line with the
// time of each repetition (ms) and the number of invalid files (to cross-check tools).
//
//   bench-jsonschema --schema S.json --corpus DIR [--repetitions 5] [--warmup 0] [--draft 2020-12|7]

import Foundation
import JSONSchema

struct Arguments {
    var schema = ""
    var corpus = ""
    var repetitions = 5
    var warmup = 0
    var draft = Draft.draft2020_12

    init(_ argv: [String]) throws {
        var i = 1
        func value() throws -> String {
            i += 1
            guard i < argv.count else { throw BenchError.usage("\(argv[i - 1]) needs a value") }
            return argv[i]
        }
        while i < argv.count {
            switch argv[i] {
            case "--schema": schema = try value()
            case "--corpus": corpus = try value()
            case "--repetitions": repetitions = Int(try value()) ?? 5
            case "--warmup": warmup = Int(try value()) ?? 0
            case "--draft": draft = try value() == "7" ? .draft7 : .draft2020_12
            default: throw BenchError.usage("unknown argument \(argv[i])")
            }
            i += 1
        }
        if schema.isEmpty || corpus.isEmpty { throw BenchError.usage("--schema and --corpus are required") }
    }
}

enum BenchError: Error, CustomStringConvertible {
    case usage(String)
    case unreadable(String, any Error)

    var description: String {
        switch self {
        case .usage(let m): return "usage: bench-jsonschema --schema FILE --corpus DIR [--repetitions N] [--draft 2020-12|7]: \(m)"
        case .unreadable(let path, let error): return "cannot read \(path): \(error)"
        }
    }
}

/// CPU time of this process (the machine may be shared: wall time includes waiting).
func cpuMilliseconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) * 1000 + Double(spec.tv_nsec) / 1e6
}

func format(_ values: [Double]) -> String {
    values.map { String(format: "%.3f", $0) }.joined(separator: ", ")
}

func run() throws {
    let args = try Arguments(CommandLine.arguments)
    let schemaData: Data
    do { schemaData = try Data(contentsOf: URL(fileURLWithPath: args.schema)) } catch { throw BenchError.unreadable(args.schema, error) }
    let validator = try Validator(schema: try JSONDocument(bytes: schemaData).root, draft: args.draft)
    let directory = URL(fileURLWithPath: args.corpus)
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
    let files = try names.map { try [UInt8](Data(contentsOf: directory.appendingPathComponent($0))) }
    var times: [Double] = []
    var cpuTimes: [Double] = []
    var invalid = 0
    var issues = 0
    for _ in 0..<args.warmup {
        for bytes in files { _ = try? validator.validate(JSONDocument(bytes: bytes)) }
    }
    for _ in 0..<args.repetitions {
        invalid = 0
        issues = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = cpuMilliseconds()
        for bytes in files {
            do {
                let result = validator.validate(try JSONDocument(bytes: bytes))
                if !result.isValid { invalid += 1 }
                issues += result.issues.count
            } catch {
                invalid += 1
            }
        }
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        cpuTimes.append(cpuMilliseconds() - cpuStart)
    }
    print(#"{"tool": "swift", "files": \#(files.count), "invalid": \#(invalid), "issues": \#(issues), "times_ms": [\#(format(times))], "cpu_ms": [\#(format(cpuTimes))]}"#)
}

do {
    try run()
} catch {
    FileHandle.standardError.write(Data("bench-jsonschema: \(error)\n".utf8))
    exit(1)
}
