import BuiltinSteps
import Foundation
import PipelineEngine
import PipelineModel

/// A step module over a file in the workspace, standing for a live resource in the engine's
/// in-process tests: plan reads the file (the snapshot) and compares it with `content` (the
/// desired state); apply writes it; rollback puts back what the plan saw.
struct FileResourceStep: StepModule {
    static let kind = "file-resource"
    static let summary = "a file in the workspace, planned and applied like a resource (tests)"

    let path: String
    let content: String

    init(step: StepDefinition) throws {
        guard let path = step.string("path") else { throw StepConfigurationError(step: step.name, field: "path", message: "give a path") }
        guard let content = step.string("content") else { throw StepConfigurationError(step: step.name, field: "content", message: "give the content") }
        self.path = path
        self.content = content
    }

    /// The built-in steps and this one.
    static var registry: StepRegistry {
        var registry = BuiltinSteps.registry()
        registry.register(FileResourceStep.self)
        return registry
    }

    static func definition(_ name: String, path: String, content: String) -> StepDefinition {
        StepDefinition(kind: kind, name: name, parameters: ["path": .string(path), "content": .string(content)], location: Build.location)
    }

    func actual(in context: StepContext) -> String? {
        try? String(contentsOf: context.workspace.appendingPathComponent(path), encoding: .utf8)
    }

    func plan(in context: StepContext) async throws -> StepPlan {
        let current = actual(in: context)
        let action: PlannedChange.Action = current == nil ? .create : current == content ? .noChange : .update
        let attributes = action == .noChange ? [] : [AttributeChange(path: "content", action: current == nil ? .create : .update,
                                                                      before: current.map(JSONValue.string), after: .string(content))]
        return StepPlan(changes: [PlannedChange(action: action, type: "file", resource: path, attributes: attributes)],
                        desired: .object(["content": .string(content)]),
                        snapshot: .object(["content": current.map(JSONValue.string) ?? .null]))
    }

    func apply(in context: StepContext) async throws {
        try Data(content.utf8).write(to: context.workspace.appendingPathComponent(path))
        context.log("wrote \(path)")
    }

    var canRollBack: Bool { true }

    func rollback(in context: StepContext) async throws {
        let url = context.workspace.appendingPathComponent(path)
        if case .string(let before)? = context.plan?.snapshot?.objectValue?["content"] {
            try Data(before.utf8).write(to: url)
        } else {
            try? FileManager.default.removeItem(at: url)
        }
    }
}
