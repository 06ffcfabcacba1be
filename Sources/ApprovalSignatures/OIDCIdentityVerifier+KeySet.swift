import Foundation
import PipelineModel
import JWTKit

extension OIDCIdentityVerifier {
    /// The issuer's keys: from `jwksURL`, or from the `jwks_uri` of its discovery document (whose
    /// `issuer` must equal the configured one). Keys of a type jwt-kit cannot read are skipped.
    func keySet(for issuer: OIDCIssuer) async throws -> JWKS {
        let jwksAddress: String
        if let configured = issuer.jwksURL {
            jwksAddress = configured
        } else {
            let discoveryURL = try Self.url(issuer.discoveryURL)
            let document = try await fetcher.fetch(discoveryURL)
            let discovery: Discovery
            do {
                discovery = try JSONDecoder().decode(Discovery.self, from: document)
            } catch {
                throw ApprovalVerificationError.jwksInvalid(url: issuer.discoveryURL, reason: "not an OpenID discovery document with issuer and jwks_uri")
            }
            guard discovery.issuer == issuer.issuer else {
                throw ApprovalVerificationError.jwksInvalid(
                    url: issuer.discoveryURL, reason: "it names issuer \"\(discovery.issuer)\", not \"\(issuer.issuer)\"")
            }
            jwksAddress = discovery.jwks_uri
        }
        let data = try await fetcher.fetch(try Self.url(jwksAddress))
        let lenient: LenientKeySet
        do {
            lenient = try JSONDecoder().decode(LenientKeySet.self, from: data)
        } catch {
            throw ApprovalVerificationError.jwksInvalid(url: jwksAddress, reason: "not a JWKS ({\"keys\": [...]})")
        }
        return JWKS(keys: lenient.keys.compactMap(\.key))
    }

    static func url(_ text: String) throws -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http", url.host != nil else {
            throw ApprovalVerificationError.jwksFetchFailed(url: text, status: nil, reason: "not an http(s) URL")
        }
        return url
    }

    private struct Discovery: Decodable {
        var issuer: String
        var jwks_uri: String
    }

    private struct LenientKeySet: Decodable {
        var keys: [LenientKey]
    }

    private struct LenientKey: Decodable {
        var key: JWK?
        init(from decoder: any Decoder) throws { key = try? JWK(from: decoder) }
    }
}
