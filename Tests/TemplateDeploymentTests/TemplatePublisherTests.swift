import AWS
import Foundation
import PipelineModel
import PipelineTesting
import TemplateDeployment
import TestTiers
import Testing

/// Publishing the example templates to a versioned bucket on a real moto server: only changed
/// objects are written, removals leave delete markers, rollback restores exact version ids.
@Suite(.integration) struct TemplatePublisherTests {
    /// A provisioned dev bucket and a publisher for it.
    static func publisher() async throws -> (S3Client, TemplatePublisher) {
        let s3 = try await TestAWS.client()
        let bucket = TestAWS.uniqueName("bbws-templates-dev")
        try await BucketProvisioner(client: s3).apply(TestAWS.devSpec(bucket))
        return (s3, TemplatePublisher(client: s3, bucket: bucket))
    }

    /// Each key's latest version id.
    static func latestVersions(_ s3: S3Client, _ bucket: String) async throws -> [String: String] {
        var latest: [String: String] = [:]
        for version in try await s3.listObjectVersions(bucket: bucket) where version.isLatest && !version.isDeleteMarker {
            latest[version.key] = version.versionID
        }
        return latest
    }

    @Test func publishesTheExamplesThenWritesNothingThenExactlyOneUpload() async throws {
        let (s3, publisher) = try await Self.publisher()
        var files = try TestAWS.exampleTemplates()
        #expect(files.count == 13)
        #expect(files.keys.filter { $0.hasSuffix(".html") }.count == 12)

        let (firstPlan, first) = try await publisher.publish(files: files, commit: "c0ffee1")
        #expect(firstPlan.changes.count == 13)
        #expect(firstPlan.changes.allSatisfy { $0.action == .create && $0.type == "s3.object" })
        #expect(first.writeCalls == 13)
        #expect(Set(first.uploaded.keys) == Set(files.keys))

        let key = "receipts/payment_received.html"
        let head = try await s3.headObject(bucket: publisher.bucket, key: key)
        #expect(head.contentType == "text/html; charset=utf-8")
        #expect(head.metadata["commit"] == "c0ffee1")
        #expect(head.metadata["content-sha256"] == TemplatePublisher.desiredObject(key: key, bytes: files[key]!).sha256)
        #expect(head.versionID == first.uploaded[key])
        #expect(try await s3.headObject(bucket: publisher.bucket, key: "manifest.json").contentType == "application/json")

        let (samePlan, same) = try await publisher.publish(files: files, commit: "c0ffee2")
        #expect(samePlan.changes.map(\.action) == Array(repeating: .noChange, count: 13))
        #expect(samePlan.stepPlan.hasChanges == false)
        #expect(same.writeCalls == 0)
        #expect(same.unchanged.count == 13)

        files[key] = Data(String(decoding: files[key]!, as: UTF8.self).replacingOccurrences(of: "</body>", with: "<!-- v2 --></body>").utf8)
        let (onePlan, one) = try await publisher.publish(files: files, commit: "c0ffee3")
        #expect(onePlan.changes.filter { $0.action != .noChange }.map(\.resource) == [key])
        #expect(onePlan.changes.first { $0.resource == key }?.action == .update)
        #expect(one.writeCalls == 1)
        #expect(Array(one.uploaded.keys) == [key])
        #expect(try await s3.headObject(bucket: publisher.bucket, key: key).metadata["commit"] == "c0ffee3")
        #expect(try await s3.headObject(bucket: publisher.bucket, key: "manifest.json").metadata["commit"] == "c0ffee1")
    }

