import EmailTemplates
import TestTiers
import Testing

@Suite(.fast) struct TemplateRendererTests {
    @Test func rendersSectionsEscapingAndNumbers() throws {
        let html = try TemplateRenderer.render(
            "<p>{{name}}</p>{{#items}}<li>{{title}} x{{qty}} @ {{price}}</li>{{/items}}{{^items}}none{{/items}}{{#vip}}VIP{{/vip}}",
            with: ["name": .string("A & <B>"), "vip": .bool(false),
                   "items": .array([.object(["title": .string("Socks"), "qty": .number(2), "price": .number(9.5)])])])
        #expect(html == "<p>A &amp; &lt;B&gt;</p><li>Socks x2 @ 9.5</li>")
    }

    @Test func nullAndMissingRenderEmpty() throws {
        #expect(try TemplateRenderer.render("[{{a}}][{{b}}]", with: ["a": .null]) == "[][]")
    }

    @Test func parseErrorsHavePositions() {
        #expect(throws: TemplateRenderError.self) { try TemplateRenderer.render("x\n{{#a}}", with: [:]) }
        do {
            _ = try TemplateRenderer.render("x\n{{#a}}", with: [:])
        } catch {
            guard case .mustache(let line, _, let message) = error else { Issue.record("\(error)"); return }
            #expect(line == 2)
            #expect(message.contains("never closed"))
        }
    }

    @Test func renderSampleRejectsInvalidUTF8() throws {
        let json = """
        {"version": 1, "templates": [{"path": "a.html", "purpose": "p", "trigger": "t",
          "sender": {"name": "n", "email": "a@b.example"}, "subject": "Hi {{who}}",
          "variables": [{"name": "who", "type": "string", "description": "d", "required": true}], "sample": {"who": "Thandi"}}]}
        """
        let entry = try #require(try TemplateManifest.parse(bytes: Array(json.utf8), path: "m.json").templates.first)
        #expect(throws: TemplateRenderError.invalidUTF8) { try TemplateRenderer.renderSample(of: entry, templateBytes: [0xFF]) }
        let email = try TemplateRenderer.renderSample(of: entry, templateBytes: Array("<p>{{who}}</p>".utf8))
        #expect(email.subject == "Hi Thandi")
        #expect(email.html == "<p>Thandi</p>")
        #expect(email.sender.description == "n <a@b.example>")
    }
}
