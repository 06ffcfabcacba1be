// The model's side of the pipeline document, in one place: each wire type
// (`PipelineSerialization`, shared with the DSL) mapped to the model, and back for pipelines
// made in code. A stage without a gate of its own stands behind its environment's.

extension PipelineDefinition {
    init(_ wire: PipelineSerialization.Pipeline) throws(DocumentError) {
        let declared = wire.environments.map(EnvironmentDefinition.init)
        var byName: [String: EnvironmentDefinition] = [:]
        for environment in declared where byName[environment.name] == nil { byName[environment.name] = environment }
        func environment(_ name: String?, of owner: String) throws(DocumentError) -> EnvironmentDefinition? {
            guard let name else { return nil }
            guard let environment = byName[name] else { throw .undeclaredEnvironment(name, owner: owner) }
            return environment
        }
        func step(_ step: PipelineSerialization.Step, of stage: String) throws(DocumentError) -> StepDefinition {
            StepDefinition(
                kind: step.kind, name: step.name, parameters: step.parameters.mapValues(JSONValue.init), timeoutSeconds: step.timeoutSeconds,
                condition: step.condition.map(ConditionDefinition.init), continueOnError: step.continueOnError,
                environment: try environment(step.environment, of: "step '\(step.name)' of stage '\(stage)'"),
                location: SourceLocation(step.location))
        }
        var stages: [StageDefinition] = []
        for stage in wire.stages {
            let stageEnvironment = try environment(stage.environment, of: "stage '\(stage.name)'")
            var steps: [StepDefinition] = []
            for each in stage.steps { steps.append(try step(each, of: stage.name)) }
            let rollback: RollbackPolicy
            switch stage.rollback {
            case .none: rollback = .none
            case .eachStep: rollback = .eachStep
            case .previousDeployment: rollback = .previousDeployment
            case .steps(let wireSteps):
                var rollbackSteps: [StepDefinition] = []
                for each in wireSteps { rollbackSteps.append(try step(each, of: stage.name)) }
                rollback = .steps(rollbackSteps)
            }
            stages.append(StageDefinition(
                name: stage.name, dependsOn: stage.dependsOn, environment: stageEnvironment,
                gate: stage.gate.map(GateDefinition.init) ?? stageEnvironment?.gate, rollback: rollback,
                condition: stage.condition.map(ConditionDefinition.init), steps: steps, failFast: stage.failFast,
                location: SourceLocation(stage.location)))
        }
        self.init(
            name: wire.name, approvers: Approvers(wire.approvers), stages: stages, secrets: wire.secrets,
            state: wire.state.map(StateDefinition.init), location: SourceLocation(wire.location), declaredEnvironments: declared)
    }
}

extension PipelineSerialization.Pipeline {
    /// The wire form of a pipeline made in code: its declared environments, then those its
    /// stages and steps hold that are not among them.
    init(_ definition: PipelineDefinition) {
        var environments = definition.declaredEnvironments
        func declare(_ environment: EnvironmentDefinition?) -> String? {
            guard let environment else { return nil }
            if !environments.contains(environment) { environments.append(environment) }
            return environment.name
        }
        func step(_ step: StepDefinition) -> PipelineSerialization.Step {
            PipelineSerialization.Step(
                kind: step.kind, name: step.name, parameters: step.parameters.mapValues(PipelineSerialization.Value.init),
                timeoutSeconds: step.timeoutSeconds, condition: step.condition.map(PipelineSerialization.Condition.init),
                continueOnError: step.continueOnError, environment: declare(step.environment),
                location: PipelineSerialization.SourceLocation(step.location))
        }
        let stages = definition.stages.map { stage -> PipelineSerialization.Stage in
            let environment = declare(stage.environment)
            let steps = stage.steps.map(step)
            let rollback: PipelineSerialization.Rollback = switch stage.rollback {
            case .none: .none
            case .eachStep: .eachStep
            case .previousDeployment: .previousDeployment
            case .steps(let steps): .steps(steps.map(step))
            }
            return PipelineSerialization.Stage(
                name: stage.name, dependsOn: stage.dependsOn, environment: environment,
                gate: stage.gate == stage.environment?.gate ? nil : stage.gate.map(PipelineSerialization.Gate.init),
                rollback: rollback, condition: stage.condition.map(PipelineSerialization.Condition.init), steps: steps,
                failFast: stage.failFast ?? true, location: PipelineSerialization.SourceLocation(stage.location))
        }
        self.init(
            name: definition.name, approvers: PipelineSerialization.Approvers(definition.approvers),
            environments: environments.map(PipelineSerialization.Environment.init), stages: stages, secrets: definition.secrets,
            state: definition.state.map(PipelineSerialization.State.init), location: PipelineSerialization.SourceLocation(definition.location))
    }
}

extension PipelineDefinition.Approvers {
    init(_ wire: PipelineSerialization.Approvers) {
        self.init(
            members: wire.members, keys: wire.keys, allowedSigners: wire.allowedSigners,
            identityProviders: wire.identityProviders.map(IdentityProviderDefinition.init),
            allowUnsigned: wire.allowUnsigned, location: wire.location.map(SourceLocation.init))
    }
}

