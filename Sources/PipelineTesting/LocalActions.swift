import Foundation
#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The local GitHub Actions executor (`scripts/local-actions`), started for a test: GitHub's
/// part of a workflow run (events, jobs on separate "machines", artifacts, caches, the OIDC
/// token endpoint, the dispatch API) on loopback, for an origin repository on disk.
public final class LocalActions: @unchecked Sendable {
    /// The executor's addresses.
    public let url: URL
    /// Its OIDC issuer (`<url>/oidc`): what a test pipeline's identity provider names.
    public let issuer: String
    /// Its GitHub API (`<url>/api`).
    public let api: String
    public let work: TemporaryDirectory
    let process: Process

    /// Starts the executor for `origin` (a git repository) as GitHub's `repository`, with jobs
    /// starting from `machineEnvironment`; `userTokens` are personal tokens (login → token) the
    /// dispatch API accepts.
    public init(origin: URL, repository: String, machineEnvironment: [String: String], userTokens: [String: String] = [:],
                maxParallelJobs: Int = 2) throws {
        work = try TemporaryDirectory(prefix: "local-actions")
        let ready = work.url.appendingPathComponent("ready.json")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var arguments = ["python3", PipelineBuild.packageRoot.appendingPathComponent("scripts/local-actions/local-actions").path, "serve",
                         "--origin", origin.path, "--repository", repository, "--work", work.url.appendingPathComponent("work").path,
                         "--ready-file", ready.path, "--max-parallel-jobs", String(maxParallelJobs), "--watch-parent"]
        for (key, value) in machineEnvironment.sorted(by: { $0.key < $1.key }) { arguments += ["--machine-env", "\(key)=\(value)"] }
        for (login, token) in userTokens.sorted(by: { $0.key < $1.key }) { arguments += ["--user-token", "\(login)=\(token)"] }
        process.arguments = arguments
        let log = work.url.appendingPathComponent("server.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(30)
        var answer: [String: Any]?
        while Date() < deadline, process.isRunning {
            if let data = FileManager.default.contents(atPath: ready.path), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
                answer = object
                break
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        guard let answer, let address = answer["url"] as? String, let url = URL(string: address),
              let issuer = answer["issuer"] as? String, let api = answer["api"] as? String else {
            process.terminate()
            throw Failure(message: "the local executor did not start: \(String(decoding: FileManager.default.contents(atPath: log.path) ?? Data(), as: UTF8.self).suffix(2000))")
        }
        self.url = url
        self.issuer = issuer
        self.api = api
    }

    deinit {
        guard process.isRunning else { return }
        process.terminate()
        // Its running jobs are cancelled first; then it is gone, or killed.
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    public struct Failure: Error, CustomStringConvertible {
        public let message: String
        public init(message: String) { self.message = message }
        public var description: String { message }
    }

    /// A push of `sha` to `ref` by `actor`: the workflow runs it starts.
    public func push(sha: String, ref: String = "refs/heads/main", actor: String) async throws -> [Int] {
        let answer = try await call("POST", "/_local/push", ["ref": ref, "sha": sha, "actor": actor])
        return (answer["runs"] as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.intValue }
    }

    /// A manual dispatch of `workflow` (a file name) with `inputs`, by `actor`.
    public func dispatch(workflow: String, ref: String = "refs/heads/main", inputs: [String: String], actor: String) async throws -> Int {
        let answer = try await call("POST", "/_local/dispatch", ["workflow": workflow, "ref": ref, "inputs": inputs, "actor": actor])
        guard let id = (answer["run_id"] as? NSNumber)?.intValue else { throw Failure(message: "dispatch answered \(answer)") }
        return id
    }

    /// Re-runs the failed jobs of run `id` (and what depends on them), as a new attempt.
    public func rerunFailed(_ id: Int) async throws {
        _ = try await call("POST", "/_local/runs/\(id)/rerun-failed", [:])
    }

    /// Kills the running step of a job (its whole process group), as a lost machine would.
    public func kill(run: Int, job: String) async throws {
        _ = try await call("POST", "/_local/runs/\(run)/jobs/\(job)/kill", [:])
    }

    /// Stores `from` (a folder laid out as the workspace) under the key the cache step `step` of
    /// `job` computes for `sha`, as an earlier workflow run would have.
    public func seedCache(workflow: String, job: String, step: String, sha: String, from: URL) async throws -> String {
        let answer = try await call("POST", "/_local/cache/seed",
                                    ["workflow": workflow, "job": job, "step": step, "sha": sha, "ref": "refs/heads/main", "from": from.path])
        return answer["key"] as? String ?? ""
    }

    /// Waits (at most `timeout` seconds) until no workflow run is queued or in progress.
    public func waitUntilIdle(timeout: Int = 900) async throws {
        let answer = try await call("POST", "/_local/wait", ["timeout": timeout], requestTimeout: TimeInterval(timeout + 30))
        guard answer["idle"] as? Bool == true else { throw Failure(message: "workflow runs still going after \(timeout) s: \(try await runs())") }
    }

    /// Every workflow run so far.
    public func runs() async throws -> [WorkflowRun] {
        let data = try await raw("GET", "/_local/runs", nil)
        let object = try JSONSerialization.jsonObject(with: data)
        let list = (object as? [[String: Any]]) ?? ((object as? [String: Any])?["runs"] as? [[String: Any]]) ?? []
        return list.map(WorkflowRun.init)
    }

    public func run(_ id: Int) async throws -> WorkflowRun {
        let data = try await raw("GET", "/_local/runs/\(id)", nil)
        return WorkflowRun(try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:])
    }

    /// A workflow run as the executor reports it.
    public struct WorkflowRun: Sendable, CustomStringConvertible {
        public struct Job: Sendable {
            public let id: String
            public let conclusion: String?
            public let status: String
            public let outputs: [String: String]
            public let log: String
            public let summary: String
            public let started: String?
            public let finished: String?
        }

        public let id: Int
        public let workflow: String
        public let event: String
        public let sha: String
        public let attempt: Int
        public let status: String
        public let conclusion: String?
        public let jobs: [Job]
        public let error: String?

        init(_ object: [String: Any]) {
            id = (object["id"] as? NSNumber)?.intValue ?? 0
            workflow = object["workflow"] as? String ?? ""
            event = object["event"] as? String ?? ""
            sha = object["sha"] as? String ?? ""
            attempt = (object["attempt"] as? NSNumber)?.intValue ?? 1
            status = object["status"] as? String ?? ""
            conclusion = object["conclusion"] as? String
            error = object["error"] as? String
            jobs = (object["jobs"] as? [[String: Any]] ?? []).map { job in
                Job(id: job["id"] as? String ?? "", conclusion: job["conclusion"] as? String, status: job["status"] as? String ?? "",
                    outputs: (job["outputs"] as? [String: Any] ?? [:]).mapValues { "\($0)" }, log: job["log"] as? String ?? "",
                    summary: job["summary"] as? String ?? "", started: job["started"] as? String, finished: job["finished"] as? String)
            }
        }

        public func job(_ id: String) -> Job? { jobs.first { $0.id == id } }

        /// A job's log text (empty when it never ran).
        public func log(_ id: String) -> String {
            guard let path = job(id)?.log, !path.isEmpty else { return "" }
            return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        }

        public func summary(_ id: String) -> String {
            guard let path = job(id)?.summary, !path.isEmpty else { return "" }
            return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        }

        public var description: String {
            "run \(id) (\(workflow), \(event), attempt \(attempt)): \(status) \(conclusion ?? "")\(error.map { " error: \($0)" } ?? "") — "
                + jobs.map { "\($0.id)=\($0.conclusion ?? $0.status)" }.joined(separator: ", ")
        }
    }

    // MARK: HTTP

    private func call(_ method: String, _ path: String, _ body: [String: Any], requestTimeout: TimeInterval = 60) async throws -> [String: Any] {
        let data = try await raw(method, path, try JSONSerialization.data(withJSONObject: body), requestTimeout: requestTimeout)
        if data.isEmpty { return [:] }
        return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    private func raw(_ method: String, _ path: String, _ body: Data?, requestTimeout: TimeInterval = 60) async throws -> Data {
        var request = URLRequest(url: URL(string: url.absoluteString + path)!, timeoutInterval: requestTimeout)
        request.httpMethod = method
        request.httpBody = body
        if body != nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            throw Failure(message: "\(method) \(path): HTTP \(status) \(String(decoding: data, as: UTF8.self).prefix(500))")
        }
        return data
    }
}
