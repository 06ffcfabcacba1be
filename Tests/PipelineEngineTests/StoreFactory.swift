import Foundation
import PipelineEngine
import PipelineTesting

/// The stores engine and store tests run against: each makes a fresh, empty store and can open
/// a second connection to the same one (another process's view). A shared backend adds its case
/// here.
enum StoreFactory: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite

    var description: String { rawValue }

    /// A fresh store, and a way to open it again.
    final class Made: Sendable {
        let folder: TemporaryDirectory
        let store: any RunStore
        let reopen: @Sendable () throws -> any RunStore

        init(folder: TemporaryDirectory, store: any RunStore, reopen: @escaping @Sendable () throws -> any RunStore) {
            self.folder = folder
            self.store = store
            self.reopen = reopen
        }
    }

    func make() throws -> Made {
        let folder = try TemporaryDirectory(prefix: "pipeline-store")
        switch self {
        case .sqlite:
            let directory = folder.url.appendingPathComponent(".pipeline")
            return Made(folder: folder, store: try SQLiteRunStore(directory: directory)) { try SQLiteRunStore(directory: directory) }
        }
    }
}
