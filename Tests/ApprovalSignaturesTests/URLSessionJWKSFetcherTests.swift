import ApprovalSignatures
import Foundation
import PipelineModel
import PipelineTesting
import TestTiers
import Testing

/// Fetch failures against real sockets on 127.0.0.1: refused, HTTP errors, a server that never answers.
@Suite(.fast) struct URLSessionJWKSFetcherTests {
    let statement = Fixtures.statement(approver: "octo-lead")

    func fetchError(_ body: () async throws -> Void) async -> ApprovalVerificationError? {
        do {
            try await body()
            return nil
        } catch let error as ApprovalVerificationError {
            return error
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    @Test func anIssuerThatIsDownIsAFetchFailureNotAUserError() async throws {
        // Bind a port, then close it: nothing listens there.
        let closed = try LoopbackHTTPServer { _ in .json(200, "{}") }
        let address = closed.baseURL.absoluteString
        closed.stop()
        let verifier = OIDCIdentityVerifier(issuers: [OIDCIssuer(issuer: address, audience: "a", identityClaim: "actor")],
                                            fetcher: URLSessionJWKSFetcher(timeout: 3))
        let issuer = try TestJWKSIssuer()
        var claims = issuer.claims(approver: "octo-lead", audience: ["a"], nonce: statement.digest)
        claims.iss = address
        let token = try await issuer.token(claims)
        let started = Date()
        let error = await fetchError { _ = try await verifier.verify(statement, token: token, at: Date()) }
        guard case .jwksFetchFailed(let url, let status, _)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(url == address + "/.well-known/openid-configuration")
        #expect(status == nil)
        #expect(error?.isUserError == false)
        // Refused at once; the generous bound only guards against hanging (parallel suites that
        // block threads can delay the answer's delivery on two cores).
        #expect(Date().timeIntervalSince(started) < 15, "\(String(describing: error))")
    }

    @Test func aStalledServerTimesOutWithinTheBound() async throws {
        let stalled = try LoopbackHTTPServer { _ in .stall(seconds: 30) }
        defer { stalled.stop() }
        let started = Date()
        let url = stalled.baseURL.appendingPathComponent("jwks")
        let error = await fetchError { _ = try await URLSessionJWKSFetcher(timeout: 1).fetch(url) }
        let elapsed = Date().timeIntervalSince(started)
        guard case .jwksFetchFailed(_, nil, let reason)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(reason == "no answer within 1 s")
        #expect(elapsed < 15, "took \(elapsed) s")  // the server would stall for 30 s
    }

    @Test func anHTTPErrorNamesTheStatus() async throws {
        let server = try LoopbackHTTPServer { _ in .json(503, #"{"error":"maintenance"}"#) }
        defer { server.stop() }
        let url = server.baseURL.appendingPathComponent("jwks")
        let error = await fetchError { _ = try await URLSessionJWKSFetcher(timeout: 5).fetch(url) }
        #expect(error == .jwksFetchFailed(url: url.absoluteString, status: 503, reason: "the server did not answer 2xx"))
        #expect(error?.description.contains("HTTP 503") == true)
    }

    @Test func onlyHTTPSURLsAreFetchedAndPlainHTTPOnlyFromLoopback() async throws {
        for url in [URL(fileURLWithPath: "/etc/passwd"), URL(string: "http://issuer.example/jwks")!] {
            let error = await fetchError { _ = try await URLSessionJWKSFetcher().fetch(url) }
            guard case .jwksFetchFailed(_, nil, let reason)? = error else { Issue.record("\(String(describing: error))"); return }
            #expect(reason == "keys are fetched over https only (plain http only from this machine's loopback)")
        }
    }

    @Test func aDiscoveryDocumentForAnotherIssuerIsRefused() async throws {
        let server = try LoopbackHTTPServer { _ in .json(200, #"{"issuer":"https://elsewhere.example","jwks_uri":"https://elsewhere.example/jwks"}"#) }
        defer { server.stop() }
        let address = server.baseURL.absoluteString
        let issuer = try TestJWKSIssuer()
        var claims = issuer.claims(approver: "octo-lead", audience: ["a"], nonce: statement.digest)
        claims.iss = address
        let verifier = OIDCIdentityVerifier(issuers: [OIDCIssuer(issuer: address, audience: "a", identityClaim: "actor")])
        let error = await fetchError { _ = try await verifier.verify(statement, token: try await issuer.token(claims), at: Date()) }
        #expect(error == .jwksInvalid(url: address + "/.well-known/openid-configuration",
                                      reason: "it names issuer \"https://elsewhere.example\", not \"\(address)\""))
        #expect(server.requestCount == 1)
    }
}
