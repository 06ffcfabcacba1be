import Foundation

extension S3Client {
    func putSetting(_ bucket: String, _ subresource: String, xml: String, operation: String) async throws {
        let body = Data(xml.utf8)
        _ = try await send(request(method: "PUT", bucket: bucket, query: [AWSQueryItem(subresource, "")],
                                   headers: Self.xmlHeaders(body), body: body),
                           operation: operation, safety: .idempotent)
    }

    /// GETs a subresource; nil when S3 says it is not configured (`notConfigured` code).
    func getSetting(_ bucket: String, _ subresource: String, operation: String, notConfigured: AWSErrorCode?) async throws -> XMLNode? {
        do {
            let response = try await send(request(method: "GET", bucket: bucket, query: [AWSQueryItem(subresource, "")]),
                                          operation: operation, safety: .idempotent)
            return try xml(response, operation: operation)
        } catch let error as AWSError where notConfigured != nil && error.code == notConfigured {
            return nil
        }
    }

    func deleteSetting(_ bucket: String, _ subresource: String, operation: String) async throws {
        _ = try await send(request(method: "DELETE", bucket: bucket, query: [AWSQueryItem(subresource, "")]),
                           operation: operation, safety: .idempotent)
    }

    static func tag(_ name: String, _ value: String) -> String { "<\(name)>\(XMLNode.escape(value))</\(name)>" }
    static func tag(_ name: String, _ value: Bool) -> String { tag(name, value ? "true" : "false") }

    // MARK: Versioning

    /// `Enabled` or `Suspended`.
    public func putBucketVersioning(_ bucket: String, enabled: Bool) async throws {
        try await putSetting(bucket, "versioning", xml: "<VersioningConfiguration xmlns=\"\(Self.namespace)\">"
            + Self.tag("Status", enabled ? "Enabled" : "Suspended") + "</VersioningConfiguration>", operation: "PutBucketVersioning")
    }

    /// `Enabled`, `Suspended`, or nil if versioning was never set.
    public func getBucketVersioning(_ bucket: String) async throws -> String? {
        try await getSetting(bucket, "versioning", operation: "GetBucketVersioning", notConfigured: nil)?.string("Status")
    }

    // MARK: Encryption

    public func putBucketEncryption(_ bucket: String, _ encryption: S3BucketEncryption) async throws {
        var rule = "<ApplyServerSideEncryptionByDefault>" + Self.tag("SSEAlgorithm", encryption.algorithm)
        if let key = encryption.kmsKeyID { rule += Self.tag("KMSMasterKeyID", key) }
        rule += "</ApplyServerSideEncryptionByDefault>"
        if let bucketKey = encryption.bucketKeyEnabled { rule += Self.tag("BucketKeyEnabled", bucketKey) }
        try await putSetting(bucket, "encryption", xml: "<ServerSideEncryptionConfiguration xmlns=\"\(Self.namespace)\"><Rule>"
            + rule + "</Rule></ServerSideEncryptionConfiguration>", operation: "PutBucketEncryption")
    }

    public func getBucketEncryption(_ bucket: String) async throws -> S3BucketEncryption? {
        guard let root = try await getSetting(bucket, "encryption", operation: "GetBucketEncryption",
                                              notConfigured: .serverSideEncryptionConfigurationNotFound),
              let rule = root.child("Rule"), let defaults = rule.child("ApplyServerSideEncryptionByDefault"),
              let algorithm = defaults.string("SSEAlgorithm")
        else { return nil }
        return S3BucketEncryption(algorithm: algorithm, kmsKeyID: defaults.string("KMSMasterKeyID"),
                                  bucketKeyEnabled: rule.string("BucketKeyEnabled").map { $0 == "true" })
    }

    // MARK: Public access block

    public func putPublicAccessBlock(_ bucket: String, _ block: S3PublicAccessBlock) async throws {
        try await putSetting(bucket, "publicAccessBlock", xml: "<PublicAccessBlockConfiguration xmlns=\"\(Self.namespace)\">"
            + Self.tag("BlockPublicAcls", block.blockPublicAcls) + Self.tag("IgnorePublicAcls", block.ignorePublicAcls)
            + Self.tag("BlockPublicPolicy", block.blockPublicPolicy) + Self.tag("RestrictPublicBuckets", block.restrictPublicBuckets)
            + "</PublicAccessBlockConfiguration>", operation: "PutPublicAccessBlock")
    }

