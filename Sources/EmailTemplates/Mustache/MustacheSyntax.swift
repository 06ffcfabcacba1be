import Mustache

/// Parses a text with swift-mustache, the engine that renders the templates, and turns its
/// parse error into a position and a message saying what to fix.
enum MustacheSyntax {
    struct Failure: Error, Sendable {
        let line: Int
        /// Column in Unicode scalars.
        let column: Int
        let message: String
    }

    /// Parses `string`; nil when swift-mustache accepts it.
    static func validate(_ string: String) -> Failure? {
        if case .failure(let failure) = parse(string) { return failure }
        return nil
    }

    /// Parses `string` with swift-mustache, keeping the parsed template for rendering (parsing
    /// dominates the cost of a check, so it is done once).
    static func parse(_ string: String) -> Result<MustacheTemplate, Failure> {
        do {
            return .success(try MustacheTemplate(string: string))
        } catch let error as MustacheTemplate.ParserError {
            let characterColumn = max(1, error.context.columnNumber)
            let column = error.context.line.prefix(characterColumn - 1).unicodeScalars.count + 1
            return .failure(Failure(line: error.context.lineNumber, column: column, message: message(for: error.error)))
        } catch {
            return .failure(Failure(line: 1, column: 1, message: "Mustache parse error: \(error)"))
        }
    }

    static func message(for error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "Mustache parse error: \(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "a section is closed with a different name than it was opened with: match {{/name}} to its {{#name}}"
        case .unfinishedName: return "a Mustache tag is not finished or its name has characters Mustache does not allow: write {{name}} with letters, digits, '_', '-', '.'"
        case .expectedSectionEnd: return "a Mustache section is never closed: add its {{/name}}"
        case .invalidSetDelimiter: return "invalid set-delimiter tag: write {{=<% %>=}} (or better, keep {{ }})"
        case .transformAppliedToInheritanceSection: return "transforms cannot be applied to an inherited block"
        case .illegalTokenInsideInheritSection: return "only {{$block}} definitions are allowed inside {{<parent}}"
        case .textInsideInheritSection: return "text is not allowed inside {{<parent}} outside a {{$block}}"
        case .invalidConfigVariableSyntax: return "invalid {{% … }} configuration tag: write {{% NAME: value }}"
        case .unrecognisedConfigVariable: return "unknown {{% … }} configuration variable: only CONTENT_TYPE is known"
        }
    }
}
