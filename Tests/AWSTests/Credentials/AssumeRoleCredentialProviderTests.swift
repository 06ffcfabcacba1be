import AWS
import Foundation
import PipelineTesting
import TestTiers
import Testing

/// `AssumeRoleCredentialProvider` against moto, counted by the proxy: cached, shared, refreshed.
@Suite(.integration) struct AssumeRoleCredentialProviderTests {
    static let role = "arn:aws:iam::536580886816:role/bbws-deploy-dev"

    static func provider(_ proxy: FaultInjectingProxy, refreshMargin: TimeInterval?, secrets: EventLog)
        -> AssumeRoleCredentialProvider {
        let sts = STSClient(configuration: LocalAWS.configuration(endpoint: proxy.endpoint, credentials: LocalAWS.testing))
        return AssumeRoleCredentialProvider(roleARN: role, sts: sts, sessionName: "pipeline-run/3", durationSeconds: 900,
                                            refreshMargin: refreshMargin, onSecret: { secrets.append($0) })
    }

    @Test func cachedAndSharedByConcurrentCallers() async throws {
        let server = try await LocalAWSServer.shared()
        let proxy = try FaultInjectingProxy(upstream: server.endpoint)
        defer { proxy.stop() }
        let secrets = EventLog()
        let provider = Self.provider(proxy, refreshMargin: nil, secrets: secrets)
        #expect(provider.sessionName == "pipeline-run-3")
        let all = try await withThrowingTaskGroup(of: AWSCredentials.self) { group in
            for _ in 0..<5 { group.addTask { try await provider.credentials() } }
            return try await group.reduce(into: [AWSCredentials]()) { $0.append($1) }
        }
        #expect(Set(all.map(\.accessKeyID)).count == 1)
        _ = try await provider.credentials()
        #expect(proxy.count("STS.AssumeRole") == 1, "one call for six requests: \(proxy.counts)")
        let credentials = try #require(all.first)
        #expect(Set(secrets.all).isSuperset(of: credentials.secrets))
        let identity = try await STSClient(configuration: LocalAWS.configuration(
            endpoint: server.endpoint, credentials: StaticCredentialProvider(credentials))).getCallerIdentity()
        #expect(identity.account == "536580886816")
        #expect(identity.arn.hasSuffix("bbws-deploy-dev/pipeline-run-3"))
    }

    @Test func refreshedWhenWithinTheMarginOfExpiry() async throws {
        let server = try await LocalAWSServer.shared()
        let proxy = try FaultInjectingProxy(upstream: server.endpoint)
        defer { proxy.stop() }
        // A margin longer than the session: every call finds the credentials about to expire.
        let provider = Self.provider(proxy, refreshMargin: 1000, secrets: EventLog())
        let first = try await provider.credentials()
        let second = try await provider.credentials()
        #expect(proxy.count("STS.AssumeRole") == 2)
        #expect(first.accessKeyID != second.accessKeyID)
        await provider.invalidate()
        _ = try await provider.credentials()
        #expect(proxy.count("STS.AssumeRole") == 3)
    }
}
