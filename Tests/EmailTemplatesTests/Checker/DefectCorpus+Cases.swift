import EmailTemplates
import Foundation

extension DefectCorpus {
    /// One defect per case, covering every rule the checker has.
    static let defects: [Defect] = [
        // HTML structure
        Defect(name: "unclosed element", rule: .unclosedElement, anchor: .template("<p id=\"greeting\">"),
               template: { $0.replacingOccurrences("thanks.</p>", with: "thanks.") }),
        Defect(name: "misnested elements", rule: .misnestedElement, anchor: .template("</a></b>"),
               template: { $0.replacingOccurrences(">View order</a>", with: "><b>View order</a></b>") }),
        Defect(name: "stray end tag", rule: .strayEndTag, anchor: .template("</span>"),
               template: { $0.replacingOccurrences("View order</a>", with: "View order</a></span>") }),
        Defect(name: "void element closed", rule: .voidElementClosed, anchor: .template("</img>"),
               template: { $0.replacingOccurrences("alt=\"BBWS Customer Portal\">", with: "alt=\"BBWS Customer Portal\"></img>") }),
        Defect(name: "self-closing non-void element", rule: .selfClosingNonVoid, anchor: .template("<div class=\"spacer\"/>"),
               template: { $0.replacingOccurrences("      <a href", with: "      <div class=\"spacer\"/>\n      <a href") }),
        Defect(name: "unquoted attribute", rule: .unquotedAttribute, anchor: .template("width=600", plus: 6),
               template: { $0.replacingOccurrences("width=\"600\"", with: "width=600") }),
        Defect(name: "unquoted Mustache attribute", rule: .unquotedAttribute, anchor: .template("href={{order_url}}", plus: 5),
               template: { $0.replacingOccurrences("href=\"{{order_url}}\"", with: "href={{order_url}}") }),
        Defect(name: "duplicate attribute", rule: .duplicateAttribute, anchor: .template("class=\"wide\""),
               template: { $0.replacingOccurrences("class=\"container\"", with: "class=\"container\" class=\"wide\"") }),
        Defect(name: "no space between attributes", rule: .malformedTag, anchor: .template("class=\"cta\""),
               template: { $0.replacingOccurrences("href=\"{{order_url}}\"", with: "href=\"{{order_url}}\"class=\"cta\"") }),
        Defect(name: "unterminated comment", rule: .unterminatedComment, anchor: .template("<!-- trailing"),
               template: { $0 + "<!-- trailing note\n" }),
        Defect(name: "named reference without semicolon", rule: .characterReference, anchor: .template("&copy 2026"),
               template: { $0.replacingOccurrences("thanks.</p>", with: "thanks. &copy 2026</p>") }),
        Defect(name: "unknown named reference", rule: .characterReference, anchor: .template("&bogus;"),
               template: { $0.replacingOccurrences("thanks.</p>", with: "thanks &bogus;</p>") }),
        Defect(name: "missing doctype", rule: .doctype, anchor: .templateStart,
               template: { $0.replacingOccurrences("<!DOCTYPE html>\n", with: "") }),
        Defect(name: "legacy doctype", rule: .doctype, anchor: .templateStart,
               template: { $0.replacingOccurrences("<!DOCTYPE html>", with: "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\">") }),
        Defect(name: "missing lang", rule: .lang, anchor: .template("<html>"),
               template: { $0.replacingOccurrences("<html lang=\"en\">", with: "<html>") }),
        Defect(name: "empty lang", rule: .lang, anchor: .template("lang=\"\""),
               template: { $0.replacingOccurrences("lang=\"en\"", with: "lang=\"\"") }),
        Defect(name: "missing title", rule: .title, anchor: .template("<head>"),
               template: { $0.replacingOccurrences("<title>Order {{order_number}}</title>\n", with: "") }),
        Defect(name: "empty title", rule: .title, anchor: .template("<title>"),
               template: { $0.replacingOccurrences("<title>Order {{order_number}}</title>", with: "<title>  </title>") }),
        Defect(name: "element crosses a section", rule: .elementCrossesSection, anchor: .template("{{/items}}</tr>", plus: 10),
               template: {
                   $0.replacingOccurrences("<td align=\"right\">{{quantity}}</td></tr>\n        {{/items}}",
                                           with: "<td align=\"right\">{{quantity}}</td>{{/items}}</tr>")
               }),
        // Mustache
        Defect(name: "unterminated Mustache tag", rule: .mustacheSyntax, anchor: .template("{{customer_name},"),
               template: { $0.replacingOccurrences("{{customer_name}},", with: "{{customer_name},") }),
        Defect(name: "unclosed section", rule: .mustacheSyntax, anchor: .template("{{#items}}"),
               template: { $0.replacingOccurrences("    {{/items}}\n", with: "") }),
        Defect(name: "section closed by another name", rule: .mustacheSyntax, anchor: .template("{{/item}}"),
               template: { $0.replacingOccurrences("{{/items}}", with: "{{/item}}") }),
        Defect(name: "invalid character in a name", rule: .mustacheSyntax, anchor: .template("{{customer name}}"),
               template: { $0.replacingOccurrences("{{customer_name}}", with: "{{customer name}}") }),
        Defect(name: "set-delimiter tag", rule: .setDelimiter, anchor: .template("{{=<% %>=}}"),
               template: { $0.replacingOccurrences("<body>\n", with: "<body>\n{{=<% %>=}}\n") }),
        Defect(name: "undeclared placeholder", rule: .undeclaredVariable, anchor: .template("{{coupon_code}}"),
               template: { $0.replacingOccurrences("thanks.</p>", with: "thanks. Use {{coupon_code}}.</p>") }),
        Defect(name: "undeclared field in a section", rule: .undeclaredVariable, anchor: .template("{{title}}"),
               template: { $0.replacingOccurrences("<td>{{name}}</td>", with: "<td>{{title}}</td>") },
               alsoAllowed: [.unusedVariable]),
        Defect(name: "unused variable", rule: .unusedVariable, anchor: .manifest("{\"name\": \"promo_banner\""),
               manifest: {
                   $0.replacingOccurrences("\"variables\": [\n", with: "\"variables\": [\n        {\"name\": \"promo_banner\", \"type\": \"string\", \"description\": \"Banner.\", \"required\": false},\n")
               }),
        Defect(name: "undeclared placeholder in the subject", rule: .undeclaredVariable, anchor: .manifest("{{order_numbr}}"),
               manifest: { $0.replacingOccurrences("\"subject\": \"Order {{order_number}}", with: "\"subject\": \"Order {{order_numbr}}") }),
        Defect(name: "broken Mustache in the subject", rule: .mustacheSyntax, anchor: .manifest("{{customer_name\""),
               manifest: { $0.replacingOccurrences("{{customer_name}}\"", with: "{{customer_name\"") }),
        // Content
        Defect(name: "script element", rule: .script, anchor: .template("<script>"),
               template: { $0.replacingOccurrences("</body>", with: "<script>track()</script>\n</body>") }),
        Defect(name: "event handler attribute", rule: .script, anchor: .template("onclick"),
               template: { $0.replacingOccurrences("href=\"{{order_url}}\"", with: "href=\"{{order_url}}\" onclick=\"track()\"") }),
        Defect(name: "http image", rule: .insecureResource, anchor: .template("http://assets.bbws.example/logo.png"),
               template: { $0.replacingOccurrences("src=\"https://assets.bbws.example/logo.png\"", with: "src=\"http://assets.bbws.example/logo.png\"") }),
        Defect(name: "http link", rule: .insecureResource, anchor: .template("http://bbws.example/help"),
               template: { $0.replacingOccurrences("View order</a>", with: "View order</a> <a href=\"http://bbws.example/help\">Help</a>") }),
        Defect(name: "http url() in a style element", rule: .insecureResource, anchor: .template("http://assets.bbws.example/hero.png"),
               template: { $0.replacingOccurrences("url('https://", with: "url('http://") }),
        Defect(name: "http url() in a style attribute", rule: .insecureResource, anchor: .template("http://assets.bbws.example/bg.png"),
               template: { $0.replacingOccurrences("<td>\n", with: "<td style=\"background: url(http://assets.bbws.example/bg.png)\">\n") }),
        Defect(name: "img without alt", rule: .imageAlt, anchor: .template("<img"),
               template: { $0.replacingOccurrences(" alt=\"BBWS Customer Portal\"", with: "") }),
        // File
        Defect(name: "oversize", rule: .fileSize, anchor: .templateByte(102 * 1024),
               template: { $0.replacingOccurrences("<body>\n", with: "<body>\n<!-- " + String(repeating: "padding ", count: 13_000) + "-->\n") }),
        Defect(name: "invalid UTF-8", rule: .encoding, anchor: .template("INVALID"),
               template: { $0.replacingOccurrences("café", with: "cafINVALID") },
               bytes: { text in
                   let parts = text.components(separatedBy: "INVALID")
                   return Array(parts[0].utf8) + [0xE9] + Array(parts[1...].joined(separator: "INVALID").utf8)
               }),
        // Manifest pairing
        Defect(name: "template without a manifest entry", rule: .missingManifestEntry, anchor: .fileStart("notifications/extra.html"),
               extraFiles: ["notifications/extra.html"]),
        Defect(name: "manifest entry without a file", rule: .missingTemplateFile, anchor: .manifest("notifications/ghost.html"),
               manifest: { manifest in
                   let ghost = entryJSON.replacingOccurrences("notifications/order.html", with: "notifications/ghost.html")
                   return manifest.replacingOccurrences("\n  ]\n}", with: ",\n" + ghost + "\n  ]\n}")
               }),
        // Rendering with sample data
        Defect(name: "sample value leaves Mustache in the output", rule: .unrenderedMustache, anchor: .rendered("{{"),
               manifest: { $0.replacingOccurrences("\"customer_name\": \"Thandi\"", with: "\"customer_name\": \"{{first_name}}\"") }),
        Defect(name: "unescaped sample value breaks the structure", rule: .renderedMalformed, anchor: .rendered("<b>Thandi"),
               template: { $0.replacingOccurrences("Hello {{customer_name}},", with: "Hello {{{customer_name}}},") },
               manifest: { $0.replacingOccurrences("\"customer_name\": \"Thandi\"", with: "\"customer_name\": \"<b>Thandi\"") }),
    ]
}

extension String {
    /// Replaces `target` (which must occur) by `replacement`.
    func replacingOccurrences(_ target: String, with replacement: String) -> String {
        precondition(contains(target), "corpus mutation target not found: \(target)")
        return replacingOccurrences(of: target, with: replacement)
    }
}
