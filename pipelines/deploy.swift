// The first user's pipeline (see ../shared/seed): DynamoDB tables and S3-hosted HTML email
// templates, through validation → plan → DEV → SIT → PROD → post-deploy, with 1, 2 and 3
// approvers and rollback paths. The repository content it deploys lives under examples/.
//
// The validation stage runs the built-in validation steps (tables against
// schemas/table-definition.schema.json and DynamoDB's rules; templates against their manifest). The provisioning steps (tables,
// template bucket, publishing) are not in this runner yet, so the plan and deployment stages
// run the stand-in script examples/demo/deploy.sh to keep the stage graph, gates and
// rollback paths exercised end to end.
import PipelineDescription

let team = Approvers([
    "lead@bbws.example": ["Lead Developer", "Tech Lead"],
    "qa@bbws.example": ["QA Lead"],
    "po@bbws.example": ["Product Owner"],
    "ops@bbws.example": ["DevOps Lead"],
])

/// The seven mandatory tags of the seed's tagging strategy.
func tags(_ environment: String, backup: String) -> [String: String] {
    [
        "Environment": environment, "Project": "bbws-customer-portal-public", "Owner": "platform-team@bbws.com",
        "CostCenter": "engineering", "ManagedBy": "pipeline", "BackupPolicy": backup, "Component": "infrastructure",
    ]
}

let dev = Environment(
    "dev", account: "536580886816", region: "af-south-1", role: "bbws-deploy-dev",
    gate: .approvals(["Lead Developer"]), tags: tags("dev", backup: "daily"),
    settings: ["backupFrequency": "daily", "backupRetentionDays": 7])
let sit = Environment(
    "sit", account: "815856636111", region: "af-south-1", role: "bbws-deploy-sit",
    gate: .approvals(["Tech Lead", "QA Lead"]), tags: tags("sit", backup: "daily"),
    settings: ["backupFrequency": "daily", "backupRetentionDays": 14])
let prod = Environment(
    "prod", account: "093646564004", region: "af-south-1", role: "bbws-deploy-prod",
    gate: .approvals(["Tech Lead", "Product Owner", "DevOps Lead"]), tags: tags("prod", backup: "hourly"),
    settings: ["backupFrequency": "hourly", "backupRetentionDays": 90, "pointInTimeRecoveryDays": 35],
    disasterRecovery: .replicate(to: "eu-west-1"))

let standIn = "examples/demo/deploy.sh"

let pipeline = Pipeline("bbws-infrastructure", approvers: team) {
    Stage("validation", failFast: false) {
        ValidateTableDefinitions("examples/schemas/dynamodb/*.json")
        ValidateTemplates("examples/templates/", manifest: "examples/templates/manifest.json")
    }
    Stage("plan", after: "validation") {
        for environment in [dev, sit, prod] {
            Shell("\(standIn) plan \(environment.name)", name: "plan-\(environment.name)")
        }
    }
    for (environment, previous) in [(dev, "plan"), (sit, "dev"), (prod, "sit")] {
        Deploy(environment, after: previous, rollback: .previousDeployment) {
            Shell("\(standIn) apply \(environment.name)", name: "deploy", rollback: "\(standIn) restore \(environment.name)")
                .timeout(.seconds(300))
            Shell("examples/demo/smoke-test.sh \(environment.name)", name: "smoke-test")
        }
    }
    Stage("post-deploy", after: "prod") {
        for environment in [dev, sit, prod] {
            Shell("examples/demo/smoke-test.sh \(environment.name)", name: "smoke-\(environment.name)")
        }
    }
}
