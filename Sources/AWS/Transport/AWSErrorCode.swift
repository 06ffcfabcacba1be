/// The error codes the project acts on, from DynamoDB, S3 and STS; anything else is `.other`.
public enum AWSErrorCode: Sendable, Hashable, CustomStringConvertible {
    case resourceNotFound
    case conditionalCheckFailed
    case resourceInUse
    case validation
    case throttling
    case provisionedThroughputExceeded
    case requestLimitExceeded
    case limitExceeded
    case transactionConflict
    case transactionCanceled
    case internalServerError
    case serviceUnavailable
    case slowDown
    case noSuchBucket
    case noSuchKey
    case noSuchVersion
    case bucketAlreadyOwnedByYou
    case bucketAlreadyExists
    case bucketNotEmpty
    case noSuchLifecycleConfiguration
    case noSuchTagSet
    case noSuchBucketPolicy
    case serverSideEncryptionConfigurationNotFound
    case noSuchPublicAccessBlockConfiguration
    case replicationConfigurationNotFound
    case accessDenied
    case signatureDoesNotMatch
    case invalidClientTokenID
    case invalidAccessKeyID
    case expiredToken
    case invalidIdentityToken
    case idpCommunicationError
    case idpRejectedClaim
    case malformedPolicyDocument
    case other(String)

    private static let table: [(String, AWSErrorCode)] = [
        ("ResourceNotFoundException", .resourceNotFound),
        ("ConditionalCheckFailedException", .conditionalCheckFailed),
        ("ResourceInUseException", .resourceInUse),
        ("ValidationException", .validation),
        ("ValidationError", .validation),
        ("ThrottlingException", .throttling),
        ("Throttling", .throttling),
        ("TooManyRequestsException", .throttling),
        ("ProvisionedThroughputExceededException", .provisionedThroughputExceeded),
        ("RequestLimitExceeded", .requestLimitExceeded),
        ("LimitExceededException", .limitExceeded),
        ("TransactionConflictException", .transactionConflict),
        ("TransactionCanceledException", .transactionCanceled),
        ("InternalServerError", .internalServerError),
        ("InternalError", .internalServerError),
        ("InternalFailure", .internalServerError),
        ("ServiceUnavailable", .serviceUnavailable),
        ("ServiceUnavailableException", .serviceUnavailable),
        ("SlowDown", .slowDown),
        ("NoSuchBucket", .noSuchBucket),
        ("NoSuchKey", .noSuchKey),
        ("NoSuchVersion", .noSuchVersion),
        ("BucketAlreadyOwnedByYou", .bucketAlreadyOwnedByYou),
        ("BucketAlreadyExists", .bucketAlreadyExists),
        ("BucketNotEmpty", .bucketNotEmpty),
        ("NoSuchLifecycleConfiguration", .noSuchLifecycleConfiguration),
        ("NoSuchTagSet", .noSuchTagSet),
        ("NoSuchTagSetError", .noSuchTagSet),
        ("NoSuchBucketPolicy", .noSuchBucketPolicy),
        ("ServerSideEncryptionConfigurationNotFoundError", .serverSideEncryptionConfigurationNotFound),
        ("NoSuchPublicAccessBlockConfiguration", .noSuchPublicAccessBlockConfiguration),
        ("ReplicationConfigurationNotFoundError", .replicationConfigurationNotFound),
        ("AccessDenied", .accessDenied),
        ("AccessDeniedException", .accessDenied),
        ("SignatureDoesNotMatch", .signatureDoesNotMatch),
        ("InvalidSignatureException", .signatureDoesNotMatch),
        ("InvalidClientTokenId", .invalidClientTokenID),
        ("UnrecognizedClientException", .invalidClientTokenID),
        ("InvalidAccessKeyId", .invalidAccessKeyID),
        ("ExpiredToken", .expiredToken),
        ("ExpiredTokenException", .expiredToken),
        ("InvalidIdentityToken", .invalidIdentityToken),
        ("IDPCommunicationError", .idpCommunicationError),
        ("IDPRejectedClaim", .idpRejectedClaim),
        ("MalformedPolicyDocument", .malformedPolicyDocument),
    ]
    private static let byName: [String: AWSErrorCode] = Dictionary(table, uniquingKeysWith: { first, _ in first })

    /// Decodes an AWS code; DynamoDB's `com.amazonaws.dynamodb.v20120810#X` prefix is removed.
    public init(rawValue: String) {
        let name = rawValue.split(separator: "#").last.map(String.init) ?? rawValue
        self = Self.byName[name] ?? .other(name)
    }

    /// The code as AWS writes it (the first spelling in the table).
    public var rawValue: String {
        if case .other(let name) = self { return name }
        return Self.table.first { $0.1 == self }?.0 ?? "Unknown"
    }

    public var description: String { rawValue }

    /// The service refused the request before doing anything because of load: always safe to retry.
    public var isThrottling: Bool {
        switch self {
        case .throttling, .provisionedThroughputExceeded, .requestLimitExceeded, .slowDown, .transactionConflict:
            true
        default:
            false
        }
    }
}
