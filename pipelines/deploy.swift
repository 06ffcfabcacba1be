// The first user's pipeline (see ../shared/seed): DynamoDB tables and S3-hosted HTML email
// templates, through validation → plan → DEV → SIT → PROD → post-deploy, with 1, 2 and 3
// approvers and rollback paths. The repository content it deploys lives under examples/.
//
// What is true of a whole environment (account, region, role, the seven mandatory tags,
// retention, disaster recovery) is declared here once; the table definitions say only what is
// true of each table (docs/decisions.md).
import PipelineDescription

// Every approval is signed with the approver's SSH key (`pipeline approve RUN --stage S --key
// ~/.ssh/id_ed25519`); the keys are listed in approvers/allowed_signers (ssh-keygen's format, as
// for git's signed commits), read at the commit each run deploys.
let team = Approvers(
    [
        "lead@bbws.example": ["Lead Developer", "Tech Lead"],
        "qa@bbws.example": ["QA Lead"],
        "po@bbws.example": ["Product Owner"],
        "ops@bbws.example": ["DevOps Lead"],
    ],
    allowedSigners: "approvers/allowed_signers"
)

/// The seven mandatory tags of the seed's tagging strategy.
func tags(_ environment: String, backup: String) -> [String: String] {
    [
        "Environment": environment, "Project": "bbws-customer-portal-public", "Owner": "platform-team@bbws.com",
        "CostCenter": "engineering", "ManagedBy": "pipeline", "BackupPolicy": backup, "Component": "infrastructure",
    ]
}

/// Hosts the rendered templates may link to in every environment (the smoke test checks them).
let publicHosts: [Value] = ["portal.bbws.example", "assets.bbws.example", "track.bbws.example"]

let dev = Environment(
    "dev", account: "536580886816", region: "af-south-1", role: "bbws-deploy-dev",
    gate: .approvals(["Lead Developer"]), tags: tags("dev", backup: "daily"),
    settings: ["backupRetentionDays": 7, "templateVersionRetentionDays": 30,
               "allowedLinkHosts": .array(publicHosts + ["dev-portal.bbws.example"])])
let sit = Environment(
    "sit", account: "815856636111", region: "af-south-1", role: "bbws-deploy-sit",
    gate: .approvals(["Tech Lead", "QA Lead"]), tags: tags("sit", backup: "daily"),
    settings: ["backupRetentionDays": 14, "templateVersionRetentionDays": 60, "allowedLinkHosts": .array(publicHosts)])
let prod = Environment(
    "prod", account: "093646564004", region: "af-south-1", role: "bbws-deploy-prod",
    gate: .approvals(["Tech Lead", "Product Owner", "DevOps Lead"]), tags: tags("prod", backup: "hourly"),
    settings: ["backupRetentionDays": 90, "templateVersionRetentionDays": 90, "allowedLinkHosts": .array(publicHosts)],
    disasterRecovery: .replicate(to: "eu-west-1"))

let pipeline = Pipeline("bbws-infrastructure", approvers: team) {
    Stage("validation", failFast: false) {
        ValidateTableDefinitions("examples/schemas/dynamodb/*.json")
        ValidateTemplates("examples/templates/", manifest: "examples/templates/manifest.json")
    }
    Stage("plan", after: "validation") {
        for environment in [dev, sit, prod] { Plan(environment) }
    }
    for (environment, previous) in [(dev, "plan"), (sit, "dev"), (prod, "sit")] {
        Deploy(environment, after: previous, rollback: .previousDeployment) {
            ProvisionTables("examples/schemas/dynamodb/*.json")
            ProvisionTemplateBucket("bbws-templates-\(environment.name)")
            PublishTemplates("examples/templates/", to: "bbws-templates-\(environment.name)")
            // A team's own step module (examples/steps/cost-estimate, found as
            // pipeline-step-cost-estimate on PIPELINE_STEP_PATH or PATH): the environment's
            // monthly cost from its plan, shown at the gate and in the run summary.
            Custom("cost-estimate")
            SmokeTest()
        }
    }
    Stage("post-deploy", after: "prod") { SmokeTest(.all) }
}
