import AWS
import EmailTemplates
import Foundation
import PipelineModel

/// Checks a deployment after the fact: the buckets' settings against their spec, each object's
/// stored SHA-256 against the commit's content (a HEAD per object, nothing downloaded), and
/// optionally that every template in the bucket renders with its manifest's sample data.
public struct DeploymentVerifier: Sendable {
    public let client: S3Client
    public let concurrency: Int

    public init(client: S3Client, concurrency: Int = 8) {
        self.client = client
        self.concurrency = max(1, concurrency)
    }

    /// Every difference between the buckets of `spec` (DR included) and what S3 reports.
    public func verifyBucket(_ spec: BucketSpec) async throws -> [VerificationFailure] {
        let provisioner = BucketProvisioner(client: client)
        var failures: [VerificationFailure] = []
        for bucket in BucketProvisioner.buckets(of: spec) {
            let state = try await provisioner.read(bucket)
            let resource = "s3://\(bucket.name)"
            guard state.exists else {
                failures.append(VerificationFailure(resource: resource, attribute: "exists", expected: "true", actual: "false"))
                continue
            }
            if let region = state.region, region != bucket.region {
                failures.append(VerificationFailure(resource: resource, attribute: "region", expected: bucket.region, actual: region))
            }
            for change in bucket.settings.changes(from: state.settings) {
                failures.append(VerificationFailure(resource: resource, attribute: change.path,
                                                    expected: Self.text(change.after), actual: Self.text(change.before)))
            }
        }
        return failures
    }

    static func text(_ value: JSONValue?) -> String {
        guard let value else { return "absent" }
        if case .string(let text) = value { return text }
        return value.compactText
    }

    /// For each file of the commit: the object exists, its `content-sha256` metadata is the
    /// file's SHA-256 and its content type the one publishing sets; and no other object is
    /// under `keyPrefix`.
    public func verifyObjects(files: [String: Data], bucket: String, keyPrefix: String = "") async throws -> [VerificationFailure] {
        let expected = files.map { (keyPrefix + $0.key, TemplatePublisher.desiredObject(key: $0.key, bytes: $0.value)) }
            .sorted { $0.0 < $1.0 }
        let s3 = client
        let perObject = try await BoundedConcurrency.map(expected, limit: concurrency) { key, object -> [VerificationFailure] in
            let resource = "s3://\(bucket)/\(key)"
            let info: S3ObjectInfo
            do {
                info = try await s3.headObject(bucket: bucket, key: key)
            } catch let error as AWSError where error.status == 404 {
                return [VerificationFailure(resource: resource, attribute: "exists", expected: "true", actual: "false")]
            } catch {
                throw TemplateDeploymentError.wrap(error, bucket: bucket, action: "HeadObject", key: key)
            }
            var failures: [VerificationFailure] = []
            let stored = info.metadata[TemplatePublisher.hashMetadata] ?? "absent"
            if stored != object.sha256 {
                failures.append(VerificationFailure(resource: resource, attribute: "metadata.\(TemplatePublisher.hashMetadata)",
                                                    expected: object.sha256, actual: stored))
            }
            let type = info.contentType ?? "absent"
            if type.lowercased() != object.contentType.lowercased() {
                failures.append(VerificationFailure(resource: resource, attribute: "contentType", expected: object.contentType, actual: type))
            }
            return failures
        }
        var failures = perObject.flatMap { $0 }
        let wanted = Set(expected.map(\.0))
        let listed = try await TemplateDeploymentError.call(bucket, "ListObjectsV2") {
            try await s3.listAllObjects(bucket: bucket, prefix: keyPrefix.isEmpty ? nil : keyPrefix)
        }
        for object in listed where !wanted.contains(object.key) {
            failures.append(VerificationFailure(resource: "s3://\(bucket)/\(object.key)", attribute: "exists",
                                                expected: "false (not in the commit)", actual: "true"))
        }
        return failures
    }

    /// Downloads the manifest and every template it names from the bucket and renders each
    /// with its sample data; lists each template that is missing or does not render.
    public func verifyRendering(bucket: String, keyPrefix: String = "", manifestKey: String = "manifest.json") async throws
        -> [VerificationFailure] {
        let manifestObject = try await TemplateDeploymentError.call(bucket, "GetObject", key: keyPrefix + manifestKey) {
            try await client.getObject(bucket: bucket, key: keyPrefix + manifestKey)
        }
        let manifest: TemplateManifest
        do {
            manifest = try TemplateManifest.parse(bytes: manifestObject.body, path: manifestKey)
        } catch {
            return [VerificationFailure(resource: "s3://\(bucket)/\(keyPrefix)\(manifestKey)", attribute: "manifest",
                                        expected: "a valid template manifest", actual: "\(error)")]
        }
        let s3 = client
        let results = try await BoundedConcurrency.map(manifest.templates.map { ($0, keyPrefix + manifest.resolvedPath(of: $0)) },
                                                       limit: concurrency) { entry, key -> VerificationFailure? in
            let resource = "s3://\(bucket)/\(key)"
            let object: S3Object
            do {
                object = try await s3.getObject(bucket: bucket, key: key)
            } catch let error as AWSError where error.status == 404 {
                return VerificationFailure(resource: resource, attribute: "exists", expected: "true", actual: "false")
            } catch {
                throw TemplateDeploymentError.wrap(error, bucket: bucket, action: "GetObject", key: key)
            }
            do {
                let email = try TemplateRenderer.renderSample(of: entry, templateBytes: object.body)
                if email.html.isEmpty || email.subject.isEmpty {
                    return VerificationFailure(resource: resource, attribute: "render", expected: "a subject and a body",
                                               actual: "an empty \(email.subject.isEmpty ? "subject" : "body")")
                }
                return nil
            } catch {
                return VerificationFailure(resource: resource, attribute: "render", expected: "renders with the sample data",
                                           actual: "\(error)")
            }
        }
        return results.compactMap { $0 }
    }
}
