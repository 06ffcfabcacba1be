#if !FUZZING  // the fuzz targets compile PipelineBasics' sources into their own module
import PipelineBasics
#endif

/// Checks a pipeline definition before anything runs: names, dependencies, cycles, gates,
/// environments and step kinds. Returns every problem, not just the first.
public struct PipelineValidator: Sendable {
    /// The longest step timeout (30 days).
    public static let maximumTimeoutSeconds = 30.0 * 86400
    /// The step kinds the runner has, or nil to skip that check.
    public var knownStepKinds: Set<String>?
    /// Checks one step's parameters the way its step module will read them (the runner builds
    /// each module here, so a wrong parameter in a PROD step is reported at load, with its
    /// line, not after DEV and SIT have deployed). Returns the problems, empty when none.
    public var checkStep: (@Sendable (_ step: StepDefinition, _ stage: StageDefinition) -> [String])?
    /// Checks one environment beyond its shape (e.g. that its region exists), once per environment.
    public var checkEnvironment: (@Sendable (EnvironmentDefinition) -> [String])?
    /// Checks the approvers beyond their shape (e.g. that their SSH keys parse), once.
    public var checkApprovers: (@Sendable (PipelineDefinition) -> [String])?

    public init(knownStepKinds: Set<String>? = nil,
                checkEnvironment: (@Sendable (EnvironmentDefinition) -> [String])? = nil,
                checkStep: (@Sendable (_ step: StepDefinition, _ stage: StageDefinition) -> [String])? = nil,
                checkApprovers: (@Sendable (PipelineDefinition) -> [String])? = nil) {
        self.knownStepKinds = knownStepKinds
        self.checkApprovers = checkApprovers
        self.checkEnvironment = checkEnvironment
        self.checkStep = checkStep
    }

    public func validate(_ pipeline: PipelineDefinition) -> [Diagnostic] {
        var issues: [Diagnostic] = []
        if pipeline.name.isEmpty {
            issues.append(.init("the pipeline has an empty name; give it one, e.g. Pipeline(\"deploy\")", at: pipeline.location))
        }
        if let issue = Self.controlCharacterIssue(in: pipeline.name, what: "the pipeline name", at: pipeline.location) { issues.append(issue) }
        if pipeline.stages.isEmpty {
            issues.append(.init("pipeline '\(pipeline.name)' has no stages; add at least one Stage", at: pipeline.location))
        }
        issues += checkNames(pipeline)
        issues += checkDependencies(pipeline)
        issues += checkEnvironments(pipeline)
        if let state = pipeline.state {
            issues += state.issues.map { Diagnostic($0, at: state.location ?? pipeline.location) }
        }
        for stage in pipeline.stages {
            if let condition = stage.condition { issues += checkCondition(condition, of: "stage '\(stage.name)'", at: stage.location) }
            if let gate = stage.gate { issues += checkGate(gate, of: stage, approvers: pipeline.approvers) }
            issues += checkSteps(stage.steps, of: stage, context: "stage")
            if case .steps(let rollbackSteps) = stage.rollback {
                issues += checkSteps(rollbackSteps, of: stage, context: "rollback of stage")
            }
        }
        for provider in pipeline.approvers.identityProviders
        where provider.issuer == IdentityProviderDefinition.githubIssuer && (provider.requiredClaims["repository"] ?? []).isEmpty {
            issues.append(.init("the GitHub Actions identity provider names no repository: any repository's workflow could mint an approver's token; use .githubActions(repository: \"owner/name\")", at: pipeline.approvers.location ?? pipeline.location))
        }
        for provider in pipeline.approvers.identityProviders {
            for (claim, values) in provider.requiredClaims.sorted(by: { $0.key < $1.key }) where values.isEmpty || values.contains(where: \.isEmpty) {
                issues.append(.init("identity provider \(provider.issuer): required claim '\(claim)' lists no value (or an empty one); list the values it may have", at: pipeline.approvers.location ?? pipeline.location))
            }
        }
        if let checkApprovers {
            issues += checkApprovers(pipeline).map { Diagnostic($0, at: pipeline.approvers.location ?? pipeline.location) }
        }
        for secret in pipeline.secrets where !Self.isEnvironmentVariableName(secret) {
            issues.append(.init("secret '\(secret)' is not an environment variable name ([A-Za-z_][A-Za-z0-9_]*)", at: pipeline.location))
        }
        return issues
    }

    private func checkNames(_ pipeline: PipelineDefinition) -> [Diagnostic] {
        var issues: [Diagnostic] = []
        var seen: [String: SourceLocation] = [:]
        for stage in pipeline.stages {
            if !Self.isName(stage.name) {
                issues.append(.init("stage name '\(stage.name)' must be 1-64 characters of letters, digits, '-', '_' or '.'", at: stage.location))
            }
            if let first = seen[stage.name] {
                issues.append(.init("stage '\(stage.name)' is declared twice (first at \(first)); stage names must be unique", at: stage.location))
            } else {
                seen[stage.name] = stage.location
            }
        }
        return issues
    }

