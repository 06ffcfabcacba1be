/// An error reported as usual but ending the command with `status` rather than the status its
/// kind maps to (`pipeline plan --detailed-exitcode`: every error is 1). `Failure.report`
/// unwraps it.
struct ExitStatusOverride: Error {
    var error: any Error
    var status: Int32

    init(_ error: any Error, status: Int32) {
        self.error = error
        self.status = status
    }
}
