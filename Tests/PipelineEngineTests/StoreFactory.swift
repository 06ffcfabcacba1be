import AWS
import DynamoDBRunStore
import Foundation
import PipelineEngine
import PipelineTesting
import TestTiers

/// The stores engine and store tests run against: each makes a fresh, empty store and can open
/// a second connection to the same one (another process's view). A shared backend adds its case
/// here.
enum StoreFactory: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    /// A fresh table on the shared moto server, over real HTTP with SigV4.
    case dynamoDB

    var description: String { rawValue }

    /// The stores of this test run's tiers: the embedded store in the fast tier, the shared
    /// DynamoDB one (moto) in the integration tier, so each case runs in exactly one.
    static var tiered: [StoreFactory] { TestTier.arguments(fast: [.sqlite], integration: [.dynamoDB]) }

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

    func make() async throws -> Made {
        let folder = try TemporaryDirectory(prefix: "pipeline-store")
        switch self {
        case .sqlite:
            let directory = folder.url.appendingPathComponent(".pipeline")
            return Made(folder: folder, store: try SQLiteRunStore(directory: directory)) { try SQLiteRunStore(directory: directory) }
        case .dynamoDB:
            let server = try await LocalAWSServer.shared()
            let location = try DynamoDBStateLocation(table: "state-\(UUID().uuidString.prefix(8).lowercased())", region: "us-east-1")
            let environment = server.environment
            _ = try await StateTable.ensure(try location.client(environment: environment), table: location.table)
            return Made(folder: folder, store: try location.open(environment: environment)) { try location.open(environment: environment) }
        }
    }
}
