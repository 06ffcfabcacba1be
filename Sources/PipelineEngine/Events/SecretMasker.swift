import Foundation
import Synchronization

/// Replaces every registered secret with `***` wherever it appears. Values shorter than four
/// characters are not registered (they would mask ordinary words).
public final class SecretMasker: Sendable {
    private let secrets = Mutex<[String]>([])
    private let observers = Mutex<[@Sendable (String) -> Void]>([])

    /// Calls `observer` with every secret registered from now on (e.g. to print `::add-mask::`).
    public func onRegister(_ observer: @escaping @Sendable (String) -> Void) {
        observers.withLock { $0.append(observer) }
    }

    public init(_ values: [String] = []) {
        for value in values { register(value) }
    }

    public static let mask = "***"

    public func register(_ value: String) {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count >= 4 else { return }
        let added = secrets.withLock { list in
            guard !list.contains(trimmed) else { return false }
            list.append(trimmed)
            list.sort { $0.count > $1.count }  // longest first, so overlapping secrets mask fully
            return true
        }
        if added { for observer in observers.withLock({ $0 }) { observer(trimmed) } }
    }

    public var values: [String] { secrets.withLock { $0 } }

    public func mask(_ text: String) -> String {
        let list = values
        guard !list.isEmpty else { return text }
        var result = text
        for secret in list where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: Self.mask)
        }
        return result
    }

    public func mask(_ event: PipelineEvent) -> PipelineEvent {
        var copy = event
        copy.message = event.message.map(mask)
        copy.details = event.details?.mapValues(mask)
        copy.step = event.step.map(mask)
        return copy
    }
}