    public func getPublicAccessBlock(_ bucket: String) async throws -> S3PublicAccessBlock? {
        guard let root = try await getSetting(bucket, "publicAccessBlock", operation: "GetPublicAccessBlock",
                                              notConfigured: .noSuchPublicAccessBlockConfiguration)
        else { return nil }
        func flag(_ name: String) -> Bool { root.string(name)?.lowercased() == "true" }
        return S3PublicAccessBlock(blockPublicAcls: flag("BlockPublicAcls"), ignorePublicAcls: flag("IgnorePublicAcls"),
                                   blockPublicPolicy: flag("BlockPublicPolicy"), restrictPublicBuckets: flag("RestrictPublicBuckets"))
    }

    // MARK: Lifecycle

    public func putBucketLifecycle(_ bucket: String, rules: [S3LifecycleRule]) async throws {
        var xml = "<LifecycleConfiguration xmlns=\"\(Self.namespace)\">"
        for rule in rules {
            xml += "<Rule>" + Self.tag("ID", rule.id) + "<Filter>" + Self.tag("Prefix", rule.prefix) + "</Filter>"
            xml += Self.tag("Status", rule.enabled ? "Enabled" : "Disabled")
            for transition in rule.transitions {
                xml += "<Transition>" + Self.tag("Days", String(transition.days)) + Self.tag("StorageClass", transition.storageClass)
                    + "</Transition>"
            }
            if let days = rule.expirationDays { xml += "<Expiration>" + Self.tag("Days", String(days)) + "</Expiration>" }
            if let days = rule.noncurrentVersionExpirationDays {
                xml += "<NoncurrentVersionExpiration>" + Self.tag("NoncurrentDays", String(days)) + "</NoncurrentVersionExpiration>"
            }
            if let days = rule.abortIncompleteMultipartUploadDays {
                xml += "<AbortIncompleteMultipartUpload>" + Self.tag("DaysAfterInitiation", String(days)) + "</AbortIncompleteMultipartUpload>"
            }
            xml += "</Rule>"
        }
        try await putSetting(bucket, "lifecycle", xml: xml + "</LifecycleConfiguration>", operation: "PutBucketLifecycleConfiguration")
    }

    public func getBucketLifecycle(_ bucket: String) async throws -> [S3LifecycleRule] {
        guard let root = try await getSetting(bucket, "lifecycle", operation: "GetBucketLifecycleConfiguration",
                                              notConfigured: .noSuchLifecycleConfiguration)
        else { return [] }
        return root.children("Rule").map { rule in
            S3LifecycleRule(
                id: rule.string("ID") ?? "",
                prefix: rule.find("Filter", "Prefix")?.text ?? rule.string("Prefix") ?? "",
                enabled: rule.string("Status") == "Enabled",
                transitions: rule.children("Transition").compactMap { node in
                    guard let days = node.string("Days").flatMap({ Int($0) }), let storageClass = node.string("StorageClass") else { return nil }
                    return S3LifecycleRule.Transition(days: days, storageClass: storageClass)
                },
                expirationDays: rule.find("Expiration", "Days").flatMap { Int($0.text) },
                noncurrentVersionExpirationDays: rule.find("NoncurrentVersionExpiration", "NoncurrentDays").flatMap { Int($0.text) },
                abortIncompleteMultipartUploadDays: rule.find("AbortIncompleteMultipartUpload", "DaysAfterInitiation").flatMap { Int($0.text) })
        }
    }

    // MARK: Replication

    public func putBucketReplication(_ bucket: String, _ configuration: S3ReplicationConfiguration) async throws {
        var xml = "<ReplicationConfiguration xmlns=\"\(Self.namespace)\">" + Self.tag("Role", configuration.role)
        for rule in configuration.rules {
            xml += "<Rule>" + Self.tag("ID", rule.id) + Self.tag("Priority", String(rule.priority))
            xml += "<Filter>" + Self.tag("Prefix", rule.prefix) + "</Filter>" + Self.tag("Status", rule.enabled ? "Enabled" : "Disabled")
            xml += "<DeleteMarkerReplication>" + Self.tag("Status", rule.deleteMarkerReplication ? "Enabled" : "Disabled")
                + "</DeleteMarkerReplication>"
            xml += "<Destination>" + Self.tag("Bucket", rule.destinationBucketARN)
            if let storageClass = rule.storageClass { xml += Self.tag("StorageClass", storageClass) }
            xml += "</Destination></Rule>"
        }
        try await putSetting(bucket, "replication", xml: xml + "</ReplicationConfiguration>", operation: "PutBucketReplication")
    }

