import ArgumentParser
import Foundation
import PipelineEngine

/// `pipeline unlock ENV --force --reason "…"`: frees an environment whose holder is gone,
/// naming the holder and recording who forced it and why.
struct UnlockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock",
        abstract: "Free an environment's lock by hand, naming its holder and recording who forced it and why.",
        discussion: """
            A holder whose heartbeat stopped is taken over by the next run on its own; use this when you know \
            the holder is gone sooner. Without --force, shows the holder.
            """)

    @Argument(help: "The environment, e.g. prod.")
    var environment: String

    @Flag(help: "Free the lock even though a run holds it.")
    var force = false

    @Option(help: "Why (recorded with your name).")
    var reason: String?

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
        let user = Workspace.currentUser
        guard let ended = try store.breakLease(key: key, by: user, reason: reason ?? "") else {
            Terminal.standardOutput("environment '\(environment)' is not locked")
            return
        }
        Terminal.standardOutput("unlocked environment '\(environment)': it was held by \(ended.holderDescription()); recorded as forced by \(user): \(reason ?? "")")
    }
}
