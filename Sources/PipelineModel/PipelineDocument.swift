import Foundation

/// The document a pipeline file writes (docs/pipeline-document.md), as the runner reads it: its
/// wire form, which is what the loader caches and a run records, and the pipeline mapped from it
/// (``PipelineDefinition``). A document of version 1 is read into the current form.
public struct PipelineDocument: Sendable {
    /// How deeply a document may nest arrays and objects.
    public static let maximumNesting = 2 * ConditionDefinition.maximumDepth + 32

    /// The version this runner writes (the DSL built with it writes the same).
    public static let currentVersion = PipelineSerialization.version

    /// The document versions this runner reads.
    public static let supportedVersions = 1...PipelineSerialization.version

    /// The version the document was written in.
    public let version: Int
    /// The document in the current wire form.
    @_spi(PipelineWire) public let wire: PipelineSerialization.Document
    /// The pipeline the document describes.
    public let pipeline: PipelineDefinition

    /// The document `wire` (read as `version`, by default its own), mapped to the model.
    @_spi(PipelineWire)
    public init(wire: PipelineSerialization.Document, version: Int? = nil) throws(DocumentError) {
        self.version = version ?? wire.version
        self.wire = wire
        self.pipeline = try PipelineDefinition(wire.pipeline)
    }

    /// The document of a pipeline made in code (tests, benchmarks).
    public init(pipeline: PipelineDefinition) {
        self.version = Self.currentVersion
        self.wire = PipelineSerialization.Document(pipeline: PipelineSerialization.Pipeline(pipeline))
        self.pipeline = pipeline
    }

    /// Decodes a document, refusing versions this runner does not read.
    public static func decode(_ data: Data) throws -> PipelineDocument {
        struct Header: Decodable {
            var version: Int?
            var error: String?
        }
        // Conditions nest at most `ConditionDefinition.maximumDepth`; with the levels around
        // them a valid document stays well inside this. Checked before decoding, which recurses.
        guard JSONNesting.depth(of: data, limit: maximumNesting) != nil else { throw DocumentError.tooDeep(limit: maximumNesting) }
        let header = try JSONDecoder().decode(Header.self, from: data)
        if let error = header.error { throw DocumentError.declared(error) }
        guard let version = header.version else { throw DocumentError.missingVersion }
        guard supportedVersions.contains(version) else { throw DocumentError.unsupportedVersion(version) }
        let wire = version == 1
            ? try PipelineDocumentVersion1.decode(data)
            : try JSONDecoder().decode(PipelineSerialization.Document.self, from: data)
        return try PipelineDocument(wire: wire, version: version)
    }

    /// The document in the current wire form as canonical JSON (sorted keys).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(wire)
    }
}
