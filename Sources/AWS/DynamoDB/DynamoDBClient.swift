import Foundation

/// DynamoDB over JSON 1.0 (`X-Amz-Target: DynamoDB_20120810.<Operation>`): tables, settings, tags.
///
/// Retry classes (see ``RetrySafety``): reads, tags, PITR/TTL settings are idempotent;
/// CreateTable/UpdateTable/DeleteTable are not retried on unknown outcomes (re-read the table instead).
public struct DynamoDBClient: Sendable {
    public static let targetPrefix = "DynamoDB_20120810"
    public let client: AWSServiceClient
    let encoder = JSONEncoder()
    let decoder = JSONDecoder()

    public init(configuration: AWSConfiguration) {
        client = AWSServiceClient(service: .dynamodb, configuration: configuration)
    }

    func call<Output: Decodable>(_ operation: String, _ input: some Encodable, safety: RetrySafety,
                                 as: Output.Type = Output.self) async throws -> Output {
        let body = try encoder.encode(input)
        let data = try await client.json(target: Self.targetPrefix, operation: operation, body: body, safety: safety)
        do {
            return try decoder.decode(Output.self, from: data.isEmpty ? Data("{}".utf8) : data)
        } catch {
            throw AWSTransportError.invalidResponse(operation: "DynamoDB.\(operation)", status: 200, reason: "\(error)")
        }
    }

    struct TableName: Encodable {
        var TableName: String
    }
    struct TableOutput: Decodable {
        var Table: DynamoDBTableDescription?
        var TableDescription: DynamoDBTableDescription?
    }
    struct Empty: Decodable {}

    @discardableResult
    public func createTable(_ input: DynamoDBCreateTableInput) async throws -> DynamoDBTableDescription {
        let output: TableOutput = try await call("CreateTable", input, safety: .unsafe)
        return try unwrap(output.TableDescription, "CreateTable")
    }

    public func describeTable(_ name: String) async throws -> DynamoDBTableDescription {
        let output: TableOutput = try await call("DescribeTable", TableName(TableName: name), safety: .idempotent)
        return try unwrap(output.Table, "DescribeTable")
    }

    /// One change per call (one GSI create or delete); wait for ACTIVE before the next.
    @discardableResult
    public func updateTable(_ input: DynamoDBUpdateTableInput) async throws -> DynamoDBTableDescription {
        let output: TableOutput = try await call("UpdateTable", input, safety: .unsafe)
        return try unwrap(output.TableDescription, "UpdateTable")
    }

    @discardableResult
    public func deleteTable(_ name: String) async throws -> DynamoDBTableDescription {
        let output: TableOutput = try await call("DeleteTable", TableName(TableName: name), safety: .unsafe)
        return try unwrap(output.TableDescription, "DeleteTable")
    }

    public func listTables() async throws -> [String] {
        struct Input: Encodable {
            var ExclusiveStartTableName: String?
        }
        struct Output: Decodable {
            var TableNames: [String]?
            var LastEvaluatedTableName: String?
        }
        var names: [String] = []
        var start: String?
        repeat {
            let output: Output = try await call("ListTables", Input(ExclusiveStartTableName: start), safety: .idempotent)
            names += output.TableNames ?? []
            start = output.LastEvaluatedTableName
        } while start != nil
        return names
    }

    // MARK: Point-in-time recovery

    @discardableResult
    public func updateContinuousBackups(tableName: String, pointInTimeRecovery enabled: Bool) async throws -> DynamoDBContinuousBackupsDescription {
        struct Spec: Encodable {
            var PointInTimeRecoveryEnabled: Bool
        }
        struct Input: Encodable {
            var TableName: String
            var PointInTimeRecoverySpecification: Spec
        }
        struct Output: Decodable {
            var ContinuousBackupsDescription: DynamoDBContinuousBackupsDescription?
        }
        let output: Output = try await call(
            "UpdateContinuousBackups", Input(TableName: tableName, PointInTimeRecoverySpecification: Spec(PointInTimeRecoveryEnabled: enabled)),
            safety: .idempotent)
        return try unwrap(output.ContinuousBackupsDescription, "UpdateContinuousBackups")
    }

    public func describeContinuousBackups(tableName: String) async throws -> DynamoDBContinuousBackupsDescription {
        struct Output: Decodable {
            var ContinuousBackupsDescription: DynamoDBContinuousBackupsDescription?
        }
        let output: Output = try await call("DescribeContinuousBackups", TableName(TableName: tableName), safety: .idempotent)
        return try unwrap(output.ContinuousBackupsDescription, "DescribeContinuousBackups")
    }

    // MARK: Time to live

    public func updateTimeToLive(tableName: String, attributeName: String, enabled: Bool) async throws {
        struct Spec: Encodable {
            var Enabled: Bool
            var AttributeName: String
        }
        struct Input: Encodable {
            var TableName: String
            var TimeToLiveSpecification: Spec
        }
        let _: Empty = try await call(
            "UpdateTimeToLive", Input(TableName: tableName, TimeToLiveSpecification: Spec(Enabled: enabled, AttributeName: attributeName)),
            safety: .idempotent)
    }

    public func describeTimeToLive(tableName: String) async throws -> DynamoDBTimeToLiveDescription {
        struct Output: Decodable {
            var TimeToLiveDescription: DynamoDBTimeToLiveDescription?
        }
        let output: Output = try await call("DescribeTimeToLive", TableName(TableName: tableName), safety: .idempotent)
        return try unwrap(output.TimeToLiveDescription, "DescribeTimeToLive")
    }

    // MARK: Tags

    public func tagResource(arn: String, tags: [DynamoDBTag]) async throws {
        struct Input: Encodable {
            var ResourceArn: String
            var Tags: [DynamoDBTag]
        }
        let _: Empty = try await call("TagResource", Input(ResourceArn: arn, Tags: tags), safety: .idempotent)
    }

    public func untagResource(arn: String, keys: [String]) async throws {
        struct Input: Encodable {
            var ResourceArn: String
            var TagKeys: [String]
        }
        let _: Empty = try await call("UntagResource", Input(ResourceArn: arn, TagKeys: keys), safety: .idempotent)
    }

    /// Every tag, following `NextToken`.
    public func listTagsOfResource(arn: String) async throws -> [DynamoDBTag] {
        struct Input: Encodable {
            var ResourceArn: String
            var NextToken: String?
        }
        struct Output: Decodable {
            var Tags: [DynamoDBTag]?
            var NextToken: String?
        }
        var tags: [DynamoDBTag] = []
        var token: String?
        repeat {
            let output: Output = try await call("ListTagsOfResource", Input(ResourceArn: arn, NextToken: token), safety: .idempotent)
            tags += output.Tags ?? []
            token = output.NextToken
        } while token != nil
        return tags
    }

    func unwrap<T>(_ value: T?, _ operation: String) throws -> T {
        guard let value else {
            throw AWSTransportError.invalidResponse(operation: "DynamoDB.\(operation)", status: 200, reason: "the expected field is missing")
        }
        return value
    }
}
