import Foundation
import PipelineBasics
import PipelineModel

/// What a step sends back to the runner while it works.
public enum StepSignal: Sendable {
    case output(String, StepContext.OutputStream)
    case secret(String)
    case diagnostic(Diagnostic)
    case summary(String)
    case warning(String)
}
