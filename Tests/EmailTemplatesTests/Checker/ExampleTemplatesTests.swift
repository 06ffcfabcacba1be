import EmailTemplates
import Foundation
import TestTiers
import Testing

/// The 12 example templates of the seed pass the checker clean and render to well-formed HTML.
@Suite(.fast) struct ExampleTemplatesTests {
    static let seedTemplates = [
        "receipts/payment_received.html", "receipts/payment_failed.html", "receipts/refund_processed.html",
        "notifications/order_confirmation.html", "notifications/order_shipped.html", "notifications/order_delivered.html",
        "notifications/order_cancelled.html", "invoices/invoice_created.html", "invoices/invoice_updated.html",
        "marketing/campaign_notification.html", "marketing/welcome_email.html", "marketing/newsletter_template.html",
    ]

    @Test func examplesPassClean() throws {
        let report = TemplateChecker.checkDirectory(try TestPaths.exampleTemplates())
        #expect(report.problems.isEmpty, "\(report)")
        #expect(report.templatesChecked == 12)
        #expect(report.manifestEntries == 12)
    }

    @Test func manifestNamesExactlyTheSeedTemplates() throws {
        let manifest = try TemplateManifest.load(from: try TestPaths.exampleTemplates().appendingPathComponent("manifest.json"))
        #expect(Set(manifest.templates.map(\.path)) == Set(Self.seedTemplates))
        #expect(manifest.brand == "BBWS Customer Portal")
        for entry in manifest.templates {
            #expect(entry.sender.email.hasSuffix("@bbws.example"), "\(entry.path)")
            if entry.path.hasPrefix("marketing/") {
                #expect(entry.variable(named: "unsubscribe_url") != nil, "\(entry.path) needs an unsubscribe link")
            }
        }
    }

    @Test(arguments: seedTemplates)
    func rendersWithSampleDataToWellFormedHTML(_ path: String) throws {
        let root = try TestPaths.exampleTemplates()
        let manifest = try TemplateManifest.load(from: root.appendingPathComponent("manifest.json"))
        let entry = try #require(manifest.templates.first { $0.path == path })
        let bytes = try Data(contentsOf: root.appendingPathComponent(path))
        let email = try TemplateRenderer.renderSample(of: entry, templateBytes: bytes)
        #expect(!email.html.contains("{{"))
        #expect(!email.subject.contains("{{"))
        #expect(!email.subject.isEmpty)
        // Every scalar sample value appears in the output (escaped as Mustache escapes HTML).
        for (name, value) in entry.sample {
            if case .string(let string) = value, !string.contains("&"), !string.contains("'") {
                #expect(email.html.contains(string) || email.subject.contains(string), "\(path): sample \(name) not rendered")
            }
        }
        // The rendered HTML is itself a clean template under an entry with no variables.
        let checker = TemplateChecker(manifest: try Self.emptyEntryManifest(for: "rendered.html"))
        let problems = checker.check(templateAt: "rendered.html", bytes: Array(email.html.utf8))
        #expect(problems.isEmpty, "\(problems)")
    }

    /// They are real responsive emails: table layout, a media query, a preheader, a footer, an
    /// unsubscribe link for marketing, and sections for repeated content.
    @Test(arguments: seedTemplates)
    func isARealResponsiveEmail(_ path: String) throws {
        let root = try TestPaths.exampleTemplates()
        let html = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
        #expect(html.contains("role=\"presentation\""))
        #expect(html.contains("@media only screen and (max-width:"))
        #expect(html.contains("display:none;max-height:0"), "preheader")
        #expect(html.contains("BBWS Customer Portal"))
        #expect(html.contains("{{support_email}}"))
        #expect(html.contains("<meta name=\"viewport\""))
        if path.hasPrefix("marketing/") {
            #expect(html.contains("href=\"{{unsubscribe_url}}\""))
        }
        let manifest = try TemplateManifest.load(from: root.appendingPathComponent("manifest.json"))
        let entry = try #require(manifest.templates.first { $0.path == path })
        for variable in entry.variables where variable.type == .array {
            #expect(html.contains("{{#\(variable.name)}}") && html.contains("{{/\(variable.name)}}"))
        }
        #expect(html.utf8.count > 4_000, "a real email, not a placeholder")
    }

    static func emptyEntryManifest(for path: String) throws -> TemplateManifest {
        let json = """
        {"version": 1, "templates": [{"path": "\(path)", "purpose": "p", "trigger": "t",
          "sender": {"name": "n", "email": "a@b.example"}, "subject": "s", "variables": [], "sample": {}}]}
        """
        return try TemplateManifest.parse(bytes: Array(json.utf8), path: "manifest.json")
    }
}
