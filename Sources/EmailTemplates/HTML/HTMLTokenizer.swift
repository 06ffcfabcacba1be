import PipelineBasics

/// A small HTML tokenizer for email templates: text, comments, doctype, start and end tags with
/// attributes, raw text elements (`style`) and character references, with positions. Mustache
/// tags (found first by `MustacheScanner`) are skipped as opaque units wherever they appear, so
/// `{{` … `}}` with quotes or `<` inside never confuses it. It reports the problems a browser
/// would silently repair: unquoted or duplicate attributes, broken tags, unterminated comments,
/// bad character references.
struct HTMLTokenizer {
    struct Problem: Sendable {
        let offset: Int
        let rule: Diagnostic.Rule
        let message: String
    }

    private let text: SourceText
    private let scalars: [Unicode.Scalar]
    private let mustache: [Int: MustacheTag]
    private var index = 0
    private(set) var tokens: [HTMLToken] = []
    private(set) var problems: [Problem] = []
    private var textStart: Int?

    init(text: SourceText, mustacheTags: [MustacheTag]) {
        self.text = text
        self.scalars = text.scalars
        var byStart: [Int: MustacheTag] = [:]
        for tag in mustacheTags { byStart[tag.start] = tag }
        self.mustache = byStart
    }

    /// Tokenizes the whole text.
    static func tokenize(_ text: SourceText, mustacheTags: [MustacheTag]) -> (tokens: [HTMLToken], problems: [Problem]) {
        var tokenizer = HTMLTokenizer(text: text, mustacheTags: mustacheTags)
        tokenizer.run()
        return (tokenizer.tokens, tokenizer.problems)
    }

    private mutating func run() {
        while index < scalars.count {
            if let tag = mustache[index] {
                flushText()
                tokens.append(.mustache(tag))
                index = tag.range.upperBound
                continue
            }
            let scalar = scalars[index]
            if scalar == "<" {
                if text.matches("<!--", at: index) {
                    flushText(); readComment()
                } else if text.matchesIgnoringCase("<!doctype", at: index) {
                    flushText(); readDoctype()
                } else if text.matches("<!", at: index) || text.matches("<?", at: index) {
                    flushText(); readBogusComment()
                } else if text.matches("</", at: index), index + 2 < scalars.count, scalars[index + 2].isASCIIAlpha {
                    flushText(); readEndTag()
                } else if index + 1 < scalars.count, scalars[index + 1].isASCIIAlpha {
                    flushText(); readStartTag()
                } else {
                    problem(at: index, .malformedTag, "a bare '<' in text: write &lt; for a literal '<'")
                    markText(); index += 1
                }
            } else if scalar == "&" {
                markText()
                index = checkCharacterReference(at: index, inAttribute: false)
            } else {
                markText(); index += 1
            }
        }
        flushText()
    }

    // MARK: Text

    private mutating func markText() {
        if textStart == nil { textStart = index }
    }

    private mutating func flushText() {
        if let start = textStart, start < index { tokens.append(.text(start..<index)) }
        textStart = nil
    }

    // MARK: Comments and doctype

    private mutating func readComment() {
        let start = index
        guard let end = find("-->", from: index + 4) else {
            problem(at: start, .unterminatedComment, "comment opened with <!-- is never closed: add -->")
            tokens.append(.comment(start..<scalars.count))
            index = scalars.count
            return
        }
        tokens.append(.comment(start..<(end + 3)))
        index = end + 3
    }

    private mutating func readBogusComment() {
        let start = index
        let end = find(">", from: index + 2) ?? (scalars.count - 1)
        tokens.append(.comment(start..<(end + 1)))
        index = end + 1
    }

    private mutating func readDoctype() {
        let start = index
        guard let end = find(">", from: index) else {
            problem(at: start, .malformedTag, "<!DOCTYPE is never closed: add '>'")
            index = scalars.count
            return
        }
        tokens.append(.doctype(text: text.string(start..<(end + 1)), offset: start))
        index = end + 1
    }

    // MARK: End tags

    private mutating func readEndTag() {
        let start = index
        index += 2
        let name = readName()
        skipWhitespace()
        guard index < scalars.count else {
            problem(at: start, .malformedTag, "end tag </\(name) is never closed: add '>'")
            return
        }
        if scalars[index] != ">" {
            problem(at: start, .malformedTag, "end tag </\(name)> has extra content before '>': end tags take no attributes")
            guard let end = find(">", from: index) else { index = scalars.count; return }
            index = end
        }
        index += 1
        tokens.append(.endTag(name: name, offset: start))
    }

