#if !FUZZING  // the fuzz target compiles PipelineBasics' sources into its own module
import PipelineBasics
#endif

/// The template checks, by stable id (`html.…`, `mustache.…`, `content.…`, `file.…`,
/// `manifest.…`, `render.…`); every problem the checker reports carries one of these.
extension Diagnostic.Rule {
    // HTML structure
    public static let unclosedElement = Self("html.unclosed-element", summary: "every non-void element has an end tag")
    public static let misnestedElement = Self("html.misnested-element", summary: "elements close in the reverse order they opened")
    public static let strayEndTag = Self("html.stray-end-tag", summary: "no end tag without a matching open element")
    public static let voidElementClosed = Self("html.void-element-closed", summary: "void elements (br, img, meta, …) have no end tag")
    public static let selfClosingNonVoid = Self("html.self-closing-non-void", summary: "only void elements may be written self-closing (<br/>)")
    public static let unquotedAttribute = Self("html.unquoted-attribute", summary: "attribute values are quoted")
    public static let duplicateAttribute = Self("html.duplicate-attribute", summary: "an attribute appears at most once per tag")
    public static let malformedTag = Self("html.malformed-tag", summary: "tags are complete and well-formed")
    public static let unterminatedComment = Self("html.unterminated-comment", summary: "comments end with -->")
    public static let characterReference = Self("html.character-reference", summary: "character references name a real character and end with ';'")
    public static let doctype = Self("html.doctype", summary: "the file starts with <!DOCTYPE html>")
    public static let lang = Self("html.lang", summary: "the <html> element has a non-empty lang attribute")
    public static let title = Self("html.title", summary: "the document has one non-empty <title> in <head>")
    public static let elementCrossesSection = Self(
        "html.element-crosses-section", summary: "an element opened inside a Mustache section closes inside it")

    // Mustache
    public static let mustacheSyntax = Self("mustache.syntax", summary: "Mustache tags parse")
    public static let setDelimiter = Self("mustache.set-delimiter", summary: "Mustache delimiters are not changed ({{=…=}})")
    public static let undeclaredVariable = Self("mustache.undeclared-variable", summary: "every placeholder is declared in the manifest entry")
    public static let unusedVariable = Self("mustache.unused-variable", summary: "every declared variable is used by the template or its subject")

    // Content policy
    public static let script = Self("content.script", summary: "no <script>, event-handler attributes or javascript: URLs")
    public static let insecureResource = Self("content.insecure-resource", summary: "no http:// resources or links (src, href, url(…))")
    public static let imageAlt = Self("content.img-alt", summary: "every <img> has an alt attribute")

    // File
    public static let fileSize = Self("file.size", summary: "the file is under 102 KB, where Gmail clips messages")
    public static let encoding = Self("file.encoding", summary: "the file is valid UTF-8")

    // Manifest
    public static let manifestInvalid = Self("manifest.invalid", summary: "the manifest is valid")
    public static let missingManifestEntry = Self("manifest.missing-entry", summary: "every template file has a manifest entry")
    public static let missingTemplateFile = Self("manifest.missing-file", summary: "every manifest entry names an existing file")

    // Rendering with sample data
    public static let renderedMalformed = Self("render.malformed", summary: "the template rendered with its sample data is well-formed HTML")
    public static let unrenderedMustache = Self("render.unrendered-mustache", summary: "the rendered output has no leftover {{")
}
