import Foundation
import PipelineStepKit

/// The golden documents under Tests/Fixtures, read by path from the package root.
enum Fixture {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func url(_ path: String) -> URL { packageRoot.appendingPathComponent("Tests/Fixtures").appendingPathComponent(path) }

    static func data(_ path: String) throws -> Data { try Data(contentsOf: url(path)) }

    /// A fixture parsed as JSON (compared semantically: parsed values, not bytes).
    static func json(_ path: String) throws -> StepValue { try StepValue(json: data(path)) }

    static func text(_ path: String) throws -> String { String(decoding: try data(path), as: UTF8.self) }
}
