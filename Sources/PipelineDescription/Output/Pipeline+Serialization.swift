// The DSL's side of the pipeline document: each DSL type written as its wire form
// (`PipelineSerialization`, shared with the runner's model). Environments are listed once and
// named by stages and steps; a stage's gate is written only when it is not its environment's.

extension PipelineSerialization.Document {
    init(_ pipeline: Pipeline) {
        self.init(pipeline: PipelineSerialization.Pipeline(pipeline))
    }
}

extension PipelineSerialization.Pipeline {
    init(_ pipeline: Pipeline) {
        var environments: [Environment] = []
        func declare(_ environment: Environment?) -> String? {
            guard let environment else { return nil }
            if !environments.contains(environment) { environments.append(environment) }
            return environment.name
        }
        func step(_ step: Step) -> PipelineSerialization.Step {
            PipelineSerialization.Step(
                kind: step.kind, name: step.name, parameters: step.parameters.mapValues(PipelineSerialization.Value.init),
                timeoutSeconds: step.timeoutSeconds, condition: step.condition.map(PipelineSerialization.Condition.init),
                continueOnError: step.continueOnError, environment: declare(step.environment),
                location: PipelineSerialization.SourceLocation(step.location))
        }
        let stages = pipeline.stages.map { stage -> PipelineSerialization.Stage in
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
                failFast: stage.failFast, location: PipelineSerialization.SourceLocation(stage.location))
        }
        self.init(
            name: pipeline.name, approvers: PipelineSerialization.Approvers(pipeline.approvers),
            environments: environments.map(PipelineSerialization.Environment.init), stages: stages, secrets: pipeline.secrets,
            state: pipeline.state.map(PipelineSerialization.State.init), location: PipelineSerialization.SourceLocation(pipeline.location))
    }
}

extension PipelineSerialization.Environment {
    init(_ environment: Environment) {
        self.init(
            name: environment.name, account: environment.account, region: environment.region, role: environment.role,
            gate: environment.gate.map(PipelineSerialization.Gate.init), tags: environment.tags,
            settings: environment.settings.mapValues(PipelineSerialization.Value.init),
            disasterRecovery: environment.disasterRecovery.map { PipelineSerialization.DisasterRecovery(replicaRegions: $0.replicaRegions) },
            location: PipelineSerialization.SourceLocation(environment.location))
    }
}

extension PipelineSerialization.Gate {
    init(_ gate: Gate) {
        self.init(requiredRoles: gate.requiredRoles, roles: gate.roles, minimumApprovers: gate.minimumApprovers,
                  preventSelfApproval: gate.preventSelfApproval)
    }
}

extension PipelineSerialization.Approvers {
    init(_ approvers: Approvers) {
        self.init(
            members: approvers.members, keys: approvers.keys, allowedSigners: approvers.allowedSigners,
            identityProviders: approvers.identityProviders.map {
                PipelineSerialization.IdentityProvider(
                    issuer: $0.issuer, audience: $0.audience, identityClaim: $0.identityClaim, jwksURL: $0.jwksURL, identities: $0.identities,
                    requiredClaims: $0.requiredClaims)
            },
            allowUnsigned: approvers.allowUnsigned, location: approvers.location.map(PipelineSerialization.SourceLocation.init))
    }
}

extension PipelineSerialization.State {
    init(_ state: State) {
        self.init(kind: state.kind == .dynamoDB ? .dynamoDB : .local, table: state.table, region: state.region, role: state.role,
                  location: PipelineSerialization.SourceLocation(state.location))
    }
}

extension PipelineSerialization.Condition {
    init(_ condition: Condition) {
        switch condition {
        case .changed(let paths): self = .changed(paths)
        case .branch(let branch): self = .branch(branch)
        case .environment(let variable, let value): self = .environment(variable, equals: value)
        case .all(let conditions): self = .all(conditions.map(PipelineSerialization.Condition.init))
        }
    }
}

extension PipelineSerialization.Value {
    init(_ value: Value) {
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

extension PipelineSerialization.SourceLocation {
    init(_ location: SourceLocation) {
        self.init(file: location.file, line: location.line)
    }
}
