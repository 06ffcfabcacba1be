import AWS
import Foundation

/// Why planning or applying tables failed. Every message names the table, the AWS action
/// where there is one, and what to do; none contains a secret (AWS messages are redacted by
/// the transport before they reach this type).
public enum TableProvisioningError: Error, Sendable, CustomStringConvertible {
    /// DynamoDB refused a call (access denied, validation, limit, in use, …).
    case service(table: String, action: String, code: AWSErrorCode, status: Int, message: String)
    /// The call did not complete (connection, time limit, unreadable answer).
    case transport(table: String, action: String, reason: String)
    /// No credentials for the environment's role (STS or the credential chain failed); `reason`
    /// is the credential layer's own message, passed through.
    case credentials(table: String, action: String, reason: String)
    /// A table or index did not settle within the timeout.
    case timedOut(table: String, waitingFor: String, pending: [String], seconds: Int)
    /// A change DynamoDB cannot make in place, refused because `allowReplacement` is false.
    case replacementRefused(table: String, attribute: String, reason: String)
    /// A replacement was allowed but the table has deletion protection on.
    case replacementProtected(table: String, attribute: String)
    /// The table differs in what DynamoDB cannot change in place (`difference`, e.g. `exists with
    /// key schema id; the repository defines PK/SK`) and was not made by the pipeline (`reason`,
    /// ``TableOwnership``): never replaced, whatever `allowReplacement` says.
    case notMadeByPipeline(table: String, difference: String, reason: String)
    /// The task was cancelled while working on the table (a re-run finishes what was left).
    case cancelled(table: String, action: String)
    /// Several tables failed; each error in the order of the tables.
    case several([TableProvisioningError])

    public var description: String {
        switch self {
        case .service(let table, let action, let code, let status, let message):
            let text = "\(table): \(action) failed: \(code.rawValue) (HTTP \(status))\(message.isEmpty ? "" : ": \(message)")"
            return text + ". " + Self.advice(code: code, action: action)
        case .transport(let table, let action, let reason):
            return "\(table): \(action) did not complete: \(reason). Check the endpoint and network, then re-run: a re-run finishes what was left."
        case .credentials(let table, let action, let reason):
            return "\(table): no credentials for \(action): \(reason). Check the environment's role and its trust policy, then re-run."
        case .timedOut(let table, let waitingFor, let pending, let seconds):
            let still = pending.isEmpty ? "" : " (still: \(pending.joined(separator: ", ")))"
            return "\(table): waited \(seconds) s for \(waitingFor)\(still). Another update may be running: "
                + "check the table in the console, raise the wait timeout, or re-run later: a re-run finishes what was left."
        case .replacementRefused(let table, let attribute, let reason):
            return "\(table): \(attribute) changed, and \(reason). Set allowReplacement: true to replace it (deletes its data)."
        case .replacementProtected(let table, let attribute):
            return "\(table): \(attribute) changed and replacing the table is allowed, but its deletion protection is on: "
                + "turn deletion protection off in its definition and deploy that first, or keep the old \(attribute)."
        case .notMadeByPipeline(let table, let difference, let reason):
            return "\(table): \(difference), and it was not made by the pipeline (\(reason)): it is never replaced, "
                + "whatever allowReplacement says, and nothing in it was changed. Give the definition another tableName, "
                + "or remove the table by hand once its data is kept elsewhere, or change the definition to match it so that applying adopts it; then re-run."
        case .cancelled(let table, let action):
            return "\(table): cancelled during \(action). Re-run: a re-run finishes what was left."
        case .several(let errors):
            return "\(errors.count) tables failed:\n" + errors.map { "  \($0.description)" }.joined(separator: "\n")
        }
    }

    /// The table the error is about (the first, for ``several(_:)``).
    public var table: String {
        switch self {
        case .service(let table, _, _, _, _), .transport(let table, _, _), .credentials(let table, _, _),
             .timedOut(let table, _, _, _), .replacementRefused(let table, _, _), .replacementProtected(let table, _),
             .notMadeByPipeline(let table, _, _), .cancelled(let table, _):
            table
        case .several(let errors): errors.first?.table ?? ""
        }
    }

    static func advice(code: AWSErrorCode, action: String) -> String {
        switch code {
        case .accessDenied:
            "The deploy role may not call dynamodb:\(action) on this table: grant it in the role's policy, then re-run: a re-run finishes what was left."
        case .validation:
            "DynamoDB rejected the request: fix the table definition (or the setting DynamoDB names), then re-run: a re-run finishes what was left."
        case .resourceInUse:
            "The table is busy with another change: wait for it to finish, then re-run: a re-run finishes what was left."
        case .limitExceeded:
            "An account or table limit was reached (e.g. concurrent index creations): wait or raise the limit, then re-run: a re-run finishes what was left."
        default:
            "Re-run once the cause is fixed: a re-run finishes what was left."
        }
    }

    /// Classifies an error thrown by the AWS layer during `action` on `table`.
    static func from(_ error: any Error, table: String, action: String) -> TableProvisioningError {
        switch error {
        case let error as TableProvisioningError:
            return error
        case let error as AWSError:
            if error.operation.hasPrefix("STS.") || [.expiredToken, .invalidClientTokenID, .invalidIdentityToken].contains(error.code) {
                return .credentials(table: table, action: action, reason: error.description)
            }
            return .service(table: table, action: action, code: error.code, status: error.status, message: error.message)
        case let error as AWSTransportError:
            if case .credentials = error { return .credentials(table: table, action: action, reason: error.description) }
            return .transport(table: table, action: action, reason: error.description)
        case is CancellationError:
            return .cancelled(table: table, action: action)
        case let error as CredentialError:
            return .credentials(table: table, action: action, reason: error.description)
        default:
            return .transport(table: table, action: action, reason: "\(error)")
        }
    }
}

extension TableProvisioningError {
    /// Whether the call may or may not have taken effect (a 5xx answer, or no answer at all):
    /// the applier then reads the table again and converges from what is there.
    public var outcomeUnknown: Bool {
        switch self {
        case .service(_, _, _, let status, _): status >= 500
        case .transport: true
        default: false
        }
    }
}
