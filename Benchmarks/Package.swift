// swift-tools-version:6.0
import PackageDescription

// The runner's benchmarks, a package of their own so that the product's `swift build` does not
// build them. scripts/bench-*.sh build them in release (`--package-path Benchmarks`) and print
// tables; they use the runner's modules through the root package's `PipelineInternals` product.
let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")]
let internals = Target.Dependency.product(name: "PipelineInternals", package: "pipeline")

let package = Package(
    name: "pipeline-benchmarks",
    dependencies: [.package(name: "pipeline", path: "..")],
    targets: [
        .target(name: "BenchSupport", swiftSettings: strict),
        .executableTarget(name: "bench-aws", dependencies: [internals, "BenchSupport"], swiftSettings: strict),
        .executableTarget(name: "bench-jsonschema", dependencies: [internals], swiftSettings: strict),
        .executableTarget(name: "bench-git", dependencies: [internals], swiftSettings: strict),
        .executableTarget(name: "bench-approvals", dependencies: [internals, "BenchSupport"], swiftSettings: strict),
        .executableTarget(name: "bench-templates", dependencies: [internals, "BenchSupport"], swiftSettings: strict),
        .executableTarget(name: "bench-state", dependencies: [internals, "BenchSupport"], swiftSettings: strict),
        .executableTarget(name: "bench-provisioning", dependencies: [internals, "BenchSupport"], swiftSettings: strict),
    ]
)