    private func checkDependencies(_ pipeline: PipelineDefinition) -> [Diagnostic] {
        var issues: [Diagnostic] = []
        let names = Set(pipeline.stages.map(\.name))
        for stage in pipeline.stages {
            for dependency in stage.dependsOn where !names.contains(dependency) {
                var message = "stage '\(stage.name)' depends on unknown stage '\(dependency)'"
                if let suggestion = Self.closest(to: dependency, in: names) {
                    message += "; did you mean '\(suggestion)'?"
                } else {
                    message += "; known stages: \(names.sorted().joined(separator: ", "))"
                }
                issues.append(.init(message, at: stage.location))
            }
            if stage.dependsOn.contains(stage.name) {
                issues.append(.init("stage '\(stage.name)' depends on itself", at: stage.location))
            }
        }
        if let cycle = StageGraph(pipeline.stages).cycle(), cycle.count > 2 {
            let first = pipeline.stage(named: cycle[0])?.location
            issues.append(.init("the stages form a cycle: \(cycle.joined(separator: " -> ")); remove one of these dependencies", at: first))
        }
        return issues
    }

    private func checkEnvironments(_ pipeline: PipelineDefinition) -> [Diagnostic] {
        var issues: [Diagnostic] = []
        var seen: [String: EnvironmentDefinition] = [:]
        let declared = pipeline.declaredEnvironments + pipeline.stages.compactMap(\.environment) + pipeline.stages.flatMap { $0.steps.compactMap(\.environment) }
        for environment in declared {
            if let first = seen[environment.name] {
                if first != environment {
                    issues.append(.init("environment '\(environment.name)' is declared twice with different settings (first at \(first.location)); declare it once and reuse it", at: environment.location))
                }
                continue
            }
            seen[environment.name] = environment
            if !Self.isName(environment.name) {
                issues.append(.init("environment name '\(environment.name)' must be 1-64 characters of letters, digits, '-', '_' or '.'", at: environment.location))
            }
            if environment.account.count != 12 || !environment.account.allSatisfy(\.isASCIIDigit) {
                issues.append(.init("environment '\(environment.name)': account '\(environment.account)' must be a 12-digit AWS account id", at: environment.location))
            }
            if environment.region.isEmpty || !environment.region.allSatisfy({ $0.isLowercase || $0.isASCIIDigit || $0 == "-" }) {
                issues.append(.init("environment '\(environment.name)': region '\(environment.region)' is not an AWS region name like 'af-south-1'", at: environment.location))
            } else if let checkEnvironment {
                issues += checkEnvironment(environment).map { Diagnostic($0, at: environment.location) }
            }
            if environment.role.isEmpty {
                issues.append(.init("environment '\(environment.name)' has an empty role; name the IAM role to assume", at: environment.location))
            }
        }
        return issues
    }

    private func checkGate(_ gate: GateDefinition, of stage: StageDefinition, approvers: PipelineDefinition.Approvers) -> [Diagnostic] {
        var issues: [Diagnostic] = []
        let location = stage.environment?.location ?? stage.location
        if gate.roles.isEmpty {
            issues.append(.init("the gate of stage '\(stage.name)' names no roles; list the roles that must approve", at: location))
        }
        var undeclared = false
        for role in gate.roles where approvers.holders(of: role).isEmpty {
            undeclared = true
            let known = approvers.roles.sorted()
            issues.append(.init("the gate of stage '\(stage.name)' requires role '\(role)', which no approver holds; add it to Approvers([...])" + (known.isEmpty ? "" : " (declared roles: \(known.joined(separator: ", ")))"), at: location))
        }
        if Set(gate.roles).count != gate.roles.count {
            issues.append(.init("the gate of stage '\(stage.name)' lists a role twice", at: location))
        }
        if !undeclared && !gate.roles.isEmpty {
            let holders = Set(gate.roles.flatMap(approvers.holders(of:)))
            if !Self.distinctRepresentatives(roles: gate.requiredRoles, approvers: approvers) {
                issues.append(.init("the gate of stage '\(stage.name)' needs a different person for each of \(gate.requiredRoles.joined(separator: ", ")), but the declared approvers cannot cover them with distinct people", at: location))
            } else if holders.count < gate.minimumApprovers {
                issues.append(.init("the gate of stage '\(stage.name)' needs \(gate.minimumApprovers) approvers but only \(holders.count) people hold its roles", at: location))
            } else if let problem = Self.unverifiable(gate, of: stage, approvers: approvers, canVerify: approvers.canVerify) {
                issues.append(.init(problem, at: location))
            }
        }
        return issues
    }