    // MARK: Start tags

    private mutating func readStartTag() {
        let start = index
        index += 1
        let name = readName()
        var attributes: [HTMLAttribute] = []
        var selfClosing = false
        var closed = false
        attributeLoop: while index < scalars.count {
            skipWhitespace()
            guard index < scalars.count else { break }
            if let tag = mustache[index] {
                index = tag.range.upperBound
                continue
            }
            switch scalars[index] {
            case ">":
                index += 1
                closed = true
                break attributeLoop
            case "/":
                if index + 1 < scalars.count, scalars[index + 1] == ">" {
                    selfClosing = true
                    index += 2
                    closed = true
                    break attributeLoop
                }
                problem(at: index, .malformedTag, "stray '/' inside <\(name)>: remove it")
                index += 1
            case "<":
                problem(at: start, .malformedTag, "tag <\(name) is not closed before the next '<': add '>'")
                break attributeLoop
            default:
                if let attribute = readAttribute(tagName: name) {
                    if attributes.contains(where: { $0.name == attribute.name }) {
                        problem(at: attribute.nameOffset, .duplicateAttribute,
                                "attribute \(attribute.name) appears twice in <\(name)>: keep one (browsers ignore the second)")
                    } else {
                        attributes.append(attribute)
                    }
                }
            }
        }
        if !closed, index >= scalars.count {
            problem(at: start, .malformedTag, "tag <\(name) is never closed: add '>'")
        }
        let tag = HTMLStartTag(name: name, attributes: attributes, selfClosing: selfClosing, offset: start, end: index)
        tokens.append(.startTag(tag))
        if closed, !selfClosing, HTMLElements.rawText.contains(name) || HTMLElements.escapableRawText.contains(name) {
            readRawText(of: name, escapable: HTMLElements.escapableRawText.contains(name))
        }
    }

