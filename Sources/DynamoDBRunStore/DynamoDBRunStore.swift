import AWS
import Foundation
import PipelineEngine
import Synchronization

/// The run store on one DynamoDB table, shared by every machine that points at it: what a team
/// uses when its runs happen on many CI machines (the embedded default is `SQLiteRunStore`).
///
/// Every state transition is one conditional write (a `PutItem`/`UpdateItem`/`DeleteItem` with
/// a `ConditionExpression`, or a `TransactWriteItems` whose first action checks the lease that
/// fences it), and every read is strongly consistent except the newest-runs list (an index).
/// The layout is in ``StateKeys``; records are stored as their JSON (``RecordCoding``).
public final class DynamoDBRunStore: RunStore, Sendable {
    public let table: String
    public let client: DynamoDBClient
    /// How often ``checkIntact()`` asks DynamoDB whether the table is still the one opened.
    public let checkInterval: TimeInterval
    let bridge = BlockingBridge.shared
    private let identity: String?
    private let lastCheck: Mutex<Date>
    /// Pipeline and commit per run (they never change): what a stage's success marker needs.
    let runKeys = Mutex<[String: RunKey]>([:])

    struct RunKey: Sendable {
        var pipeline: String
        var commit: String?
    }

    /// DynamoDB's item limit is 400 KB; records are refused (or events truncated) above this.
    public static let itemLimit = 390_000
    /// Events larger than this are stored truncated, with a marker.
    public static let eventLimit = 350_000

    /// Opens the store on `table`, which must exist with this layout (`pipeline state init`
    /// creates it).
    public init(table: String, client: DynamoDBClient, checkInterval: TimeInterval = 10) throws {
        self.table = table
        self.client = client
        self.checkInterval = checkInterval
        let description: DynamoDBTableDescription
        do {
            description = try BlockingBridge.shared.wait { try await client.describeTable(table) }
        } catch let error as AWSError where error.code == .resourceNotFound {
            throw DynamoDBStateError.missingTable(table, region: client.client.configuration.region)
        } catch {
            throw EngineError.storeFailure("cannot open the DynamoDB table '\(table)': \(error)")
        }
        try StateTable.checkLayout(description)
        identity = StateTable.identity(of: description)
        lastCheck = Mutex(Date())
    }

    var region: String { client.client.configuration.region }

    // MARK: Calls

    /// Runs one DynamoDB call for a store method; AWS failures become store failures naming the table.
    func call<T: Sendable>(_ what: String, _ body: @escaping @Sendable (DynamoDBClient) async throws -> T) throws -> T {
        let client = client
        do {
            return try bridge.wait { try await body(client) }
        } catch let error as EngineError {
            throw error
        } catch let error as AWSError where error.code == .resourceNotFound {
            throw EngineError.storeFailure("\(what): the DynamoDB table '\(table)' (\(region)) is gone: \(error)")
        } catch {
            throw EngineError.storeFailure("\(what) in the DynamoDB table '\(table)' (\(region)): \(error)")
        }
    }

    func get(_ pk: String, _ sk: String, what: String) throws -> DynamoDBItem? {
        let table = table
        return try call(what) { try await $0.getItem(tableName: table, key: StateKeys.key(pk, sk), consistentRead: true) }
    }

    /// Every item of partition `pk` whose sort key starts with `prefix` (every item: nil), in sort-key order.
    func items(_ pk: String, prefix: String?, what: String) throws -> [DynamoDBItem] {
        let table = table
        let condition = prefix.map { DynamoDBExpression("pk = :pk AND begins_with(sk, :prefix)", values: [":pk": .s(pk), ":prefix": .s($0)]) }
            ?? DynamoDBExpression("pk = :pk", values: [":pk": .s(pk)])
        return try call(what) { client in
            var items: [DynamoDBItem] = []
            var start: DynamoDBItem?
            repeat {
                let page = try await client.query(
                    tableName: table, keyCondition: condition, exclusiveStartKey: start, consistentRead: true)
                items += page.items
                start = page.lastEvaluatedKey
            } while start != nil
            return items
        }
    }

    func checkSize(_ item: DynamoDBItem, _ what: @autoclosure () -> String) throws {
        let size = RecordCoding.size(of: item)
        guard size <= Self.itemLimit else {
            throw EngineError.storeFailure(
                "\(what()) is \(size / 1000) KB; a DynamoDB item holds at most 400 KB, so the DynamoDB store cannot keep it (the SQLite store can: --state .pipeline)")
        }
    }

    // MARK: RunStore

