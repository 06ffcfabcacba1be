import CSQLite
import Foundation

/// A thin, owning wrapper over one SQLite connection. Not thread-safe by itself: ``SQLiteRunStore``
/// serialises all use behind a mutex.
final class SQLiteDatabase {
    private var handle: OpaquePointer?
    let path: String

    enum Binding {
        case text(String?)
        case integer(Int64?)
        case real(Double?)
        case blob(Data?)
    }

    /// How a connection opens its file.
    enum Mode {
        /// Read and write, creating the file if needed.
        case readWrite
        /// Read only (a repository the user cannot write to); a WAL database whose shared
        /// memory file cannot be made is read as it is on disk.
        case readOnly
    }

    let readOnly: Bool

    init(path: String, mode: Mode = .readWrite) throws {
        self.path = path
        readOnly = mode == .readOnly
        switch mode {
        case .readWrite:
            try open(path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX)
            sqlite3_busy_timeout(handle, 10_000)
            try execute("PRAGMA journal_mode=WAL")
            try execute("PRAGMA synchronous=NORMAL")
        case .readOnly:
            try open(path, flags: SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX)
            sqlite3_busy_timeout(handle, 10_000)
            if (try? execute("SELECT count(*) FROM sqlite_master")) == nil {
                sqlite3_close(handle)
                handle = nil
                let uri = "file:" + (path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path) + "?immutable=1"
                try open(uri, flags: SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_FULLMUTEX)
            }
        }
        try execute("PRAGMA foreign_keys=ON")
    }

    private func open(_ name: String, flags: Int32) throws {
        let result = sqlite3_open_v2(name, &handle, flags, nil)
        guard result == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "code \(result)"
            sqlite3_close(handle)
            handle = nil
            throw EngineError.storeFailure("cannot open \(path): \(message)")
        }
    }

    deinit {
        sqlite3_close(handle)
    }

    func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(handle, sql, nil, nil, &error) != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(error)
            throw classify(message)
        }
    }

    /// Runs `body` in an IMMEDIATE transaction: committed if it returns, rolled back if it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    @discardableResult
    func run(_ sql: String, _ bindings: [Binding] = []) throws -> Int {
        let statement = try prepare(sql, bindings)
        defer { sqlite3_finalize(statement) }
        let result = sqlite3_step(statement)
        guard result == SQLITE_DONE || result == SQLITE_ROW else { throw failure(sql) }
        return Int(sqlite3_changes(handle))
    }

    func query<T>(_ sql: String, _ bindings: [Binding] = [], row: (Row) throws -> T) throws -> [T] {
        let statement = try prepare(sql, bindings)
        defer { sqlite3_finalize(statement) }
        var rows: [T] = []
        while true {
            let result = sqlite3_step(statement)
            if result == SQLITE_DONE { break }
            guard result == SQLITE_ROW else { throw failure(sql) }
            rows.append(try row(Row(statement: statement!)))
        }
        return rows
    }

    private func prepare(_ sql: String, _ bindings: [Binding]) throws -> OpaquePointer? {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else { throw failure(sql) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (offset, binding) in bindings.enumerated() {
            let index = Int32(offset + 1)
            switch binding {
            case .text(let value?): sqlite3_bind_text(statement, index, value, -1, transient)
            case .integer(let value?): sqlite3_bind_int64(statement, index, value)
            case .real(let value?): sqlite3_bind_double(statement, index, value)
            case .blob(let value?):
                _ = value.withUnsafeBytes { sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), transient) }
            default: sqlite3_bind_null(statement, index)
            }
        }
        return statement
    }

    private func failure(_ sql: String) -> EngineError {
        classify("\(String(cString: sqlite3_errmsg(handle))) (in: \(sql.prefix(80)))")
    }

    /// A damaged file is reported as damaged (never replaced); anything else is a store failure.
    private func classify(_ message: String) -> EngineError {
        switch sqlite3_errcode(handle) {
        case SQLITE_NOTADB:
            .storeCorrupt("\(path) is not a SQLite database (\(message)); it was not changed: restore it from a backup, or move it away to start a new, empty store")
        case SQLITE_CORRUPT:
            .storeCorrupt("\(path) is damaged (\(message)); it was not changed: restore it from a backup, or move it away to start a new, empty store")
        default:
            .storeFailure(message)
        }
    }

    /// One result row; columns by 0-based index.
    struct Row {
        let statement: OpaquePointer

        func text(_ column: Int32) -> String? {
            guard sqlite3_column_type(statement, column) != SQLITE_NULL, let pointer = sqlite3_column_text(statement, column) else { return nil }
            return String(cString: pointer)
        }

        func integer(_ column: Int32) -> Int64? {
            sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : sqlite3_column_int64(statement, column)
        }

        func real(_ column: Int32) -> Double? {
            sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : sqlite3_column_double(statement, column)
        }

        func blob(_ column: Int32) -> Data {
            let count = Int(sqlite3_column_bytes(statement, column))
            guard count > 0, let pointer = sqlite3_column_blob(statement, column) else { return Data() }
            return Data(bytes: pointer, count: count)
        }
    }
}
