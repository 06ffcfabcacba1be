import ArgumentParser
import Foundation

/// How `approve` and `reject` prove who decides: shared by both commands.
struct ApprovalOptions: ParsableArguments {
    @Option(help: "The gated stage.")
    var stage: String

    @Option(help: "The role you decide in, e.g. \"Tech Lead\" (default: your only role at this gate).")
    var role: String?

    @Option(name: .customLong("as"), help: "Who you are, as declared in the pipeline's Approvers (default: from your key or token).")
    var approver: String?

    @Option(help: "Sign with this SSH key: a private key file, or a public key whose private half is in ssh-agent.")
    var key: String?

    @Option(help: "Prove who you are with this OIDC token (a JWT issued for the statement; see --print-statement).")
    var token: String?

    @Option(name: .customLong("token-file"), help: "Read the OIDC token from this file.")
    var tokenFile: String?

    @Flag(name: .customLong("github-oidc"), help: "In a GitHub Actions job with `id-token: write`: fetch an OIDC token bound to the statement.")
    var githubOIDC = false

    @Flag(help: "Record the decision without a signature (only where the pipeline allows unsigned approvals).")
    var unsigned = false

    @Option(help: "Submit a statement signed elsewhere (the file --print-statement wrote), with --signature or a token.")
    var statement: String?

    @Option(help: "The armored SSH signature (ssh-keygen -Y sign -n pipeline-approval) over --statement.")
    var signature: String?

    @Flag(name: .customLong("print-statement"), help: "Print the statement to sign and its digest, record nothing.")
    var printStatement = false

    func check() throws {
        let proofs = [key != nil, token != nil || tokenFile != nil, githubOIDC, unsigned, signature != nil].filter { $0 }.count
        if proofs > 1 {
            throw ValidationError("give one proof: --key, --token/--token-file, --github-oidc, --signature or --unsigned")
        }
        if token != nil && tokenFile != nil { throw ValidationError("give --token or --token-file, not both") }
        if signature != nil && statement == nil { throw ValidationError("--signature needs the --statement it signs") }
        if statement != nil && key != nil { throw ValidationError("--statement is signed already: give its --signature or token, not --key") }
        if printStatement && (proofs > 0 || statement != nil) {
            throw ValidationError("--print-statement prints what to sign; give no proof with it")
        }
        if let approver, approver.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--as needs the approver's identity") }
    }

    /// The OIDC token given on the command line or in a file.
    func givenToken() throws -> String? {
        if let token { return token.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard let tokenFile else { return nil }
        guard let data = FileManager.default.contents(atPath: tokenFile) else {
            throw ValidationError("cannot read the token file \(tokenFile)")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
