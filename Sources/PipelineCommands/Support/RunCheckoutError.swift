import Foundation
import PipelineBasics
import PipelineEngine
import PipelineModel

/// A run's checkout that could not be made.
enum RunCheckoutError: PipelineError {
    case cannotCreate(String, reason: String)

    var description: String {
        switch self {
        case .cannotCreate(let path, let reason):
            "cannot make the run's checkout at \(path) (\(reason)); steps run only in a checkout of the run's commit: make .pipeline/ writable"
        }
    }

    var isUserError: Bool { true }
}
