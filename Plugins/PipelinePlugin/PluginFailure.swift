/// Why the plugin stopped before or instead of running the runner; SwiftPM prints it as an error.
struct PluginFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
