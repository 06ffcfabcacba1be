/// Checks the document frame every email needs: `<!DOCTYPE html>` first, `<html lang="…">`, and
/// one non-empty `<title>` inside `<head>`.
enum HTMLDocumentChecker {
    typealias Problem = HTMLStructureChecker.Problem

    static func check(_ tokens: [HTMLToken], in text: SourceText) -> [Problem] {
        var problems: [Problem] = []
        checkDoctype(tokens, text: text, into: &problems)
        checkLang(tokens, into: &problems)
        checkTitle(tokens, text: text, into: &problems)
        return problems
    }

    private static func checkDoctype(_ tokens: [HTMLToken], text: SourceText, into problems: inout [Problem]) {
        for token in tokens {
            switch token {
            case .comment:
                continue
            case .mustache(let tag) where tag.kind == .comment:
                continue
            case .text(let range) where text.scalars[range].allSatisfy(\.isHTMLWhitespace):
                continue
            case .doctype(let written, let offset):
                let words = written.dropFirst(2).dropLast().split(whereSeparator: { $0.isWhitespace })
                if words.count != 2 || words[1].lowercased() != "html" {
                    problems.append(Problem(offset: offset, rule: .doctype,
                                            message: "\(written) is not the HTML5 doctype: replace it with <!DOCTYPE html>"))
                }
                return
            default:
                var start = offset(of: token)
                if case .text(let range) = token {
                    start = range.first { !text.scalars[$0].isHTMLWhitespace } ?? range.lowerBound
                }
                problems.append(Problem(offset: start, rule: .doctype,
                                        message: "the file does not start with <!DOCTYPE html>: add it as the first line (without it clients render in quirks mode)"))
                return
            }
        }
        problems.append(Problem(offset: 0, rule: .doctype, message: "the file has no <!DOCTYPE html>: add it as the first line"))
    }

    private static func checkLang(_ tokens: [HTMLToken], into problems: inout [Problem]) {
        for case .startTag(let tag) in tokens where tag.name == "html" {
            guard let lang = tag.attribute("lang") else {
                problems.append(Problem(offset: tag.offset, rule: .lang,
                                        message: "<html> has no lang attribute: write <html lang=\"en\"> (screen readers need the language)"))
                return
            }
            if (lang.value ?? "").trimmingHTMLWhitespace().isEmpty {
                problems.append(Problem(offset: lang.nameOffset, rule: .lang, message: "<html lang> is empty: give the language, e.g. lang=\"en\""))
            }
            return
        }
        problems.append(Problem(offset: 0, rule: .lang, message: "the document has no <html> element: wrap it in <html lang=\"en\">…</html>"))
    }

    private static func checkTitle(_ tokens: [HTMLToken], text: SourceText, into problems: inout [Problem]) {
        var depthInHead = 0
        var headOffset: Int?
        var titles = 0
        for (index, token) in tokens.enumerated() {
            switch token {
            case .startTag(let tag) where tag.name == "head" && !tag.selfClosing:
                depthInHead += 1
                headOffset = headOffset ?? tag.offset
            case .endTag(let name, _) where name == "head":
                depthInHead = max(0, depthInHead - 1)
            case .startTag(let tag) where tag.name == "title":
                titles += 1
                if titles > 1 {
                    problems.append(Problem(offset: tag.offset, rule: .title, message: "a second <title>: keep exactly one, in <head>"))
                    continue
                }
                if depthInHead == 0 {
                    problems.append(Problem(offset: tag.offset, rule: .title, message: "<title> is outside <head>: move it into <head>"))
                }
                var content = ""
                if index + 1 < tokens.count, case .text(let range) = tokens[index + 1] {
                    content = text.string(range)
                }
                if content.trimmingHTMLWhitespace().isEmpty {
                    problems.append(Problem(offset: tag.offset, rule: .title,
                                            message: "<title> is empty: give the email a title (clients show it in previews and web views)"))
                }
            default:
                break
            }
        }
        if titles == 0 {
            problems.append(Problem(offset: headOffset ?? 0, rule: .title, message: "the document has no <title>: add <title>…</title> inside <head>"))
        }
    }

    static func offset(of token: HTMLToken) -> Int {
        switch token {
        case .doctype(_, let offset): offset
        case .startTag(let tag): tag.offset
        case .endTag(_, let offset): offset
        case .text(let range), .comment(let range): range.lowerBound
        case .mustache(let tag): tag.start
        }
    }
}
