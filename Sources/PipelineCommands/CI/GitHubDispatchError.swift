/// A dispatch GitHub refused or that never reached it.
struct GitHubDispatchError: Error, CustomStringConvertible {
    let dispatch: GitHubDispatch
    let reason: String

    var description: String {
        "could not start \(dispatch.workflow) in \(dispatch.repository) (\(reason)); continue the run with `\(dispatch.manualCommand)`"
    }
}
