import Foundation

/// Runs async AWS calls for the synchronous ``PipelineEngine/RunStore`` methods: the call runs
/// as a task whose executor is one dedicated thread, and the caller's thread waits for it.
///
/// The caller may be a thread of Swift's cooperative pool (the engine calls the store from async
/// code); the task never needs one of those threads, so a pool whose every thread waits here
/// still makes progress (no deadlock on a 2-core machine).
final class BlockingBridge: TaskExecutor, @unchecked Sendable {
    // @unchecked Sendable: `jobs` is only touched under `condition`'s lock.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    /// One thread for every store of the process: the work it runs is waiting on the network.
    static let shared = BlockingBridge(name: "pipeline-dynamodb-store")

    private init(name: String) {
        let thread = Thread { [unowned self] in self.loop() }
        thread.name = name
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }

    /// Runs `body` to completion and returns its result; the calling thread blocks meanwhile.
    func wait<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = Outcome<T>()
        Task(executorPreference: self) {
            do { outcome.finish(.success(try await body())) } catch { outcome.finish(.failure(error)) }
        }
        return try outcome.wait().get()
    }

    /// One task's result, handed to the thread waiting for it.
    private final class Outcome<T: Sendable>: @unchecked Sendable {
        // @unchecked Sendable: `result` is written once and read after `done` is signalled.
        private var result: Result<T, any Error>?
        private let done = DispatchSemaphore(value: 0)

        func finish(_ result: Result<T, any Error>) {
            self.result = result
            done.signal()
        }

        func wait() -> Result<T, any Error> {
            done.wait()
            return result!
        }
    }
}
