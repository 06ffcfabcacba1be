extension SigV4Signer {
    /// Headers never signed: they are changed by proxies and clients on the way.
    static let unsignedHeaderNames: [String] = ["authorization", "user-agent", "expect", "x-amzn-trace-id", "connection"]
}
