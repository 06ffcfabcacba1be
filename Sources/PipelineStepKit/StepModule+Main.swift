import Foundation

extension StepModule {
    /// Runs the module as a step-protocol executable: reads the verb from the command line and
    /// the request from stdin, calls the handler, writes the result to descriptor 3
    /// (`PIPELINE_STEP_RESULT_FD`) and exits: 0 on success, 1 when the step fails (a handler
    /// threw, or a parameter did not decode; the message says which), 64 on a malformed call
    /// (usage, request, or a protocol version other than 1 and 2).
    ///
    /// `describe` run by hand (without descriptor 3) prints its answer on stdout.
    public func main() async -> Never {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let isDescribe = arguments == [StepVerb.describe.rawValue]
        // The handshake needs no request; read one only when something is piped in.
        let input = isDescribe && isatty(0) == 1 ? Data() : FileHandle.standardInput.readDataToEndOfFile()
        let response = await respond(arguments: arguments, input: input, log: .standardError)
        if let document = response.document, let data = try? document.jsonData() {
            StepResultChannel.write(data, orStandardOutput: isDescribe)
        }
        exit(response.status)
    }
}
