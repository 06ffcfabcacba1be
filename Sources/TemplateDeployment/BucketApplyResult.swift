/// What one apply did.
public struct BucketApplyResult: Sendable, Equatable {
    /// Each write, in order, as `Action bucket` (e.g. `PutBucketVersioning bbws-templates-dev`).
    public var actions: [String]
    /// The number of write calls made (creates, puts, deletes).
    public var writeCalls: Int { actions.count }
    /// The state of every bucket after apply, read back (DR first).
    public var states: [BucketState]
}
