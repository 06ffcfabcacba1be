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
}
