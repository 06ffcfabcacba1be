import BuiltinSteps
import Foundation
import PipelineModel
import TestTiers
import Testing

@Suite(.fast) struct AWSCallCounterTests {
    @Test func operationsAreCountedByKind() {
        #expect(AWSCallCounter.kind(of: "DynamoDB.DescribeTable") == .read)
        #expect(AWSCallCounter.kind(of: "S3.HeadObject") == .read)
        #expect(AWSCallCounter.kind(of: "S3.ListObjectVersions") == .read)
        #expect(AWSCallCounter.kind(of: "S3.GetBucketPolicy") == .read)
        #expect(AWSCallCounter.kind(of: "S3.PutObject") == .write)
        #expect(AWSCallCounter.kind(of: "DynamoDB.UpdateTable") == .write)
        #expect(AWSCallCounter.kind(of: "DynamoDB.TagResource") == .write)
        #expect(AWSCallCounter.kind(of: "S3.CreateBucket") == .write)
        #expect(AWSCallCounter.kind(of: "DynamoDB.PutItem") == .item)
        #expect(AWSCallCounter.kind(of: "DynamoDB.GetItem") == .item)
        #expect(AWSCallCounter.kind(of: "STS.AssumeRole") == .credentials)
    }

    /// What a driver that lost its lease may no longer send: everything that changes something.
    @Test(arguments: [
        ("S3.PutObject", true), ("S3.CreateBucket", true), ("DynamoDB.UpdateTable", true), ("DynamoDB.TagResource", true),
        ("DynamoDB.PutItem", true), ("DynamoDB.DeleteItem", true), ("DynamoDB.UpdateItem", true), ("DynamoDB.BatchWriteItem", true),
        ("DynamoDB.GetItem", false), ("DynamoDB.Query", false), ("DynamoDB.DescribeTable", false), ("S3.HeadObject", false),
        ("S3.ListObjectVersions", false), ("STS.AssumeRoleWithWebIdentity", false),
    ])
    func writesAreTheCallsThatChangeSomething(_ operation: String, changes: Bool) {
        #expect(AWSCallCounter.changes(operation) == changes)
    }
}
