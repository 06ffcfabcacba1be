import Foundation

/// How a pipeline document refers to a secret without holding its value: `${{ secrets.NAME }}`
/// (GitHub's spelling), for a variable the pipeline lists in `secrets:`.
///
/// The loader replaces every declared secret's value found in a freshly evaluated document with
/// its reference, so the stored document, the cache and `validate --json` never hold the value;
/// steps that start processes (`shell`, `external`) resolve references from the runner's
/// environment just before they start one (``Resolver``).
public enum SecretReference {
    public static func token(_ name: String) -> String { "${{ secrets.\(name) }}" }

    /// The secrets `text` refers to, in order of appearance (repeats included).
    public static func names(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let start = rest.range(of: "${{ secrets.") {
            let after = rest[start.upperBound...]
            guard let end = after.range(of: " }}") else { break }
            let name = String(after[..<end.lowerBound])
            if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) { names.append(name) }
            rest = after[end.upperBound...]
        }
        return names
    }

    /// Resolves references to declared secrets from the runner's environment.
    public struct Resolver: Sendable {
        /// The declared secrets' names.
        public var declared: Set<String>
        /// The runner's values for them (unset ones are absent).
        public var values: [String: String]

        public init(declared: [String], environment: [String: String]) {
            let names = Set(declared)
            self.declared = names
            values = environment.filter { names.contains($0.key) }
        }

        /// `text` with every reference to a declared secret replaced by its value; references to
        /// names that are not declared stay as written.
        public func resolve(_ text: String) throws(UnsetSecretError) -> String {
            guard text.contains("${{ secrets.") else { return text }
            var result = text
            for name in Set(SecretReference.names(in: text)) where declared.contains(name) {
                guard let value = values[name] else { throw UnsetSecretError(name: name) }
                result = result.replacingOccurrences(of: SecretReference.token(name), with: value)
            }
            return result
        }

        /// Every string inside `value`, resolved.
        public func resolve(_ value: JSONValue) throws(UnsetSecretError) -> JSONValue {
            switch value {
            case .string(let text): return .string(try resolve(text))
            case .array(let items):
                var resolved: [JSONValue] = []
                for item in items { resolved.append(try resolve(item)) }
                return .array(resolved)
            case .object(let entries):
                var resolved: [String: JSONValue] = [:]
                for (key, item) in entries { resolved[key] = try resolve(item) }
                return .object(resolved)
            default: return value
            }
        }
    }
}

/// A step refers to a declared secret that the runner's environment does not set.
public struct UnsetSecretError: Error, Equatable, CustomStringConvertible {
    public var name: String

    public init(name: String) {
        self.name = name
    }

    public var description: String {
        "the step uses secret \(name), which is not set in the runner's environment; set \(name) and run (or resume) again"
    }
}
