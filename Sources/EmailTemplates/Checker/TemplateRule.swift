/// The rules the template checker applies. The raw value is the stable rule id printed in
/// problems (and usable in CI annotations); `summary` says what the rule asks for.
public enum TemplateRule: String, Sendable, CaseIterable, Hashable, Codable {
    // HTML structure
    case unclosedElement = "html.unclosed-element"
    case misnestedElement = "html.misnested-element"
    case strayEndTag = "html.stray-end-tag"
    case voidElementClosed = "html.void-element-closed"
    case selfClosingNonVoid = "html.self-closing-non-void"
    case unquotedAttribute = "html.unquoted-attribute"
    case duplicateAttribute = "html.duplicate-attribute"
    case malformedTag = "html.malformed-tag"
    case unterminatedComment = "html.unterminated-comment"
    case characterReference = "html.character-reference"
    case doctype = "html.doctype"
    case lang = "html.lang"
    case title = "html.title"
    case elementCrossesSection = "html.element-crosses-section"
    // Mustache
    case mustacheSyntax = "mustache.syntax"
    case setDelimiter = "mustache.set-delimiter"
    case undeclaredVariable = "mustache.undeclared-variable"
    case unusedVariable = "mustache.unused-variable"
    // Content policy
    case script = "content.script"
    case insecureResource = "content.insecure-resource"
    case imageAlt = "content.img-alt"
    // File
    case fileSize = "file.size"
    case encoding = "file.encoding"
    // Manifest
    case manifestInvalid = "manifest.invalid"
    case missingManifestEntry = "manifest.missing-entry"
    case missingTemplateFile = "manifest.missing-file"
    // Rendering with sample data
    case renderedMalformed = "render.malformed"
    case unrenderedMustache = "render.unrendered-mustache"

    /// One line saying what the rule requires.
    public var summary: String {
        switch self {
        case .unclosedElement: "every non-void element has an end tag"
        case .misnestedElement: "elements close in the reverse order they opened"
        case .strayEndTag: "no end tag without a matching open element"
        case .voidElementClosed: "void elements (br, img, meta, …) have no end tag"
        case .selfClosingNonVoid: "only void elements may be written self-closing (<br/>)"
        case .unquotedAttribute: "attribute values are quoted"
        case .duplicateAttribute: "an attribute appears at most once per tag"
        case .malformedTag: "tags are complete and well-formed"
        case .unterminatedComment: "comments end with -->"
        case .characterReference: "character references name a real character and end with ';'"
        case .doctype: "the file starts with <!DOCTYPE html>"
        case .lang: "the <html> element has a non-empty lang attribute"
        case .title: "the document has one non-empty <title> in <head>"
        case .elementCrossesSection: "an element opened inside a Mustache section closes inside it"
        case .mustacheSyntax: "Mustache tags parse"
        case .setDelimiter: "Mustache delimiters are not changed ({{=…=}})"
        case .undeclaredVariable: "every placeholder is declared in the manifest entry"
        case .unusedVariable: "every declared variable is used by the template or its subject"
        case .script: "no <script>, event-handler attributes or javascript: URLs"
        case .insecureResource: "no http:// resources or links (src, href, url(…))"
        case .imageAlt: "every <img> has an alt attribute"
        case .fileSize: "the file is under 102 KB, where Gmail clips messages"
        case .encoding: "the file is valid UTF-8"
        case .manifestInvalid: "the manifest is valid"
        case .missingManifestEntry: "every template file has a manifest entry"
        case .missingTemplateFile: "every manifest entry names an existing file"
        case .renderedMalformed: "the template rendered with its sample data is well-formed HTML"
        case .unrenderedMustache: "the rendered output has no leftover {{"
        }
    }
}
