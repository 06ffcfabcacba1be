/// Creates or updates the S3 bucket that holds the email templates: public access blocked,
/// SSE-S3, versioning, TLS-only policy, noncurrent versions expiring after the environment's
/// `templateVersionRetentionDays`, its tags; where the environment declares a disaster-recovery
/// region, replication to `<bucket>-<region>` there through `replicationRole` (default: the role
/// `<bucket>-replication` in the environment's account).
public struct ProvisionTemplateBucket: StepConvertible, Sendable {
    public var step: Step
    public init(_ bucket: String, replicationRole: String? = nil, file: StaticString = #filePath, line: UInt = #line) {
        var parameters: [String: Value] = ["bucket": .string(bucket)]
        if let replicationRole { parameters["replicationRole"] = .string(replicationRole) }
        step = Step(kind: "provision-template-bucket", name: "provision-bucket", parameters: parameters, file: file, line: line)
    }
}
