/// The content rules for email: no scripts (elements, `on…` handlers, `javascript:` URLs), no
/// `http://` resources or links (URL attributes, `srcset`, `url(…)` and `@import` in inline and
/// embedded CSS), and an `alt` attribute on every `<img>`.
enum HTMLContentPolicy {
    typealias Problem = HTMLStructureChecker.Problem

    static func check(_ tokens: [HTMLToken], in text: SourceText) -> [Problem] {
        var problems: [Problem] = []
        var inStyle = false
        for token in tokens {
            switch token {
            case .startTag(let tag):
                inStyle = tag.name == "style" && !tag.selfClosing
                checkTag(tag, into: &problems)
            case .endTag:
                inStyle = false
            case .text(let range) where inStyle:
                checkCSS(Array(text.scalars[range]), baseOffset: range.lowerBound, into: &problems)
            default:
                break
            }
        }
        return problems
    }

    private static func checkTag(_ tag: HTMLStartTag, into problems: inout [Problem]) {
        if tag.name == "script" {
            problems.append(Problem(offset: tag.offset, rule: .script,
                                    message: "<script> is not allowed in email: clients strip or block it; remove it"))
        }
        if tag.name == "img", tag.attribute("alt") == nil {
            problems.append(Problem(offset: tag.offset, rule: .imageAlt,
                                    message: "<img> has no alt attribute: describe the image (alt=\"…\"), or alt=\"\" if it is decorative"))
        }
        for attribute in tag.attributes {
            let value = attribute.value ?? ""
            let scalars = Array(value.unicodeScalars)
            let valueOffset = attribute.valueOffset ?? attribute.nameOffset
            if attribute.name.hasPrefix("on"), attribute.name.count > 2 {
                problems.append(Problem(offset: attribute.nameOffset, rule: .script,
                                        message: "event handler \(attribute.name) in <\(tag.name)> is script: remove it"))
            }
            if HTMLElements.urlAttributes.contains(attribute.name) {
                let lead = leadingWhitespace(scalars)
                let url = String(scalars: scalars[lead...]).lowercased()
                if url.hasPrefix("http://") {
                    problems.append(Problem(offset: valueOffset + lead, rule: .insecureResource,
                                            message: "\(attribute.name) of <\(tag.name)> uses http://: use https:// (mail clients block or warn on insecure content)"))
                } else if url.hasPrefix("javascript:") {
                    problems.append(Problem(offset: valueOffset + lead, rule: .script,
                                            message: "\(attribute.name) of <\(tag.name)> is a javascript: URL: link to a page instead"))
                }
            }
            if attribute.name == "srcset" {
                var start = 0
                for index in 0...scalars.count where index == scalars.count || scalars[index] == "," {
                    let lead = start + leadingWhitespace(Array(scalars[start..<index]))
                    if String(scalars: scalars[lead..<index]).lowercased().hasPrefix("http://") {
                        problems.append(Problem(offset: valueOffset + lead, rule: .insecureResource,
                                                message: "srcset of <\(tag.name)> has an http:// image: use https://"))
                    }
                    start = index + 1
                }
            }
            if attribute.name == "style" {
                checkCSS(scalars, baseOffset: valueOffset, into: &problems)
            }
        }
    }

    /// Finds `url(http://…)` and `@import "http://…"` in CSS.
    static func checkCSS(_ scalars: [Unicode.Scalar], baseOffset: Int, into problems: inout [Problem]) {
        let lower = scalars.map(\.asciiLowercased)
        var index = 0
        while index < lower.count {
            var target: Int?
            var what = ""
            if matches(lower, "url(", at: index) {
                target = index + 4
                what = "url(…)"
            } else if matches(lower, "@import", at: index) {
                target = index + 7
                what = "@import"
            }
            guard var position = target else { index += 1; continue }
            while position < lower.count, lower[position].isHTMLWhitespace || lower[position] == "\"" || lower[position] == "'" {
                position += 1
            }
            if what == "@import", matches(lower, "url(", at: position) {
                index = position
                continue
            }
            if matches(lower, "http://", at: position) {
                problems.append(Problem(offset: baseOffset + position, rule: .insecureResource,
                                        message: "CSS \(what) loads http://: use https://"))
            }
            index = position
        }
    }

    private static func matches(_ scalars: [Unicode.Scalar], _ ascii: String, at index: Int) -> Bool {
        var position = index
        for unit in ascii.unicodeScalars {
            guard position < scalars.count, scalars[position] == unit else { return false }
            position += 1
        }
        return true
    }

    private static func leadingWhitespace(_ scalars: [Unicode.Scalar]) -> Int {
        scalars.prefix(while: \.isHTMLWhitespace).count
    }
}
