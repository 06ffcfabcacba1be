import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension AWSTransport {
    /// One attempt: sends the request and collects the whole response; cancellable.
    func perform(_ request: AWSHTTPRequest, timeout: TimeInterval) async throws -> AWSHTTPResponse {
        var urlRequest = URLRequest(url: request.url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        urlRequest.httpMethod = request.method
        for field in request.headers.fields where !field.name.caseInsensitiveEquals("host") {
            urlRequest.addValue(field.value, forHTTPHeaderField: field.name)
        }
        if !request.body.isEmpty || request.method == "PUT" || request.method == "POST" {
            urlRequest.httpBody = request.body
        }
        let box = TaskBox()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<AWSHTTPResponse, any Error>) in
                let task = session.dataTask(with: urlRequest) { data, response, error in
                    if let error {
                        let urlError = (error as? URLError) ?? URLError(.unknown)
                        continuation.resume(throwing: urlError)
                        return
                    }
                    guard let http = response as? HTTPURLResponse else {
                        continuation.resume(throwing: URLError(.badServerResponse))
                        return
                    }
                    var headers = AWSHTTPHeaders()
                    for (name, value) in http.allHeaderFields {
                        headers.add(String(describing: name), String(describing: value))
                    }
                    continuation.resume(returning: AWSHTTPResponse(status: http.statusCode, headers: headers, body: data ?? Data()))
                }
                box.set(task)
                task.resume()
            }
        } onCancel: {
            box.cancel()
        }
    }
}

/// Holds the in-flight task so that Task cancellation can cancel it.
final class TaskBox: @unchecked Sendable {
    // @unchecked Sendable: `task` and `cancelled` are only touched under `lock`.
    private let lock = NSLock()
    private var task: URLSessionDataTask?
    private var cancelled = false

    func set(_ task: URLSessionDataTask) {
        lock.lock()
        self.task = task
        let cancelNow = cancelled
        lock.unlock()
        if cancelNow { task.cancel() }
    }

    func cancel() {
        lock.lock()
        cancelled = true
        let task = self.task
        lock.unlock()
        task?.cancel()
    }
}
