import ArgumentParser
import Foundation
import PipelineEngine
#if canImport(Glibc)
import Glibc
#endif

/// `pipeline unlock ENV --force --reason "…"`: frees an environment whose holder is gone,
/// naming the holder and recording who forced it and why.
struct UnlockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock",
        abstract: "Free an environment's lock by hand, naming its holder and recording who forced it and why.",
        discussion: """
            A holder whose heartbeat stopped is taken over by the next run on its own; use this when you know \
            the holder is gone sooner. Without --force, shows the holder. A holder that is still alive is freed only \
            after you confirm (on a terminal) or with --yes: its run then stops at its next lease check, starting no \
            further step and no rollback, and can be resumed.
            """)

    @Argument(help: "The environment, e.g. prod.")
    var environment: String

    @Flag(help: "Free the lock even though a run holds it.")
    var force = false

    @Option(help: "Why (recorded with your name).")
    var reason: String?

    @Flag(help: "With --force, free the lock of a live holder without asking.")
    var yes = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if force && (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--force needs --reason \"why\": it is recorded with your name")
        }
    }

    func run() async throws {
        let store = try Workspace.discover(stateDirectory: global.stateDirectory).openStore()
        let key = Lease.environmentKey(environment)
        guard let holder = try store.lease(key: key) else {
            Terminal.standardOutput("environment '\(environment)' is not locked")
            return
        }
        guard force else {
            let state = try store.isStale(holder) ? "its heartbeat stopped; the next run takes it over" : "alive"
            Terminal.standardOutput("environment '\(environment)' is locked by \(holder.holderDescription()) (\(state)); free it with `pipeline unlock \(environment) --force --reason \"…\"`")
            return
        }
        if !yes, try !store.isStale(holder) {
            guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
                throw UnlockRefusal(environment: environment, holder: holder.holderDescription())
            }
            Terminal.standardOutput("environment '\(environment)' is held by a live run (\(holder.holderDescription())); it will stop without rolling back. Free it? [y/N] ")
            let answer = (readLine() ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            guard answer == "y" || answer == "yes" else {
                Terminal.standardOutput("left environment '\(environment)' locked")
                return
            }
        }
        let user = Workspace.currentUser
        guard let ended = try store.breakLease(key: key, by: user, reason: reason ?? "") else {
            Terminal.standardOutput("environment '\(environment)' is not locked")
            return
        }
        Terminal.standardOutput("unlocked environment '\(environment)': it was held by \(ended.holderDescription()); recorded as forced by \(user): \(reason ?? "")")
    }
}
