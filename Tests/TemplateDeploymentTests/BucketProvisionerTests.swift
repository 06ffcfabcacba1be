import AWS
import Foundation
import PipelineModel
import PipelineTesting
@testable import TemplateDeployment
import TestTiers
import Testing

/// The template bucket against a real moto server: created with every setting, read back
/// through the S3 API, idempotent, drift shown setting by setting, replication, name conflicts.
@Suite(.integration) struct BucketProvisionerTests {
    @Test func createsBucketWithEverySettingAndReadsItBack() async throws {
        let s3 = try await TestAWS.client()
        let provisioner = BucketProvisioner(client: s3)
        let bucket = TestAWS.uniqueName("bbws-templates-dev")
        let spec = TestAWS.devSpec(bucket)

        let plan = try await provisioner.plan(spec)
        #expect(plan.changes.count == 1)
        #expect(plan.changes.first?.action == .create)
        #expect(plan.changes.first?.type == "s3.bucket")
        #expect(Set(plan.changes.first?.attributes.map(\.path) ?? []) == Set(
            ["region", "publicAccessBlock", "encryption", "versioning", "policy", "lifecycle"]
                + BucketSpec.mandatoryTagKeys.map { "tags.\($0)" }))

        let result = try await provisioner.apply(spec, expectedSnapshot: plan.snapshot)
        #expect(result.actions == ["CreateBucket", "PutPublicAccessBlock", "PutBucketEncryption", "PutBucketVersioning",
                                   "PutBucketLifecycleConfiguration", "PutBucketTagging", "PutBucketPolicy"].map { "\($0) \(bucket)" })

        // Read back through the S3 API itself, not through the provisioner.
        #expect(try await s3.getBucketLocation(bucket) == "af-south-1")
        #expect(try await s3.getPublicAccessBlock(bucket) == S3PublicAccessBlock(
            blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true))
        #expect(try await s3.getBucketEncryption(bucket)?.algorithm == "AES256")
        #expect(try await s3.getBucketVersioning(bucket) == "Enabled")
        let policyText = try #require(try await s3.getBucketPolicy(bucket))
        let policy = try JSONDecoder().decode(JSONValue.self, from: Data(policyText.utf8))
        #expect(policy == spec.policy)
        let statement = policy.objectValue?["Statement"]?.arrayValue?.first?.objectValue
        #expect(statement?["Effect"] == .string("Deny"))
        #expect(statement?["Condition"] == .object(["Bool": .object(["aws:SecureTransport": .string("false")])]))
        let lifecycle = try await s3.getBucketLifecycle(bucket)
        #expect(lifecycle.count == 1)
        #expect(lifecycle.first?.noncurrentVersionExpirationDays == 30)
        #expect(lifecycle.first?.enabled == true)
        #expect(try await s3.getBucketTagging(bucket) == TestAWS.tags("dev"))
        #expect(try await s3.getBucketReplication(bucket) == nil)

        // Converged: nothing to plan, nothing written, and two reads are equal.
        let again = try await provisioner.plan(spec)
        #expect(again.changes.map(\.action) == [.noChange])
        #expect(again.hasChanges == false)
        #expect(try await provisioner.plan(spec).snapshot == again.snapshot)
        #expect(try await provisioner.apply(spec).writeCalls == 0)
    }

    @Test func settingsChangedByHandShowAsExactlyThatDrift() async throws {
        let s3 = try await TestAWS.client()
        let provisioner = BucketProvisioner(client: s3)
        let bucket = TestAWS.uniqueName("bbws-templates-sit")
        let spec = TestAWS.devSpec(bucket, days: 60)
        try await provisioner.apply(spec)

        var tags = TestAWS.tags("dev")
        tags["Owner"] = "someone-else@bbws.com"
        try await s3.putBucketTagging(bucket, tags: tags)
        try await s3.putBucketVersioning(bucket, enabled: false)
        try await s3.putBucketLifecycle(bucket, rules: [S3LifecycleRule(id: BucketSpec.lifecycleRuleID, noncurrentVersionExpirationDays: 7)])

        let plan = try await provisioner.plan(spec)
        let change = try #require(plan.changes.first)
        #expect(plan.changes.count == 1)
        #expect(change.action == .update)
        #expect(change.attributes.map(\.path) == ["lifecycle", "tags.Owner", "versioning"])
        #expect(change.attributes.allSatisfy { $0.action == .update })
        let byPath = Dictionary(uniqueKeysWithValues: change.attributes.map { ($0.path, $0) })
        #expect(byPath["tags.Owner"]?.before == .string("someone-else@bbws.com"))
        #expect(byPath["tags.Owner"]?.after == .string("platform-team@bbws.com"))
        #expect(byPath["versioning"]?.before == .string("Suspended"))
        #expect(byPath["versioning"]?.after == .string("Enabled"))
        #expect(byPath["lifecycle"]?.before?.arrayValue?.first?.objectValue?["noncurrentVersionExpirationDays"] == .int(7))
        #expect(byPath["lifecycle"]?.after?.arrayValue?.first?.objectValue?["noncurrentVersionExpirationDays"] == .int(60))

        // A tag added by hand is a removal; apply writes exactly the three settings.
        let result = try await provisioner.apply(spec)
        #expect(result.actions == ["PutBucketVersioning", "PutBucketLifecycleConfiguration", "PutBucketTagging"].map { "\($0) \(bucket)" })
        #expect(try await provisioner.plan(spec).hasChanges == false)

        tags = TestAWS.tags("dev")
        tags["Temporary"] = "yes"
        try await s3.putBucketTagging(bucket, tags: tags)
        let extra = try await provisioner.plan(spec).changes.first?.attributes
        #expect(extra == [AttributeChange(path: "tags.Temporary", action: .delete, before: .string("yes"))])
    }

    @Test func prodReplicatesToDisasterRecoveryBucketInEuWest1() async throws {
        let s3 = try await TestAWS.client()
        let provisioner = BucketProvisioner(client: s3)
        let bucket = TestAWS.uniqueName("bbws-templates-prod")
        let role = "arn:aws:iam::093646564004:role/bbws-templates-replication"
        let spec = BucketSpec(name: bucket, region: "af-south-1", tags: TestAWS.tags("prod"), noncurrentVersionExpirationDays: 90,
                              replication: .init(destinationBucket: "\(bucket)-dr", destinationRegion: "eu-west-1", roleARN: role))

        let plan = try await provisioner.plan(spec)
        #expect(plan.changes.map(\.resource) == ["\(bucket)-dr", bucket])
        #expect(plan.changes.map(\.action) == [.create, .create])
        let result = try await provisioner.apply(spec)
        #expect(result.actions.first == "CreateBucket \(bucket)-dr")
        #expect(result.actions.last == "PutBucketReplication \(bucket)")

        let dr = S3Client(configuration: try await TestAWS.configuration(region: "eu-west-1"))
        #expect(try await dr.getBucketLocation("\(bucket)-dr") == "eu-west-1")
        #expect(try await dr.getBucketVersioning("\(bucket)-dr") == "Enabled")
        #expect(try await dr.getBucketEncryption("\(bucket)-dr")?.algorithm == "AES256")
        #expect(try await dr.getPublicAccessBlock("\(bucket)-dr") == .all)
        #expect(try await dr.getBucketLifecycle("\(bucket)-dr").first?.noncurrentVersionExpirationDays == 90)
        #expect(try await dr.getBucketTagging("\(bucket)-dr") == TestAWS.tags("prod"))
        #expect(try await dr.getBucketReplication("\(bucket)-dr") == nil)
        let replication = try #require(try await s3.getBucketReplication(bucket))
        #expect(replication.role == role)
        #expect(replication.rules.map(\.destinationBucketARN) == ["arn:aws:s3:::\(bucket)-dr"])
        #expect(replication.rules.first?.enabled == true)
        #expect(replication.rules.first?.deleteMarkerReplication == false)

        let states = try await provisioner.readAll(spec)
        #expect(states.map(\.region) == ["eu-west-1", "af-south-1"])
        #expect(try await provisioner.plan(spec).changes.map(\.action) == [.noChange, .noChange])
    }

    @Test func bucketNameOwnedByAnotherAccountIsAClearError() async throws {
        let base = try await TestAWS.configuration()
        let other = try await STSClient(configuration: base)
            .assumeRole(roleARN: "arn:aws:iam::210987654321:role/someone-else", sessionName: "name-squatter")
        let otherS3 = S3Client(configuration: try await TestAWS.configuration(credentials: StaticCredentialProvider(other.credentials)))
        let bucket = TestAWS.uniqueName("bbws-templates-taken")
        try await otherS3.createBucket(bucket)
        try await otherS3.putBucketTagging(bucket, tags: ["Owner": "someone-else"])

        // moto lets another account reach the bucket (HeadBucket succeeds); it is not ours to configure.
        let provisioner = BucketProvisioner(client: S3Client(configuration: base))
        let spec = TestAWS.devSpec(bucket)
        let planned = await #expect(throws: TemplateDeploymentError.self) { try await provisioner.plan(spec) }
        #expect(planned == .bucketOwnedByAnotherAccount(bucket: bucket))
        #expect(planned.map { "\($0)" }?.contains("belongs to another AWS account") == true)
        await #expect(throws: TemplateDeploymentError.bucketOwnedByAnotherAccount(bucket: bucket)) { try await provisioner.apply(spec) }
        #expect(try await otherS3.getBucketTagging(bucket) == ["Owner": "someone-else"])

        // Where the name looks free (as on AWS, whose HeadBucket answers 403 or 404), CreateBucket decides.
        var actions: [String] = []
        let error = await #expect(throws: TemplateDeploymentError.self) {
            try await provisioner.converge(spec, from: .missing(bucket), actions: &actions)
        }
        #expect(error == .bucketNameTaken(bucket: bucket, region: "af-south-1"))
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("\"\(bucket)\"") && text.contains("BucketAlreadyExists") && text.contains("another AWS account"))
        #expect(actions.isEmpty)

        // The same name re-created by its owner is not an error: apply goes on with the settings.
        let own = TestAWS.uniqueName("bbws-templates-own")
        try await provisioner.apply(TestAWS.devSpec(own))
        #expect(try await provisioner.apply(TestAWS.devSpec(own)).writeCalls == 0)
    }

    @Test func unknownRegionsFailBeforeAnyCall() async throws {
        // Nothing listens here: any S3 call would fail with a connection error instead.
        let closed = AWSConfiguration(region: "af-south-1", credentials: TestAWS.credentials,
                                      endpoints: AWSEndpointResolver(global: URL(string: "http://127.0.0.1:9")!),
                                      retry: RetryPolicy(maxAttempts: 1))
        let provisioner = BucketProvisioner(client: S3Client(configuration: closed))
        var spec = TestAWS.devSpec("bbws-templates-prod")
        spec.replication = .init(destinationBucket: "bbws-templates-prod-dr", destinationRegion: "eu-west-9",
                                 roleARN: "arn:aws:iam::093646564004:role/replication")
        let error = await #expect(throws: TemplateDeploymentError.self) { try await provisioner.plan(spec) }
        #expect(error == .unknownRegion(region: "eu-west-9", bucket: "bbws-templates-prod", purpose: "replication region"))
        #expect(error.map { "\($0)" }?.contains("eu-west-1, eu-west-2, eu-west-3") == true)

        spec.replication = nil
        spec.region = "af-south-9"
        await #expect(throws: TemplateDeploymentError.unknownRegion(region: "af-south-9", bucket: "bbws-templates-prod",
                                                                    purpose: "bucket region")) {
            try await provisioner.apply(spec)
        }
        spec.region = "af-south-1"
        spec.tags["Owner"] = nil
        await #expect(throws: TemplateDeploymentError.invalidSpec(bucket: "bbws-templates-prod", problem: "missing mandatory tags: Owner")) {
            try await provisioner.plan(spec)
        }
    }

    @Test func specFromTheEnvironmentDefinition() throws {
        let location = SourceLocation(file: "pipelines/deploy.swift", line: 1)
        let disasterRecovery = EnvironmentDefinition.DisasterRecovery(replicaRegions: ["eu-west-1"])
        let prod = EnvironmentDefinition(
            name: "prod", account: "093646564004", region: "af-south-1", role: "bbws-deploy-prod", tags: TestAWS.tags("prod"),
            settings: [BucketSpec.retentionSetting: .int(90)], disasterRecovery: disasterRecovery, location: location)
        let spec = try BucketSpec.forEnvironment(prod, bucket: "bbws-templates-prod",
                                                 replicationRoleARN: "arn:aws:iam::093646564004:role/replication")
        #expect(spec.noncurrentVersionExpirationDays == 90)
        #expect(spec.replication == .init(destinationBucket: "bbws-templates-prod-dr", destinationRegion: "eu-west-1",
                                          roleARN: "arn:aws:iam::093646564004:role/replication"))
        #expect(spec.disasterRecoveryBucket?.region == "eu-west-1")
        #expect(spec.disasterRecoveryBucket?.replication == nil)
        try spec.validate()

        #expect(throws: TemplateDeploymentError.self) { try BucketSpec.forEnvironment(prod, bucket: "bbws-templates-prod") }
        let dev = EnvironmentDefinition(name: "dev", account: "536580886816", region: "af-south-1", role: "bbws-deploy-dev",
                                        tags: TestAWS.tags("dev"), location: location)
        let missing = #expect(throws: TemplateDeploymentError.self) { try BucketSpec.forEnvironment(dev, bucket: "bbws-templates-dev") }
        #expect(missing.map { "\($0)" }?.contains(BucketSpec.retentionSetting) == true)
    }
}
