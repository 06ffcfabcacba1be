#if !FUZZING  // the fuzz target compiles PipelineBasics' sources into its own module
import PipelineBasics
#endif

/// The catalogue of the template checks (the rules themselves are `Diagnostic.Rule.imageAlt`
/// and so on; see `Diagnostic+TemplateRules.swift` for their ids and summaries).
public enum TemplateRule {
    /// Every template rule, grouped by area (HTML, Mustache, content, file, manifest, rendering).
    public static let allCases: [Diagnostic.Rule] = [
        .unclosedElement, .misnestedElement, .strayEndTag, .voidElementClosed, .selfClosingNonVoid, .unquotedAttribute,
        .duplicateAttribute, .malformedTag, .unterminatedComment, .characterReference, .doctype, .lang, .title,
        .elementCrossesSection, .mustacheSyntax, .setDelimiter, .undeclaredVariable, .unusedVariable, .script, .insecureResource,
        .imageAlt, .fileSize, .encoding, .manifestInvalid, .missingManifestEntry, .missingTemplateFile, .renderedMalformed,
        .unrenderedMustache,
    ]
}