    public func getBucketReplication(_ bucket: String) async throws -> S3ReplicationConfiguration? {
        guard let root = try await getSetting(bucket, "replication", operation: "GetBucketReplication",
                                              notConfigured: .replicationConfigurationNotFound)
        else { return nil }
        let rules = root.children("Rule").map { rule in
            S3ReplicationConfiguration.Rule(
                id: rule.string("ID") ?? "", priority: rule.string("Priority").flatMap { Int($0) } ?? 0,
                prefix: rule.find("Filter", "Prefix")?.text ?? rule.string("Prefix") ?? "",
                enabled: rule.string("Status") == "Enabled",
                destinationBucketARN: rule.find("Destination", "Bucket")?.text ?? "",
                storageClass: rule.find("Destination", "StorageClass")?.text,
                deleteMarkerReplication: rule.find("DeleteMarkerReplication", "Status")?.text == "Enabled")
        }
        return S3ReplicationConfiguration(role: root.string("Role") ?? "", rules: rules)
    }

    /// Removes the replication configuration. Idempotent.
    public func deleteBucketReplication(_ bucket: String) async throws {
        try await deleteSetting(bucket, "replication", operation: "DeleteBucketReplication")
    }

    // MARK: Tagging

    public func putBucketTagging(_ bucket: String, tags: [String: String]) async throws {
        let set = tags.sorted { $0.key < $1.key }.map { "<Tag>" + Self.tag("Key", $0.key) + Self.tag("Value", $0.value) + "</Tag>" }
        try await putSetting(bucket, "tagging", xml: "<Tagging xmlns=\"\(Self.namespace)\"><TagSet>" + set.joined()
            + "</TagSet></Tagging>", operation: "PutBucketTagging")
    }

    public func getBucketTagging(_ bucket: String) async throws -> [String: String] {
        guard let root = try await getSetting(bucket, "tagging", operation: "GetBucketTagging", notConfigured: .noSuchTagSet)
        else { return [:] }
        var tags: [String: String] = [:]
        for tag in root.child("TagSet")?.children("Tag") ?? [] {
            if let key = tag.string("Key") { tags[key] = tag.string("Value") ?? "" }
        }
        return tags
    }

    // MARK: Policy

    /// Sets the bucket policy (a JSON document).
    public func putBucketPolicy(_ bucket: String, policy: String) async throws {
        let body = Data(policy.utf8)
        var headers = Self.xmlHeaders(body)
        headers.set("Content-Type", "application/json")
        _ = try await send(request(method: "PUT", bucket: bucket, query: [AWSQueryItem("policy", "")], headers: headers, body: body),
                           operation: "PutBucketPolicy", safety: .idempotent)
    }

    /// Removes the bucket policy. Idempotent.
    public func deleteBucketPolicy(_ bucket: String) async throws {
        try await deleteSetting(bucket, "policy", operation: "DeleteBucketPolicy")
    }

    /// Removes every lifecycle rule. Idempotent.
    public func deleteBucketLifecycle(_ bucket: String) async throws {
        try await deleteSetting(bucket, "lifecycle", operation: "DeleteBucketLifecycle")
    }

    /// Removes every bucket tag. Idempotent.
    public func deleteBucketTagging(_ bucket: String) async throws {
        try await deleteSetting(bucket, "tagging", operation: "DeleteBucketTagging")
    }

    /// The policy JSON, or nil if none.
    public func getBucketPolicy(_ bucket: String) async throws -> String? {
        do {
            let response = try await send(request(method: "GET", bucket: bucket, query: [AWSQueryItem("policy", "")]),
                                          operation: "GetBucketPolicy", safety: .idempotent)
            return String(decoding: response.body, as: UTF8.self)
        } catch let error as AWSError where error.code == .noSuchBucketPolicy {
            return nil
        }
    }
}
