import Foundation
import PipelineBasics

/// The embedded default run store: one SQLite database (WAL mode) under `.pipeline/`, safe for
/// several processes at once (SQLite's locking, IMMEDIATE transactions, a busy timeout) and
/// never half-written (every change is a transaction).
// @unchecked Sendable: the only mutable state is the SQLite connection, and every use of it
// goes through `with`, which holds `lock` (SQLite connections must not be used concurrently).
public final class SQLiteRunStore: RunStore, @unchecked Sendable {
    let database: SQLiteDatabase
    private let lock = NSLock()
    public let path: String
    private let identity: SQLiteFileCheck.Identity?

    static let schemaVersion = 5

    /// Opens (creating if needed) the store at `directory/pipeline.sqlite`. An existing file that
    /// is empty, truncated or not a database is reported, never replaced; a store the user
    /// cannot write to is opened read-only (`runs` and `status` work; runs cannot start).
    public init(directory: URL) throws {
        let path = directory.appendingPathComponent("pipeline.sqlite").path
        self.path = path
        let files = FileManager.default
        if !files.fileExists(atPath: path) {
            do throws(PrivateFileError) {
                // Owner only: the folder 0700, the database 0600 (SQLite gives its -wal and -shm
                // files the database's mode).
                try PrivateFiles.createDirectory(directory.path)
            } catch {
                throw EngineError.storeFailure("cannot create \(directory.path): \(error.reason)")
            }
            try Self.create(at: path)
        }
        try SQLiteFileCheck.check(path)
        let writable = access(path, W_OK) == 0 && access(directory.path, W_OK) == 0
        if writable {
            for suffix in ["", "-wal", "-shm"] { PrivateFiles.restrict(path + suffix) }
        }
        let connection = try SQLiteDatabase(path: path, mode: writable ? .readWrite : .readOnly)
        if writable {
            try Self.migrate(connection)
        } else {
            let version = try connection.query("PRAGMA user_version") { $0.integer(0) ?? 0 }.first ?? 0
            if version != Self.schemaVersion {
                throw EngineError.storeFailure("\(path) is read-only and has schema version \(version); this runner reads \(Self.schemaVersion): open it once with write access to upgrade it")
            }
        }
        database = connection
        identity = SQLiteFileCheck.identity(of: path)
    }

