import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT/SIGTERM into callbacks while installed, instead of killing the process: the
/// first signal calls `handler`, any later one `again`.
final class SignalTrap {
    private let sources: [any DispatchSourceSignal]
    private let signals: [Int32]

    init(_ signals: [Int32], handler: @escaping @Sendable () -> Void, again: @escaping @Sendable () -> Void) {
        self.signals = signals
        let received = Mutex(0)
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                let count = received.withLock { count in
                    count += 1
                    return count
                }
                if count == 1 { handler() } else { again() }
            }
            source.resume()
            return source
        }
    }

    func release() {
        for source in sources { source.cancel() }
        for number in signals { signal(number, SIG_DFL) }
    }
}
