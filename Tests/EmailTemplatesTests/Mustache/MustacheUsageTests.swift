@testable import EmailTemplates
import PipelineBasics
import TestTiers
import Testing

@Suite(.fast) struct MustacheUsageTests {
    static let variables: [TemplateVariable] = [
        TemplateVariable(name: "customer", type: .object, description: "d", required: true, fields: [
            TemplateVariable(name: "name", type: .string, description: "d", required: true, fields: [], itemType: nil, location: .start),
            TemplateVariable(name: "tier", type: .string, description: "d", required: true, fields: [], itemType: nil, location: .start),
        ], itemType: nil, location: .start),
        TemplateVariable(name: "items", type: .array, description: "d", required: true, fields: [
            TemplateVariable(name: "title", type: .string, description: "d", required: true, fields: [], itemType: nil, location: .start),
        ], itemType: nil, location: .start),
        TemplateVariable(name: "tags", type: .array, description: "d", required: true, fields: [], itemType: .string, location: .start),
        TemplateVariable(name: "vip", type: .boolean, description: "d", required: true, fields: [], itemType: nil, location: .start),
    ]

    static func analyze(_ template: String) -> MustacheUsage {
        var usage = MustacheUsage()
        usage.analyze(MustacheScanner.scan(SourceText(string: template)).tags, variables: variables, describing: "t")
        return usage
    }

    @Test func resolvesThroughTheContextStack() {
        let usage = Self.analyze("{{customer.name}}{{#items}}{{title}}{{customer.tier}}{{/items}}{{#tags}}{{.}}{{/tags}}{{#vip}}{{customer.name}}{{/vip}}")
        #expect(usage.undeclared.isEmpty, "\(usage.undeclared.map(\.message))")
        #expect(usage.unused(of: Self.variables).isEmpty)
    }

    @Test func fieldsAreOnlyVisibleInsideTheirSection() {
        let usage = Self.analyze("{{title}}{{#items}}{{name}}{{/items}}")
        #expect(usage.undeclared.count == 2)
        #expect(usage.undeclared.first?.message.contains("\"title\"") == true)
    }

    @Test func reportsUnusedFieldsOfUsedObjects() {
        let usage = Self.analyze("{{customer.name}}{{#items}}{{title}}{{/items}}{{#tags}}{{.}}{{/tags}}")
        #expect(usage.unused(of: Self.variables).map(\.path).sorted() == ["customer.tier", "vip"])
    }

    @Test func unknownFieldOfAnObject() {
        let usage = Self.analyze("{{customer.email}}")
        #expect(usage.undeclared.first?.message.contains("no declared field \"email\"") == true)
    }

    @Test func suggestsCloseNames() {
        #expect(MustacheUsage.closest(to: "custmer", among: ["customer", "items"]) == "customer")
        #expect(MustacheUsage.closest(to: "zzz", among: ["customer"]) == nil)
    }
}
