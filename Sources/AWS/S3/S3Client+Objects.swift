import Crypto
import Foundation

extension S3Client {
    static func info(_ response: AWSHTTPResponse) -> S3ObjectInfo {
        var metadata: [String: String] = [:]
        for field in response.headers.fields where field.name.lowercased().hasPrefix("x-amz-meta-") {
            metadata[String(field.name.lowercased().dropFirst("x-amz-meta-".count))] = field.value
        }
        return S3ObjectInfo(
            eTag: response.headers["ETag"], versionID: response.headers["x-amz-version-id"],
            contentType: response.headers["Content-Type"], contentLength: response.headers["Content-Length"].flatMap { Int($0) },
            metadata: metadata, checksumSHA256: response.headers["x-amz-checksum-sha256"],
            lastModified: response.headers["Last-Modified"])
    }

    /// Uploads an object with a SHA-256 checksum (`x-amz-checksum-sha256`) S3 verifies.
    /// Idempotent: the same PUT again stores the same bytes (as a new version when versioned).
    @discardableResult
    public func putObject(bucket: String, key: String, body: Data, contentType: String? = nil,
                          metadata: [String: String] = [:], checksumSHA256: Bool = true) async throws -> S3ObjectInfo {
        var headers = AWSHTTPHeaders()
        if let contentType { headers.add("Content-Type", contentType) }
        for (name, value) in metadata.sorted(by: { $0.key < $1.key }) { headers.add("x-amz-meta-\(name)", value) }
        if checksumSHA256 {
            headers.add("x-amz-sdk-checksum-algorithm", "SHA256")
            headers.add("x-amz-checksum-sha256", Data(SHA256.hash(data: body)).base64EncodedString())
        }
        let response = try await send(request(method: "PUT", bucket: bucket, key: key, headers: headers, body: body),
                                      operation: "PutObject", safety: .idempotent)
        return Self.info(response)
    }

    /// Asks S3 to return the stored checksum with the object.
    static let checksumMode = AWSHTTPHeaders([("x-amz-checksum-mode", "ENABLED")])

    public func headObject(bucket: String, key: String, versionID: String? = nil) async throws -> S3ObjectInfo {
        let response = try await send(request(method: "HEAD", bucket: bucket, key: key,
                                               query: versionID.map { [AWSQueryItem("versionId", $0)] } ?? [],
                                               headers: Self.checksumMode),
                                      operation: "HeadObject", safety: .idempotent)
        return Self.info(response)
    }

    public func getObject(bucket: String, key: String, versionID: String? = nil) async throws -> S3Object {
        let response = try await send(request(method: "GET", bucket: bucket, key: key,
                                              query: versionID.map { [AWSQueryItem("versionId", $0)] } ?? [],
                                              headers: Self.checksumMode),
                                      operation: "GetObject", safety: .idempotent)
        return S3Object(info: Self.info(response), body: response.body)
    }

    /// One page of `ListObjectsV2`.
    public func listObjectsV2(bucket: String, prefix: String? = nil, continuationToken: String? = nil,
                              maxKeys: Int? = nil) async throws -> S3ListPage {
        var query = [AWSQueryItem("list-type", "2")]
        if let prefix { query.append(AWSQueryItem("prefix", prefix)) }
        if let continuationToken { query.append(AWSQueryItem("continuation-token", continuationToken)) }
        if let maxKeys { query.append(AWSQueryItem("max-keys", String(maxKeys))) }
        let response = try await send(request(method: "GET", bucket: bucket, query: query), operation: "ListObjectsV2", safety: .idempotent)
        let root = try xml(response, operation: "ListObjectsV2")
        let objects = root.children("Contents").map { node in
            S3ListedObject(key: node.string("Key") ?? "", size: node.string("Size").flatMap { Int($0) } ?? 0,
                           eTag: node.string("ETag"), lastModified: node.string("LastModified"))
        }
        return S3ListPage(objects: objects, nextContinuationToken: root.string("NextContinuationToken"),
                          isTruncated: root.string("IsTruncated") == "true")
    }

    /// Every object under `prefix`, following continuation tokens.
    public func listAllObjects(bucket: String, prefix: String? = nil, pageSize: Int? = nil) async throws -> [S3ListedObject] {
        var objects: [S3ListedObject] = []
        var token: String?
        repeat {
            let page = try await listObjectsV2(bucket: bucket, prefix: prefix, continuationToken: token, maxKeys: pageSize)
            objects += page.objects
            token = page.isTruncated ? page.nextContinuationToken : nil
        } while token != nil
        return objects
    }

    /// Every version and delete marker under `prefix`, following the markers.
    public func listObjectVersions(bucket: String, prefix: String? = nil) async throws -> [S3ObjectVersion] {
        var versions: [S3ObjectVersion] = []
        var keyMarker: String?
        var versionMarker: String?
        repeat {
            var query = [AWSQueryItem("versions", "")]
            if let prefix { query.append(AWSQueryItem("prefix", prefix)) }
            if let keyMarker { query.append(AWSQueryItem("key-marker", keyMarker)) }
            if let versionMarker { query.append(AWSQueryItem("version-id-marker", versionMarker)) }
            let response = try await send(request(method: "GET", bucket: bucket, query: query), operation: "ListObjectVersions",
                                          safety: .idempotent)
            let root = try xml(response, operation: "ListObjectVersions")
            for node in root.children where node.name == "Version" || node.name == "DeleteMarker" {
                versions.append(S3ObjectVersion(
                    key: node.string("Key") ?? "", versionID: node.string("VersionId") ?? "null",
                    isLatest: node.string("IsLatest") == "true", isDeleteMarker: node.name == "DeleteMarker",
                    size: node.string("Size").flatMap { Int($0) }, eTag: node.string("ETag"), lastModified: node.string("LastModified")))
            }
            if root.string("IsTruncated") == "true" {
                keyMarker = root.string("NextKeyMarker")
                versionMarker = root.string("NextVersionIdMarker")
            } else {
                keyMarker = nil
            }
        } while keyMarker != nil
        return versions
    }

    /// Deletes an object (or one version of it). Idempotent.
    public func deleteObject(bucket: String, key: String, versionID: String? = nil) async throws {
        _ = try await send(request(method: "DELETE", bucket: bucket, key: key,
                                   query: versionID.map { [AWSQueryItem("versionId", $0)] } ?? []),
                           operation: "DeleteObject", safety: .idempotent)
    }

    /// Deletes up to 1000 objects (or versions) in one call. Idempotent.
    public func deleteObjects(bucket: String, objects: [(key: String, versionID: String?)]) async throws -> S3DeleteResult {
        var xml = "<Delete xmlns=\"\(Self.namespace)\"><Quiet>false</Quiet>"
        for object in objects {
            xml += "<Object>" + Self.tag("Key", object.key) + (object.versionID.map { Self.tag("VersionId", $0) } ?? "") + "</Object>"
        }
        xml += "</Delete>"
        let body = Data(xml.utf8)
        let response = try await send(request(method: "POST", bucket: bucket, query: [AWSQueryItem("delete", "")],
                                              headers: Self.xmlHeaders(body), body: body),
                                      operation: "DeleteObjects", safety: .idempotent)
        let root = try self.xml(response, operation: "DeleteObjects")
        return S3DeleteResult(
            deleted: root.children("Deleted").compactMap { $0.string("Key") },
            failures: root.children("Error").map {
                S3DeleteResult.Failure(key: $0.string("Key") ?? "", code: $0.string("Code") ?? "", message: $0.string("Message") ?? "")
            })
    }
}
