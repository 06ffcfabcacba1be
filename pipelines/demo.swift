// The sample pipeline of the README: shell steps, approval gates and a rollback path, over a
// stand-in "deployment" that writes files under .pipeline/demo/. Run it with scripts/demo.sh.
import PipelineDescription

let team = Approvers([
    "lead@bbws.example": ["Lead Developer", "Tech Lead"],
    "qa@bbws.example": ["QA Lead"],
    "po@bbws.example": ["Product Owner"],
    "ops@bbws.example": ["DevOps Lead"],
])

let tags = ["Project": "bbws-customer-portal-public", "Owner": "platform-team@bbws.com", "CostCenter": "engineering"]

let dev = Environment("dev", account: "536580886816", region: "af-south-1", role: "bbws-deploy-dev",
                      gate: .approvals(["Lead Developer"]), tags: tags.merging(["Environment": "dev"]) { $1 })
let sit = Environment("sit", account: "815856636111", region: "af-south-1", role: "bbws-deploy-sit",
                      gate: .approvals(["Tech Lead", "QA Lead"]), tags: tags.merging(["Environment": "sit"]) { $1 })

let deploy = "examples/demo/deploy.sh"

let pipeline = Pipeline("bbws-demo", approvers: team) {
    Stage("validation") {
        Shell("examples/demo/validate.sh")
    }
    Stage("plan", after: "validation") {
        Shell("\(deploy) plan dev")
        Shell("\(deploy) plan sit")
    }
    for (environment, previous) in [(dev, "plan"), (sit, "dev")] {
        Deploy(environment, after: previous, rollback: .eachStep) {
            Shell("\(deploy) apply \(environment.name)", rollback: "\(deploy) restore \(environment.name)")
                .timeout(.seconds(60))
            Shell("examples/demo/smoke-test.sh \(environment.name)", name: "smoke-test")
        }
    }
}