    @Test func aRemovedTemplateGetsADeleteMarkerAndKeepsItsVersions() async throws {
        let (s3, publisher) = try await Self.publisher()
        var files = try TestAWS.exampleTemplates()
        let (_, first) = try await publisher.publish(files: files, commit: "a1")
        let key = "marketing/newsletter_template.html"
        files[key] = nil

        let plan = try await publisher.plan(files: files, commit: "a2")
        #expect(plan.deletions == [key])
        #expect(plan.changes.first { $0.resource == key }?.action == .delete)
        let result = try await publisher.apply(plan, files: files)
        #expect(result.writeCalls == 1)
        #expect(result.deleted == [key])

        let versions = try await s3.listObjectVersions(bucket: publisher.bucket, prefix: key)
        #expect(versions.count == 2)
        #expect(versions.first { $0.isLatest }?.isDeleteMarker == true)
        #expect(versions.contains { !$0.isDeleteMarker && $0.versionID == first.uploaded[key] })
        await #expect(throws: AWSError.self) { try await s3.headObject(bucket: publisher.bucket, key: key) }
        #expect(try await s3.headObject(bucket: publisher.bucket, key: key, versionID: first.uploaded[key]).versionID
            == first.uploaded[key])
        #expect(try await publisher.plan(files: files, commit: "a3").hasNoWrites)
    }

    @Test func rollbackPutsEveryObjectBackAtItsPreviousVersionID() async throws {
        let (s3, publisher) = try await Self.publisher()
        let original = try TestAWS.exampleTemplates()
        try await publisher.publish(files: original, commit: "r1")
        let before = try await Self.latestVersions(s3, publisher.bucket)

        var next = original
        next["invoices/invoice_created.html"] = Data("<!DOCTYPE html><html lang=\"en\"><head><title>x</title></head></html>".utf8)
        next["notifications/order_cancelled.html"] = nil
        next["marketing/spring_sale.html"] = Data("<!DOCTYPE html><html lang=\"en\"><head><title>sale</title></head></html>".utf8)
        let plan = try await publisher.plan(files: next, commit: "r2")
        #expect(plan.stepPlan.changes.filter { $0.action.changesSomething }.map { "\($0.action.symbol) \($0.resource)" } == [
            "~ invoices/invoice_created.html", "+ marketing/spring_sale.html", "- notifications/order_cancelled.html",
        ])
        let result = try await publisher.apply(plan, files: next)
        #expect(result.writeCalls == 3)
        #expect(try await Self.latestVersions(s3, publisher.bucket) != before)

        // The snapshot as a later process would have it: read back from the saved step plan.
        let saved = try JSONDecoder().decode(StepPlan.self, from: JSONEncoder().encode(plan.stepPlan))
        let snapshot = try PublishPlan.snapshot(from: try #require(saved.snapshot))
        #expect(snapshot == plan.snapshot)
        let rollback = try await publisher.rollback(to: snapshot)
        #expect(rollback.restored == ["invoices/invoice_created.html", "notifications/order_cancelled.html"])
        #expect(rollback.removed == ["marketing/spring_sale.html"])
        #expect(rollback.writeCalls == 3)

        #expect(try await Self.latestVersions(s3, publisher.bucket) == before)
        #expect(try await s3.listObjectVersions(bucket: publisher.bucket, prefix: "marketing/spring_sale.html").isEmpty)
        #expect(try await publisher.plan(files: original, commit: "r1").hasNoWrites)
        // Rolling back again finds nothing to do.
        #expect(try await publisher.rollback(to: snapshot).writeCalls == 0)
    }

    @Test func aStalePlanIsRefusedBeforeAnyWrite() async throws {
        let (s3, publisher) = try await Self.publisher()
        let files = try TestAWS.exampleTemplates()
        let plan = try await publisher.plan(files: files, commit: "s1")
        try await s3.putObject(bucket: publisher.bucket, key: "receipts/payment_failed.html", body: Data("hand-made".utf8))
        let error = await #expect(throws: TemplateDeploymentError.self) { try await publisher.apply(plan, files: files) }
        #expect(error.map { "\($0)" }?.contains("receipts/payment_failed.html") == true)
        #expect(try await Self.latestVersions(s3, publisher.bucket).keys.sorted() == ["receipts/payment_failed.html"])

        var other = files
        other["manifest.json"] = Data("{}".utf8)
        let fresh = try await publisher.plan(files: files, commit: "s1")
        await #expect(throws: TemplateDeploymentError.self) { try await publisher.apply(fresh, files: other) }
    }

    @Test func withoutTLSTheBucketPolicyDeniesEveryObjectCall() async throws {
        let (_, publisher) = try await Self.publisher()
        let plain = TemplatePublisher(client: S3Client(configuration: try await TestAWS.plainConfiguration()), bucket: publisher.bucket)
        let files = try TestAWS.exampleTemplates().filter { $0.key == "manifest.json" }
        let error = await #expect(throws: TemplateDeploymentError.self) { try await plain.publish(files: files, commit: "p1") }
        #expect(error == .accessDenied(bucket: publisher.bucket, action: "PutObject", key: "manifest.json", message: "access denied"))
        // Over HTTPS the same publish goes through.
        #expect(try await publisher.publish(files: files, commit: "p1").result.writeCalls == 1)
    }

    @Test func theVerifierListsEveryDifference() async throws {
        let (s3, publisher) = try await Self.publisher()
        let files = try TestAWS.exampleTemplates()
        try await publisher.publish(files: files, commit: "v1")
        let verifier = DeploymentVerifier(client: s3)
        let spec = TestAWS.devSpec(publisher.bucket)
        #expect(try await verifier.verifyBucket(spec) == [])
        #expect(try await verifier.verifyObjects(files: files, bucket: publisher.bucket) == [])
        #expect(try await verifier.verifyRendering(bucket: publisher.bucket) == [])

        let key = "notifications/order_shipped.html"
        try await s3.putObject(bucket: publisher.bucket, key: key, body: files[key]!, contentType: "text/plain",
                               metadata: ["content-sha256": "0000"])
        try await s3.putObject(bucket: publisher.bucket, key: "stray.html", body: Data("<p>stray</p>".utf8))
        try await s3.putBucketVersioning(publisher.bucket, enabled: false)
        let objectFailures = try await verifier.verifyObjects(files: files, bucket: publisher.bucket)
        #expect(objectFailures.map { "\($0.resource) \($0.attribute)" } == [
            "s3://\(publisher.bucket)/\(key) metadata.content-sha256", "s3://\(publisher.bucket)/\(key) contentType",
            "s3://\(publisher.bucket)/stray.html exists",
        ])
        #expect(objectFailures.first?.actual == "0000")
        #expect(try await verifier.verifyBucket(spec) == [
            VerificationFailure(resource: "s3://\(publisher.bucket)", attribute: "versioning", expected: "Enabled", actual: "Suspended"),
        ])

        try await s3.putObject(bucket: publisher.bucket, key: "receipts/refund_processed.html", body: Data("{{#broken}}".utf8))
        let rendering = try await verifier.verifyRendering(bucket: publisher.bucket)
        #expect(rendering.map(\.resource) == ["s3://\(publisher.bucket)/receipts/refund_processed.html"])
        #expect(rendering.first?.attribute == "render")
    }
}

extension PublishPlan {
    var hasNoWrites: Bool { uploads.isEmpty && deletions.isEmpty }
}
