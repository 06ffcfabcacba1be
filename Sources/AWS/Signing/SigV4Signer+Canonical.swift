extension SigV4Signer {
    /// Headers never signed: they are changed by proxies and clients on the way (hop-by-hop
    /// headers, `user-agent`, `x-amzn-trace-id`), or they carry the signature itself. The same
    /// set as the AWS SDKs (botocore's), plus `authorization`.
    static let unsignedHeaderNames: [String] = [
        "authorization", "user-agent", "expect", "x-amzn-trace-id", "connection", "keep-alive", "proxy-authenticate",
        "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade",
    ]
}
