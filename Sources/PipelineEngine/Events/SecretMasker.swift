import Foundation
#if !FUZZING  // scripts/fuzz.sh compiles the masker and SecretForms into one module
import PipelineModel
#endif
import Synchronization

/// Replaces every registered secret with `***` wherever it appears, as GitHub's runner does:
/// the value itself, each line of a multi-line value, and their encoded forms (JSON string
/// escapes, URL encoding with `%20` and with `+`, XML escapes, base64 at each of the three
/// byte offsets a value can sit at in an encoded stream, hex in lower and upper case).
///
/// The forms are derived once, when a value is registered, and compiled into one automaton
/// (``SecretPatterns``, rebuilt once after new registrations), so masking a text is one pass
/// over its bytes whatever the number of secrets. Where matches overlap in a text, their union
/// is masked as one `***`.
///
/// Rule for short values (see docs/decisions.md): a value (or line) shorter than
/// ``minimumLength`` characters is not masked (it would mask ordinary words); registering one
/// returns ``Registration/tooShort`` so the caller can warn, naming the variable. Base64 forms
/// are only derived for values of at least ``minimumBase64Bytes`` bytes.
public final class SecretMasker: Sendable {
    public static let mask = "***"
    public static let minimumLength = SecretForms.minimumLength
    public static let minimumBase64Bytes = SecretForms.minimumBase64Bytes

    /// What registering a value did.
    public enum Registration: Equatable, Sendable {
        /// Masked from now on.
        case registered
        /// Already known.
        case known
        /// Shorter than ``SecretMasker/minimumLength``: not masked.
        case tooShort
        /// Empty or only whitespace: nothing to mask.
        case empty
    }

    private struct State {
        var values: [String] = []
        var forms: Set<String> = []
        /// Compiled from `forms` when a text is next masked (nil: out of date).
        var compiled: SecretPatterns? = SecretPatterns([])

        mutating func patterns() -> SecretPatterns {
            if let compiled { return compiled }
            let made = SecretPatterns(Array(forms))
            compiled = made
            return made
        }
    }

    private let state = Mutex(State())
    private let observers = Mutex<[@Sendable (String) -> Void]>([])

    public init(_ values: [String] = []) {
        for value in values { register(value) }
    }

    /// Calls `observer` with every secret registered from now on (e.g. to print `::add-mask::`).
    public func onRegister(_ observer: @escaping @Sendable (String) -> Void) {
        observers.withLock { $0.append(observer) }
    }

    /// Registers `value` (surrounding whitespace ignored) and its encoded forms.
    @discardableResult
    public func register(_ value: String) -> Registration {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return .empty }
        guard trimmed.count >= Self.minimumLength else { return .tooShort }
        let added = state.withLock { state in
            guard !state.values.contains(trimmed) else { return false }
            state.values.append(trimmed)
            let before = state.forms.count
            state.forms.formUnion(SecretForms.of(trimmed))
            if state.forms.count != before { state.compiled = nil }
            return true
        }
        guard added else { return .known }
        for observer in observers.withLock({ $0 }) { observer(trimmed) }
        return .registered
    }

    /// The registered values, as registered (trimmed), oldest first.
    public var values: [String] { state.withLock { $0.values } }

    /// Every form that is masked (values, lines, encodings).
    public var forms: Set<String> { state.withLock { $0.forms } }

    public func mask(_ text: String) -> String {
        let patterns = state.withLock { $0.patterns() }
        return patterns.mask(text, with: Self.mask)
    }

    public func mask(_ event: PipelineEvent) -> PipelineEvent {
        let patterns = state.withLock { $0.patterns() }
        guard !patterns.isEmpty else { return event }
        let mask = { (text: String) in patterns.mask(text, with: Self.mask) }
        var copy = event
        copy.message = event.message.map(mask)
        copy.pipeline = event.pipeline.map(mask)
        copy.stage = event.stage.map(mask)
        copy.step = event.step.map(mask)
        copy.file = event.file.map(mask)
        copy.rule = event.rule.map(mask)
        if let details = event.details {
            copy.details = Dictionary(details.map { (mask($0.key), mask($0.value)) }) { first, _ in first }
        }
        return copy
    }
}
