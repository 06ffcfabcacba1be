import AWS
import Foundation

/// Builds `AWSHTTPRequest`s from the suites' raw requests.
enum SigV4Fixtures {
    static let credentials = AWSCredentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let date = Date(timeIntervalSince1970: 1_440_938_160) // 2015-08-30T12:36:00Z

    /// The suites' request lines show the path as sent (the canonical URI encodes it once more).
    static func request(_ raw: RawHTTPRequest) -> AWSHTTPRequest {
        AWSHTTPRequest(
            method: raw.method, host: raw.host, rawPath: raw.rawPath,
            query: raw.queryItems.map { AWSQueryItem(SigV4Encoding.decode($0.0), $0.1.map(SigV4Encoding.decode)) },
            headers: AWSHTTPHeaders(raw.headers), body: Data(raw.body.utf8))
    }

    /// Every case folder (holding `<name>.req`) under the classic suite, recursively.
    static func classicCases(in root: URL) throws -> [URL] {
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        var cases: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            if url.pathExtension == "req" { cases.append(url.deletingLastPathComponent()) }
        }
        return cases.sorted { $0.path < $1.path }
    }
}
