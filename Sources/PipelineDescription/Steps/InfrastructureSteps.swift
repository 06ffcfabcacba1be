// Typed factories for the built-in steps that validate, plan and provision the
// infrastructure a repository describes. Each produces a `Step` of a fixed kind.

/// Checks DynamoDB table definition files against the published schema and DynamoDB's rules.
public struct ValidateTableDefinitions: StepConvertible, Sendable {
    public var step: Step
    public init(_ pattern: String, file: StaticString = #filePath, line: UInt = #line) {
        step = Step(kind: "validate-table-definitions", name: "validate-table-definitions",
                    parameters: ["pattern": .string(pattern)], file: file, line: line)
    }
}

/// Checks the HTML email templates under `root` against their manifest and renders each one.
public struct ValidateTemplates: StepConvertible, Sendable {
    public var step: Step
    public init(_ root: String, manifest: String, file: StaticString = #filePath, line: UInt = #line) {
        step = Step(kind: "validate-templates", name: "validate-templates",
                    parameters: ["root": .string(root), "manifest": .string(manifest)], file: file, line: line)
    }
}

/// Plans `environment`'s deploy stage: every step of it reads the live system and says what it
/// would change, and the plan is saved with the run. The deploy stage applies exactly that plan
/// (refusing it when the live system changed since), and its gate shows it to the approvers.
public struct Plan: StepConvertible, Sendable {
    public var step: Step
    public init(_ environment: Environment, file: StaticString = #filePath, line: UInt = #line) {
        step = Step(kind: "plan", name: "plan-\(environment.name)",
                    parameters: ["environment": .string(environment.name)],
                    environment: environment, file: file, line: line)
    }
}

/// Creates or updates the DynamoDB tables defined by the matching files.
public struct ProvisionTables: StepConvertible, Sendable {
    public var step: Step
    public init(_ pattern: String, allowReplacement: Bool = false,
                file: StaticString = #filePath, line: UInt = #line) {
        step = Step(kind: "provision-tables", name: "provision-tables",
                    parameters: ["pattern": .string(pattern), "allowReplacement": .bool(allowReplacement)],
                    file: file, line: line)
    }
}

/// Creates or updates the S3 bucket that holds the email templates: public access blocked,
/// SSE-S3, versioning, TLS-only policy, noncurrent versions expiring after the environment's
/// `templateVersionRetentionDays`, its tags; where the environment declares a disaster-recovery
/// region, replication to `<bucket>-<region>` there through `replicationRole` (default: the role
/// `<bucket>-replication` in the environment's account).
public struct ProvisionTemplateBucket: StepConvertible, Sendable {
    public var step: Step
    public init(_ bucket: String, replicationRole: String? = nil, file: StaticString = #filePath, line: UInt = #line) {
        var parameters: [String: Value] = ["bucket": .string(bucket)]
        if let replicationRole { parameters["replicationRole"] = .string(replicationRole) }
        step = Step(kind: "provision-template-bucket", name: "provision-bucket", parameters: parameters, file: file, line: line)
    }
}

/// Uploads the templates under `root` to `bucket`; its rollback restores the previous versions.
public struct PublishTemplates: StepConvertible, Sendable {
    public var step: Step
    public init(_ root: String, to bucket: String, file: StaticString = #filePath, line: UInt = #line) {
        step = Step(kind: "publish-templates", name: "publish-templates",
                    parameters: ["root": .string(root), "bucket": .string(bucket)], file: file, line: line)
    }
}

/// Checks that what a stage deployed answers as expected.
public struct SmokeTest: StepConvertible, Sendable {
    /// What a smoke test covers.
    public enum Scope: String, Codable, Sendable {
        /// The stage's own environment.
        case environment
        /// Every environment of the pipeline.
        case all
    }

    public var step: Step
    public init(_ scope: Scope = .environment, file: StaticString = #filePath, line: UInt = #line) {
        step = Step(kind: "smoke-test", name: "smoke-test",
                    parameters: ["scope": .string(scope.rawValue)], file: file, line: line)
    }
}