    private mutating func readAttribute(tagName: String) -> HTMLAttribute? {
        let nameOffset = index
        var name: [Unicode.Scalar] = []
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar.isHTMLWhitespace || scalar == "=" || scalar == ">" || scalar == "/" || mustache[index] != nil { break }
            if scalar == "\"" || scalar == "'" || scalar == "<" {
                problem(at: index, .malformedTag, "unexpected \(scalar) in an attribute name of <\(tagName)>: check the quotes before it")
                index += 1
                if name.isEmpty { return nil }
                break
            }
            name.append(scalar.asciiLowercased)
            index += 1
        }
        let attributeName = String(scalars: name)
        let afterName = index
        skipWhitespace()
        guard index < scalars.count, scalars[index] == "=" else {
            index = afterName
            return HTMLAttribute(name: attributeName, value: nil, nameOffset: nameOffset, valueOffset: nil, quote: .none)
        }
        index += 1
        skipWhitespace()
        guard index < scalars.count else { return nil }
        let quote = scalars[index]
        if quote == "\"" || quote == "'" {
            let valueStart = index + 1
            index += 1
            while index < scalars.count, scalars[index] != quote {
                if let tag = mustache[index] { index = tag.range.upperBound; continue }
                if scalars[index] == "&" { index = checkCharacterReference(at: index, inAttribute: true); continue }
                index += 1
            }
            guard index < scalars.count else {
                problem(at: valueStart - 1, .malformedTag, "the value of \(attributeName) in <\(tagName)> is never closed: add the closing \(quote)")
                return nil
            }
            let value = text.string(valueStart..<index)
            index += 1
            if index < scalars.count, !scalars[index].isHTMLWhitespace, scalars[index] != ">", scalars[index] != "/", mustache[index] == nil {
                problem(at: index, .malformedTag, "no space between attributes after \(attributeName)=\(quote)…\(quote) in <\(tagName)>: add one")
            }
            return HTMLAttribute(name: attributeName, value: value, nameOffset: nameOffset, valueOffset: valueStart,
                                 quote: quote == "\"" ? .double : .single)
        }
        if quote == ">" {
            problem(at: nameOffset, .malformedTag, "attribute \(attributeName)= in <\(tagName)> has no value: write \(attributeName)=\"…\"")
            return nil
        }
        let valueStart = index
        while index < scalars.count, !scalars[index].isHTMLWhitespace, scalars[index] != ">" {
            if let tag = mustache[index] { index = tag.range.upperBound; continue }
            index += 1
        }
        let value = text.string(valueStart..<index)
        problem(at: valueStart, .unquotedAttribute, "the value of \(attributeName) in <\(tagName)> is not quoted: write \(attributeName)=\"\(value)\"")
        return HTMLAttribute(name: attributeName, value: value, nameOffset: nameOffset, valueOffset: valueStart, quote: .unquoted)
    }

    /// Content of `<style>`, `<title>`… up to the matching end tag, which is then read normally.
    private mutating func readRawText(of name: String, escapable: Bool) {
        let start = index
        var position = index
        while position < scalars.count {
            if scalars[position] == "<", text.matchesIgnoringCase("</" + name, at: position) {
                let after = position + 2 + name.unicodeScalars.count
                if after >= scalars.count || scalars[after].isHTMLWhitespace || scalars[after] == ">" || scalars[after] == "/" { break }
            }
            if escapable, scalars[position] == "&" {
                position = checkCharacterReference(at: position, inAttribute: false)
                continue
            }
            if let tag = mustache[position] { position = tag.range.upperBound; continue }
            position += 1
        }
        if start < position { tokens.append(.text(start..<position)) }
        index = position
    }

    // MARK: Character references

    /// Checks a character reference starting at `&`; returns the offset after it.
    private mutating func checkCharacterReference(at start: Int, inAttribute: Bool) -> Int {
        var position = start + 1
        if position < scalars.count, scalars[position] == "#" {
            position += 1
            var hex = false
            if position < scalars.count, scalars[position] == "x" || scalars[position] == "X" { hex = true; position += 1 }
            let digitsStart = position
            var value: UInt32 = 0
            while position < scalars.count, hex ? scalars[position].isASCIIHexDigit : scalars[position].isASCIIDigit {
                let digit = UInt32(hex ? Int(String(scalars[position]), radix: 16)! : Int(scalars[position].value) - 48)
                value = min(value &* (hex ? 16 : 10) &+ digit, 0x110000)
                position += 1
            }
            if position == digitsStart {
                problem(at: start, .characterReference, "'&#' must be followed by \(hex ? "hexadecimal " : "")digits: write &amp;# for a literal '&#'")
                return position
            }
            let written = text.string(start..<position)
            if position >= scalars.count || scalars[position] != ";" {
                problem(at: start, .characterReference, "character reference \(written) has no ';': write \(written);")
            } else {
                position += 1
            }
            if value == 0 || value > 0x10FFFF || (0xD800...0xDFFF).contains(value) {
                problem(at: start, .characterReference, "character reference \(written) is not a valid character")
            }
            return position
        }
        let nameStart = position
        while position < scalars.count, scalars[position].isASCIIAlphanumeric { position += 1 }
        guard position > nameStart else { return position }
        let name = text.string(nameStart..<position)
        if position < scalars.count, scalars[position] == ";" {
            if !HTMLNamedCharacterReferences.names.contains(name) {
                problem(at: start, .characterReference, "unknown character reference &\(name);: write &amp;\(name); for literal text, or use a numeric reference")
            }
            return position + 1
        }
        if !inAttribute, HTMLNamedCharacterReferences.legacyNames.contains(name) {
            problem(at: start, .characterReference, "character reference &\(name) has no ';': write &\(name);")
        }
        return position
    }

    // MARK: Helpers

    private mutating func readName() -> String {
        var name: [Unicode.Scalar] = []
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar.isHTMLWhitespace || scalar == "/" || scalar == ">" || scalar == "<" || mustache[index] != nil { break }
            name.append(scalar.asciiLowercased)
            index += 1
        }
        return String(scalars: name)
    }

    private mutating func skipWhitespace() {
        while index < scalars.count, scalars[index].isHTMLWhitespace { index += 1 }
    }

    private func find(_ ascii: String, from: Int) -> Int? {
        var position = from
        let first = ascii.unicodeScalars.first!
        while position < scalars.count {
            if scalars[position] == first, text.matches(ascii, at: position) { return position }
            position += 1
        }
        return nil
    }

    private mutating func problem(at offset: Int, _ rule: Diagnostic.Rule, _ message: String) {
        problems.append(Problem(offset: offset, rule: rule, message: message))
    }
}
