import CLibgit2
import Foundation

/// Plugs ``SpanHashSignature`` (git's own similarity measure) into libgit2's rename detection
/// as a `git_diff_similarity_metric`, in place of libgit2's default `hashsig`. Two reasons:
/// the scores then match `git diff -M` exactly, and comparing two signatures is a linear merge
/// of two short sorted arrays (libgit2's heap comparison cost several times more).
///
/// Signatures cross the C boundary as retained `Unmanaged` pointers; libgit2 calls
/// `free_signature` exactly once for each one it received, which releases it. All callbacks
/// run synchronously on the thread that called `git_diff_find_similar`.
enum GitSimilarityMetric {
    /// What the callbacks share: the rename threshold.
    final class Payload {
        let minimumPercent: Int
        init(minimumPercent: Int) { self.minimumPercent = minimumPercent }
    }

    /// Calls `body` with a metric valid only during the call.
    static func with<R>(
        minimumPercent: Int, _ body: (UnsafeMutablePointer<git_diff_similarity_metric>) throws(RepositoryError) -> R
    ) throws(RepositoryError) -> R {
        let payload = Payload(minimumPercent: minimumPercent)
        var metric = git_diff_similarity_metric(
            file_signature: fileSignature,
            buffer_signature: bufferSignature,
            free_signature: freeSignature,
            similarity: similarity,
            payload: Unmanaged.passUnretained(payload).toOpaque())
        let result = try withUnsafeMutablePointer(to: &metric) { pointer throws(RepositoryError) in try body(pointer) }
        withExtendedLifetime(payload) {}
        return result
    }

    private static let bufferSignature: @convention(c) (
        UnsafeMutablePointer<UnsafeMutableRawPointer?>?, UnsafePointer<git_diff_file>?,
        UnsafePointer<CChar>?, Int, UnsafeMutableRawPointer?
    ) -> Int32 = { out, file, buffer, length, _ in
        guard let out else { return -1 }
        let bytes = UnsafeRawBufferPointer(start: buffer.map(UnsafeRawPointer.init), count: buffer == nil ? 0 : length)
        out.pointee = GitSimilarityMetric.retain(SpanHashSignature(bytes: bytes, isRegularFile: GitSimilarityMetric.isRegular(file)))
        return 0
    }

    private static let fileSignature: @convention(c) (
        UnsafeMutablePointer<UnsafeMutableRawPointer?>?, UnsafePointer<git_diff_file>?,
        UnsafePointer<CChar>?, UnsafeMutableRawPointer?
    ) -> Int32 = { out, file, path, _ in
        guard let out, let path, let data = FileManager.default.contents(atPath: String(cString: path)) else { return -1 }
        let signature = data.withUnsafeBytes { SpanHashSignature(bytes: $0, isRegularFile: GitSimilarityMetric.isRegular(file)) }
        out.pointee = GitSimilarityMetric.retain(signature)
        return 0
    }

    private static let freeSignature: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> Void = { signature, _ in
        guard let signature else { return }
        Unmanaged<SpanHashSignature>.fromOpaque(signature).release()
    }

    private static let similarity: @convention(c) (
        UnsafeMutablePointer<Int32>?, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?
    ) -> Int32 = { score, source, destination, payload in
        guard let score, let source, let destination, let payload else { return -1 }
        let minimum = Unmanaged<Payload>.fromOpaque(payload).takeUnretainedValue().minimumPercent
        let a = Unmanaged<SpanHashSignature>.fromOpaque(source).takeUnretainedValue()
        let b = Unmanaged<SpanHashSignature>.fromOpaque(destination).takeUnretainedValue()
        let percent = a.similarity(to: b, minimumPercent: minimum)
        // Below the threshold a pair can never become a rename. Its exact score would only make
        // libgit2's matcher shuffle tentative matches and re-run its whole source × target loop
        // (two or three passes here); 0 yields the same renames in one pass.
        score.pointee = Int32(percent < minimum ? 0 : percent)
        return 0
    }

    private static func retain(_ signature: SpanHashSignature) -> UnsafeMutableRawPointer {
        Unmanaged.passRetained(signature).toOpaque()
    }

    private static func isRegular(_ file: UnsafePointer<git_diff_file>?) -> Bool {
        guard let file else { return true }
        return UInt32(file.pointee.mode) & 0o170000 == 0o100000
    }
}
