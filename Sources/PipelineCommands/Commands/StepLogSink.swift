import ArgumentParser
import BuiltinSteps
import Foundation
import PipelineEngine
import PipelineLoading
import PipelineModel

/// Shows what steps log while planning on stderr, so stdout carries only the plan.
final class StepLogSink: EventSink {
    func receive(_ event: PipelineEvent) {
        switch event.kind {
        case .stepOutput, .warning: Terminal.standardError("  \(event.step.map { "\($0): " } ?? "")\(event.message ?? "")")
        default: break
        }
    }
}
