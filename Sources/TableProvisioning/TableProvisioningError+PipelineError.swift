import PipelineBasics

/// Provisioning errors are the user's to fix (a refused replacement, a table not made by the
/// pipeline, a role without a permission, a definition DynamoDB rejects, a table that would not
/// settle): `pipeline plan` exits 64 for them, as for other bad input, not 70. Only an AWS call
/// that did not complete (`transport`, which also wraps errors we did not expect) and a
/// cancellation stay internal.
extension TableProvisioningError: PipelineError {
    public var isUserError: Bool {
        switch self {
        case .service, .credentials, .timedOut, .replacementRefused, .replacementProtected, .notMadeByPipeline: true
        case .transport, .cancelled: false
        case .several(let errors): !errors.isEmpty && errors.allSatisfy(\.isUserError)
        }
    }
}
