import AWS
import Foundation
import PipelineTesting
import TestTiers
import Testing

/// GetBucketLocation and the setting deletions, against a real moto server.
@Suite(.integration) struct S3BucketLocationTests {
    @Test func locationIsTheRegionTheBucketWasCreatedIn() async throws {
        let server = try await LocalAWSServer.shared()
        for region in ["af-south-1", "eu-west-1", "us-east-1"] {
            let s3 = S3Client(configuration: LocalAWS.configuration(endpoint: server.endpoint, region: region, credentials: LocalAWS.testing))
            let bucket = LocalAWS.uniqueName("bbws-location")
            try await s3.createBucket(bucket)
            #expect(try await s3.getBucketLocation(bucket) == region)
        }
        let (_, configuration) = try await LocalAWS.server()
        let missing = await #expect(throws: AWSError.self) {
            try await S3Client(configuration: configuration).getBucketLocation(LocalAWS.uniqueName("bbws-missing"))
        }
        #expect(missing?.code == .noSuchBucket)
    }

    @Test func deletedSettingsReadAsAbsent() async throws {
        let (_, configuration) = try await LocalAWS.server(region: "af-south-1")
        let s3 = S3Client(configuration: configuration)
        let bucket = LocalAWS.uniqueName("bbws-settings")
        let destination = LocalAWS.uniqueName("bbws-settings-dr")
        try await s3.createBucket(bucket)
        try await s3.createBucket(destination)
        try await s3.putBucketVersioning(bucket, enabled: true)
        try await s3.putBucketVersioning(destination, enabled: true)
        try await s3.putBucketPolicy(bucket, policy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:DeleteBucket","Resource":"arn:aws:s3:::\#(bucket)"}]}"#)
        try await s3.putBucketLifecycle(bucket, rules: [S3LifecycleRule(id: "old", noncurrentVersionExpirationDays: 30)])
        try await s3.putBucketTagging(bucket, tags: ["Project": "bbws"])
        try await s3.putBucketReplication(bucket, S3ReplicationConfiguration(
            role: "arn:aws:iam::093646564004:role/replication", rules: [.init(id: "dr", destinationBucketARN: "arn:aws:s3:::\(destination)")]))

        try await s3.deleteBucketPolicy(bucket)
        try await s3.deleteBucketLifecycle(bucket)
        try await s3.deleteBucketTagging(bucket)
        try await s3.deleteBucketReplication(bucket)
        #expect(try await s3.getBucketPolicy(bucket) == nil)
        #expect(try await s3.getBucketLifecycle(bucket).isEmpty)
        #expect(try await s3.getBucketTagging(bucket).isEmpty)
        #expect(try await s3.getBucketReplication(bucket) == nil)
        // Idempotent: deleting what is absent succeeds.
        try await s3.deleteBucketPolicy(bucket)
        try await s3.deleteBucketReplication(bucket)
    }

    @Test func bucketSettingsEncodeAsJSON() throws {
        let rule = S3LifecycleRule(id: "old", noncurrentVersionExpirationDays: 30)
        let data = try JSONEncoder().encode(rule)
        #expect(try JSONDecoder().decode(S3LifecycleRule.self, from: data) == rule)
        let block = S3PublicAccessBlock.all
        #expect(try JSONDecoder().decode(S3PublicAccessBlock.self, from: JSONEncoder().encode(block)) == block)
    }
}
