// An example team step module: "notifies" a channel about a deployment by appending a JSON
// line to .pipeline/notifications.jsonl (a stand-in for a chat webhook), and says so again
// when the stage rolls back. Use it in a pipeline with
//     Custom("notify", executable: ".build/debug/pipeline-step-notify", with: ["channel": "#deploys"])
import Foundation
import PipelineStepKit

struct NotifyParameters: Decodable, Sendable {
    var channel: String = "#deploys"

    enum CodingKeys: String, CodingKey { case channel }

    init(from decoder: any Decoder) throws {
        channel = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .channel) ?? "#deploys"
    }
}

let notify = StepModule(
    name: "notify", version: "2.0.0", summary: "posts a deployment notice to a channel (a line in .pipeline/notifications.jsonl)",
    parameters: NotifyParameters.self,
    schema: .object(["channel": .string(description: "the channel to post to; #deploys by default", minLength: 1)])
) { call in
    let target = call.environment?.name ?? call.run.stage
    return try post(call, text: "deploying \(call.run.commit.map { String($0.prefix(12)) } ?? "the working tree") to \(target)")
}
.plan { call in
    StepResult(changes: [StepChange(action: .run, type: "step", resource: call.parameters.channel, detail: "post a deployment notice")])
}
.rollback { call in
    let target = call.environment?.name ?? call.run.stage
    return try post(call, text: "rolled back \(target)" + (call.rollbackTarget.map { " to \($0.prefix(12))" } ?? ""))
}

@Sendable func post(_ call: StepCall<NotifyParameters>, text: String) throws -> StepResult {
    let channel = call.parameters.channel
    let record: [String: String] = ["channel": channel, "run": call.run.id, "text": text]
    let folder = URL(fileURLWithPath: call.run.workspace).appendingPathComponent(".pipeline")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let file = folder.appendingPathComponent("notifications.jsonl")
    if !FileManager.default.fileExists(atPath: file.path) { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
    let handle = try FileHandle(forWritingTo: file)
    defer { try? handle.close() }
    try handle.seekToEnd()
    var line = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
    line.append(0x0A)
    try handle.write(contentsOf: line)
    call.log("\(channel): \(text)")
    return StepResult(message: text, summary: ["notified \(channel): \(text)"])
}

await notify.main()
