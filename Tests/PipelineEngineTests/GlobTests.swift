import PipelineEngine
import Testing

struct GlobTests {
    @Test(arguments: [
        ("schemas/dynamodb/*.json", "schemas/dynamodb/tenants.json", true),
        ("schemas/dynamodb/*.json", "schemas/dynamodb/old/tenants.json", false),
        ("schemas/**", "schemas/dynamodb/old/tenants.json", true),
        ("templates/**/*.html", "templates/receipts/payment_received.html", true),
        ("templates/**/*.html", "templates/manifest.json", false),
        ("*.md", "docs/guide/readme.md", true),
        ("templates/", "templates/a/b.html", true),
        ("file?.txt", "file1.txt", true),
        ("file?.txt", "file12.txt", false),
    ])
    func matching(pattern: String, path: String, expected: Bool) {
        #expect(Glob(pattern).matches(path) == expected)
    }
}
