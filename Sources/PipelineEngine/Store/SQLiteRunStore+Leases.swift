import Foundation

extension SQLiteRunStore {
    /// Runs `body` in one transaction that first checks `fence` still holds its lease.
    @discardableResult
    func fenced<T>(_ fence: LeaseFence?, _ body: (SQLiteDatabase) throws -> T) throws -> T {
        try with { db in
            try db.transaction {
                if let fence {
                    let current = try Self.lease(db, key: fence.key)
                    guard current?.token == fence.token else {
                        throw EngineError.leaseLost(key: fence.key, holder: current?.holderDescription())
                    }
                }
                return try body(db)
            }
        }
    }

    public func lease(key: String) throws -> Lease? {
        try with { db in try Self.lease(db, key: key) }
    }

    public func leases() throws -> [Lease] {
        try with { db in try db.query("SELECT \(Self.leaseColumns) FROM leases ORDER BY key", row: Self.lease(from:)) }
    }

    public func putLease(_ lease: Lease, replacing expected: String?) throws -> Bool {
        try with { db in
            try db.transaction {
                guard try Self.lease(db, key: lease.key)?.token == expected else { return false }
                try db.run("""
                    INSERT OR REPLACE INTO leases (key, run_id, token, host, pid, user, since, renewed_at, expires_at)
                    VALUES (?,?,?,?,?,?,?,?,?)
                    """, [.text(lease.key), .text(lease.runID), .text(lease.token), .text(lease.host), .integer(Int64(lease.pid)),
                          .text(lease.user), .real(lease.since.timeIntervalSince1970), .real(lease.renewedAt.timeIntervalSince1970),
                          .real(lease.expiresAt.timeIntervalSince1970)])
                return true
            }
        }
    }

    public func deleteLease(key: String, token: String) throws -> Bool {
        try with { db in try db.run("DELETE FROM leases WHERE key = ? AND token = ?", [.text(key), .text(token)]) == 1 }
    }

    public func recordLeaseBreak(_ record: LeaseBreakRecord) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        let lease = try encoder.encode(record.lease)
        try with { db in
            try db.run("INSERT INTO lease_breaks (key, run_id, lease, broken_by, reason, broken_at) VALUES (?,?,?,?,?,?)",
                       [.text(record.lease.key), .text(record.lease.runID), .blob(lease), .text(record.brokenBy), .text(record.reason),
                        .real(record.brokenAt.timeIntervalSince1970)])
        }
    }

    public func leaseBreaks(run: String) throws -> [LeaseBreakRecord] {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        let rows = try with { db in
            try db.query("SELECT lease, broken_by, reason, broken_at FROM lease_breaks WHERE run_id = ? ORDER BY broken_at", [.text(run)]) {
                ($0.blob(0), $0.text(1) ?? "", $0.text(2) ?? "", $0.real(3) ?? 0)
            }
        }
        return try rows.map { row in
            LeaseBreakRecord(lease: try decoder.decode(Lease.self, from: row.0), brokenBy: row.1, reason: row.2,
                             brokenAt: Date(timeIntervalSince1970: row.3))
        }
    }

    private static let leaseColumns = "key, run_id, token, host, pid, user, since, renewed_at, expires_at"

    private static func lease(_ db: SQLiteDatabase, key: String) throws -> Lease? {
        try db.query("SELECT \(leaseColumns) FROM leases WHERE key = ?", [.text(key)], row: lease(from:)).first
    }

    private static func lease(from row: SQLiteDatabase.Row) -> Lease {
        Lease(key: row.text(0) ?? "", runID: row.text(1) ?? "", token: row.text(2) ?? "", host: row.text(3) ?? "",
              pid: Int32(truncatingIfNeeded: row.integer(4) ?? 0), user: row.text(5) ?? "",
              since: Date(timeIntervalSince1970: row.real(6) ?? 0), renewedAt: Date(timeIntervalSince1970: row.real(7) ?? 0),
              expiresAt: Date(timeIntervalSince1970: row.real(8) ?? 0))
    }
}
