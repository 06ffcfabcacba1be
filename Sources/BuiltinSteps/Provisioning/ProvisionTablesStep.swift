import AWS
import Foundation
import InfraDefinitions
import PipelineEngine
import PipelineModel
import TableProvisioning

/// The built-in `provision-tables` step (`ProvisionTables("schemas/dynamodb/*.json")`): creates
/// and updates the DynamoDB tables the matching definition files describe, at the run's commit,
/// in the step's environment (its account, region and role), with the environment's tags.
///
/// - plan: reads every table (and those the environment's deployed commit defined), and lists
///   the changes per table and attribute; a key-schema or LSI change is planned as a refused
///   replacement unless `allowReplacement: true`, and always for a table the pipeline did not
///   make (``TableOwnership``: not made by the environment's last deployment, and without the
///   tags the step writes), with a note saying what to do.
/// - apply: converges each table from a fresh read, one GSI change per `UpdateTable`, waiting
///   between them; resumable (an interrupted apply finishes when run again).
/// - rollback: converges the tables to the definitions of the environment's previous
///   deployment; never deletes or replaces a table, never drops data.
public struct ProvisionTablesStep: StepModule {
    public static let kind = "provision-tables"
    public static let summary = "creates and updates the DynamoDB tables of the matching definition files (pattern, allowReplacement)"

    let pattern: String
    let allowReplacement: Bool

    public init(step: StepDefinition) throws {
        guard let pattern = step.string("pattern"), !pattern.isEmpty else {
            throw StepConfigurationError(step: step.name, field: "pattern", message: "give the table definition files, e.g. \"schemas/dynamodb/*.json\"")
        }
        self.pattern = pattern
        switch step.parameters["allowReplacement"] {
        case nil: allowReplacement = false
        case .bool(let value)?: allowReplacement = value
        case let other?: throw StepConfigurationError(step: step.name, field: "allowReplacement", message: "is true or false, not \(other.brief)")
        }
    }

    public var requiresEnvironment: Bool { true }

    public func plan(in context: StepContext) async throws -> StepPlan {
        let environment = try context.requireEnvironment()
        let desired = try desiredStates(in: context, environment: environment, revision: nil)
        let names = Set(desired.map(\.tableName))
        let deployed = deployedStates(in: context, environment: environment)
        let previous = deployed.map(\.tableName).filter { !names.contains($0) }
        let reader = TableStateReader(client: try context.requireAWS().dynamoDB(for: environment), region: environment.region,
                                      options: Self.options)
        let actual = try await reader.read(desired.map(\.tableName) + previous)
        let plan = try TablePlanner().plan(desired: desired, actual: actual, previouslyDefined: previous, allowReplacement: allowReplacement,
                                           ownership: TableOwnership(deployed: deployed))
        return plan.stepPlan
    }

    public func apply(in context: StepContext) async throws {
        let environment = try context.requireEnvironment()
        let desired = try desiredStates(in: context, environment: environment, revision: nil)
        let ownership = TableOwnership(deployed: deployedStates(in: context, environment: environment))
        let outcomes = try await applier(context, environment).apply(desired: desired, allowReplacement: allowReplacement, ownership: ownership)
        context.summarize("\(environment.name): \(Self.describe(outcomes))")
    }

    public var canRollBack: Bool { true }

    public func rollback(in context: StepContext) async throws {
        let environment = try context.requireEnvironment()
        guard let target = context.rollbackTarget else {
            context.log("no earlier deployment of \(environment.name): the tables are kept as they are (a rollback never deletes a table)")
            return
        }
        let previous = try desiredStates(in: context, environment: environment, revision: target)
        let current = try desiredStates(in: context, environment: environment, revision: nil).map(\.tableName)
        let ownership = TableOwnership(deployed: deployedStates(in: context, environment: environment))
        let outcomes = try await applier(context, environment).apply(desired: previous, mode: .rollback, leftAlone: current, ownership: ownership)
        context.summarize("\(environment.name) rolled back to \(target.prefix(12)): \(Self.describe(outcomes))")
    }

    // MARK: Helpers

    /// Local AWS-compatible endpoints (moto) do not implement global-table replicas: against one,
    /// replicas are not managed, and the plan says so.
    static var options: TableProvisioningOptions {
        let local = !(ProcessInfo.processInfo.environment["AWS_ENDPOINT_URL"] ?? "").isEmpty
            || !(ProcessInfo.processInfo.environment["AWS_ENDPOINT_URL_DYNAMODB"] ?? "").isEmpty
        return TableProvisioningOptions(manageReplicas: !local)
    }

    func applier(_ context: StepContext, _ environment: EnvironmentDefinition) throws -> TableApplier {
        TableApplier(client: try context.requireAWS().dynamoDB(for: environment), region: environment.region, options: Self.options) { line in
            context.log(line)
        }
    }

    /// The desired state of every table defined at `revision` (nil: the run's commit).
    func desiredStates(in context: StepContext, environment: EnvironmentDefinition, revision: String?) throws -> [TableState] {
        try definitions(in: context, revision: revision).map {
            TableState.desired(definition: $0, environment: environment.name, environmentTags: environment.tags)
        }
    }

    func definitions(in context: StepContext, revision: String?) throws -> [TableDefinition] {
        let inputs = context.inputFiles
        let paths = try revision.map { try inputs.files(matching: pattern, at: $0) } ?? inputs.files(matching: pattern)
        if paths.isEmpty && revision == nil { throw ValidationStepError.noFiles(pattern: pattern, origin: inputs.origin) }
        let declared = context.environments.map(\.name)
        return try paths.map { path in
            let bytes = try revision.map { try inputs.contents(of: path, at: $0) ?? Data() } ?? inputs.contents(of: path)
            let definition = try TableDefinitionChecker.load(fileAt: path, bytes: bytes)
            if revision == nil, !declared.isEmpty, let unknown = definition.environments.keys.sorted().first(where: { !declared.contains($0) }) {
                throw ProvisionTablesError.unknownEnvironment(step: context.step.name, file: path, environment: unknown, declared: declared)
            }
            return definition
        }
    }

    /// The desired states of the tables the environment's deployed commit defined: what the
    /// pipeline made there (``TableOwnership``), and the tables to show as orphaned when no longer
    /// defined. Empty when nothing was deployed, or its definitions cannot be read.
    func deployedStates(in context: StepContext, environment: EnvironmentDefinition) -> [TableState] {
        guard let deployed = context.previousDeployment else { return [] }
        return ((try? definitions(in: context, revision: deployed)) ?? []).map {
            TableState.desired(definition: $0, environment: environment.name, environmentTags: environment.tags)
        }
    }

    static func describe(_ outcomes: [TableApplier.Outcome]) -> String {
        let counts = Dictionary(grouping: outcomes, by: \.kind).mapValues(\.count)
        let parts = [TableApplier.Outcome.Kind.created, .updated, .replaced, .unchanged, .leftAlone].compactMap { kind in
            counts[kind].map { "\($0) \(kind == .leftAlone ? "left alone" : kind.rawValue)" }
        }
        return "\(outcomes.count) table\(outcomes.count == 1 ? "" : "s"): " + parts.joined(separator: ", ")
    }
}
