import Crypto
import Foundation

/// AWS Signature Version 4: `Authorization` header signing and presigned URLs.
///
/// The request's `path` and `query` are decoded text. The canonical query encodes each item
/// once. The canonical URI is the wire path (``AWSHTTPRequest/wirePath``) normalised and
/// URI-encoded once more, as AWS specifies for every service but S3; for S3 use
/// ``SigV4Signer/s3(region:)``: the wire path as sent (encoded once, not normalised), and
/// `x-amz-content-sha256` signed.
public struct SigV4Signer: Sendable {
    public struct Options: Sendable, Equatable {
        /// Remove `.`/`..` segments and repeated `/` before encoding (every service but S3).
        public var normalizePath: Bool
        /// Add and sign `x-amz-content-sha256` (S3).
        public var signPayloadHeader: Bool
        /// Add `X-Amz-Security-Token` after signing instead of signing it (a few legacy services).
        public var omitSessionTokenFromSignature: Bool
        /// Sign the wire path URI-encoded once more (every service but S3, which signs it as sent).
        public var encodePathTwice: Bool

        public init(normalizePath: Bool = true, signPayloadHeader: Bool = false, omitSessionTokenFromSignature: Bool = false,
                    encodePathTwice: Bool = true) {
            self.normalizePath = normalizePath
            self.signPayloadHeader = signPayloadHeader
            self.omitSessionTokenFromSignature = omitSessionTokenFromSignature
            self.encodePathTwice = encodePathTwice
        }
    }

    /// What signing produced; the intermediate texts are kept for tests and diagnostics.
    public struct Result: Sendable {
        let canonicalRequestBytes: [UInt8]
        let stringToSignBytes: [UInt8]
        public var signature: String
        public var signedHeaders: String
        /// The `Authorization` value (header signing), or `nil` (presigning).
        public var authorization: String?
        /// Headers the signer added, in the order added (header signing).
        public var addedHeaders: [AWSHTTPHeaders.Field]
        /// Query items the signer added, in the order added (presigning).
        public var addedQuery: [AWSQueryItem]

        public var canonicalRequest: String { String(decoding: canonicalRequestBytes, as: UTF8.self) }
        public var stringToSign: String { String(decoding: stringToSignBytes, as: UTF8.self) }
    }

    public static let algorithm = "AWS4-HMAC-SHA256"
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    public var region: String
    public var service: String
    public var options: Options

    public init(service: String, region: String, options: Options = Options()) {
        self.service = service
        self.region = region
        self.options = options
    }

    /// The S3 signer: path signed as sent (no normalisation, no second encoding), payload hash header signed.
    public static func s3(region: String) -> SigV4Signer {
        SigV4Signer(service: "s3", region: region,
                    options: Options(normalizePath: false, signPayloadHeader: true, encodePathTwice: false))
    }

    /// Signs `request` in place with an `Authorization` header (adding `X-Amz-Date`,
    /// `X-Amz-Security-Token` and, for S3, `x-amz-content-sha256` where needed).
    @discardableResult
    public func sign(_ request: inout AWSHTTPRequest, credentials: AWSCredentials, date: Date = Date()) -> Result {
        let amzDate = request.headers["x-amz-date"] ?? SigV4Encoding.amzDate(date)
        var added: [AWSHTTPHeaders.Field] = []
        func add(_ name: String, _ value: String) {
            request.headers.add(name, value)
            added.append(.init(name: name, value: value))
        }
        if let token = credentials.sessionToken, !request.headers.contains("x-amz-security-token") {
            if options.omitSessionTokenFromSignature {
                added.append(.init(name: "X-Amz-Security-Token", value: token))
            } else {
                add("X-Amz-Security-Token", token)
            }
        }
        if !request.headers.contains("x-amz-date") { add("X-Amz-Date", amzDate) }
        let payloadHash: String
        if let given = request.headers["x-amz-content-sha256"] {
            payloadHash = given
        } else {
            payloadHash = Self.sha256Hex(request.body)
            if options.signPayloadHeader { add("x-amz-content-sha256", payloadHash) }
        }
        let core = signCore(method: request.method, path: request.path, rawPath: request.rawPath, query: request.query,
                            headers: request.headers.fields,
                            host: request.host, payloadHash: payloadHash, amzDate: amzDate, credentials: credentials)
        let authorization = core.authorization
        if let token = credentials.sessionToken, options.omitSessionTokenFromSignature,
           !request.headers.contains("x-amz-security-token") {
            request.headers.add("X-Amz-Security-Token", token)
        }
        request.headers.add("Authorization", authorization)
        added.append(.init(name: "Authorization", value: authorization))
        return Result(canonicalRequestBytes: core.canonical, stringToSignBytes: core.stringToSign, signature: core.signature,
                      signedHeaders: core.signedHeaders, authorization: authorization, addedHeaders: added, addedQuery: [])
    }

