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
/// The forms are derived once, when a value is registered, and compiled into a few automata
/// (``SecretPatterns``; new forms into a layer of their own, merged with similar-sized layers),
/// so masking a text is a pass over its bytes per layer (O(log n) layers for n registrations)
/// whatever the number of secrets, and registering one never recompiles every form. Where matches overlap in a text, their union
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
        /// Forms registered since the automata were last compiled.
        var pending: [String] = []
        /// The compiled automata, each over some of the forms, largest first. New forms compile
        /// into a layer of their own, merged with the layers after it while those are no more
        /// than twice its size (a binary counter): a registration compiles only its own forms
        /// and, now and then, a merge, so n registrations cost O(n log n) compiling, not O(n²).
        var layers: [(patterns: SecretPatterns, forms: [String])] = []

        mutating func patterns() -> [SecretPatterns] {
            if !pending.isEmpty {
                var layer = pending
                pending = []
                while let last = layers.last, last.forms.count <= layer.count * 2 {
                    layer += last.forms
                    layers.removeLast()
                }
                layers.append((SecretPatterns(layer), layer))
            }
            return layers.map(\.patterns)
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
            for form in SecretForms.of(trimmed) where state.forms.insert(form).inserted {
                state.pending.append(form)
            }
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
        let layers = state.withLock { $0.patterns() }
        return SecretPatterns.mask(text, layers: layers, with: Self.mask)
    }

    public func mask(_ event: PipelineEvent) -> PipelineEvent {
        let layers = state.withLock { $0.patterns() }
        guard !layers.isEmpty else { return event }
        let mask = { (text: String) in SecretPatterns.mask(text, layers: layers, with: Self.mask) }
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
