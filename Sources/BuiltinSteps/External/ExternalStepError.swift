import Foundation
import PipelineBasics

/// Why a team's step module could not be used or failed.
public enum ExternalStepError: PipelineError {
    public var isUserError: Bool { true }

    case notFound(module: String, searched: [String], declared: Bool)
    case notAModule(module: String, path: String, reason: String)
    case describeFailed(module: String, path: String, reason: String)
    case failed(module: String, verb: String, how: String, message: String?)
    case badResult(module: String, verb: String, reason: String)
    case protocolMismatch(module: String, version: Int)

    public var description: String {
        switch self {
        case .notFound(let module, let searched, let declared):
            declared
                ? "step module '\(module)': no executable at \(searched.joined(separator: ", ")); fix `executable:` in Custom(...) (a path from the repository root) or build the module"
                : "step module '\(module)' not found (looked for \(searched.prefix(4).joined(separator: ", "))\(searched.count > 4 ? ", …" : "")); put pipeline-step-\(module) in steps/, on PIPELINE_STEP_PATH or on PATH, or set `executable:` in Custom(...)"
        case .notAModule(let module, let path, let reason):
            "\(path) is not a step module (\(reason)); a program found on PATH or PIPELINE_STEP_PATH must answer the step protocol's `describe` handshake; rename it, or name a version 1 module with Custom(\"\(module)\", executable: …)"
        case .describeFailed(let module, let path, let reason):
            "step module '\(module)' (\(path)) failed its `describe` handshake: \(reason)"
        case .failed(let module, let verb, let how, let message):
            "step module '\(module)' \(verb) \(how)" + (message.map { ": \($0)" } ?? "")
        case .badResult(let module, let verb, let reason):
            "step module '\(module)' \(verb) wrote a result on descriptor 3 that is not step protocol JSON: \(reason)"
        case .protocolMismatch(let module, let version):
            "step module '\(module)' speaks step protocol \(version); this runner speaks \(StepProtocol.versions.map(String.init).joined(separator: " and ")); update the module or the runner"
        }
    }
}
