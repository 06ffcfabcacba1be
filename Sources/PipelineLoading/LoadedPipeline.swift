import Foundation
import PipelineModel

/// A loaded, validated pipeline.
public struct LoadedPipeline: Sendable {
    public var definition: PipelineDefinition
    /// The pipeline file's path, as given.
    public var path: String
    /// SHA-256 of the file's bytes.
    public var sourceDigest: String
    /// The pipeline document in the current version (docs/pipeline-document.md), as cached and
    /// recorded with a run.
    public var document: Data
    /// Whether the compiled pipeline came from the cache.
    public var cacheHit: Bool
}
