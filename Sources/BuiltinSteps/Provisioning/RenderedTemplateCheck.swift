import AWS
import EmailTemplates
import Foundation

/// Renders every template in a bucket with its manifest's sample data (one read of each object)
/// and checks that it renders and links only to the hosts the environment allows
/// (`allowedLinkHosts`): a DEV address left in a template fails SIT's smoke test, not a
/// customer's click.
struct RenderedTemplateCheck {
    let client: S3Client
    let bucket: String
    let allowed: [String]

    func run() async throws -> [SmokeTestStep.Check] {
        let manifestBytes = try await client.getObject(bucket: bucket, key: "manifest.json").body
        let manifest = try TemplateManifest.parse(bytes: manifestBytes, path: "manifest.json")
        var checks: [SmokeTestStep.Check] = []
        for entry in manifest.templates {
            let template = try await client.getObject(bucket: bucket, key: entry.path).body
            let rendered: RenderedEmail
            do {
                rendered = try TemplateRenderer.renderSample(of: entry, templateBytes: template)
            } catch {
                checks.append(.init(name: "rendering of \(entry.path)",
                                    failure: "\(entry.path) does not render with the manifest's sample data: \(error)"))
                continue
            }
            let foreign = Self.hosts(in: rendered.html).filter { host in !allowed.contains { host == $0 || host.hasSuffix("." + $0) } }
            checks.append(.init(name: "links in \(entry.path)",
                                failure: foreign.isEmpty ? nil : "\(entry.path) links to \(foreign.sorted().joined(separator: ", ")), not one of this environment's hosts (\(allowed.joined(separator: ", ")))"))
        }
        return checks
    }

    /// The hosts of the absolute `http(s)` links and images in `html`.
    static func hosts(in html: String) -> Set<String> {
        var hosts: Set<String> = []
        for match in html.matches(of: /(?:href|src)\s*=\s*"(https?:\/\/[^"\/?#]+)/) {
            if let host = URL(string: String(match.1))?.host { hosts.insert(host.lowercased()) }
        }
        return hosts
    }
}
