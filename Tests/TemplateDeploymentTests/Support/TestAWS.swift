import AWS
import Foundation
import PipelineTesting
import TemplateDeployment

/// Clients against the shared local moto server over TLS (bucket policies evaluate
/// `aws:SecureTransport` there, so the bucket's deny-without-TLS policy is in force), and the
/// example data the tests publish.
enum TestAWS {
    /// Keys moto accepts with auth off (account 123456789012).
    static let credentials = StaticCredentialProvider(accessKeyID: "AKIAPIPELINETEST0002", secretAccessKey: "template-test-secret")

    static func server() async throws -> LocalAWSServer { try await LocalAWSServer.shared(tls: true) }

    /// A configuration for the HTTPS endpoint, trusting the server's CA (as `AWS_CA_BUNDLE` would).
    static func configuration(region: String = "af-south-1", credentials: any CredentialProvider = TestAWS.credentials)
        async throws -> AWSConfiguration {
        let server = try await server()
        let transport = try AWSTransport(credentials: credentials, trust: AWSTLSTrust(caBundlePath: server.caBundle?.path))
        return AWSConfiguration(region: region, endpoints: AWSEndpointResolver(global: server.endpoint), transport: transport)
    }

    /// A configuration for the same moto state over plain HTTP.
    static func plainConfiguration(region: String = "af-south-1") async throws -> AWSConfiguration {
        let server = try await server()
        return AWSConfiguration(region: region, credentials: credentials, endpoints: AWSEndpointResolver(global: server.plainEndpoint))
    }

    static func client(region: String = "af-south-1") async throws -> S3Client {
        S3Client(configuration: try await configuration(region: region))
    }

    /// A bucket name unique to this run.
    static func uniqueName(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }

    /// The seed's seven mandatory tags for an environment.
    static func tags(_ environment: String) -> [String: String] {
        [
            "Environment": environment, "Project": "bbws-customer-portal-public", "Owner": "platform-team@bbws.com",
            "CostCenter": "engineering", "ManagedBy": "pipeline", "BackupPolicy": environment == "prod" ? "hourly" : "daily",
            "Component": "infrastructure",
        ]
    }

    static func devSpec(_ bucket: String, days: Int = 30) -> BucketSpec {
        BucketSpec(name: bucket, region: "af-south-1", tags: tags("dev"), noncurrentVersionExpirationDays: days)
    }

    /// The example templates and manifest (key relative to examples/templates → bytes).
    static func exampleTemplates() throws -> [String: Data] {
        let root = PipelineBuild.packageRoot.appendingPathComponent("examples/templates")
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return [:]
        }
        var files: [String: Data] = [:]
        let base = root.resolvingSymlinksInPath().path + "/"
        for case let url as URL in enumerator where ["html", "json"].contains(url.pathExtension) {
            let path = url.resolvingSymlinksInPath().path
            files[String(path.dropFirst(base.count))] = try Data(contentsOf: url)
        }
        return files
    }
}
