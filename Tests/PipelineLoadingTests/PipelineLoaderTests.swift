import Foundation
import PipelineBasics
import PipelineLoading
import PipelineModel
import PipelineTesting
import TestTiers
import Testing

/// Loads inline pipeline sources with the real compiler and the real PipelineDescription library.
@Suite(.integration) struct PipelineLoaderTests {
    static let cache = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-loader-test-cache")

    func loader(cache: URL = Self.cache, evaluationTimeout: Duration = .seconds(60),
                locate: (@Sendable () throws -> Toolchain)? = nil) throws -> PipelineLoader {
        try PipelineBuild.require()
        let runtime = DescriptionRuntime(libraryDirectory: PipelineBuild.directory, modulesDirectory: PipelineBuild.modules)
        return PipelineLoader(runtime: runtime, cacheDirectory: cache, compileTimeout: .seconds(300), evaluationTimeout: evaluationTimeout,
                              validator: PipelineValidator(knownStepKinds: ["shell", "external"]),
                              locateToolchain: locate ?? { try Toolchain.locate() })
    }

    /// Writes `source` as `pipelines/test.swift` in a new folder and loads it from there.
    func load(_ source: String, loader: PipelineLoader? = nil) async throws -> (Result<LoadedPipeline, any Error>, TemporaryDirectory) {
        let folder = try TemporaryDirectory()
        let file = try folder.write("pipelines/test.swift", source)
        let result: Result<LoadedPipeline, any Error>
        do {
            result = .success(try await (loader ?? self.loader()).load(file.path))
        } catch {
            result = .failure(error)
        }
        return (result, folder)
    }

    func loaderError(_ source: String, loader: PipelineLoader? = nil) async throws -> LoaderError {
        let (result, _) = try await load(source, loader: loader)
        switch result {
        case .success: throw TestFailure("expected the load to fail")
        case .failure(let error):
            return try #require(error as? LoaderError, "unexpected error \(error)")
        }
    }

    @Test func loadsAPipelineAndIgnoresPrints() async throws {
        let (result, _) = try await load("""
            import PipelineDescription
            print("{ this is not the document }")
            let team = Approvers(["lead@x": ["Lead Developer"]], allowUnsigned: true)
            let dev = Environment("dev", account: "536580886816", region: "af-south-1", role: "r", gate: .approvals(["Lead Developer"]))
            let pipeline = Pipeline("demo", approvers: team) {
                Stage("validation") { Shell("echo ok") }
                Deploy(dev, after: "validation") { Shell("echo deploy", rollback: "echo undo") }
            }
            """)
        let loaded = try result.get()
        #expect(loaded.definition.name == "demo")
        #expect(loaded.definition.stages.map(\.name) == ["validation", "dev"])
        #expect(loaded.definition.stages[1].gate?.requiredRoles == ["Lead Developer"])
        #expect(loaded.definition.stages[1].location.line == 7)
        #expect(loaded.definition.stages[1].location.file.hasSuffix("pipelines/test.swift"))
    }

    @Test func secondLoadComesFromTheCache() async throws {
        let cache = try TemporaryDirectory()
        let loader = try loader(cache: cache.url)
        let folder = try TemporaryDirectory()
        let file = try folder.write("p.swift", "import PipelineDescription\nlet p = Pipeline(\"c\") { Stage(\"s\") { Shell(\"true\") } }\n")
        let first = try await loader.load(file.path)
        let second = try await loader.load(file.path)
        #expect(!first.cacheHit)
        #expect(second.cacheHit)
        #expect(first.document == second.document)
        try folder.write("p.swift", "import PipelineDescription\nlet p = Pipeline(\"c2\") { Stage(\"s\") { Shell(\"true\") } }\n")
        let changed = try await loader.load(file.path)
        #expect(!changed.cacheHit)
        #expect(changed.definition.name == "c2")
    }

    @Test func cachedDocumentsFollowTheEnvironment() async throws {
        let cache = try TemporaryDirectory()
        let folder = try TemporaryDirectory()
        let file = try folder.write("p.swift", """
            // pipeline-environment: PIPE_NAME
            import PipelineDescription
            import Glibc
            let name = getenv("PIPE_NAME").map { String(cString: $0) } ?? "none"
            let p = Pipeline(name) { Stage("s") { Shell("true") } }
            """)
        func load(_ name: String) async throws -> LoadedPipeline {
            var loader = try loader(cache: cache.url)
            loader.environment = ProcessInfo.processInfo.environment.merging(["PIPE_NAME": name]) { $1 }
            return try await loader.load(file.path)
        }
        #expect(try await load("alpha").definition.name == "alpha")
        #expect(try await load("beta").definition.name == "beta")
        let again = try await load("alpha")
        #expect(again.definition.name == "alpha")
        #expect(again.cacheHit)
        let documents = try FileManager.default.contentsOfDirectory(atPath: cache.url.appendingPathComponent("pipelines").path)
        #expect(documents.filter { $0.hasSuffix(".json") }.count == 2)
    }

