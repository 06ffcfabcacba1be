import Crypto
import Foundation

extension SigV4Signer {
    /// The payload value for S3 `aws-chunked` uploads signed chunk by chunk.
    public static let streamingPayload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"

    /// The string to sign for one chunk of an `aws-chunked` upload (S3 streaming SigV4).
    public func chunkStringToSign(amzDate: String, previousSignature: String, chunk: Data) -> String {
        "AWS4-HMAC-SHA256-PAYLOAD\n\(amzDate)\n\(credentialScope(amzDate))\n\(previousSignature)\n"
            + "\(Self.emptyPayloadHash)\n\(Self.sha256Hex(chunk))"
    }

    /// The signature of one chunk, chained from the previous signature (the seed signature first).
    public func chunkSignature(amzDate: String, previousSignature: String, chunk: Data, secret: String) -> String {
        sign(chunkStringToSign(amzDate: amzDate, previousSignature: previousSignature, chunk: chunk),
             secret: secret, day: String(amzDate.prefix(8)))
    }
}
