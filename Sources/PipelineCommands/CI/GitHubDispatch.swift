import Foundation
import PipelineEngine
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Starts a workflow through GitHub's REST API (`POST /repos/OWNER/NAME/actions/workflows/FILE/dispatches`),
/// as `gh workflow run FILE -f run=…` would: how an approval that satisfies a gate continues the run.
struct GitHubDispatch: Sendable {
    /// The API's base URL (`$GITHUB_API_URL`, else https://api.github.com).
    let api: String
    let repository: String
    let workflow: String
    /// The branch the workflow runs on.
    let ref: String
    let inputs: [String: String]
    /// Never shown: registered with the masker before anything is sent.
    let token: String

    /// What to run by hand when the dispatch cannot be made.
    var manualCommand: String {
        "gh workflow run \(workflow) -R \(repository) --ref \(ref)" + inputs.sorted { $0.key < $1.key }.map { " -f \($0.key)=\($0.value)" }.joined()
    }

    /// Sends the request (bounded to 30 s); throws ``GitHubDispatchError`` unless GitHub answers 204.
    func send() async throws {
        _ = Terminal.masker.register(token)
        let address = api.hasSuffix("/") ? String(api.dropLast()) : api
        guard let url = URL(string: "\(address)/repos/\(repository)/actions/workflows/\(workflow)/dispatches"),
              url.scheme == "https" || (url.scheme == "http" && ["127.0.0.1", "localhost", "::1"].contains(url.host ?? "")) else {
            throw GitHubDispatchError(dispatch: self, reason: "the API address \(api) is not https (plain http only on this machine's loopback)")
        }
        var request = URLRequest(url: url, timeoutInterval: 30)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/vnd.github+json", forHTTPHeaderField: "Accept")
        request.setValue("2022-11-28", forHTTPHeaderField: "X-GitHub-Api-Version")
        request.setValue("pipeline", forHTTPHeaderField: "User-Agent")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: ["ref": ref, "inputs": inputs], options: .sortedKeys)
        let (data, response): (Data, URLResponse)
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw GitHubDispatchError(dispatch: self, reason: "\(address) did not answer (\((error as? URLError)?.code.rawValue ?? -1))")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 204 || status == 200 else {
            let message = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["message"] as? String
            throw GitHubDispatchError(dispatch: self, reason: "HTTP \(status)\(message.map { ": \($0.prefix(200))" } ?? "")"
                + (status == 403 ? " (the token needs `actions: write`)" : ""))
        }
    }
}
