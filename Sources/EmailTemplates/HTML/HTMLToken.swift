/// An attribute of a start tag, with where its name and value start.
struct HTMLAttribute: Sendable {
    enum Quote: Sendable { case double, single, unquoted, none }

    /// Lowercased name.
    let name: String
    /// The raw value (character references not decoded), nil for a bare attribute like `nowrap`.
    let value: String?
    let nameOffset: Int
    /// Offset of the value's first character (inside the quotes).
    let valueOffset: Int?
    let quote: Quote
}

/// A start tag: `<name attributes…>` or `<name …/>`.
struct HTMLStartTag: Sendable {
    /// Lowercased name.
    let name: String
    let attributes: [HTMLAttribute]
    let selfClosing: Bool
    /// Offset of `<`.
    let offset: Int
    /// Offset just past `>`.
    let end: Int

    func attribute(_ name: String) -> HTMLAttribute? {
        attributes.first { $0.name == name }
    }
}

/// What the tokenizer produces, in document order.
enum HTMLToken: Sendable {
    case doctype(text: String, offset: Int)
    case startTag(HTMLStartTag)
    /// `</name>` with the lowercased name and the offset of `<`.
    case endTag(name: String, offset: Int)
    /// Character data, raw text (inside `<style>`) included; a scalar range.
    case text(Range<Int>)
    case comment(Range<Int>)
    /// A Mustache tag met in text (tags inside start tags belong to the tag).
    case mustache(MustacheTag)
}

/// Element categories the tokenizer and the structure check need.
enum HTMLElements {
    /// Elements that never have content or an end tag.
    static let void: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    ]
    /// Elements whose content is raw text up to their end tag.
    static let rawText: Set<String> = ["style", "script", "xmp", "iframe", "noembed", "noframes"]
    /// Elements whose content is text with character references up to their end tag.
    static let escapableRawText: Set<String> = ["title", "textarea"]
    /// Attributes whose value is a URL the email client fetches or follows.
    static let urlAttributes: Set<String> = ["src", "href", "background", "poster", "action", "formaction", "data", "cite", "longdesc"]
}
