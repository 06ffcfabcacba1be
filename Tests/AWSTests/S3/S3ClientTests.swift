import AWS
import Foundation
import PipelineTesting
import TestTiers
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// S3 against a real moto server (path-style addressing on the custom endpoint).
@Suite(.integration) struct S3ClientTests {
    @Test func bucketSettingsRoundTrip() async throws {
        let (_, configuration) = try await LocalAWS.server(region: "af-south-1")
        let s3 = S3Client(configuration: configuration)
        let bucket = LocalAWS.uniqueName("bbws-templates")
        #expect(try await s3.headBucket(bucket) == false)
        try await s3.createBucket(bucket)
        #expect(try await s3.headBucket(bucket) == true)
        let again = await #expect(throws: AWSError.self) { try await s3.createBucket(bucket) }
        #expect(again?.code == .bucketAlreadyOwnedByYou || again?.code == .bucketAlreadyExists)

        #expect(try await s3.getBucketVersioning(bucket) == nil)
        try await s3.putBucketVersioning(bucket, enabled: true)
        #expect(try await s3.getBucketVersioning(bucket) == "Enabled")

        try await s3.putBucketEncryption(bucket, S3BucketEncryption(algorithm: "aws:kms", kmsKeyID: "alias/bbws", bucketKeyEnabled: true))
        #expect(try await s3.getBucketEncryption(bucket) == S3BucketEncryption(algorithm: "aws:kms", kmsKeyID: "alias/bbws", bucketKeyEnabled: true))

        let block = S3PublicAccessBlock(blockPublicAcls: true, ignorePublicAcls: false, blockPublicPolicy: true, restrictPublicBuckets: false)
        try await s3.putPublicAccessBlock(bucket, block)
        #expect(try await s3.getPublicAccessBlock(bucket) == block)

        #expect(try await s3.getBucketLifecycle(bucket).isEmpty)
        let rules = [
            S3LifecycleRule(id: "archive", prefix: "receipts/", transitions: [.init(days: 30, storageClass: "GLACIER")],
                            expirationDays: 365),
            S3LifecycleRule(id: "old-versions", prefix: "", noncurrentVersionExpirationDays: 90, abortIncompleteMultipartUploadDays: 7),
        ]
        try await s3.putBucketLifecycle(bucket, rules: rules)
        #expect(try await s3.getBucketLifecycle(bucket) == rules)

        let destination = LocalAWS.uniqueName("bbws-templates-dr")
        try await s3.createBucket(destination)
        try await s3.putBucketVersioning(destination, enabled: true)
        let replication = S3ReplicationConfiguration(
            role: "arn:aws:iam::093646564004:role/bbws-replication",
            rules: [.init(id: "dr", priority: 1, prefix: "", destinationBucketARN: "arn:aws:s3:::\(destination)", storageClass: "STANDARD_IA")])
        try await s3.putBucketReplication(bucket, replication)
        #expect(try await s3.getBucketReplication(bucket) == replication)

        #expect(try await s3.getBucketTagging(bucket).isEmpty)
        let tags = ["Project": "bbws", "Environment": "prod", "CostCenter": "a&b <c>"]
        try await s3.putBucketTagging(bucket, tags: tags)
        #expect(try await s3.getBucketTagging(bucket) == tags)

        #expect(try await s3.getBucketPolicy(bucket) == nil)
        let policy = #"{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecure","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::\#(bucket)/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#
        try await s3.putBucketPolicy(bucket, policy: policy)
        let stored = try #require(try await s3.getBucketPolicy(bucket))
        let storedObject = try JSONSerialization.jsonObject(with: Data(stored.utf8)) as? NSDictionary
        let expectedObject = try JSONSerialization.jsonObject(with: Data(policy.utf8)) as? NSDictionary
        #expect(storedObject == expectedObject)

        try await s3.deleteBucket(destination)
        #expect(try await s3.headBucket(destination) == false)
    }