    /// Makes a new store whole before it appears under its name, so no process ever sees a
    /// half-made (empty) file there; of two processes creating it at once, one's file wins.
    private static func create(at path: String) throws {
        let temporary = path + ".new-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer {
            for suffix in ["", "-wal", "-shm", "-journal"] { unlink(temporary + suffix) }
        }
        do {
            try? PrivateFiles.touch(temporary)
            let connection = try SQLiteDatabase(path: temporary)
            try migrate(connection)
            try connection.execute("PRAGMA journal_mode=DELETE")
        }
        if link(temporary, path) != 0 && errno != EEXIST {
            throw EngineError.storeFailure("cannot create \(path): \(String(cString: strerror(errno)))")
        }
    }

    public func checkIntact() throws {
        guard let now = SQLiteFileCheck.identity(of: path) else {
            throw EngineError.storeFailure("\(path) was removed while this process was using it: the run's records are gone from disk; the run stops here")
        }
        if let identity, now != identity {
            throw EngineError.storeFailure("\(path) was replaced by another file while this process was using it; the run stops here")
        }
    }

    static func migrate(_ db: SQLiteDatabase) throws {
        try db.transaction {
            let version = try db.query("PRAGMA user_version") { $0.integer(0) ?? 0 }.first ?? 0
            if version > schemaVersion {
                throw EngineError.storeCorrupt("\(db.path) has schema version \(version); this runner knows \(schemaVersion) (use a newer runner)")
            }
            if version < 1 { try createVersion1(db) }
            if version < 2 {
                // Version 2: saved plans, and the plan hash each approval was given for.
                try db.execute("""
                    CREATE TABLE plans (run_id TEXT NOT NULL REFERENCES runs(id), environment TEXT NOT NULL, stage TEXT NOT NULL,
                        hash TEXT NOT NULL, document BLOB NOT NULL, created_at REAL NOT NULL, PRIMARY KEY (run_id, environment));
                    ALTER TABLE approvals ADD COLUMN plan_hash TEXT;
                    ALTER TABLE locks ADD COLUMN host TEXT;
                    ALTER TABLE locks ADD COLUMN pid INTEGER;
                    PRAGMA user_version = 2;
                    """)
            }
            if version < 3 {
                // Version 3: leases (runs and environments) replace the locks table; who ran each step.
                try db.execute("""
                    CREATE TABLE leases (key TEXT PRIMARY KEY, run_id TEXT NOT NULL, token TEXT NOT NULL, host TEXT NOT NULL,
                        pid INTEGER NOT NULL, user TEXT NOT NULL, since REAL NOT NULL, renewed_at REAL NOT NULL, expires_at REAL NOT NULL);
                    CREATE TABLE lease_breaks (key TEXT NOT NULL, run_id TEXT NOT NULL, lease BLOB NOT NULL, broken_by TEXT NOT NULL,
                        reason TEXT NOT NULL, broken_at REAL NOT NULL);
                    ALTER TABLE steps ADD COLUMN host TEXT;
                    ALTER TABLE steps ADD COLUMN pid INTEGER;
                    DROP TABLE locks;
                    PRAGMA user_version = 3;
                    """)
            }
            if version < 4 {
                // Version 4: each decision's proof (signed statement and evidence) as JSON, and a
                // row per decision (an approver may decide again once a new plan voided the first).
                try db.execute("""
                    CREATE TABLE decisions (seq INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL REFERENCES runs(id),
                        stage TEXT NOT NULL, role TEXT NOT NULL, approver TEXT NOT NULL, commit_id TEXT, approved_at REAL NOT NULL,
                        plan_hash TEXT, proof TEXT);
                    INSERT INTO decisions (run_id, stage, role, approver, commit_id, approved_at, plan_hash)
                        SELECT run_id, stage, role, approver, commit_id, approved_at, plan_hash FROM approvals ORDER BY approved_at;
                    DROP TABLE approvals;
                    ALTER TABLE decisions RENAME TO approvals;
                    CREATE INDEX approvals_by_stage ON approvals (run_id, stage);
                    PRAGMA user_version = 4;
                    """)
            }
            if version < 5 {
                // Version 5: the trust root each deployment recorded (JSON), which the next
                // deployment's gates apply.
                try db.execute("""
                    ALTER TABLE deployments ADD COLUMN trust TEXT;
                    PRAGMA user_version = 5;
                    """)
            }
        }
    }

    private static func createVersion1(_ db: SQLiteDatabase) throws {
        try db.execute("""
                CREATE TABLE runs (id TEXT PRIMARY KEY, pipeline TEXT NOT NULL, pipeline_file TEXT NOT NULL,
                    document BLOB NOT NULL, status TEXT NOT NULL, commit_id TEXT, branch TEXT, commit_author TEXT,
                    commit_message TEXT, dirty INTEGER NOT NULL, triggered_by TEXT NOT NULL, requested_stage TEXT,
                    started_at REAL NOT NULL, finished_at REAL);
                CREATE TABLE stages (run_id TEXT NOT NULL REFERENCES runs(id), name TEXT NOT NULL, status TEXT NOT NULL,
                    started_at REAL, finished_at REAL, message TEXT, PRIMARY KEY (run_id, name));
                CREATE TABLE steps (run_id TEXT NOT NULL REFERENCES runs(id), stage TEXT NOT NULL, name TEXT NOT NULL,
                    phase TEXT NOT NULL, status TEXT NOT NULL, started_at REAL NOT NULL, finished_at REAL, message TEXT,
                    PRIMARY KEY (run_id, stage, name, phase));
                CREATE TABLE approvals (run_id TEXT NOT NULL REFERENCES runs(id), stage TEXT NOT NULL, role TEXT NOT NULL,
                    approver TEXT NOT NULL, commit_id TEXT, approved_at REAL NOT NULL, PRIMARY KEY (run_id, stage, approver));
                CREATE TABLE events (run_id TEXT NOT NULL REFERENCES runs(id), seq INTEGER NOT NULL, json BLOB NOT NULL,
                    PRIMARY KEY (run_id, seq));
                CREATE TABLE deployments (environment TEXT NOT NULL, run_id TEXT NOT NULL REFERENCES runs(id), commit_id TEXT,
                    deployed_at REAL NOT NULL);
                CREATE INDEX deployments_by_env ON deployments (environment, deployed_at);
                CREATE TABLE locks (environment TEXT PRIMARY KEY, run_id TEXT NOT NULL, acquired_at REAL NOT NULL);
                PRAGMA user_version = 1;
                """)
    }

    @discardableResult
    func with<T>(_ body: (SQLiteDatabase) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(database)
    }

    public func createRun(_ run: RunRecord) throws {
        try with { db in
            try db.run("""
                INSERT INTO runs (id, pipeline, pipeline_file, document, status, commit_id, branch, commit_author,
                    commit_message, dirty, triggered_by, requested_stage, started_at, finished_at)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                """, [.text(run.id), .text(run.pipeline), .text(run.pipelineFile), .blob(run.document), .text(run.status.rawValue),
                      .text(run.commit), .text(run.branch), .text(run.commitAuthor), .text(run.commitMessage),
                      .integer(run.dirty ? 1 : 0), .text(run.triggeredBy), .text(run.requestedStage),
                      .real(run.startedAt.timeIntervalSince1970), .real(run.finishedAt?.timeIntervalSince1970)])
        }
    }

    public func updateRun(_ id: String, status: RunStatus, finishedAt: Date?, fence: LeaseFence?) throws {
        try fenced(fence) { db in
            try db.run("UPDATE runs SET status = ?, finished_at = ? WHERE id = ?",
                       [.text(status.rawValue), .real(finishedAt?.timeIntervalSince1970), .text(id)])
        }
    }

    private static let runColumns = """
        id, pipeline, pipeline_file, document, status, commit_id, branch, commit_author, commit_message, dirty,
        triggered_by, requested_stage, started_at, finished_at
        """

    private static func run(from row: SQLiteDatabase.Row) throws -> RunRecord {
        guard let status = row.text(4).flatMap(RunStatus.init(rawValue:)) else {
            throw EngineError.storeCorrupt("run \(row.text(0) ?? "?") has an unknown status")
        }
        return RunRecord(
            id: row.text(0) ?? "", pipeline: row.text(1) ?? "", pipelineFile: row.text(2) ?? "", document: row.blob(3),
            status: status, commit: row.text(5), branch: row.text(6), commitAuthor: row.text(7), commitMessage: row.text(8),
            dirty: row.integer(9) == 1, triggeredBy: row.text(10) ?? "", requestedStage: row.text(11),
            startedAt: Date(timeIntervalSince1970: row.real(12) ?? 0), finishedAt: row.real(13).map(Date.init(timeIntervalSince1970:)))
    }

    public func run(_ id: String) throws -> RunRecord? {
        try with { db in try db.query("SELECT \(Self.runColumns) FROM runs WHERE id = ?", [.text(id)], row: Self.run(from:)).first }
    }

    public func runs(limit: Int) throws -> [RunRecord] {
        try with { db in
            try db.query("SELECT \(Self.runColumns) FROM runs ORDER BY started_at DESC, id DESC LIMIT ?", [.integer(Int64(limit))], row: Self.run(from:))
        }
    }

    public func startStage(_ stage: StageRecord, fence: LeaseFence?) throws -> Bool {
        try fenced(fence) { db in
            let done = try db.query("SELECT status FROM stages WHERE run_id = ? AND name = ?", [.text(stage.runID), .text(stage.name)]) { $0.text(0) }
                .first.flatMap { $0 }.map { $0 == StageStatus.succeeded.rawValue || $0 == StageStatus.skipped.rawValue } ?? false
            if done { return false }
            try Self.upsert(stage, db)
            return true
        }
    }

    public func saveStage(_ stage: StageRecord, fence: LeaseFence?) throws {
        try fenced(fence) { db in try Self.upsert(stage, db) }
    }

    private static func upsert(_ stage: StageRecord, _ db: SQLiteDatabase) throws {
        try db.run("""
            INSERT INTO stages (run_id, name, status, started_at, finished_at, message) VALUES (?,?,?,?,?,?)
            ON CONFLICT (run_id, name) DO UPDATE SET status = excluded.status, started_at = excluded.started_at,
                finished_at = excluded.finished_at, message = excluded.message
            """, [.text(stage.runID), .text(stage.name), .text(stage.status.rawValue), .real(stage.startedAt?.timeIntervalSince1970),
                  .real(stage.finishedAt?.timeIntervalSince1970), .text(stage.message)])
    }

    public func stages(run: String) throws -> [StageRecord] {
        try with { db in
            try db.query("SELECT run_id, name, status, started_at, finished_at, message FROM stages WHERE run_id = ? ORDER BY rowid", [.text(run)]) { row in
                StageRecord(runID: row.text(0) ?? "", name: row.text(1) ?? "", status: StageStatus(rawValue: row.text(2) ?? "") ?? .pending,
                            startedAt: row.real(3).map(Date.init(timeIntervalSince1970:)),
                            finishedAt: row.real(4).map(Date.init(timeIntervalSince1970:)), message: row.text(5))
            }
        }
    }

    public func saveStep(_ step: StepRecord, fence: LeaseFence?) throws {
        try fenced(fence) { db in
            try db.run("""
                INSERT INTO steps (run_id, stage, name, phase, status, started_at, finished_at, message, host, pid) VALUES (?,?,?,?,?,?,?,?,?,?)
                ON CONFLICT (run_id, stage, name, phase) DO UPDATE SET status = excluded.status, started_at = excluded.started_at,
                    finished_at = excluded.finished_at, message = excluded.message, host = excluded.host, pid = excluded.pid
                """, [.text(step.runID), .text(step.stage), .text(step.name), .text(step.phase.rawValue), .text(step.status.rawValue),
                      .real(step.startedAt.timeIntervalSince1970), .real(step.finishedAt?.timeIntervalSince1970), .text(step.message),
                      .text(step.host), .integer(step.pid.map(Int64.init))])
        }
    }

    public func steps(run: String) throws -> [StepRecord] {
        try with { db in
            try db.query("SELECT run_id, stage, name, phase, status, started_at, finished_at, message, host, pid FROM steps WHERE run_id = ? ORDER BY rowid", [.text(run)]) { row in
                StepRecord(runID: row.text(0) ?? "", stage: row.text(1) ?? "", name: row.text(2) ?? "",
                           phase: StepRecord.Phase(rawValue: row.text(3) ?? "") ?? .apply,
                           status: StepRecord.Status(rawValue: row.text(4) ?? "") ?? .failed,
                           startedAt: Date(timeIntervalSince1970: row.real(5) ?? 0),
                           finishedAt: row.real(6).map(Date.init(timeIntervalSince1970:)), message: row.text(7),
                           host: row.text(8), pid: row.integer(9).map { Int32(truncatingIfNeeded: $0) })
            }
        }
    }

    public func addApproval(_ approval: ApprovalRecord, rule: ([ApprovalRecord]) throws -> Void) throws {
        try with { db in
            try db.transaction {
                try rule(try Self.approvals(db, run: approval.runID, stage: approval.stage))
                let proof = String(decoding: try JSONEncoder().encode(approval.proof), as: UTF8.self)
                try db.run("INSERT INTO approvals (run_id, stage, role, approver, commit_id, approved_at, plan_hash, proof) VALUES (?,?,?,?,?,?,?,?)",
                           [.text(approval.runID), .text(approval.stage), .text(approval.role), .text(approval.approver),
                            .text(approval.commit), .real(approval.approvedAt.timeIntervalSince1970), .text(approval.planHash), .text(proof)])
            }
        }
    }

    public func approvals(run: String, stage: String) throws -> [ApprovalRecord] {
        try with { db in try Self.approvals(db, run: run, stage: stage) }
    }

    private static func approvals(_ db: SQLiteDatabase, run: String, stage: String) throws -> [ApprovalRecord] {
        try db.query("SELECT run_id, stage, role, approver, commit_id, approved_at, plan_hash, proof FROM approvals WHERE run_id = ? AND stage = ? ORDER BY approved_at, seq",
                     [.text(run), .text(stage)]) { row in
            let proof = row.text(7).flatMap { try? JSONDecoder().decode(ApprovalProof.self, from: Data($0.utf8)) } ?? ApprovalProof()
            return ApprovalRecord(runID: row.text(0) ?? "", stage: row.text(1) ?? "", role: row.text(2) ?? "", approver: row.text(3) ?? "",
                                  commit: row.text(4), approvedAt: Date(timeIntervalSince1970: row.real(5) ?? 0), planHash: row.text(6), proof: proof)
        }
    }

    public func appendEvent(run: String, sequence: Int, json: Data) throws {
        try with { db in
            try db.run("INSERT OR REPLACE INTO events (run_id, seq, json) VALUES (?,?,?)", [.text(run), .integer(Int64(sequence)), .blob(json)])
        }
    }

    public func events(run: String) throws -> [Data] {
        try with { db in try db.query("SELECT json FROM events WHERE run_id = ? ORDER BY seq", [.text(run)]) { $0.blob(0) } }
    }

    public func recordDeployment(_ deployment: DeploymentRecord, fence: LeaseFence?) throws {
        try fenced(fence) { db in
            let trust = try deployment.trust.map { String(decoding: try Self.trustEncoder.encode($0), as: UTF8.self) }
            try db.run("INSERT INTO deployments (environment, run_id, commit_id, deployed_at, trust) VALUES (?,?,?,?,?)",
                       [.text(deployment.environment), .text(deployment.runID), .text(deployment.commit), .real(deployment.deployedAt.timeIntervalSince1970),
                        .text(trust)])
        }
    }

    private static let trustEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    public func lastDeployment(environment: String, excluding: String?) throws -> DeploymentRecord? {
        try with { db in
            try db.query("""
                SELECT environment, run_id, commit_id, deployed_at, trust FROM deployments
                WHERE environment = ? AND run_id != ? ORDER BY deployed_at DESC LIMIT 1
                """, [.text(environment), .text(excluding ?? "")]) { row in
                let trust = try row.text(4).map { text in
                    do { return try JSONDecoder().decode(TrustRoot.self, from: Data(text.utf8)) } catch {
                        throw EngineError.storeCorrupt("the trust root recorded with run \(row.text(1) ?? "?")'s deployment to \(environment) is unreadable: \(error)")
                    }
                }
                return DeploymentRecord(environment: row.text(0) ?? "", runID: row.text(1) ?? "", commit: row.text(2),
                                        deployedAt: Date(timeIntervalSince1970: row.real(3) ?? 0), trust: trust)
            }.first
        }
    }

    public func stageSucceeded(pipeline: String, stage: String, commit: String?) throws -> Bool {
        try with { db in
            try db.query("""
                SELECT 1 FROM stages JOIN runs ON runs.id = stages.run_id
                WHERE runs.pipeline = ? AND stages.name = ? AND stages.status = 'succeeded' AND runs.commit_id IS ? LIMIT 1
                """, [.text(pipeline), .text(stage), .text(commit)]) { _ in true }.isEmpty == false
        }
    }

    public func savePlan(_ plan: EnvironmentPlan, run: String) throws {
        let document = try plan.jsonData()
        try with { db in
            try db.run("INSERT OR REPLACE INTO plans (run_id, environment, stage, hash, document, created_at) VALUES (?,?,?,?,?,?)",
                       [.text(run), .text(plan.environment), .text(plan.stage), .text(plan.hash), .blob(document),
                        .real(plan.createdAt.timeIntervalSince1970)])
        }
    }

    public func plan(run: String, environment: String) throws -> EnvironmentPlan? {
        let document = try with { db in
            try db.query("SELECT document FROM plans WHERE run_id = ? AND environment = ?", [.text(run), .text(environment)]) { $0.blob(0) }.first
        }
        return try document.map { try EnvironmentPlan.decode($0, source: "the saved plan of run \(run) for \(environment)") }
    }

    public func plans(run: String) throws -> [EnvironmentPlan] {
        let documents = try with { db in
            try db.query("SELECT document FROM plans WHERE run_id = ? ORDER BY created_at", [.text(run)]) { $0.blob(0) }
        }
        return try documents.map { try EnvironmentPlan.decode($0, source: "a saved plan of run \(run)") }
    }
}