    /// Presigns `request`: adds `X-Amz-*` query items and `X-Amz-Signature` to it.
    /// The payload is signed as `UNSIGNED-PAYLOAD` for S3, as its hash otherwise.
    @discardableResult
    public func presign(_ request: inout AWSHTTPRequest, credentials: AWSCredentials, date: Date = Date(),
                        expires: Int = 3600) -> Result {
        let amzDate = SigV4Encoding.amzDate(date)
        let scope = credentialScope(amzDate)
        var canonicalizer = SigV4Canonicalizer()
        var headerBlock: [UInt8] = []
        let signedHeaderBytes = canonicalizer.appendHeaders(request.headers.fields, host: request.host, to: &headerBlock)
        let signedHeaders = String(decoding: signedHeaderBytes, as: UTF8.self)
        var added: [AWSQueryItem] = [
            AWSQueryItem("X-Amz-Algorithm", Self.algorithm),
            AWSQueryItem("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope)"),
            AWSQueryItem("X-Amz-Date", amzDate),
            AWSQueryItem("X-Amz-SignedHeaders", signedHeaders),
            AWSQueryItem("X-Amz-Expires", String(expires)),
        ]
        if let token = credentials.sessionToken, !options.omitSessionTokenFromSignature {
            added.append(AWSQueryItem("X-Amz-Security-Token", token))
        }
        let payloadHash = request.headers["x-amz-content-sha256"]
            ?? (service == "s3" ? Self.unsignedPayload : Self.sha256Hex(request.body))
        var canonical: [UInt8] = []
        canonical.reserveCapacity(512 + headerBlock.count)
        canonical.append(contentsOf: request.method.utf8)
        canonical.append(0x0A)
        SigV4Canonicalizer.appendURI(path: request.path, rawPath: request.rawPath, normalize: options.normalizePath,
                                     encodeTwice: options.encodePathTwice, to: &canonical)
        canonical.append(0x0A)
        canonicalizer.appendQuery(request.query + added, to: &canonical)
        canonical.append(0x0A)
        canonical += headerBlock
        canonical.append(0x0A)
        canonical += signedHeaderBytes
        canonical.append(0x0A)
        canonical.append(contentsOf: payloadHash.utf8)
        let stringToSign = buildStringToSign(amzDate: amzDate, credentials: credentials, canonical: canonical)
        let signature = signatureHex(stringToSign, secret: credentials.secretAccessKey, day: String(amzDate.prefix(8)))
        if let token = credentials.sessionToken, options.omitSessionTokenFromSignature {
            added.append(AWSQueryItem("X-Amz-Security-Token", token))
        }
        added.append(AWSQueryItem("X-Amz-Signature", signature))
        request.query += added
        return Result(canonicalRequestBytes: canonical, stringToSignBytes: stringToSign, signature: signature,
                      signedHeaders: signedHeaders, authorization: nil, addedHeaders: [], addedQuery: added)
    }

