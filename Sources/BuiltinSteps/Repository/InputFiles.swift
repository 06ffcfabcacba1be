import Foundation
import RepositoryHistory

/// Where step modules read their inputs (schemas, templates, …) from. Registered by the runner
/// as a step service; steps never read the working tree behind its back.
///
/// Rules for implementers: paths are repository-relative with `/`; `files(matching:)` returns
/// regular files only, sorted; `contents(of:at:)` returns nil when the file did not exist there.
public protocol InputFiles: Sendable {
    /// Where the files come from, for messages: `commit 1a2b3c4` or `the working tree`.
    var origin: String { get }
    /// The commit the inputs are read at, if any.
    var commit: String? { get }
    func files(matching pattern: String) throws -> [String]
    func contents(of path: String) throws -> Data
    /// The file as it was at another revision (the previous commit, a deployed commit).
    func contents(of path: String, at revision: String) throws -> Data?
    /// The files matching `pattern` at another revision (empty when there is no history).
    func files(matching pattern: String, at revision: String) throws -> [String]
}
