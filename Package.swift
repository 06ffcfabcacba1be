// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")]

/// The runner's modules the benchmarks in Benchmarks/ measure (their own package, outside this
/// build graph): one library product each, `PipelineInternals<Module>`, so a benchmark builds only
/// what it measures. Not a stable API.
let benchmarkedModules = [
    "AWS", "ApprovalSignatures", "BuiltinSteps", "DynamoDBRunStore", "InfraDefinitions", "JSONSchema", "PipelineEngine", "PipelineModel",
    "RepositoryHistory", "TableProvisioning", "TemplateDeployment",
]

let package = Package(
    name: "pipeline",
    products: benchmarkedModules.map { Product.library(name: "PipelineInternals\($0)", targets: [$0]) } + [
        .executable(name: "pipeline", targets: ["pipeline"]),
        .library(name: "PipelineDescription", type: .dynamic, targets: ["PipelineDescription"]),
        .library(name: "PipelineStepKit", targets: ["PipelineStepKit"]),
        .executable(name: "pipeline-step-cost-estimate", targets: ["pipeline-step-cost-estimate"]),
        // `swift package pipeline …` in a team's own Swift package (README, "In your own Swift package").
        .plugin(name: "PipelinePlugin", targets: ["PipelinePlugin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.1.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.29.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
    ],
    targets: [
        // The DSL pipeline files import. Depends on nothing.
        .target(name: "PipelineDescription", exclude: ["README.md"], swiftSettings: strict),

        // What every module shares: the error protocol. Depends on nothing.
        .target(name: "PipelineBasics", exclude: ["README.md"], swiftSettings: strict),

        // The engine's model of a pipeline; pure data.
        .target(name: "PipelineModel", dependencies: ["PipelineBasics"], exclude: ["README.md"], swiftSettings: strict),
        .target(name: "CProcessKit"),
        .target(name: "ProcessKit", dependencies: ["CProcessKit"], exclude: ["README.md"], swiftSettings: strict),
        .target(
            name: "PipelineLoading",
            dependencies: ["PipelineBasics", "PipelineModel", "ProcessKit", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["README.md"], swiftSettings: strict),

        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CLibgit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        .target(
            name: "EmailTemplates", dependencies: ["PipelineBasics", "JSONSchema", .product(name: "Mustache", package: "swift-mustache")],
            exclude: ["README.md"], swiftSettings: strict),
        .target(name: "JSONSchema", dependencies: ["PipelineBasics"], exclude: ["README.md"], swiftSettings: strict),
        .target(name: "InfraDefinitions", dependencies: ["JSONSchema", "PipelineBasics"], exclude: ["README.md"], swiftSettings: strict),
        .target(
            name: "AWS",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            exclude: ["README.md"], swiftSettings: strict),
        .target(
            name: "TemplateDeployment",
            dependencies: ["PipelineBasics", "AWS", "PipelineModel", "EmailTemplates", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["README.md"], swiftSettings: strict),
        .target(name: "TableProvisioning", dependencies: ["AWS", "InfraDefinitions", "PipelineBasics", "PipelineModel"], exclude: ["README.md"], swiftSettings: strict),
        // Signed approval statements: SSHSIG and OIDC/JWKS verification.
        .target(
            name: "ApprovalSignatures",
            dependencies: [
                "PipelineBasics", "PipelineModel", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"), .product(name: "JWTKit", package: "jwt-kit"),
            ],
            exclude: ["README.md"], swiftSettings: strict),
        .target(name: "RepositoryHistory", dependencies: ["PipelineBasics", "CLibgit2"], exclude: ["README.md"], swiftSettings: strict),
        .target(
            name: "PipelineEngine",
            dependencies: ["PipelineBasics", "PipelineModel", "CSQLite", .product(name: "Logging", package: "swift-log"), .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["README.md"], swiftSettings: strict),
        .target(
            name: "DynamoDBRunStore", dependencies: ["PipelineBasics", "PipelineEngine", "PipelineModel", "AWS"], exclude: ["README.md"],
            swiftSettings: strict),
        .target(
            name: "BuiltinSteps",
            dependencies: [
                "PipelineBasics", "PipelineEngine", "PipelineModel", "ProcessKit", "RepositoryHistory", "EmailTemplates", "InfraDefinitions", "JSONSchema", "AWS",
                "TableProvisioning", "TemplateDeployment",
            ],
            exclude: ["README.md"], swiftSettings: strict),
        .target(
            name: "PipelineCommands",
            dependencies: [
                "PipelineBasics", "PipelineModel", "PipelineEngine", "PipelineLoading", "BuiltinSteps", "RepositoryHistory", "ProcessKit",
                "ApprovalSignatures", "DynamoDBRunStore", "AWS",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"], swiftSettings: strict),
        .executableTarget(name: "pipeline", dependencies: ["PipelineCommands"], swiftSettings: strict),

        // What a team imports to write its own step module; and an example of one.
        .target(name: "PipelineStepKit", exclude: ["README.md"], swiftSettings: strict),
        .executableTarget(name: "pipeline-step-notify", dependencies: ["PipelineStepKit"], path: "examples/steps/notify", swiftSettings: strict),
        .target(name: "CostEstimate", dependencies: ["PipelineStepKit"], path: "examples/steps/cost-estimate/CostEstimate", swiftSettings: strict),
        .executableTarget(
            name: "pipeline-step-cost-estimate", dependencies: ["CostEstimate", "PipelineStepKit"], path: "examples/steps/cost-estimate/Executable",
            swiftSettings: strict),

        // Builds the runner and the package's `pipeline-step-*` executables, puts them on
        // PIPELINE_STEP_PATH and runs `pipeline ARGUMENTS…` in the package directory.
        .plugin(
            name: "PipelinePlugin",
            capability: .command(
                intent: .custom(
                    verb: "pipeline",
                    description: "Build the pipeline runner and this package's pipeline-step-* executables, then run `pipeline ARGUMENTS…` here"),
                permissions: [
                    .writeToPackageDirectory(reason: "the runner keeps its runs, state, logs and checkouts in .pipeline/ in the package directory"),
                    .allowNetworkConnections(
                        scope: .all(), reason: "deploy steps call AWS (or a local AWS-compatible server), and step modules may call their own services"),
                ]),
            // No dependency on the `pipeline` target: as a plugin dependency SwiftPM would build the
            // runner's whole graph a second time for the host. The plugin builds it when it runs.
            dependencies: []),

        .target(
            name: "PipelineTesting",
            dependencies: [
                "AWS", .product(name: "JWTKit", package: "jwt-kit"), .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            exclude: ["README.md"], swiftSettings: strict),
        // The two test tiers (`PIPELINE_TESTS=fast|integration|all`) and their traits.
        .target(name: "TestTiers", path: "Tests/TestTiers", swiftSettings: strict),

        .testTarget(name: "PipelineDescriptionTests", dependencies: ["TestTiers", "PipelineBasics", "PipelineDescription", "PipelineModel"], swiftSettings: strict),
        .testTarget(name: "PipelineBasicsTests", dependencies: ["TestTiers", "PipelineBasics"], swiftSettings: strict),
        .testTarget(name: "PipelineModelTests", dependencies: ["TestTiers", "PipelineModel", "PipelineBasics"], swiftSettings: strict),
        .testTarget(name: "ProcessKitTests", dependencies: ["TestTiers", "ProcessKit"], swiftSettings: strict),
        .testTarget(name: "PipelineLoadingTests", dependencies: ["TestTiers", "PipelineBasics", "PipelineLoading", "PipelineModel", "PipelineTesting"], swiftSettings: strict),
        .testTarget(
            name: "PipelineEngineTests", dependencies: ["TestTiers", "PipelineEngine", "PipelineModel", "BuiltinSteps", "PipelineTesting", "DynamoDBRunStore", "AWS"],
            swiftSettings: strict),
        .testTarget(name: "JSONSchemaTests", dependencies: ["TestTiers", "JSONSchema", "PipelineBasics", "PipelineTesting"], swiftSettings: strict),
        .testTarget(name: "InfraDefinitionsTests", dependencies: ["TestTiers", "InfraDefinitions", "JSONSchema", "PipelineBasics", "PipelineTesting"], swiftSettings: strict),
        .testTarget(
            name: "TemplateDeploymentTests", dependencies: ["TestTiers", "PipelineBasics", "TemplateDeployment", "AWS", "PipelineModel", "PipelineTesting"],
            swiftSettings: strict),
        .testTarget(
            name: "TableProvisioningTests",
            dependencies: ["TestTiers", "TableProvisioning", "AWS", "InfraDefinitions", "PipelineBasics", "PipelineModel", "PipelineTesting"],
            swiftSettings: strict),
        .testTarget(
            name: "ApprovalSignaturesTests",
            dependencies: ["TestTiers", 
                "ApprovalSignatures", "PipelineModel", "PipelineTesting", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"), .product(name: "JWTKit", package: "jwt-kit"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "DynamoDBRunStoreTests", dependencies: ["TestTiers", "DynamoDBRunStore", "PipelineEngine", "AWS", "PipelineTesting"],
            swiftSettings: strict),
        .testTarget(name: "AWSTests", dependencies: ["TestTiers", "AWS", "PipelineTesting"], swiftSettings: strict),
        .testTarget(name: "RepositoryHistoryTests", dependencies: ["TestTiers", "RepositoryHistory", "PipelineTesting"], swiftSettings: strict),
        .testTarget(name: "EmailTemplatesTests", dependencies: ["TestTiers", "EmailTemplates", "PipelineBasics"], swiftSettings: strict),
        .testTarget(name: "PipelineStepKitTests", dependencies: ["TestTiers", "PipelineStepKit", "ProcessKit"], swiftSettings: strict),
        .testTarget(name: "CostEstimateTests", dependencies: ["TestTiers", "CostEstimate", "PipelineStepKit", "ProcessKit"], swiftSettings: strict),
        .testTarget(name: "BuiltinStepsTests", dependencies: ["TestTiers", "BuiltinSteps", "PipelineEngine", "PipelineModel", "PipelineTesting"], swiftSettings: strict),
        .testTarget(name: "PipelinePluginTests", dependencies: ["TestTiers", "PipelineTesting"], swiftSettings: strict),
        .testTarget(
            name: "PipelineCommandsTests",
            dependencies: ["TestTiers", "PipelineCommands", "PipelineEngine", "PipelineTesting", "AWS", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
    ]
)
