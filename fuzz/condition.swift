// libFuzzer entry point: the condition evaluator (ConditionDefinition.unmetReason), on
// conditions decoded from any bytes (the document's wire form, mapped into the model). The first byte picks the facts it is evaluated against.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCondition(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let selector = data[0]
    let bytes = Data(bytes: data + 1, count: size - 1)
    guard JSONNesting.depth(of: bytes, limit: PipelineDocument.maximumNesting) != nil,
          let wire = try? JSONDecoder().decode(PipelineSerialization.Condition.self, from: bytes) else { return 0 }
    let condition = ConditionDefinition(wire)
    let depth = condition.depth
    precondition(depth >= 1)
    var evaluations = 0
    let reason = condition.unmetReason(
        branch: selector & 1 == 0 ? "main" : nil,
        variable: { name in evaluations += 1; return selector & 2 == 0 ? name : nil },
        changed: { patterns in evaluations += 1; return selector & 4 == 0 ? nil : "unchanged \(patterns.count)" })
    // Linear: no leaf is evaluated more than once.
    precondition(evaluations <= leaves(of: condition), "a condition was evaluated more than once")
    _ = reason
    _ = condition.summary
    return 0
}

private func leaves(of condition: ConditionDefinition) -> Int {
    var count = 0
    var pending = [condition]
    while let next = pending.popLast() {
        if case .all(let conditions) = next { pending += conditions } else { count += 1 }
    }
    return count
}
