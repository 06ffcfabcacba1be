import Mustache

/// Renders templates and subjects with Mustache (swift-mustache, HTML-escaping `{{name}}`,
/// not `{{{name}}}`), using a manifest entry's sample values or any other data.
public enum TemplateRenderer {
    /// Renders `template` with `data`. Throws when the template does not parse.
    public static func render(_ template: String, with data: [String: TemplateValue]) throws(TemplateRenderError) -> String {
        switch MustacheSyntax.parse(template) {
        case .success(let parsed):
            return render(parsed, with: data)
        case .failure(let failure):
            throw .mustache(line: failure.line, column: failure.column, message: failure.message)
        }
    }

    /// Renders an already parsed template.
    static func render(_ template: MustacheTemplate, with data: [String: TemplateValue]) -> String {
        let object: [String: Any] = data.compactMapValues(\.mustacheValue)
        return template.render(object)
    }

    /// Renders a template file's bytes (must be UTF-8) and its entry's subject with the entry's
    /// sample values.
    public static func renderSample<Bytes: Collection>(of entry: TemplateManifestEntry, templateBytes: Bytes) throws(TemplateRenderError) -> RenderedEmail
    where Bytes.Element == UInt8 {
        guard let html = String(validating: templateBytes, as: UTF8.self) else { throw .invalidUTF8 }
        return RenderedEmail(
            sender: entry.sender,
            subject: try render(entry.subject, with: entry.sample),
            html: try render(html, with: entry.sample))
    }
}

/// A rendered email.
public struct RenderedEmail: Sendable, Hashable {
    public let sender: TemplateSender
    public let subject: String
    public let html: String
}

/// Why a template could not be rendered.
public enum TemplateRenderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The template text is not valid Mustache; line and column in the template.
    case mustache(line: Int, column: Int, message: String)
    /// The template bytes are not valid UTF-8.
    case invalidUTF8

    public var description: String {
        switch self {
        case .mustache(let line, let column, let message): "\(line):\(column): cannot render: \(message)"
        case .invalidUTF8: "cannot render: the template is not valid UTF-8"
        }
    }
}
