import Foundation

/// Names the AWS operation of a request as it arrives on the wire, in the AWS layer's own
/// spelling (`DynamoDB.UpdateTable`, `STS.AssumeRole`, `S3.PutObject`), and says whether it reads.
///
/// JSON protocols are named from `X-Amz-Target`, query protocols from `Action` (body or URL),
/// S3 (path-style addressing, as with a local endpoint) from the method, path and subresource.
public enum AWSOperationName {
    /// The wire protocol a request uses; fault answers are written in its error format.
    public enum WireProtocol: Sendable, Equatable {
        case json
        case query
        case restXML
    }

    /// `(operation, protocol, isRead)` for a request.
    public static func classify(method: String, target: String, headers: [(name: String, value: String)], body: Data)
        -> (operation: String, wireProtocol: WireProtocol, isRead: Bool) {
        func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name }?.value }
        if let amzTarget = header("x-amz-target"), let dot = amzTarget.lastIndex(of: ".") {
            let prefix = amzTarget[..<dot]
            let service = prefix.hasPrefix("DynamoDB") ? "DynamoDB" : String(prefix.split(separator: "_").first ?? prefix)
            let action = String(amzTarget[amzTarget.index(after: dot)...])
            return ("\(service).\(action)", .json, isReadAction(action))
        }
        let (path, query) = split(target)
        let form = header("content-type")?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true
            ? parameters(String(decoding: body, as: UTF8.self)) : [:]
        if let action = form["Action"] ?? query["Action"] {
            let version = form["Version"] ?? query["Version"]
            let service = scopeService(header("authorization")) ?? serviceForVersion(version)
            return ("\(service).\(action)", .query, isReadAction(action))
        }
        let operation = s3Operation(method: method.uppercased(), path: path, query: query, copySource: header("x-amz-copy-source") != nil)
        return ("S3.\(operation)", .restXML, method.uppercased() == "GET" || method.uppercased() == "HEAD")
    }

    /// Reads: Get*, List*, Describe*, Query, Scan, BatchGet*, Head*.
    static func isReadAction(_ action: String) -> Bool {
        ["Get", "List", "Describe", "BatchGet", "Head"].contains { action.hasPrefix($0) } || action == "Query" || action == "Scan"
    }

    /// The service of a SigV4 credential scope (`…/<region>/<service>/aws4_request`), upper-cased as the clients name it.
    static func scopeService(_ authorization: String?) -> String? {
        guard let authorization, let range = authorization.range(of: "Credential=") else { return nil }
        let scope = authorization[range.upperBound...].prefix { $0 != "," && $0 != " " }.split(separator: "/")
        guard scope.count >= 5 else { return nil }
        return scope[3].uppercased()
    }

    static func serviceForVersion(_ version: String?) -> String {
        switch version {
        case "2011-06-15": "STS"
        case "2010-05-08": "IAM"
        default: "Query"
        }
    }

    /// Path and decoded query parameters (first value per name) of a request target.
    static func split(_ target: String) -> (path: String, query: [String: String]) {
        guard let question = target.firstIndex(of: "?") else { return (target, [:]) }
        return (String(target[..<question]), parameters(String(target[target.index(after: question)...])))
    }

    static func parameters(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (part: Substring) in
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part)
            }
            let name = decode(parts[0])
            if result[name] == nil { result[name] = parts.count > 1 ? decode(parts[1]) : "" }
        }
        return result
    }

    /// Bucket subresources: the operation's noun after Get/Put/Delete.
    static let subresources: [String: String] = [
        "versioning": "BucketVersioning", "encryption": "BucketEncryption", "publicAccessBlock": "PublicAccessBlock",
        "lifecycle": "BucketLifecycleConfiguration", "replication": "BucketReplication", "tagging": "BucketTagging",
        "policy": "BucketPolicy", "acl": "BucketAcl", "cors": "BucketCors", "website": "BucketWebsite",
        "notification": "BucketNotificationConfiguration", "ownershipControls": "BucketOwnershipControls",
        "location": "BucketLocation", "logging": "BucketLogging",
    ]

    static func s3Operation(method: String, path: String, query: [String: String], copySource: Bool) -> String {
        let parts = path.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: true)
        let verb = ["GET": "Get", "PUT": "Put", "DELETE": "Delete", "HEAD": "Head", "POST": "Post"][method] ?? method
        if parts.isEmpty { return method == "GET" ? "ListBuckets" : "\(verb)Service" }
        let hasKey = parts.count > 1
        if hasKey {
            if query["tagging"] != nil { return "\(verb)ObjectTagging" }
            if query["acl"] != nil { return "\(verb)ObjectAcl" }
            if query["uploads"] != nil { return "CreateMultipartUpload" }
            if query["uploadId"] != nil {
                switch method {
                case "PUT": return "UploadPart"
                case "POST": return "CompleteMultipartUpload"
                case "DELETE": return "AbortMultipartUpload"
                default: return "ListParts"
                }
            }
            if method == "PUT" && copySource { return "CopyObject" }
            return "\(verb)Object"
        }
        if method == "POST" && query["delete"] != nil { return "DeleteObjects" }
        if method == "DELETE" && query["lifecycle"] != nil { return "DeleteBucketLifecycle" }
        for (name, noun) in subresources where query[name] != nil { return verb + noun }
        if query["versions"] != nil { return "ListObjectVersions" }
        if query["uploads"] != nil { return "ListMultipartUploads" }
        switch method {
        case "PUT": return "CreateBucket"
        case "DELETE": return "DeleteBucket"
        case "HEAD": return "HeadBucket"
        case "GET": return query["list-type"] == "2" ? "ListObjectsV2" : "ListObjects"
        default: return "\(verb)Bucket"
        }
    }
}
