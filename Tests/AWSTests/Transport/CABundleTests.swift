import AWS
import Foundation
import PipelineTesting
import TestTiers
import Testing

/// `AWS_CA_BUNDLE` and shared client pools, against moto serving HTTPS with a certificate from a
/// CA the test makes.
@Suite(.serialized, .integration) struct CABundleTests {
    static let credentials = StaticCredentialProvider(accessKeyID: "AKIATLSTEST000000001", secretAccessKey: "tls-test-secret")
    static let quick = RetryPolicy(maxAttempts: 2, baseDelay: 0.01, maxDelay: 0.02, totalTimeLimit: 20, attemptTimeout: 5)

    @Test func trustedWithTheBundleRefusedWithoutIt() async throws {
        let server = try LocalTLSServer()
        defer { server.stop() }
        var environment = ["AWS_ENDPOINT_URL": server.endpoint.absoluteString, "AWS_REGION": "us-east-1"]

        // Without the bundle the certificate is not trusted: the call fails, saying TLS.
        let untrusted = try AWSConfiguration.fromEnvironment(environment, credentials: Self.credentials, retry: Self.quick)
        let error = await #expect(throws: AWSTransportError.self) { try await STSClient(configuration: untrusted).getCallerIdentity() }
        #expect(error?.description.contains("certificate is not trusted") == true, "\(error?.description ?? "")")
        #expect(error?.description.contains("AWS_CA_BUNDLE") == true)
        #expect(error?.description.contains("after 1 attempt") == true, "not retried: trust does not change")
        #expect(untrusted.transport.pool.trust == .system)

        // With it the same call succeeds over TLS, and so do DynamoDB calls.
        environment["AWS_CA_BUNDLE"] = server.caBundle.path
        let trusted = try AWSConfiguration.fromEnvironment(environment, credentials: Self.credentials, retry: Self.quick)
        #expect(trusted.transport.pool.trust.caBundlePath == server.caBundle.path)
        #expect(try await STSClient(configuration: trusted).getCallerIdentity().account == LocalAWSServer.defaultAccount)
        _ = try await DynamoDBClient(configuration: trusted).listTables()
        try await trusted.transport.pool.shutdown()
    }

    @Test func severalTransportsShareOnePoolUntilItIsShutDown() async throws {
        let server = try LocalTLSServer()
        defer { server.stop() }
        let environment = ["AWS_ENDPOINT_URL": server.endpoint.absoluteString, "AWS_REGION": "eu-west-1",
                           "AWS_CA_BUNDLE": server.caBundle.path]
        let pool = try AWSHTTPClientPool.fromEnvironment(environment, attemptTimeout: 5)
        let first = try AWSConfiguration.fromEnvironment(environment, credentials: Self.credentials, retry: Self.quick, pool: pool)
        let second = try AWSConfiguration.fromEnvironment(
            environment, credentials: StaticCredentialProvider(accessKeyID: "AKIATLSTEST000000002", secretAccessKey: "other"),
            retry: Self.quick, pool: pool)
        #expect(first.transport !== second.transport)
        #expect(first.transport.pool === pool && second.transport.pool === pool)
        #expect(try await STSClient(configuration: first).getCallerIdentity().account == LocalAWSServer.defaultAccount)
        #expect(try await STSClient(configuration: second).getCallerIdentity().account == LocalAWSServer.defaultAccount)

        // A pool must trust what the environment says.
        #expect(throws: AWSEndpointResolver.ConfigurationError.self) {
            try AWSConfiguration.fromEnvironment(["AWS_REGION": "eu-west-1"], credentials: Self.credentials, pool: pool)
        }

        try await pool.shutdown()
        try await pool.shutdown() // harmless twice
        #expect(pool.isShutDown)
        await #expect(throws: (any Error).self) { try await STSClient(configuration: first).getCallerIdentity() }
    }

    @Test func anUnusableBundleIsAClearErrorNamingTheFile() throws {
        let missing = "/nonexistent/pipeline-\(UUID().uuidString)/ca.pem"
        let environment = ["AWS_REGION": "us-east-1", "AWS_CA_BUNDLE": missing]
        let error = #expect(throws: AWSTLSTrust.BundleError.self) {
            try AWSConfiguration.fromEnvironment(environment, credentials: Self.credentials)
        }
        #expect(error == .unreadable(path: missing, reason: "no such file"))
        #expect(error?.description.contains(missing) == true && error?.description.contains("AWS_CA_BUNDLE") == true)

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bundle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let garbage = directory.appendingPathComponent("ca.pem")
        try "not a certificate\n".write(to: garbage, atomically: true, encoding: .utf8)
        let noCertificate = #expect(throws: AWSTLSTrust.BundleError.self) {
            try AWSHTTPClientPool(trust: AWSTLSTrust(caBundlePath: garbage.path))
        }
        #expect(noCertificate?.description.contains(garbage.path) == true)
        let broken = directory.appendingPathComponent("broken.pem")
        try "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n".write(to: broken, atomically: true, encoding: .utf8)
        #expect(throws: AWSTLSTrust.BundleError.self) { try AWSHTTPClientPool(trust: AWSTLSTrust(caBundlePath: broken.path)) }
        #expect(AWSTLSTrust.fromEnvironment(["AWS_CA_BUNDLE": ""]) == .system)
    }
}
