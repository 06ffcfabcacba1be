import Foundation
import PipelineBasics

extension ApprovalStatement {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case version, pipeline, run, stage, environment, commit, planHash, role, approver, decision, reason, issuedAt, nonce
    }

    /// The exact bytes that are signed and hashed.
    public func canonicalData() -> Data {
        var fields: [(String, String)] = [
            ("version", String(version)),
            ("pipeline", Self.quoted(pipeline)),
            ("run", Self.quoted(run)),
            ("stage", Self.quoted(stage)),
            ("role", Self.quoted(role)),
            ("approver", Self.quoted(approver)),
            ("decision", Self.quoted(decision.rawValue)),
            ("issuedAt", Self.quoted(Self.formatDate(issuedAt))),
            ("nonce", Self.quoted(nonce)),
        ]
        for (name, value) in [("environment", environment), ("commit", commit), ("planHash", planHash), ("reason", reason)] {
            if let value { fields.append((name, Self.quoted(value))) }
        }
        fields.sort { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
        return Data(("{" + fields.map { "\(Self.quoted($0.0)):\($0.1)" }.joined(separator: ",") + "}").utf8)
    }

    /// Parses a signed statement, refusing any document that is not byte-identical to the
    /// canonical form of what it decodes to (reordered keys, whitespace, escapes, unknown keys),
    /// and any statement that fails `validate()`.
    public static func parse(canonical data: Data) throws -> ApprovalStatement {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ApprovalVerificationError.malformedStatement("not JSON (\(error.localizedDescription))")
        }
        guard let dictionary = object as? [String: Any] else {
            throw ApprovalVerificationError.malformedStatement("not a JSON object")
        }
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        if let unknown = dictionary.keys.sorted().first(where: { !known.contains($0) }) {
            throw ApprovalVerificationError.malformedStatement("unknown field \"\(unknown)\"")
        }
        let statement: ApprovalStatement
        do {
            statement = try JSONDecoder().decode(ApprovalStatement.self, from: data)
        } catch let error as ApprovalVerificationError {
            throw error
        } catch DecodingError.keyNotFound(let key, _) {
            throw ApprovalVerificationError.malformedStatement("missing field \"\(key.stringValue)\"")
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            throw ApprovalVerificationError.malformedStatement(
                "field \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" has the wrong type")
        } catch DecodingError.dataCorrupted(let context) {
            throw ApprovalVerificationError.malformedStatement(
                "field \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\": \(context.debugDescription)")
        } catch {
            throw ApprovalVerificationError.malformedStatement("\(error)")
        }
        guard statement.canonicalData() == data else { throw ApprovalVerificationError.nonCanonicalStatement }
        try statement.validate()
        return statement
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let issued = try container.decode(String.self, forKey: .issuedAt)
        guard let date = Self.parseDate(issued) else {
            throw DecodingError.dataCorruptedError(
                forKey: .issuedAt, in: container, debugDescription: "\"\(issued)\" is not YYYY-MM-DDTHH:MM:SSZ")
        }
        self.init(
            version: try container.decode(Int.self, forKey: .version),
            pipeline: try container.decode(String.self, forKey: .pipeline),
            run: try container.decode(String.self, forKey: .run),
            stage: try container.decode(String.self, forKey: .stage),
            environment: try container.decodeIfPresent(String.self, forKey: .environment),
            commit: try container.decodeIfPresent(String.self, forKey: .commit),
            planHash: try container.decodeIfPresent(String.self, forKey: .planHash),
            role: try container.decode(String.self, forKey: .role),
            approver: try container.decode(String.self, forKey: .approver),
            decision: try container.decode(Decision.self, forKey: .decision),
            reason: try container.decodeIfPresent(String.self, forKey: .reason),
            issuedAt: date,
            nonce: try container.decode(String.self, forKey: .nonce))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(pipeline, forKey: .pipeline)
        try container.encode(run, forKey: .run)
        try container.encode(stage, forKey: .stage)
        try container.encodeIfPresent(environment, forKey: .environment)
        try container.encodeIfPresent(commit, forKey: .commit)
        try container.encodeIfPresent(planHash, forKey: .planHash)
        try container.encode(role, forKey: .role)
        try container.encode(approver, forKey: .approver)
        try container.encode(decision, forKey: .decision)
        try container.encodeIfPresent(reason, forKey: .reason)
        try container.encode(Self.formatDate(issuedAt), forKey: .issuedAt)
        try container.encode(nonce, forKey: .nonce)
    }

    /// A JSON string literal: `"` and `\` escaped, control characters as `\n`, `\t`, `\b`, …
    /// or `\u00xx`, everything else (including non-ASCII) as UTF-8. Signed statements depend
    /// on it byte for byte.
    static func quoted(_ text: String) -> String {
        JSONString.quoted(text, style: .init(shortBackspaceAndFormFeed: true))
    }

    static func formatDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!, parts.second!)
    }

    static func parseDate(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            let digits = bytes[range]
            guard digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
            return digits.reduce(0) { $0 * 10 + Int($1 - 48) }
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard let date = calendar.date(from: components), formatDate(date) == text else { return nil }
        return date
    }
}
