import AWS
import Foundation
import PipelineEngine

extension DynamoDBRunStore {
    public func lease(key: String) throws -> Lease? {
        try get(StateKeys.leases, key, what: "reading lease \(key)").map { try RecordCoding.decode(Lease.self, from: $0, what: "lease \(key)") }
    }

    public func leases() throws -> [Lease] {
        try items(StateKeys.leases, prefix: nil, what: "reading the leases")
            .map { try RecordCoding.decode(Lease.self, from: $0, what: "a lease") }
    }

    /// One `PutItem`, conditional on the stored lease's token (or on there being none).
    public func putLease(_ lease: Lease, replacing expected: String?) throws -> Bool {
        var item = StateKeys.key(StateKeys.leases, lease.key)
        item[RecordCoding.attribute] = try RecordCoding.encode(lease)
        item["token"] = .s(lease.token)
        item["runID"] = .s(lease.runID)
        let condition = expected.map { DynamoDBExpression("#token = :expected", names: ["#token": "token"], values: [":expected": .s($0)]) }
            ?? DynamoDBExpression("attribute_not_exists(pk)")
        return try apply([.put(table, item, condition: condition)], fence: nil, what: "writing lease \(lease.key)")
    }

    /// One `DeleteItem`, conditional on the token.
    public func deleteLease(key: String, token: String) throws -> Bool {
        let condition = DynamoDBExpression("#token = :token", names: ["#token": "token"], values: [":token": .s(token)])
        return try apply([.delete(table, key: StateKeys.key(StateKeys.leases, key), condition: condition)], fence: nil,
                         what: "releasing lease \(key)")
    }

    public func recordLeaseBreak(_ record: LeaseBreakRecord) throws {
        var item = StateKeys.key(StateKeys.run(record.lease.runID), StateKeys.leaseBreak(at: record.brokenAt))
        item[RecordCoding.attribute] = try RecordCoding.encode(record)
        _ = try apply([.put(table, item, condition: DynamoDBExpression("attribute_not_exists(pk)"))], fence: nil,
                      what: "recording the end of lease \(record.lease.key)")
    }

    public func leaseBreaks(run: String) throws -> [LeaseBreakRecord] {
        try items(StateKeys.run(run), prefix: "BREAK#", what: "reading the lease breaks of run \(run)")
            .map { try RecordCoding.decode(LeaseBreakRecord.self, from: $0, what: "a lease break of run \(run)") }
    }
}