    /// `<day>/<region>/<service>/aws4_request`.
    public func credentialScope(_ amzDate: String) -> String {
        "\(amzDate.prefix(8))/\(region)/\(service)/aws4_request"
    }

    /// Canonical request, string to sign, signature and `Authorization` for header signing.
    func signCore(method: String, path: String, rawPath: String?, query: [AWSQueryItem], headers: [AWSHTTPHeaders.Field],
                  host: String,
                  payloadHash: String, amzDate: String, credentials: AWSCredentials)
        -> (canonical: [UInt8], stringToSign: [UInt8], signature: String, signedHeaders: String, authorization: String) {
        var canonicalizer = SigV4Canonicalizer()
        var canonical: [UInt8] = []
        canonical.reserveCapacity(512)
        canonical.append(contentsOf: method.utf8)
        canonical.append(0x0A)
        SigV4Canonicalizer.appendURI(path: path, rawPath: rawPath, normalize: options.normalizePath,
                                     encodeTwice: options.encodePathTwice, to: &canonical)
        canonical.append(0x0A)
        canonicalizer.appendQuery(query, to: &canonical)
        canonical.append(0x0A)
        let signed = canonicalizer.appendHeaders(headers, host: host, to: &canonical)
        canonical.append(0x0A)
        canonical += signed
        canonical.append(0x0A)
        canonical.append(contentsOf: payloadHash.utf8)
        let stringToSign = buildStringToSign(amzDate: amzDate, credentials: credentials, canonical: canonical)
        let signature = signatureHex(stringToSign, secret: credentials.secretAccessKey, day: String(amzDate.prefix(8)))
        var authorization: [UInt8] = []
        authorization.reserveCapacity(200 + signed.count)
        authorization.append(contentsOf: "AWS4-HMAC-SHA256 Credential=".utf8)
        authorization.append(contentsOf: credentials.accessKeyID.utf8)
        authorization.append(UInt8(ascii: "/"))
        appendScope(amzDate, to: &authorization)
        authorization.append(contentsOf: ", SignedHeaders=".utf8)
        authorization += signed
        authorization.append(contentsOf: ", Signature=".utf8)
        authorization.append(contentsOf: signature.utf8)
        return (canonical, stringToSign, signature, String(decoding: signed, as: UTF8.self),
                String(decoding: authorization, as: UTF8.self))
    }

    func appendScope(_ amzDate: String, to out: inout [UInt8]) {
        out.append(contentsOf: amzDate.utf8.prefix(8))
        out.append(UInt8(ascii: "/"))
        out.append(contentsOf: region.utf8)
        out.append(UInt8(ascii: "/"))
        out.append(contentsOf: service.utf8)
        out.append(contentsOf: "/aws4_request".utf8)
    }

    func buildStringToSign(amzDate: String, credentials: AWSCredentials, canonical: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(160)
        out.append(contentsOf: "AWS4-HMAC-SHA256\n".utf8)
        out.append(contentsOf: amzDate.utf8)
        out.append(0x0A)
        appendScope(amzDate, to: &out)
        out.append(0x0A)
        SigV4Canonicalizer.appendHex(SHA256.hash(data: canonical), to: &out)
        return out
    }

    /// The hex HMAC of `stringToSign` under the derived signing key.
    public func sign(_ stringToSign: String, secret: String, day: String) -> String {
        signatureHex(Array(stringToSign.utf8), secret: secret, day: day)
    }

    func signatureHex(_ stringToSign: [UInt8], secret: String, day: String) -> String {
        var hmac = SigningKeyCache.shared.hmac(secret: secret, day: day, region: region, service: service)
        hmac.update(data: stringToSign)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        SigV4Canonicalizer.appendHex(hmac.finalize(), to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func sha256Hex(_ data: Data) -> String {
        data.isEmpty ? emptyPayloadHash : SigV4Encoding.hex(SHA256.hash(data: data))
    }
}
