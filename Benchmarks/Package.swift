// swift-tools-version:6.0
import PackageDescription

// The runner's benchmarks, a package of their own so that the product's `swift build` does not
// build them. scripts/bench-*.sh build them in release (`--package-path Benchmarks`) and print
// tables; they use the runner's modules through the root package's `PipelineInternals<Module>`
// products, each only the modules it measures.
let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")]
func internals(_ modules: String...) -> [Target.Dependency] {
    modules.map { .product(name: "PipelineInternals\($0)", package: "pipeline") }
}

let package = Package(
    name: "pipeline-benchmarks",
    dependencies: [.package(name: "pipeline", path: "..")],
    targets: [
        .target(name: "BenchSupport", swiftSettings: strict),
        .executableTarget(name: "bench-aws", dependencies: internals("AWS") + ["BenchSupport"], swiftSettings: strict),
        .executableTarget(name: "bench-jsonschema", dependencies: internals("JSONSchema", "InfraDefinitions"), swiftSettings: strict),
        .executableTarget(name: "bench-git", dependencies: internals("RepositoryHistory"), swiftSettings: strict),
        .executableTarget(name: "bench-approvals", dependencies: internals("ApprovalSignatures") + ["BenchSupport"], swiftSettings: strict),
        .executableTarget(
            name: "bench-templates", dependencies: internals("TemplateDeployment", "AWS", "PipelineModel") + ["BenchSupport"], swiftSettings: strict),
        .executableTarget(
            name: "bench-state",
            dependencies: internals("PipelineEngine", "PipelineModel", "BuiltinSteps", "DynamoDBRunStore", "AWS") + ["BenchSupport"],
            swiftSettings: strict),
        .executableTarget(
            name: "bench-provisioning", dependencies: internals("TableProvisioning", "AWS", "InfraDefinitions", "PipelineModel") + ["BenchSupport"],
            swiftSettings: strict),
    ]
)
