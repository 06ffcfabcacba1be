import Foundation

/// Default encryption of a bucket.
public struct S3BucketEncryption: Sendable, Equatable, Codable {
    /// `AES256`, `aws:kms` or `aws:kms:dsse`.
    public var algorithm: String
    public var kmsKeyID: String?
    public var bucketKeyEnabled: Bool?
    public init(algorithm: String = "AES256", kmsKeyID: String? = nil, bucketKeyEnabled: Bool? = nil) {
        self.algorithm = algorithm
        self.kmsKeyID = kmsKeyID
        self.bucketKeyEnabled = bucketKeyEnabled
    }
}

/// The four public access block switches of a bucket.
public struct S3PublicAccessBlock: Sendable, Equatable, Codable {
    public var blockPublicAcls: Bool
    public var ignorePublicAcls: Bool
    public var blockPublicPolicy: Bool
    public var restrictPublicBuckets: Bool
    public init(blockPublicAcls: Bool = true, ignorePublicAcls: Bool = true, blockPublicPolicy: Bool = true,
                restrictPublicBuckets: Bool = true) {
        self.blockPublicAcls = blockPublicAcls
        self.ignorePublicAcls = ignorePublicAcls
        self.blockPublicPolicy = blockPublicPolicy
        self.restrictPublicBuckets = restrictPublicBuckets
    }
    public static let all = S3PublicAccessBlock()
}

/// One lifecycle rule (the subset the pipeline manages).
public struct S3LifecycleRule: Sendable, Equatable, Codable {
    public struct Transition: Sendable, Equatable, Codable {
        public var days: Int
        public var storageClass: String
        public init(days: Int, storageClass: String) { self.days = days; self.storageClass = storageClass }
    }
    public var id: String
    public var prefix: String
    public var enabled: Bool
    public var transitions: [Transition]
    public var expirationDays: Int?
    public var noncurrentVersionExpirationDays: Int?
    public var abortIncompleteMultipartUploadDays: Int?

    public init(id: String, prefix: String = "", enabled: Bool = true, transitions: [Transition] = [], expirationDays: Int? = nil,
                noncurrentVersionExpirationDays: Int? = nil, abortIncompleteMultipartUploadDays: Int? = nil) {
        self.id = id
        self.prefix = prefix
        self.enabled = enabled
        self.transitions = transitions
        self.expirationDays = expirationDays
        self.noncurrentVersionExpirationDays = noncurrentVersionExpirationDays
        self.abortIncompleteMultipartUploadDays = abortIncompleteMultipartUploadDays
    }
}

/// Replication: a role and rules copying to destination buckets.
public struct S3ReplicationConfiguration: Sendable, Equatable, Codable {
    public struct Rule: Sendable, Equatable, Codable {
        public var id: String
        public var priority: Int
        public var prefix: String
        public var enabled: Bool
        /// `arn:aws:s3:::<bucket>`.
        public var destinationBucketARN: String
        public var storageClass: String?
        public var deleteMarkerReplication: Bool
        public init(id: String, priority: Int = 1, prefix: String = "", enabled: Bool = true, destinationBucketARN: String,
                    storageClass: String? = nil, deleteMarkerReplication: Bool = false) {
            self.id = id
            self.priority = priority
            self.prefix = prefix
            self.enabled = enabled
            self.destinationBucketARN = destinationBucketARN
            self.storageClass = storageClass
            self.deleteMarkerReplication = deleteMarkerReplication
        }
    }
    public var role: String
    public var rules: [Rule]
    public init(role: String, rules: [Rule]) { self.role = role; self.rules = rules }
}

/// What `HeadObject`/`GetObject`/`PutObject` report about an object.
public struct S3ObjectInfo: Sendable, Equatable {
    public var eTag: String?
    public var versionID: String?
    public var contentType: String?
    public var contentLength: Int?
    public var metadata: [String: String]
    public var checksumSHA256: String?
    public var lastModified: String?
}

/// An object from `GetObject`.
public struct S3Object: Sendable, Equatable {
    public var info: S3ObjectInfo
    public var body: Data
}

/// One entry of `ListObjectsV2`.
public struct S3ListedObject: Sendable, Equatable {
    public var key: String
    public var size: Int
    public var eTag: String?
    public var lastModified: String?
}

public struct S3ListPage: Sendable, Equatable {
    public var objects: [S3ListedObject]
    public var nextContinuationToken: String?
    public var isTruncated: Bool
}

/// One entry of `ListObjectVersions`: a version or a delete marker.
public struct S3ObjectVersion: Sendable, Equatable {
    public var key: String
    public var versionID: String
    public var isLatest: Bool
    public var isDeleteMarker: Bool
    public var size: Int?
    public var eTag: String?
    public var lastModified: String?
}

/// The result of `DeleteObjects`.
public struct S3DeleteResult: Sendable, Equatable {
    public struct Failure: Sendable, Equatable {
        public var key: String
        public var code: String
        public var message: String
    }
    public var deleted: [String]
    public var failures: [Failure]
}
