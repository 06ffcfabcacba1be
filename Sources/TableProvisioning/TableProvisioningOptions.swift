import Foundation

/// How reading and applying tables behave.
public struct TableProvisioningOptions: Sendable {
    /// The longest wait for one table or index to settle (ACTIVE, or an index gone).
    public var waitTimeout: TimeInterval
    /// Time between `DescribeTable` polls while waiting.
    public var pollInterval: TimeInterval
    /// Tables read or applied at the same time.
    public var concurrency: Int
    /// Whether global-table replicas (version 2019.11.21) are read, planned and applied.
    /// Turn off for endpoints that do not implement them (moto 5.2.1 accepts and ignores
    /// `ReplicaUpdates` and never reports `Replicas`, so a plan would never converge).
    public var manageReplicas: Bool
    /// How often a call refused with `ResourceInUseException` (the table is busy) is retried
    /// after waiting for the table to settle.
    public var busyRetries: Int
    /// How often a table is read again and converged after a change call whose outcome is
    /// unknown (a 5xx or no answer to `CreateTable`/`UpdateTable`, which are never repeated blindly).
    public var unknownOutcomeRetries: Int

    public init(waitTimeout: TimeInterval = 600, pollInterval: TimeInterval = 2, concurrency: Int = 8,
                manageReplicas: Bool = true, busyRetries: Int = 3, unknownOutcomeRetries: Int = 3) {
        self.waitTimeout = waitTimeout
        self.pollInterval = pollInterval
        self.concurrency = max(1, concurrency)
        self.manageReplicas = manageReplicas
        self.busyRetries = max(0, busyRetries)
        self.unknownOutcomeRetries = max(0, unknownOutcomeRetries)
    }
}
