import ArgumentParser
import Foundation
import PipelineLoading
import PipelineModel

/// `pipeline ci aws FILE --repository OWNER/NAME [--ids OWNER_ID/REPO_ID] [--branch B]
/// [--account A | --output DIR]`: the CloudFormation templates that let GitHub Actions jobs of
/// the repository run the pipeline: GitHub's OIDC provider, each environment's role (trusted for
/// the repository's jobs only) and the state table with its role, one template per account.
struct CIAWSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aws",
        abstract: "Print the CloudFormation templates (one per AWS account) of the OIDC provider, roles and state table a pipeline needs from GitHub Actions.",
        discussion: """
            Each environment's role may be assumed only with a GitHub Actions OIDC token of the repository (audience
            sts.amazonaws.com) from a job on the deploy branch or in a GitHub environment named after it; with --ids, the
            immutable subject form (repo:OWNER@ID/NAME@ID:…) is trusted too. The state table and its role go to the account of
            the role the pipeline's state names. Deploy each template in its account, e.g.
            `aws cloudformation deploy --template-file pipeline-aws-536580886816.json --stack-name pipeline-ci --capabilities CAPABILITY_NAMED_IAM`.
            """)

    @Argument(help: "The pipeline file, e.g. pipelines/deploy.swift.")
    var file: String

    @Option(help: ArgumentHelp("The GitHub repository whose workflows run the pipeline.", valueName: "owner/name"))
    var repository: String

    @Option(help: ArgumentHelp("The repository owner's and the repository's numeric ids, for GitHub's immutable subject claims.",
                               valueName: "owner-id/repository-id"))
    var ids: String?

    @Option(help: "The branch deployments run from.")
    var branch = "main"

    @Option(help: ArgumentHelp("Print only this account's template (needed when the pipeline uses several, unless --output).", valueName: "account"))
    var account: String?

    @Option(help: ArgumentHelp("Write one template per account into this folder (pipeline-aws-ACCOUNT.json) instead of printing.",
                               valueName: "folder"))
    var output: String?

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        let parts = repository.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) } }) else {
            throw ValidationError("--repository '\(repository)' is not OWNER/NAME, e.g. --repository bbws/infra")
        }
        if let ids {
            let numbers = ids.split(separator: "/", omittingEmptySubsequences: false)
            guard numbers.count == 2, numbers.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else {
                throw ValidationError("--ids '\(ids)' is not OWNER_ID/REPOSITORY_ID, e.g. --ids 123456/456789 (`gh api repos/OWNER/NAME --jq '\"\\(.owner.id)/\\(.id)\"'`)")
            }
        }
        guard !branch.isEmpty, !branch.contains(where: { $0 == "*" || $0 == "?" || $0.isWhitespace }) else {
            throw ValidationError("--branch '\(branch)' must name one branch, without wildcards")
        }
        if let account, !(account.count == 12 && account.allSatisfy(\.isNumber)) {
            throw ValidationError("--account '\(account)' is not a 12-digit AWS account id")
        }
        if account != nil && output != nil { throw ValidationError("give --account (print one template) or --output (write all), not both") }
    }

    func run() async throws {
        let definition = try await Loading.load(file).definition
        guard let state = definition.state, state.kind == .dynamoDB, state.role != nil else {
            throw CISetupError.stateNotShared(file: file, local: definition.state?.kind != .dynamoDB)
        }
        let numbers = ids?.split(separator: "/").map(String.init)
        let generator = AWSAccessTemplate(definition: definition, repository: repository, ids: numbers.map { ($0[0], $0[1]) }, branch: branch)
        guard generator.stateRoleAccount != nil else { throw CISetupError.stateRoleNotAnARN(state.role ?? "") }
        let accounts = generator.accounts
        if let output {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            for account in accounts {
                let path = URL(fileURLWithPath: output).appendingPathComponent("pipeline-aws-\(account).json").path
                try PlanCommand.writePrivately(Self.json(generator.template(account: account)), to: path)
                Terminal.standardOutput("wrote \(path)")
            }
            return
        }
        guard let chosen = account ?? (accounts.count == 1 ? accounts[0] : nil) else {
            throw CISetupError.whichAccount(accounts)
        }
        guard accounts.contains(chosen) else { throw CISetupError.accountNotUsed(chosen, accounts) }
        Terminal.standardOutput(String(decoding: try Self.json(generator.template(account: chosen)), as: UTF8.self))
    }

    static func json(_ object: [String: Any]) throws -> Data {
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }
}
