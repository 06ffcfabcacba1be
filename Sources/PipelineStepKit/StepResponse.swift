import Foundation

/// What a module answers one invocation with: its exit status and the document for descriptor 3.
public struct StepResponse: Sendable, Equatable {
    /// 0 succeeded; 1 the step failed; 64 the call was malformed (usage, request, protocol version).
    public var status: Int32
    /// The describe answer or the result; nil only when nothing could be said.
    public var document: StepValue?

    public init(status: Int32, document: StepValue?) {
        self.status = status
        self.document = document
    }

    /// The most the runner reads from descriptor 3.
    public static let maximumDocumentSize = 1 << 20
}
