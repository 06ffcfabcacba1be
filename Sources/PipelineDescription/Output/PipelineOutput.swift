#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes the declared pipeline when the pipeline file's program exits.
///
/// The runner passes `-fileno N`: the document goes to that descriptor, so a `print` in the
/// pipeline file cannot corrupt it. Without `-fileno` (a program that merely links the DSL, such
/// as a test) nothing is written.
enum PipelineOutput {
    // Pipeline files are top-level code run on the main thread; these are only touched there
    // and from the `atexit` handler that runs on the same thread at exit.
    nonisolated(unsafe) private static var registered: [Pipeline] = []
    nonisolated(unsafe) private static var installed = false

    static func register(_ pipeline: Pipeline) {
        registered.append(pipeline)
        if !installed {
            installed = true
            atexit { PipelineOutput.flush() }
        }
    }

    private static func flush() {
        guard let descriptor = outputDescriptor() else { return }
        let text: String
        switch registered.count {
        case 0:
            return
        case 1:
            if let problem = ConditionDepth.problem(in: registered[0]) {
                text = "{\"error\":" + JSONText.quote(problem) + "}"
            } else {
                text = JSONText.encode(PipelineSerialization.Document(registered[0]))
            }
        default:
            let names = registered.map { "'\($0.name)' (line \($0.location.line))" }.joined(separator: ", ")
            text = "{\"error\":" + JSONText.quote("a pipeline file declares one Pipeline; found \(registered.count): \(names)") + "}"
        }
        var bytes = Array(text.utf8)
        bytes.append(UInt8(ascii: "\n"))
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            }
            if written <= 0 { break }
            offset += written
        }
    }

    private static func outputDescriptor() -> Int32? {
        let arguments = CommandLine.arguments
        guard let index = arguments.firstIndex(of: "-fileno"), index + 1 < arguments.count else { return nil }
        return Int32(arguments[index + 1])
    }
}
