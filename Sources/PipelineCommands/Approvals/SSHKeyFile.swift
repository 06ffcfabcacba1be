import ApprovalSignatures
import Foundation

/// The public half of a key file: the file itself when it is a `.pub`, its `.pub` sibling, or
/// what `ssh-keygen -y` derives from the private key.
enum SSHKeyFile {
    static func publicKey(of path: String) throws -> SSHPublicKey {
        for candidate in path.hasSuffix(".pub") ? [path] : [path + ".pub"] {
            if let data = FileManager.default.contents(atPath: candidate) {
                return try SSHPublicKey(authorizedKeyLine: String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        guard FileManager.default.fileExists(atPath: path) else { throw ApprovalCommandError.unreadable(path: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ssh-keygen", "-y", "-f", path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ApprovalCommandError.whoAreYou("cannot read the public half of \(path) (is it passphrase-protected? give its .pub file next to it)")
        }
        return try SSHPublicKey(authorizedKeyLine: String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