    private func checkSteps(_ steps: [StepDefinition], of stage: StageDefinition, context: String) -> [Diagnostic] {
        var issues: [Diagnostic] = []
        var seen: [String: SourceLocation] = [:]
        for step in steps {
            if let first = seen[step.name] {
                issues.append(.init("\(context) '\(stage.name)' has two steps named '\(step.name)' (first at \(first)); name one with .named(\"...\")", at: step.location))
            } else {
                seen[step.name] = step.location
            }
            if let condition = step.condition { issues += checkCondition(condition, of: "step '\(step.name)'", at: step.location) }
            if let issue = Self.controlCharacterIssue(in: step.name, what: "the name of a step of \(context) '\(stage.name)'", at: step.location) {
                issues.append(issue)
            }
            if step.name.isEmpty {
                issues.append(.init("a step of \(context) '\(stage.name)' has an empty name", at: step.location))
            }
            if let timeout = step.timeoutSeconds, !(timeout > 0 && timeout <= Self.maximumTimeoutSeconds) {
                issues.append(.init("step '\(step.name)' has timeout \(timeout)s; use a positive duration up to 30 days", at: step.location))
            }
            if let known = knownStepKinds, !known.contains(step.kind) {
                issues.append(.init("step '\(step.name)' uses unknown step module '\(step.kind)'; this runner knows: \(known.sorted().joined(separator: ", "))", at: step.location))
            } else if let checkStep {
                issues += checkStep(step, stage).map { Diagnostic($0, at: step.location) }
            }
        }
        return issues
    }
}

extension PipelineValidator {
    func checkCondition(_ condition: ConditionDefinition, of owner: String, at location: SourceLocation) -> [Diagnostic] {
        let depth = condition.depth
        guard depth > ConditionDefinition.maximumDepth else { return [] }
        return [.init("the condition of \(owner) nests \(depth) levels deep; at most \(ConditionDefinition.maximumDepth) are allowed: flatten it (an all inside an all is one all)", at: location)]
    }

    /// A name of letters, digits, `-`, `_` and `.`, 1–64 characters (stages, environments, step
    /// modules).
    public static func isName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64
            && name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)) }
    }

    static func isEnvironmentVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }

    /// Why `gate` cannot be satisfied by approvers whose identity the runner can verify, or nil.
    /// `canVerify` says which identities can prove who they are.
    public static func unverifiable(_ gate: GateDefinition, of stage: StageDefinition, approvers: PipelineDefinition.Approvers,
                                    canVerify: (String) -> Bool) -> String? {
        let verifiable = approvers.restricted(to: canVerify)
        let holders = Set(gate.roles.flatMap(verifiable.holders(of:)))
        guard !distinctRepresentatives(roles: gate.requiredRoles, approvers: verifiable) || holders.count < gate.minimumApprovers else {
            return nil
        }
        let unproven = Set(gate.roles.flatMap(approvers.holders(of:))).subtracting(holders).sorted()
        return "the gate of stage '\(stage.name)' cannot be satisfied by approvers whose identity can be verified: "
            + "\(unproven.joined(separator: ", ")) \(unproven.count == 1 ? "has" : "have") no SSH key\(approvers.allowedSigners.map { " (none in \($0))" } ?? "") and no identity provider is declared; "
            + "add their keys (Approvers(keys:) or an allowedSigners file) or an identity provider (identityProviders: [.githubActions(repository: \"owner/name\")])"
    }

    /// Whether each role can be given to a different approver holding it (bipartite matching).
    static func distinctRepresentatives(roles: [String], approvers: PipelineDefinition.Approvers) -> Bool {
        var assigned: [String: String] = [:]  // approver -> role
        func place(_ role: String, _ visited: inout Set<String>) -> Bool {
            for person in approvers.holders(of: role) where !visited.contains(person) {
                visited.insert(person)
                if let other = assigned[person] {
                    if place(other, &visited) {
                        assigned[person] = role
                        return true
                    }
                } else {
                    assigned[person] = role
                    return true
                }
            }
            return false
        }
        for role in roles {
            var visited = Set<String>()
            if !place(role, &visited) { return false }
        }
        return true
    }

    /// The candidate within edit distance 2 of `name`, if any.
    static func closest(to name: String, in candidates: Set<String>) -> String? {
        let target = Array(name.lowercased())
        var best: (name: String, distance: Int)?
        for candidate in candidates.sorted() {
            let distance = editDistance(target, Array(candidate.lowercased()))
            if distance <= 2 && distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        return best?.name
    }

    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1]
            for (j, cb) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