    @Test func objectsVersionedListedAndFetched() async throws {
        let (_, configuration) = try await LocalAWS.server()
        let s3 = S3Client(configuration: configuration)
        let bucket = LocalAWS.uniqueName("bbws-objects")
        try await s3.createBucket(bucket)
        try await s3.putBucketVersioning(bucket, enabled: true)
        let key = "receipts/order confirmation+v1.html"
        let first = try await s3.putObject(bucket: bucket, key: key, body: Data("<p>one</p>".utf8), contentType: "text/html",
                                           metadata: ["template-version": "1"])
        let second = try await s3.putObject(bucket: bucket, key: key, body: Data("<p>two</p>".utf8), contentType: "text/html",
                                            metadata: ["template-version": "2"])
        let firstVersion = try #require(first.versionID)
        let secondVersion = try #require(second.versionID)
        #expect(firstVersion != secondVersion)

        let head = try await s3.headObject(bucket: bucket, key: key)
        #expect(head.versionID == secondVersion)
        #expect(head.contentType == "text/html")
        #expect(head.metadata["template-version"] == "2")
        #expect(head.contentLength == 10)

        let old = try await s3.getObject(bucket: bucket, key: key, versionID: firstVersion)
        #expect(String(decoding: old.body, as: UTF8.self) == "<p>one</p>")
        #expect(old.info.metadata["template-version"] == "1")
        #expect(String(decoding: try await s3.getObject(bucket: bucket, key: key).body, as: UTF8.self) == "<p>two</p>")

        let versions = try await s3.listObjectVersions(bucket: bucket, prefix: "receipts/")
        #expect(Set(versions.map(\.versionID)) == [firstVersion, secondVersion])
        #expect(versions.first { $0.isLatest }?.versionID == secondVersion)

        for index in 0..<7 {
            try await s3.putObject(bucket: bucket, key: "invoices/\(index).html", body: Data("invoice \(index)".utf8))
        }
        let page = try await s3.listObjectsV2(bucket: bucket, prefix: "invoices/", maxKeys: 3)
        #expect(page.objects.count == 3 && page.isTruncated && page.nextContinuationToken != nil)
        let all = try await s3.listAllObjects(bucket: bucket, prefix: "invoices/", pageSize: 3)
        #expect(all.map(\.key) == (0..<7).map { "invoices/\($0).html" })

        let url = try await s3.presignedGetURL(bucket: bucket, key: key, versionID: firstVersion, expires: 300)
        #expect(url.query?.contains("X-Amz-Signature=") == true)
        let (data, response) = try await URLSession.shared.data(from: url)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self) == "<p>one</p>")

        let result = try await s3.deleteObjects(bucket: bucket, objects: (0..<7).map { (key: "invoices/\($0).html", versionID: nil) })
        #expect(result.deleted.count == 7 && result.failures.isEmpty)
        #expect(try await s3.listAllObjects(bucket: bucket, prefix: "invoices/").isEmpty)

        try await s3.deleteObject(bucket: bucket, key: key, versionID: firstVersion)
        let missing = await #expect(throws: AWSError.self) { try await s3.getObject(bucket: bucket, key: key, versionID: firstVersion) }
        #expect(missing?.status == 404)
        let noKey = await #expect(throws: AWSError.self) { try await s3.getObject(bucket: bucket, key: "absent.html") }
        #expect(noKey?.code == .noSuchKey)
        let noBucket = await #expect(throws: AWSError.self) { try await s3.listObjectsV2(bucket: LocalAWS.uniqueName("absent")) }
        #expect(noBucket?.code == .noSuchBucket)
    }

    @Test func sha256ChecksumIsStoredAndReported() async throws {
        let (_, configuration) = try await LocalAWS.server()
        let s3 = S3Client(configuration: configuration)
        let bucket = LocalAWS.uniqueName("bbws-checksum")
        try await s3.createBucket(bucket)
        try await s3.putObject(bucket: bucket, key: "a.txt", body: Data("hello".utf8))
        // SHA-256("hello") in base64, as `openssl dgst -sha256 -binary | base64` prints it.
        #expect(try await s3.headObject(bucket: bucket, key: "a.txt").checksumSHA256 == "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=")
        #expect(try await s3.getObject(bucket: bucket, key: "a.txt").info.checksumSHA256 == "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=")
    }
}
