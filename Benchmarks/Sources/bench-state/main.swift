import AWS
import BenchSupport
import BuiltinSteps
import DynamoDBRunStore
import Foundation
import PipelineEngine
import PipelineModel
import Synchronization

// One run of a small pipeline (stages × shell steps, each stage after the previous; the last a
// deploy stage holding its environment's lease and recording a deployment) through the real
// engine, with the run lease and its heartbeat, on one store; prints one JSON line: state
// calls, their time, the run's wall time, and (DynamoDB) the HTTP requests they made.
//
//   bench-state run --store sqlite|dynamodb [--endpoint URL] [--stages 5] [--steps 3]

let options = BenchOptions(Array(CommandLine.arguments.dropFirst()))
let kind = options.values["store"] ?? "sqlite"
let stageCount = options.int("stages", 5), stepCount = options.int("steps", 3)
let location = SourceLocation(file: "pipelines/bench.swift", line: 1)
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-state-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }

final class RequestCount: Sendable {
    let count = Mutex(0)
}
let requests = RequestCount()

let base: any RunStore
switch kind {
case "sqlite":
    base = try SQLiteRunStore(directory: folder.appendingPathComponent(".pipeline"))
case "dynamodb":
    guard let endpoint = options.values["endpoint"] else { fatalError("--endpoint URL (moto) is needed for --store dynamodb") }
    var environment = ProcessInfo.processInfo.environment
    environment["AWS_ENDPOINT_URL"] = endpoint
    environment["AWS_ACCESS_KEY_ID"] = environment["AWS_ACCESS_KEY_ID"] ?? "testing"
    environment["AWS_SECRET_ACCESS_KEY"] = environment["AWS_SECRET_ACCESS_KEY"] ?? "testing"
    let state = try DynamoDBStateLocation(table: "bench-state-\(UUID().uuidString.prefix(8).lowercased())", region: "us-east-1")
    _ = try await StateTable.ensure(try state.client(environment: environment), table: state.table)
    base = try state.open(environment: environment, onEvent: { (event: AWSEvent) in
        if case .completed = event { requests.count.withLock { $0 += 1 } }
    })
default:
    fatalError("--store sqlite or dynamodb")
}
let store = CountingRunStore(base)

let environment = EnvironmentDefinition(name: "dev", account: "536580886816", region: "af-south-1", role: "deploy-dev", location: location)
let stages = (1...stageCount).map { index in
    StageDefinition(
        name: "stage-\(index)", dependsOn: index == 1 ? [] : ["stage-\(index - 1)"],
        environment: index == stageCount ? environment : nil,
        steps: (1...stepCount).map { step in
            StepDefinition(kind: "shell", name: "step-\(step)", parameters: ["command": .string("echo step \(step) of stage \(index)")],
                           location: location)
        },
        location: location)
}
let definition = PipelineDefinition(name: "bench", stages: stages, location: location)
let document = try PipelineDocument(pipeline: definition).encoded()

let started = ContinuousClock.now
let run = RunRecord(id: RunRecord.newID(), pipeline: definition.name, pipelineFile: "pipelines/bench.swift", document: document,
                    commit: "c0ffee", triggeredBy: "bench")
try RunExecutor.preflight(definition: definition, options: RunOptions(), store: store, commit: run.commit)
try store.createRun(run)
guard case .acquired(let lease, _) = try store.acquireLease(key: Lease.runKey(run.id), runID: run.id, user: "bench", duration: 30) else {
    fatalError("run lease not taken")
}
let keeper = LeaseKeeper(store: store, runLease: lease, timing: .init(duration: 30))
keeper.start { _ in }
let hub = EventHub(masker: SecretMasker([]), sinks: [], store: store,
                   logFile: folder.appendingPathComponent(".pipeline/runs/\(run.id)/events.jsonl"))
let executor = RunExecutor(definition: definition, run: run, store: store, registry: BuiltinSteps.registry(), hub: hub,
                           options: RunOptions(), workspace: folder, leases: keeper)
let status = await executor.execute()
hub.finish()
keeper.stop()
let wall = ContinuousClock.now - started
let wallMs = Double(wall.components.seconds) * 1000 + Double(wall.components.attoseconds) / 1e15
guard status == .succeeded else { fatalError("the run ended \(status.rawValue)") }

let result: [String: Any] = [
    "bench": "state", "store": kind, "stages": stageCount, "steps": stepCount,
    "calls": store.total, "store_ms": store.seconds * 1000, "wall_ms": wallMs,
    "http_requests": requests.count.withLock { $0 }, "by_call": store.calls,
]
print(String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]), as: UTF8.self))