extension PipelineSerialization.Approvers {
    init(_ approvers: PipelineDefinition.Approvers) {
        self.init(
            members: approvers.members, keys: approvers.keys, allowedSigners: approvers.allowedSigners,
            identityProviders: approvers.identityProviders.map(PipelineSerialization.IdentityProvider.init),
            allowUnsigned: approvers.allowUnsigned, location: approvers.location.map(PipelineSerialization.SourceLocation.init))
    }
}

extension IdentityProviderDefinition {
    init(_ wire: PipelineSerialization.IdentityProvider) {
        self.init(issuer: wire.issuer, audience: wire.audience, identityClaim: wire.identityClaim, jwksURL: wire.jwksURL,
                  identities: wire.identities, requiredClaims: wire.requiredClaims)
    }
}

extension PipelineSerialization.IdentityProvider {
    init(_ provider: IdentityProviderDefinition) {
        self.init(issuer: provider.issuer, audience: provider.audience, identityClaim: provider.identityClaim, jwksURL: provider.jwksURL,
                  identities: provider.identities, requiredClaims: provider.requiredClaims)
    }
}

extension EnvironmentDefinition {
    init(_ wire: PipelineSerialization.Environment) {
        self.init(
            name: wire.name, account: wire.account, region: wire.region, role: wire.role, gate: wire.gate.map(GateDefinition.init),
            tags: wire.tags, settings: wire.settings.mapValues(JSONValue.init),
            disasterRecovery: wire.disasterRecovery.map { DisasterRecovery(replicaRegions: $0.replicaRegions) },
            location: SourceLocation(wire.location))
    }
}

extension PipelineSerialization.Environment {
    init(_ environment: EnvironmentDefinition) {
        self.init(
            name: environment.name, account: environment.account, region: environment.region, role: environment.role,
            gate: environment.gate.map(PipelineSerialization.Gate.init), tags: environment.tags,
            settings: environment.settings.mapValues(PipelineSerialization.Value.init),
            disasterRecovery: environment.disasterRecovery.map { PipelineSerialization.DisasterRecovery(replicaRegions: $0.replicaRegions) },
            location: PipelineSerialization.SourceLocation(environment.location))
    }
}

extension GateDefinition {
    init(_ wire: PipelineSerialization.Gate) {
        self.init(requiredRoles: wire.requiredRoles, roles: wire.roles, minimumApprovers: wire.minimumApprovers,
                  preventSelfApproval: wire.preventSelfApproval)
    }
}

extension PipelineSerialization.Gate {
    init(_ gate: GateDefinition) {
        self.init(requiredRoles: gate.requiredRoles, roles: gate.roles, minimumApprovers: gate.minimumApprovers,
                  preventSelfApproval: gate.preventSelfApproval)
    }
}

extension StateDefinition {
    init(_ wire: PipelineSerialization.State) {
        self.init(kind: wire.kind == .dynamoDB ? .dynamoDB : .local, table: wire.table, region: wire.region, role: wire.role,
                  location: wire.location.map(SourceLocation.init))
    }
}

extension PipelineSerialization.State {
    init(_ state: StateDefinition) {
        self.init(kind: state.kind == .dynamoDB ? .dynamoDB : .local, table: state.table, region: state.region, role: state.role,
                  location: state.location.map(PipelineSerialization.SourceLocation.init))
    }
}

extension ConditionDefinition {
    init(_ wire: PipelineSerialization.Condition) {
        switch wire {
        case .changed(let paths): self = .changed(paths)
        case .branch(let branch): self = .branch(branch)
        case .environment(let variable, let value): self = .environment(variable, equals: value)
        case .all(let conditions): self = .all(conditions.map(ConditionDefinition.init))
        }
    }
}

extension PipelineSerialization.Condition {
    init(_ condition: ConditionDefinition) {
        switch condition {
        case .changed(let paths): self = .changed(paths)
        case .branch(let branch): self = .branch(branch)
        case .environment(let variable, let value): self = .environment(variable, equals: value)
        case .all(let conditions): self = .all(conditions.map(PipelineSerialization.Condition.init))
        }
    }
}

extension JSONValue {
    init(_ wire: PipelineSerialization.Value) {
        switch wire {
        case .string(let value): self = .string(value)
        case .int(let value): self = .int(value)
        case .double(let value): self = .double(value)
        case .bool(let value): self = .bool(value)
        case .array(let values): self = .array(values.map(JSONValue.init))
        case .object(let values): self = .object(values.mapValues(JSONValue.init))
        case .null: self = .null
        }
    }
}

extension PipelineSerialization.Value {
    init(_ value: JSONValue) {
        switch value {
        case .string(let value): self = .string(value)
        case .int(let value): self = .int(value)
        case .double(let value): self = .double(value)
        case .bool(let value): self = .bool(value)
        case .array(let values): self = .array(values.map(PipelineSerialization.Value.init))
        case .object(let values): self = .object(values.mapValues(PipelineSerialization.Value.init))
        case .null: self = .null
        }
    }
}

extension SourceLocation {
    init(_ wire: PipelineSerialization.SourceLocation) {
        self.init(file: wire.file, line: wire.line)
    }
}

extension PipelineSerialization.SourceLocation {
    init(_ location: SourceLocation) {
        self.init(file: location.file, line: location.line)
    }
}
