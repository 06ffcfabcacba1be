import TestTiers
import Testing
@testable import RepositoryHistory

@Suite("Path patterns", .fast)
struct PathPatternTests {
    @Test(arguments: [
        ("templates", "templates/a.html", true),
        ("templates", "templates", true),
        ("templates", "templatesX/a.html", false),
        ("./templates/", "templates/a/b.html", true),
        ("schemas/dynamodb/*.json", "schemas/dynamodb/tenants.json", true),
        ("schemas/dynamodb/*.json", "schemas/dynamodb/sub/tenants.json", false),
        ("schemas/dynamodb/*.json", "schemas/dynamodb/tenants.yaml", false),
        ("schemas/**/*.json", "schemas/a/b/c.json", true),
        ("schemas/**/*.json", "schemas/c.json", true),
        ("**/*.md", "docs/naïve résumé.md", true),
        ("docs/?.md", "docs/é.md", true),
        ("docs/[a-c]*.md", "docs/b.md", true),
        ("docs/[!a-c]*.md", "docs/b.md", false),
        ("templates/*", "templates/receipts/a.html", true),
        ("", "anything/at/all", true),
        ("a[b", "a[b", true),
    ])
    func matching(pattern: String, path: String, expected: Bool) {
        #expect(PathPattern(pattern).matches(path) == expected)
    }

    @Test func literalPrefixIsTheDirectoryBeforeTheFirstGlob() {
        #expect(PathPattern("schemas/dynamodb/*.json").literalPrefix == "schemas/dynamodb")
        #expect(PathPattern("**/*.md").literalPrefix == "")
        #expect(PathPattern("./templates/").literalPrefix == "templates")
        #expect(PathPattern("templates/").pattern == "templates")
        #expect(!PathPattern("templates").isGlob && PathPattern("*.md").isGlob)
    }
}
