// libFuzzer entry point: the pipeline document decoder and validator (PipelineModel), on any
// bytes. Built with the module's sources by scripts/fuzz.sh; a crash or a leak fails it.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPipelineDocument(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Data(bytes: data, count: size)
    guard let document = try? PipelineDocument.decode(bytes) else { return 0 }
    let validator = PipelineValidator(knownStepKinds: ["shell", "external"])
    let issues = validator.validate(document.pipeline)
    for issue in issues { _ = issue.description }
    if issues.isEmpty {
        // A valid document survives a round trip unchanged.
        guard let encoded = try? document.encoded(), let again = try? PipelineDocument.decode(encoded) else {
            fatalError("a valid document does not encode and decode again")
        }
        precondition(again.pipeline.stages.count == document.pipeline.stages.count, "the round trip changed the stages")
    }
    return 0
}
