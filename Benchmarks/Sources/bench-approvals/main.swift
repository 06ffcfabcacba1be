import ApprovalSignatures
import BenchSupport
import Foundation

// Verifies one signed approval statement again and again in-process, the way `pipeline approve`
// and `status --verify` do, and prints the median time per verification in microseconds.
//
//   bench-approvals ssh --statement FILE --signature FILE --signers FILE --rounds N
let options = BenchOptions(CommandLine.arguments.dropFirst().map { $0 })
guard options.command == "ssh", let statementPath = options.values["statement"], let signaturePath = options.values["signature"],
      let signersPath = options.values["signers"] else {
    FileHandle.standardError.write(Data("usage: bench-approvals ssh --statement FILE --signature FILE --signers FILE [--rounds N]\n".utf8))
    exit(64)
}
let statement = try ApprovalStatement.parse(canonical: try Data(contentsOf: URL(fileURLWithPath: statementPath)))
let signature = try String(contentsOf: URL(fileURLWithPath: signaturePath), encoding: .utf8)
let signers = try AllowedSigners(contents: try String(contentsOf: URL(fileURLWithPath: signersPath), encoding: .utf8), source: signersPath)
let verifier = SSHIdentityVerifier(signers: signers)
let rounds = options.int("rounds", 200)
var samples: [Double] = []
samples.reserveCapacity(rounds)
let clock = ContinuousClock()
for _ in 0..<rounds {
    let started = clock.now
    _ = try verifier.verify(statement, signature: signature, at: Date())
    let elapsed = clock.now - started
    samples.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
}
samples.sort()
print(String(format: "%.1f", samples[samples.count / 2]))