    @Test func syntaxErrorNamesFileLineAndColumn() async throws {
        let error = try await loaderError("import PipelineDescription\nlet p = Pipeline(\"x\") {\n    Stage(\"a\" { Shell(\"true\") }\n}\n")
        guard case .compileFailed(let path, let diagnostics) = error else { throw TestFailure("got \(error)") }
        #expect(path.hasSuffix("pipelines/test.swift"))
        #expect(diagnostics.contains("pipelines/test.swift:3:"))
        #expect(diagnostics.contains("error:"))
        #expect(error.isUserError)
    }

    @Test func typeErrorNamesTheLine() async throws {
        let error = try await loaderError("import PipelineDescription\n\nlet p = Pipeline(\"x\") {\n    Stage(\"a\", after: 42) { Shell(\"true\") }\n}\n")
        guard case .compileFailed(_, let diagnostics) = error else { throw TestFailure("got \(error)") }
        #expect(diagnostics.contains("pipelines/test.swift:4:"))
    }

    @Test func cycleIsReportedWithTheDeclaringLine() async throws {
        let error = try await loaderError("""
            import PipelineDescription
            let p = Pipeline("x") {
                Stage("a", after: "b") { Shell("true") }
                Stage("b", after: "a") { Shell("true") }
            }
            """)
        guard case .invalid(_, let issues) = error else { throw TestFailure("got \(error)") }
        let cycle = try #require(issues.first { $0.message.contains("cycle") })
        #expect(cycle.location?.line == 3)
        #expect(error.description.contains("pipelines/test.swift:3: error: the stages form a cycle"))
    }

    @Test func unknownStepAndUndeclaredRole() async throws {
        let error = try await loaderError("""
            import PipelineDescription
            let dev = Environment("dev", account: "536580886816", region: "af-south-1", role: "r", gate: .approvals(["Ghost"]))
            let p = Pipeline("x", approvers: Approvers(["a@x": ["Lead Developer"]])) {
                Deploy(dev) {
                    ProvisionTables("schemas/*.json")
                }
            }
            """)
        let text = error.description
        #expect(text.contains("test.swift:5: error: step 'provision-tables' uses unknown step module 'provision-tables'; this runner knows: external, shell"))
        #expect(text.contains("test.swift:2: error: the gate of stage 'dev' requires role 'Ghost'"))
    }

    @Test func missingAndNonUTF8Files() async throws {
        let missing = try loader()
        await #expect(throws: LoaderError.self) { try await missing.load("/nonexistent/deploy.swift") }
        let folder = try TemporaryDirectory()
        var bytes = Data("import PipelineDescription\nlet s = \"caf".utf8)
        bytes.append(contentsOf: [0xE9, 0x22, 0x0A])
        let file = try folder.write("bad.swift", bytes)
        do {
            _ = try await missing.load(file.path)
            Issue.record("a non-UTF-8 file loaded")
        } catch let error as LoaderError {
            guard case .notUTF8(_, let line, let column) = error else { throw TestFailure("got \(error)") }
            #expect(line == 2)
            #expect(column == 13)
            #expect(error.description.contains("bad.swift:2:13: error: the file is not valid UTF-8"))
        }
    }

    @Test func crashHangAndNoPipeline() async throws {
        let crash = try await loaderError("import PipelineDescription\nlet values: [Int] = []\nlet p = Pipeline(\"x\") { Stage(\"s\\(values[3])\") { Shell(\"true\") } }\n")
        guard case .evaluationFailed(_, let termination, let output) = crash else { throw TestFailure("got \(crash)") }
        #expect(termination.contains("signal"))
        #expect(output.contains("Index out of range"))

        let quick = try loader(evaluationTimeout: .seconds(2))
        let hang = try await loaderError("import PipelineDescription\nwhile true { }\n", loader: quick)
        guard case .evaluationTimedOut(_, let seconds) = hang else { throw TestFailure("got \(hang)") }
        #expect(seconds == 2)

        let empty = try await loaderError("import PipelineDescription\nlet x = 1\n")
        guard case .noPipelineDeclared = empty else { throw TestFailure("got \(empty)") }

        let twice = try await loaderError("import PipelineDescription\nlet a = Pipeline(\"a\") { Stage(\"s\") { Shell(\"true\") } }\nlet b = Pipeline(\"b\") { Stage(\"s\") { Shell(\"true\") } }\n")
        #expect(twice.description.contains("a pipeline file declares one Pipeline; found 2"))
    }

    @Test func missingCompilerIsAClearError() async throws {
        let noCompiler = try loader(locate: { try Toolchain.locate(environment: ["PATH": "/nonexistent"]) })
        let error = try await loaderError("import PipelineDescription\n", loader: noCompiler)
        guard case .compilerNotFound = error else { throw TestFailure("got \(error)") }
        #expect(error.description.contains("set SWIFTC=/path/to/swiftc"))
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
