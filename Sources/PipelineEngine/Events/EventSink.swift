/// Receives a run's events, already masked, in order.
///
/// Rules for implementers: `receive` is called from one task at a time, in sequence order; it
/// must not block for long (buffer or drop progress output instead) and must not throw; `finish`
/// is called once after the last event.
public protocol EventSink: Sendable {
    func receive(_ event: PipelineEvent)
    func finish()
}

extension EventSink {
    public func finish() {}
}
