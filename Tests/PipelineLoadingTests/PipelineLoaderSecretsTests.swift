import Foundation
import PipelineLoading
import PipelineModel
import PipelineTesting
import TestTiers
import Testing

/// A secret a pipeline file interpolates never stays in its document: it becomes a reference.
@Suite(.integration) struct PipelineLoaderSecretsTests {
    let token = "s3cr3t/value+\(UUID().uuidString.prefix(8))"
    let base = PipelineLoaderTests()

    func loader(cache: URL) throws -> PipelineLoader {
        var loader = try base.loader(cache: cache)
        loader.environment["TOKEN"] = token
        loader.secretValues["TOKEN"] = token
        return loader
    }

    @Test func anInterpolatedSecretIsStoredAsItsReference() async throws {
        let cache = try TemporaryDirectory()
        let (result, _) = try await base.load("""
            // pipeline-environment: TOKEN
            import PipelineDescription
            import Glibc
            let token = getenv("TOKEN").map { String(cString: $0) } ?? "unset"
            let p = Pipeline("p", secrets: ["TOKEN"]) {
                Stage("s") {
                    Shell("deploy --token \\(token)", name: "deploy")
                    Shell("curl --silent --header 'Authorization: Bearer \\(token)' https://example.invalid", env: ["T": token])
                }
            }
            """, loader: try loader(cache: cache.url))
        let loaded = try result.get()
        let steps = try #require(loaded.definition.stages.first?.steps)
        #expect(steps[0].string("command") == "deploy --token ${{ secrets.TOKEN }}")
        #expect(steps[1].parameters["env"] == .object(["T": .string("${{ secrets.TOKEN }}")]))
        // The DSL cut the unnamed step's name in the middle of the value; it is made again.
        let referenced = "curl --silent --header 'Authorization: Bearer ${{ secrets.TOKEN }}' https://example.invalid"
        #expect(steps[1].name == String(referenced.prefix(57)) + "...")
        #expect(!steps[1].name.contains(token.prefix(4)))
        #expect(!String(decoding: loaded.document, as: UTF8.self).contains(token))
        let scan = SecretScan(secrets: [token])
        #expect(scan.scanFiles(cache.url).isEmpty)
        let resolver = SecretReference.Resolver(declared: ["TOKEN"], environment: ["TOKEN": token])
        #expect(try resolver.resolve(steps[0].string("command") ?? "") == "deploy --token \(token)")
        #expect(throws: UnsetSecretError(name: "TOKEN")) {
            try SecretReference.Resolver(declared: ["TOKEN"], environment: [:]).resolve("x ${{ secrets.TOKEN }}")
        }
    }

    @Test func aFileThatFailsDoesNotPrintTheVariablesItRead() async throws {
        let cache = try TemporaryDirectory()
        let error = try await base.loaderError("""
            // pipeline-environment: TOKEN
            import PipelineDescription
            import Glibc
            print("token is", getenv("TOKEN").map { String(cString: $0) } ?? "unset")
            exit(3)
            """, loader: try loader(cache: cache.url))
        guard case .evaluationFailed(_, _, let output) = error else { throw TestFailure("got \(error)") }
        #expect(output.contains("token is ***"), "\(output)")
        #expect(!error.description.contains(token))
    }

    @Test func anEncodedFormOfASecretIsRefusedNamingTheLine() async throws {
        let cache = try TemporaryDirectory()
        let error = try await base.loaderError("""
            // pipeline-environment: TOKEN
            import PipelineDescription
            import Glibc
            let token = getenv("TOKEN").map { String(cString: $0) } ?? "unset"
            let hex = token.utf8.map { String($0, radix: 16) }.joined()
            let p = Pipeline("p", secrets: ["TOKEN"]) {
                Stage("s") { Shell("echo \\(hex)") }
            }
            """, loader: try loader(cache: cache.url))
        guard case .secretInDocument(_, let location, _, let secret) = error else { throw TestFailure("got \(error)") }
        #expect(secret == "TOKEN" && location.line == 7)
        #expect(!error.description.contains(token) && error.description.contains("pipelines/test.swift:7: error: step 1 of stage 1"))
        #expect(SecretScan(secrets: [token]).scanFiles(cache.url).isEmpty, "a refused document is not cached")
    }
}
