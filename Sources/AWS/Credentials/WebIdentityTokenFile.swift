import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A token file, re-read on every refresh (`AWS_WEB_IDENTITY_TOKEN_FILE`, as EKS and others rotate it).
public struct WebIdentityTokenFile: WebIdentityTokenSource {
    public let path: String
    public init(path: String) { self.path = path }
    public var name: String { "token file \(path)" }

    public func token() async throws -> String {
        do {
            let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { throw CredentialError.tokenUnavailable(source: name, reason: "the file is empty") }
            return text
        } catch let error as CredentialError {
            throw error
        } catch {
            throw CredentialError.tokenUnavailable(source: name, reason: "cannot read it (\(error.localizedDescription))")
        }
    }
}
