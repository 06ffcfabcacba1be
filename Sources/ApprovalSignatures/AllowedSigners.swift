import Foundation

/// An OpenSSH `allowed_signers` file (ssh-keygen(1), "ALLOWED SIGNERS"), as `git` uses for SSH
/// commit signing: one key per line, `principals [options] keytype base64-key [comment]`.
///
/// Principals are a comma-separated pattern list (optionally in double quotes): exact names,
/// `*` and `?` wildcards, and `!` negation, matched as OpenSSH's `match_pattern_list` does.
/// Options: `namespaces="a,b"` (patterns), `valid-after="…"`, `valid-before="…"` (YYYYMMDD,
/// YYYYMMDDHHMM or YYYYMMDDHHMMSS; UTC with a trailing `Z`, local time without, like OpenSSH).
/// `cert-authority` is refused: certificate signers are not supported.
public struct AllowedSigners: Sendable {
    public struct Entry: Sendable, Equatable {
        /// The principal patterns, split at commas.
        public var principals: [String]
        public var key: SSHPublicKey
        /// Namespace patterns the key may sign in; nil: any namespace.
        public var namespaces: [String]?
        public var validAfter: Date?
        public var validBefore: Date?
        /// 1-based line in `source`.
        public var line: Int

        public init(principals: [String], key: SSHPublicKey, namespaces: [String]? = nil, validAfter: Date? = nil,
                    validBefore: Date? = nil, line: Int = 0) {
            self.principals = principals
            self.key = key
            self.namespaces = namespaces
            self.validAfter = validAfter
            self.validBefore = validBefore
            self.line = line
        }

        /// Whether `name` matches this entry's principal patterns.
        public func allows(principal name: String) -> Bool { PatternList.matches(name, principals) }

        /// Whether this entry lets its key sign in `namespace`.
        public func allows(namespace: String) -> Bool { namespaces.map { PatternList.matches(namespace, $0) } ?? true }

        /// nil when the key is valid at `date`, else why not.
        public func validityProblem(at date: Date) -> String? {
            if let validAfter, date < validAfter { return "valid-after \(ApprovalStatement.formatDate(validAfter))" }
            if let validBefore, date > validBefore { return "valid-before \(ApprovalStatement.formatDate(validBefore))" }
            return nil
        }
    }

    public var entries: [Entry]
    /// Where the entries came from ("deploy.swift approvers", a file path), for messages.
    public var source: String

    /// Parses the file's contents; any bad line throws `invalidAllowedSigners` naming
    /// `source:line` (nothing is half-accepted).
    public init(contents: String, source: String) throws {
        self.source = source
        var entries: [Entry] = []
        for (index, rawLine) in contents.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let line = rawLine.hasSuffix("\r") ? String(rawLine.dropLast()) : String(rawLine)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            do {
                entries.append(try AllowedSignersLine.parse(trimmed, line: index + 1))
            } catch let failure as AllowedSignersLine.Failure {
                throw ApprovalVerificationError.invalidAllowedSigners(source: source, line: index + 1, reason: failure.reason)
            }
        }
        self.entries = entries
    }

    /// Entries built in code (for example from keys a pipeline declares).
    public init(entries: [Entry], source: String) {
        self.entries = entries
        self.source = source
    }

    /// The principal patterns `key` may sign as in `namespace` at `date`, over all its entries.
    public func principals(for key: SSHPublicKey, namespace: String, at date: Date) -> [String] {
        entries.filter { $0.key == key && $0.allows(namespace: namespace) && $0.validityProblem(at: date) == nil }
            .flatMap(\.principals)
    }

    /// Throws the precise reason unless `key` may sign as `principal` in `namespace` at `date`.
    public func authorize(key: SSHPublicKey, principal: String, namespace: String, at date: Date) throws {
        let listed = entries.filter { $0.key == key }
        guard !listed.isEmpty else { throw ApprovalVerificationError.unlistedKey(fingerprint: key.fingerprint) }
        let forPrincipal = listed.filter { $0.allows(principal: principal) }
        guard !forPrincipal.isEmpty else {
            throw ApprovalVerificationError.keyNotAllowedForPrincipal(
                principal: principal, key: key.displayName, principals: listed.flatMap(\.principals))
        }
        let inNamespace = forPrincipal.filter { $0.allows(namespace: namespace) }
        guard !inNamespace.isEmpty else {
            throw ApprovalVerificationError.namespaceNotAllowedForKey(
                key: key.displayName, namespace: namespace, allowed: forPrincipal.flatMap { $0.namespaces ?? [] })
        }
        let problems = inNamespace.map { entry in entry.validityProblem(at: date).map { "\($0) (\(source):\(entry.line))" } }
        guard problems.contains(where: { $0 == nil }) else {
            throw ApprovalVerificationError.keyNotValidAt(key: key.displayName, at: date, reason: problems.compactMap { $0 }.joined(separator: "; "))
        }
    }
}

extension AllowedSigners {
    /// Throws ``ApprovalVerificationError/ambiguousSigner(source:line:reason:)`` for the first
    /// entry that would let one key speak for more than one person: a principal pattern (`*`,
    /// `?`, a `!` negation), several principals on one line, or a key listed again under another
    /// name (here or in `earlier`, an already checked list).
    public func requireOnePersonPerKey(after earlier: AllowedSigners? = nil) throws {
        var owners: [String: (principal: String, place: String)] = [:]
        for entry in earlier?.entries ?? [] where entry.principals.count == 1 {
            owners[entry.key.fingerprint] = (entry.principals[0], "\(earlier?.source ?? ""):\(entry.line)")
        }
        for entry in entries {
            if let pattern = entry.principals.first(where: { $0.contains("*") || $0.contains("?") || $0.hasPrefix("!") }) {
                throw ApprovalVerificationError.ambiguousSigner(
                    source: source, line: entry.line, reason: "the principal \"\(pattern)\" is a pattern, so this key would sign as anyone it matches")
            }
            if entry.principals.count > 1 {
                throw ApprovalVerificationError.ambiguousSigner(
                    source: source, line: entry.line,
                    reason: "the key \(entry.key.fingerprint) is listed for \(entry.principals.count) principals (\(entry.principals.joined(separator: ", "))), so it would count as that many people")
            }
            let principal = entry.principals[0]
            if let owner = owners[entry.key.fingerprint], owner.principal.caseInsensitiveCompare(principal) != .orderedSame {
                throw ApprovalVerificationError.ambiguousSigner(
                    source: source, line: entry.line,
                    reason: "the key \(entry.key.fingerprint) is listed for '\(principal)', and already for '\(owner.principal)' at \(owner.place)")
            }
            owners[entry.key.fingerprint] = (principal, "\(source):\(entry.line)")
        }
    }
}
