import PipelineBasics

/// One template named by the manifest: what it is for, who sends it, its subject and the
/// variables it may use, with sample values to render it.
public struct TemplateManifestEntry: Sendable {
    /// Path of the template relative to the manifest's folder, e.g. `receipts/payment_received.html`.
    public let path: String
    /// What the email is for.
    public let purpose: String
    /// The event that sends it.
    public let trigger: String
    public let sender: TemplateSender
    /// The subject line; may contain Mustache placeholders.
    public let subject: String
    public let variables: [TemplateVariable]
    /// Sample data, one value per variable name, used to render the template in checks and previews.
    public let sample: [String: TemplateValue]

    /// Where the entry, its subject string and its path string start in the manifest.
    let location: SourcePosition
    let pathLocation: SourcePosition
    let subjectOffset: Int
    let manifestText: SourceText

    /// The declared variable named `name` at the top level.
    public func variable(named name: String) -> TemplateVariable? {
        variables.first { $0.name == name }
    }
}

/// The sender of an email.
public struct TemplateSender: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let email: String

    public var description: String { "\(name) <\(email)>" }
}

/// A variable a template may use.
public struct TemplateVariable: Sendable {
    public let name: String
    public let type: TemplateVariableType
    public let description: String
    public let required: Bool
    /// For `object`, and `array` of objects: the fields of the object (each item).
    public let fields: [TemplateVariable]
    /// For an `array` of scalars: the type of each item.
    public let itemType: TemplateVariableType?
    /// Where the variable's declaration starts in the manifest.
    public let location: SourcePosition
}

/// The type of a template variable. Scalars render as text; `array` is iterated by a section
/// (`{{#items}}…{{/items}}`); `object` opens a section with its fields in scope.
public enum TemplateVariableType: String, Sendable, CaseIterable {
    case string, number, integer, boolean, url, email, date, array, object

    var isScalar: Bool { self != .array && self != .object }
}