    public func checkIntact() throws {
        let now = Date()
        let due = lastCheck.withLock { last -> Bool in
            guard now.timeIntervalSince(last) >= checkInterval else { return false }
            last = now
            return true
        }
        guard due else { return }
        let table = table, client = client
        let description: DynamoDBTableDescription
        do {
            description = try bridge.wait { try await client.describeTable(table) }
        } catch let error as AWSError where error.code == .resourceNotFound {
            throw EngineError.storeFailure("the DynamoDB table '\(table)' (\(region)) was deleted while this process was using it: the run's records are gone; the run stops here")
        } catch {
            return // unreachable for now: the next write fails if it stays so; the lease lapses only after its duration
        }
        if let identity, StateTable.identity(of: description) != identity {
            throw EngineError.storeFailure("the DynamoDB table '\(table)' (\(region)) was deleted and created again while this process was using it; the run stops here")
        }
    }

    public func createRun(_ run: RunRecord) throws {
        var item = StateKeys.key(StateKeys.run(run.id), StateKeys.meta)
        item[RecordCoding.attribute] = try RecordCoding.encode(run)
        item[StateKeys.runsPartition] = .s("ALL")
        item[StateKeys.runsSort] = .s("\(StateKeys.time(run.startedAt))#\(run.id)")
        item["status"] = .s(run.status.rawValue)
        if let finishedAt = run.finishedAt { item["finishedAt"] = finishedAt.attribute }
        try checkSize(item, "the record of run \(run.id) (its pipeline document)")
        let put = DynamoDBTransactWrite.put(table, item, condition: DynamoDBExpression("attribute_not_exists(pk)"))
        guard try apply([put], fence: nil, what: "recording run \(run.id)") else {
            throw EngineError.storeFailure("run \(run.id) is already recorded in the DynamoDB table '\(table)'")
        }
        runKeys.withLock { $0[run.id] = RunKey(pipeline: run.pipeline, commit: run.commit) }
    }

    public func updateRun(_ id: String, status: RunStatus, finishedAt: Date?, fence: LeaseFence?) throws {
        var values: DynamoDBItem = [":status": .s(status.rawValue)]
        let update: String
        if let finishedAt {
            values[":finished"] = finishedAt.attribute
            update = "SET #status = :status, finishedAt = :finished"
        } else {
            update = "SET #status = :status REMOVE finishedAt"
        }
        // A run that is not recorded is not created by an update (as in SQLite: nothing happens).
        _ = try apply([.update(table, key: StateKeys.key(StateKeys.run(id), StateKeys.meta),
                               DynamoDBExpression(update, names: ["#status": "status"], values: values),
                               condition: DynamoDBExpression("attribute_exists(pk)"))],
                      fence: fence, what: "updating run \(id)")
    }

    public func run(_ id: String) throws -> RunRecord? {
        try get(StateKeys.run(id), StateKeys.meta, what: "reading run \(id)").map(Self.run(from:))
    }

    static func run(from item: DynamoDBItem) throws -> RunRecord {
        var run = try RecordCoding.decode(RunRecord.self, from: item, what: "a run record (\(item[StateKeys.pk]?.stringValue ?? "?"))")
        if let status = item["status"]?.stringValue {
            guard let parsed = RunStatus(rawValue: status) else {
                throw EngineError.storeCorrupt("run \(run.id) has an unknown status '\(status)'")
            }
            run.status = parsed
        }
        run.finishedAt = Date(attribute: item["finishedAt"])
        return run
    }

    public func runs(limit: Int) throws -> [RunRecord] {
        let table = table
        let items = try call("listing runs") { client in
            var items: [DynamoDBItem] = []
            var start: DynamoDBItem?
            repeat {
                let page = try await client.query(
                    tableName: table, indexName: StateKeys.runsIndex,
                    keyCondition: DynamoDBExpression("#p = :all", names: ["#p": StateKeys.runsPartition], values: [":all": "ALL"]),
                    limit: max(1, limit - items.count), exclusiveStartKey: start, scanForward: false)
                items += page.items
                start = page.lastEvaluatedKey
            } while start != nil && items.count < limit
            return items
        }
        return try items.prefix(limit).map(Self.run(from:))
    }

    /// The run's pipeline and commit, read once.
    func runKey(_ id: String) throws -> RunKey? {
        if let known = runKeys.withLock({ $0[id] }) { return known }
        guard let run = try run(id) else { return nil }
        let key = RunKey(pipeline: run.pipeline, commit: run.commit)
        runKeys.withLock { $0[id] = key }
        return key
    }
}
