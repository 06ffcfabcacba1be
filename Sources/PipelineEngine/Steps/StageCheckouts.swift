import Foundation

/// Where a stage's steps work: a checkout of the run's commit made for that stage alone, so
/// nothing a step of an earlier stage (or an earlier run) wrote there reaches a later stage.
/// A stage's apply and rollback steps share its checkout.
public protocol StageCheckouts: Sendable {
    /// The checkout of `stage` in this run, written fresh the first time it is asked for in this
    /// process (a resumed stage gets a fresh one), the same one after.
    func checkout(for stage: String) throws -> URL
}
