// An example team step module: "notifies" a channel about a deployment by appending a JSON
// line to .pipeline/notifications.jsonl (a stand-in for a chat webhook), and says so again
// when the stage rolls back. Use it in a pipeline with
//     Custom("notify", executable: ".build/debug/pipeline-step-notify", with: ["channel": "#deploys"])
import Foundation
import PipelineStepKit

struct Notify: StepHandler {
    func plan(_ request: StepRequest) async throws -> StepResult {
        StepResult(changes: [.init(action: "run", resource: channel(request), detail: "post a deployment notice")])
    }

    func apply(_ request: StepRequest) async throws -> StepResult {
        try post(request, text: "deploying \(request.run.commit.map { String($0.prefix(12)) } ?? "the working tree") to \(request.environment?.name ?? request.run.stage)")
    }

    func rollback(_ request: StepRequest) async throws -> StepResult {
        try post(request, text: "rolled back \(request.environment?.name ?? request.run.stage)" + (request.rollbackTarget.map { " to \($0.prefix(12))" } ?? ""))
    }

    private func channel(_ request: StepRequest) -> String {
        request.parameters["channel"]?.string ?? "#deploys"
    }

    private func post(_ request: StepRequest, text: String) throws -> StepResult {
        let record: [String: String] = ["channel": channel(request), "run": request.run.id, "text": text]
        let folder = URL(fileURLWithPath: request.run.workspace).appendingPathComponent(".pipeline")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("notifications.jsonl")
        if !FileManager.default.fileExists(atPath: file.path) { FileManager.default.createFile(atPath: file.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        try handle.seekToEnd()
        var line = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
        line.append(0x0A)
        try handle.write(contentsOf: line)
        StepKit.log("\(channel(request)): \(text)")
        return StepResult(message: text)
    }
}

await StepKit.main(Notify())
