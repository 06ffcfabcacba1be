import PipelineBasics

/// Why `pipeline ci …` cannot set a pipeline up for CI as asked.
enum CISetupError: Error, PipelineError, Equatable {
    case stateNotShared(file: String, local: Bool)
    case stateRoleNotAnARN(String)
    case whichAccount([String])
    case accountNotUsed(String, [String])
    case outsideRepository(file: String, root: String)
    case runnerSourceUnknown(root: String)

    var isUserError: Bool { true }

    var description: String {
        switch self {
        case .stateNotShared(let file, let local):
            (local
                ? "\(file) keeps its run state in the local default (.pipeline/), which goes with each CI machine: jobs on separate machines share nothing but the state"
                : "\(file) names no role for its DynamoDB state: CI jobs reach the state table through a role of their own")
                + "; declare it in Pipeline(…, state: .dynamoDB(table: \"pipeline-state\", region: \"af-south-1\", role: \"arn:aws:iam::ACCOUNT:role/pipeline-state\")), then create the table with `pipeline state init` (or the template this command prints)"
        case .stateRoleNotAnARN(let role):
            "the state's role '\(role)' is not a role ARN (arn:aws:iam::ACCOUNT:role/NAME): the template needs its account"
        case .whichAccount(let accounts):
            "the pipeline acts in \(accounts.count) accounts (\(accounts.joined(separator: ", "))), one template each: choose one with --account, or write them all with --output FOLDER"
        case .accountNotUsed(let account, let accounts):
            "account \(account) is not one the pipeline uses (\(accounts.joined(separator: ", ")))"
        case .outsideRepository(let file, let root):
            "\(file) is not inside the repository at \(root): the workflows run it from a checkout of the repository"
        case .runnerSourceUnknown(let root):
            "\(root) does not hold the runner's source: say where the workflows build it from with --runner-repository OWNER/NAME@TAG"
        }
    }
}
