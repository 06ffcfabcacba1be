import AWS
import DynamoDBRunStore
import Foundation
import PipelineModel

/// What the AWS side needs for a pipeline run from GitHub Actions, as CloudFormation templates,
/// one per AWS account: GitHub's OIDC provider, and for each environment in the account its role,
/// which only jobs of the repository (on the deploy branch, or in a GitHub environment of the
/// same name) may assume with their OIDC token; in the state's account, the state table as
/// `pipeline state init` makes it and, when the pipeline names a state role, that role.
///
/// The repository is trusted in both forms of GitHub's `sub` claim: `repo:OWNER/NAME:…` and,
/// when the ids are given, the immutable `repo:OWNER@OWNER_ID/NAME@REPO_ID:…`.
struct AWSAccessTemplate {
    static let issuerHost = "token.actions.githubusercontent.com"

    let definition: PipelineDefinition
    /// `owner/name`.
    let repository: String
    /// The numeric ids of the owner and the repository, for the immutable `sub` form.
    let ids: (owner: String, repository: String)?
    let branch: String

    /// The accounts the pipeline acts in: its environments', and the state role's.
    var accounts: [String] {
        Set(definition.environments.map(\.account) + [stateRoleAccount].compactMap { $0 }).sorted()
    }

    /// The account of the state's role (from its ARN), if the pipeline names one.
    var stateRoleAccount: String? {
        guard let role = definition.state?.role else { return nil }
        let parts = role.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count >= 6 && parts[2] == "iam" ? String(parts[4]) : nil
    }

    /// The `sub` patterns a job of the repository carries: on the branch, or in GitHub
    /// environment `environment`.
    func subjects(environment: String?) -> [String] {
        var owners = ["repo:\(repository)"]
        if let ids {
            let split = repository.split(separator: "/", maxSplits: 1)
            owners.append("repo:\(split[0])@\(ids.owner)/\(split.count > 1 ? split[1] : "")@\(ids.repository)")
        }
        return owners.flatMap { prefix in
            ["\(prefix):ref:refs/heads/\(branch)"] + (environment.map { ["\(prefix):environment:\($0)"] } ?? [])
        }
    }

    func trustPolicy(environment: String?) -> [String: Any] {
        [
            "Version": "2012-10-17",
            "Statement": [[
                "Effect": "Allow",
                "Principal": ["Federated": ["Fn::GetAtt": ["GitHubActionsOIDCProvider", "Arn"]]],
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": [
                    "StringEquals": ["\(Self.issuerHost):aud": "sts.amazonaws.com"],
                    "StringLike": ["\(Self.issuerHost):sub": subjects(environment: environment)],
                ],
            ] as [String: Any]],
        ]
    }

    /// What the built-in steps do in an environment: DynamoDB tables, S3 buckets and objects of
    /// that account and region (narrow `Resource` to your own names where you can).
    func deployPolicy(_ environment: EnvironmentDefinition) -> [String: Any] {
        [
            "Version": "2012-10-17",
            "Statement": [
                ["Effect": "Allow", "Action": ["dynamodb:*"],
                 "Resource": ["arn:aws:dynamodb:\(environment.region):\(environment.account):table/*"]],
                ["Effect": "Allow", "Action": ["dynamodb:ListTables"], "Resource": ["*"]],
                ["Effect": "Allow", "Action": ["s3:*"], "Resource": ["*"]],
            ],
        ]
    }

    func statePolicy(_ table: String, region: String, account: String) -> [String: Any] {
        let arn = "arn:aws:dynamodb:\(region):\(account):table/\(table)"
        return [
            "Version": "2012-10-17",
            "Statement": [[
                "Effect": "Allow",
                "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query",
                           "dynamodb:TransactWriteItems", "dynamodb:DescribeTable", "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem"],
                "Resource": [arn, "\(arn)/index/*"],
            ]],
        ]
    }

    /// The CloudFormation template for `account`.
    func template(account: String) -> [String: Any] {
        var resources: [String: Any] = [
            "GitHubActionsOIDCProvider": [
                "Type": "AWS::IAM::OIDCProvider",
                "Properties": ["Url": "https://\(Self.issuerHost)", "ClientIdList": ["sts.amazonaws.com"]],
            ],
        ]
        var outputs: [String: Any] = [:]
        for environment in definition.environments where environment.account == account {
            let id = "Role" + Self.logicalID(environment.name)
            resources[id] = [
                "Type": "AWS::IAM::Role",
                "Properties": [
                    "RoleName": environment.role,
                    "Description": "pipeline '\(definition.name)': deploys \(environment.name) from GitHub Actions jobs of \(repository)",
                    "MaxSessionDuration": 3600,
                    "AssumeRolePolicyDocument": trustPolicy(environment: environment.name),
                    "Policies": [["PolicyName": "pipeline-\(environment.name)", "PolicyDocument": deployPolicy(environment)]],
                    "Tags": [["Key": "ManagedBy", "Value": "pipeline"], ["Key": "Environment", "Value": environment.name]],
                ] as [String: Any],
            ]
            outputs[id + "Arn"] = ["Description": "the role of \(environment.name)", "Value": ["Fn::GetAtt": [id, "Arn"]]]
        }
        if let state = definition.state, state.kind == .dynamoDB, let table = state.table, stateRoleAccount == account {
            resources["StateTable"] = stateTable(table)
            if let role = definition.state?.role, let name = role.split(separator: "/").last {
                resources["StateRole"] = [
                    "Type": "AWS::IAM::Role",
                    "Properties": [
                        "RoleName": String(name),
                        "Description": "pipeline '\(definition.name)': run state in \(table), from GitHub Actions jobs of \(repository)",
                        "AssumeRolePolicyDocument": trustPolicy(environment: nil),
                        "Policies": [["PolicyName": "pipeline-state", "PolicyDocument": statePolicy(table, region: state.region ?? "us-east-1", account: account)]],
                    ] as [String: Any],
                ]
            }
        }
        return [
            "AWSTemplateFormatVersion": "2010-09-09",
            "Description": "pipeline '\(definition.name)': what GitHub Actions jobs of \(repository) need in account \(account) (generated by `pipeline ci aws`)",
            "Resources": resources,
            "Outputs": outputs,
        ]
    }

    /// The state table as `pipeline state init` creates it: keys, the newest-runs index,
    /// on-demand billing, point-in-time recovery, tags.
    func stateTable(_ table: String) -> [String: Any] {
        let input = StateTable.createInput(table: table, tags: StateTable.defaultTags)
        return [
            "Type": "AWS::DynamoDB::Table",
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain",
            "Properties": [
                "TableName": table,
                "BillingMode": "PAY_PER_REQUEST",
                "AttributeDefinitions": input.attributeDefinitions.map { ["AttributeName": $0.attributeName, "AttributeType": $0.attributeType] },
                "KeySchema": input.keySchema.map { ["AttributeName": $0.attributeName, "KeyType": $0.keyType] },
                "GlobalSecondaryIndexes": (input.globalSecondaryIndexes ?? []).map { index in
                    ["IndexName": index.indexName, "KeySchema": index.keySchema.map { ["AttributeName": $0.attributeName, "KeyType": $0.keyType] },
                     "Projection": ["ProjectionType": index.projection.projectionType]] as [String: Any]
                },
                "PointInTimeRecoverySpecification": ["PointInTimeRecoveryEnabled": true],
                "Tags": (input.tags ?? []).map { ["Key": $0.key, "Value": $0.value] },
            ] as [String: Any],
        ]
    }

    /// A CloudFormation logical id from an environment name (letters and digits only).
    static func logicalID(_ name: String) -> String {
        name.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
