import PipelineBasics

/// Checks that elements are balanced and properly nested, that void elements are not closed
/// and other elements not self-closed, and that no element opened inside a Mustache section
/// closes outside it. Every non-void element needs an explicit end tag (the strict, XHTML-like
/// rule email clients need: HTML's optional end tags are repaired differently by each client).
struct HTMLStructureChecker {
    struct Problem: Sendable {
        let offset: Int
        let rule: Diagnostic.Rule
        let message: String
    }

    private struct OpenElement {
        let name: String
        let offset: Int
        /// Identity of the innermost Mustache section open when the element was opened (0: none).
        let section: Int
        /// Set when an ancestor's end tag closed over this still-open element.
        var crossedBy: (name: String, offset: Int)?
    }

    private struct OpenSection {
        let id: Int
        let tag: MustacheTag
    }

    let text: SourceText
    private var stack: [OpenElement] = []
    private var sections: [OpenSection] = []
    private var nextSectionID = 1
    private var sectionTags: [Int: MustacheTag] = [:]
    private(set) var problems: [Problem] = []

    init(text: SourceText) {
        self.text = text
    }

    static func check(_ tokens: [HTMLToken], in text: SourceText) -> [Problem] {
        var checker = HTMLStructureChecker(text: text)
        for token in tokens { checker.consume(token) }
        checker.finish()
        return checker.problems
    }

    private var currentSection: Int { sections.last?.id ?? 0 }

    private mutating func consume(_ token: HTMLToken) {
        switch token {
        case .startTag(let tag):
            if HTMLElements.void.contains(tag.name) { return }
            if tag.selfClosing {
                problem(at: tag.offset, .selfClosingNonVoid,
                        "<\(tag.name)/> is not a void element, so '/>' does not close it: write <\(tag.name)></\(tag.name)>")
                return
            }
            stack.append(OpenElement(name: tag.name, offset: tag.offset, section: currentSection))
        case .endTag(let name, let offset):
            closeElement(name, at: offset)
        case .mustache(let tag):
            switch tag.kind {
            case .section, .invertedSection:
                sections.append(OpenSection(id: nextSectionID, tag: tag))
                sectionTags[nextSectionID] = tag
                nextSectionID += 1
            case .close:
                if let index = sections.lastIndex(where: { $0.tag.expression == tag.expression }) {
                    sections.removeSubrange(index...)
                }
            default:
                break
            }
        case .doctype, .text, .comment:
            break
        }
    }

    private mutating func closeElement(_ name: String, at offset: Int) {
        if HTMLElements.void.contains(name) {
            problem(at: offset, .voidElementClosed, "</\(name)> closes a void element, which has no end tag: remove </\(name)>")
            return
        }
        guard let index = stack.lastIndex(where: { $0.name == name }) else {
            problem(at: offset, .strayEndTag, "</\(name)> has no open <\(name)> to close: remove it or add the missing <\(name)>")
            return
        }
        let element = stack[index]
        if let crossed = element.crossedBy {
            problem(at: crossed.offset, .misnestedElement,
                    "</\(crossed.name)> closes <\(crossed.name)> while <\(name)> (opened at \(location(element.offset))) is still open: close </\(name)> before </\(crossed.name)>")
        }
        if element.section != currentSection {
            problem(at: offset, .elementCrossesSection, sectionCrossingMessage(element: element))
        }
        for above in (index + 1)..<stack.count where stack[above].crossedBy == nil {
            stack[above].crossedBy = (name, offset)
        }
        stack.remove(at: index)
    }

    private func sectionCrossingMessage(element: OpenElement) -> String {
        let opened = location(element.offset)
        if let section = sectionTags[element.section] {
            return "<\(element.name)> opened at \(opened) inside \(section.displayText) is closed in a different section: open and close it within the same {{#…}}…{{/…}}"
        }
        return "<\(element.name)> opened at \(opened) is closed in a different Mustache section than it was opened in: keep each element inside one section"
    }

    private mutating func finish() {
        for element in stack {
            problem(at: element.offset, .unclosedElement, "<\(element.name)> is never closed: add </\(element.name)>")
        }
        stack.removeAll()
    }

    private func location(_ offset: Int) -> SourcePosition {
        text.location(of: offset)
    }

    private mutating func problem(at offset: Int, _ rule: Diagnostic.Rule, _ message: String) {
        problems.append(Problem(offset: offset, rule: rule, message: message))
    }
}
