import Foundation
import PipelineTesting

/// A team's own Swift package in a fresh git repository: it depends on this package by path, has
/// a step module `pipeline-step-hello` written with PipelineStepKit, and two pipeline files. Runs
/// `swift package … pipeline …` in it with its own build folder.
final class TeamPackage {
    /// The step module, written with PipelineStepKit: a typed parameter with its schema, logs a
    /// greeting, answers a message.
    static let helloModule = """
        import PipelineStepKit

        struct Parameters: Decodable, Sendable {
            var greeting: String?
        }

        let module = StepModule(
            name: "hello", version: "1.0.0", summary: "says hello", parameters: Parameters.self,
            schema: .object(["greeting": .string(description: "what to say")])
        ) { call in
            call.log("pipeline-step-hello: \\(call.parameters.greeting ?? "hello") from \\(call.run.stage)")
            return StepResult(message: "greeted")
        }

        await module.main()
        """

    /// The module by name only, so the runner has to find it; the Shell step before it records
    /// the PIPELINE_STEP_PATH it got, once the built module is where its first folder says.
    static let helloPipeline = """
        import PipelineDescription

        let pipeline = Pipeline("plugin-hello") {
            Stage("modules") {
                Shell(#"test -x "${PIPELINE_STEP_PATH%%:*}/pipeline-step-hello" && printf '%s' "$PIPELINE_STEP_PATH" > "$HELLO_MARKS/step-path""#, name: "built")
                Custom("hello", with: ["greeting": "hi"])
            }
        }
        """

    static let failingPipeline = """
        import PipelineDescription

        let pipeline = Pipeline("plugin-failing") {
            Stage("checks") { Shell("echo failing-step-ran; exit 3", name: "fails") }
        }
        """

    /// What PIPELINE_STEP_PATH holds before the plugin adds to it.
    static let existingStepPath = "/nonexistent/team-steps"

    /// A runner already built (the outer `swift build`'s), handed to the plugin on
    /// PIPELINE_RUNNER; nil lets the plugin build the runner itself in the team package.
    let prebuiltRunner: URL?
    let repository: TemporaryGitRepository
    /// Where the Shell step writes what it saw; outside the repository.
    let marks: TemporaryDirectory
    var url: URL { repository.url }
    var buildFolder: URL { url.appendingPathComponent(".build") }

    init(prebuiltRunner: URL?) throws {
        self.prebuiltRunner = prebuiltRunner
        repository = try TemporaryGitRepository()
        marks = try TemporaryDirectory(prefix: "pipeline-plugin-marks")
        try repository.write("Package.swift", """
            // swift-tools-version:6.0
            import PackageDescription

            let package = Package(
                name: "team",
                dependencies: [.package(name: "pipeline", path: "\(PipelineBuild.packageRoot.path)")],
                targets: [
                    .executableTarget(name: "pipeline-step-hello", dependencies: [.product(name: "PipelineStepKit", package: "pipeline")]),
                ]
            )
            """)
        try repository.write("Sources/pipeline-step-hello/main.swift", Self.helloModule)
        try repository.write("pipelines/hello.swift", Self.helloPipeline)
        try repository.write("pipelines/failing.swift", Self.failingPipeline)
        try repository.write(".gitignore", ".build/\n.pipeline/\n")
        // The versions this checkout builds with, when it has resolved them.
        let resolved = PipelineBuild.packageRoot.appendingPathComponent("Package.resolved")
        if let pins = try? Data(contentsOf: resolved) { try repository.write("Package.resolved", pins) }
        try repository.stage()
        _ = try repository.commitStaged("A team package with a step module and two pipelines")
    }

    /// `swift package --scratch-path .build --allow-… pipeline ARGUMENTS…` in the package, waited
    /// for on a dispatch thread (at most `timeout` seconds).
    func plugin(_ arguments: [String], timeout: TimeInterval) async throws -> CommandLineRunner.Output {
        var runner = CommandLineRunner(workingDirectory: url, environment: [
            "HELLO_MARKS": marks.url.path, "PIPELINE_STEP_PATH": Self.existingStepPath,
        ])
        // The plugin chooses these; none left over from the test's own environment.
        for name in ["PIPELINE_CACHE_DIR", "PIPELINE_RUNTIME_DIR", "PIPELINE_BUILD_DIR", "PIPELINE_RUNNER"] { runner.environment.removeValue(forKey: name) }
        if let prebuiltRunner { runner.environment["PIPELINE_RUNNER"] = prebuiltRunner.path }
        let configured = runner
        let command = [
            "swift", "package", "--scratch-path", buildFolder.path,
            "--allow-writing-to-package-directory", "--allow-network-connections", "all", "pipeline",
        ] + arguments
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try configured.run("/usr/bin/env", command, timeout: timeout) })
            }
        }
    }

    /// The path the plugin reported building a step module at (its `step module NAME: PATH` line).
    static func reportedModule(_ name: String, in output: CommandLineRunner.Output) -> String? {
        let prefix = "step module \(name): "
        for line in (output.stderr + "\n" + output.stdout).split(separator: "\n") {
            if let range = line.range(of: prefix) { return String(line[range.upperBound...]) }
        }
        return nil
    }
}
