// Part of the pipeline document's wire format (see PipelineSerialization.swift): shared by the
// DSL and the runner's model.

@_spi(PipelineWire)
extension PipelineSerialization {
    /// A deployment target, listed once in the pipeline's `environments`.
    public struct Environment: Codable, Sendable, Equatable {
        public var name: String
        public var account: String
        public var region: String
        /// An IAM role name or a full role ARN (``roleARN(role:account:)``).
        public var role: String
        public var gate: Gate?
        public var tags: [String: String]
        public var settings: [String: Value]
        public var disasterRecovery: DisasterRecovery?
        public var location: SourceLocation

        public init(
            name: String, account: String, region: String, role: String, gate: Gate?, tags: [String: String],
            settings: [String: Value], disasterRecovery: DisasterRecovery?, location: SourceLocation
        ) {
            self.name = name
            self.account = account
            self.region = region
            self.role = role
            self.gate = gate
            self.tags = tags
            self.settings = settings
            self.disasterRecovery = disasterRecovery
            self.location = location
        }

        /// The full ARN of `role` in `account`: `role` itself when it is an ARN already.
        public static func roleARN(role: String, account: String) -> String {
            role.hasPrefix("arn:") ? role : "arn:aws:iam::\(account):role/\(role)"
        }
    }

    /// Regions that hold replicas of an environment's data.
    public struct DisasterRecovery: Codable, Sendable, Equatable {
        public var replicaRegions: [String]

        public init(replicaRegions: [String]) {
            self.replicaRegions = replicaRegions
        }
    }

    /// An approval gate, normalised: `roles` includes `requiredRoles`, and `minimumApprovers` is at
    /// least the number of required roles and at least 1.
    public struct Gate: Codable, Sendable, Equatable {
        public var requiredRoles: [String]
        public var roles: [String]
        public var minimumApprovers: Int
        public var preventSelfApproval: Bool

        /// The one place a gate is normalised (the DSL's `Gate` and the model's `GateDefinition` use it).
        public init(requiredRoles: [String], roles: [String]?, minimumApprovers: Int?, preventSelfApproval: Bool) {
            self.requiredRoles = requiredRoles
            var eligible = roles ?? requiredRoles
            for role in requiredRoles where !eligible.contains(role) { eligible.append(role) }
            self.roles = eligible
            self.minimumApprovers = max(minimumApprovers ?? requiredRoles.count, requiredRoles.count, 1)
            self.preventSelfApproval = preventSelfApproval
        }
    }

    /// Who may approve gates, in which roles, and how their approvals are proven.
    public struct Approvers: Codable, Sendable, Equatable {
        public var members: [String: [String]]
        public var keys: [String: [String]]
        public var allowedSigners: String?
        public var identityProviders: [IdentityProvider]
        public var allowUnsigned: Bool
        public var location: SourceLocation?

        public init(
            members: [String: [String]], keys: [String: [String]], allowedSigners: String?, identityProviders: [IdentityProvider],
            allowUnsigned: Bool, location: SourceLocation?
        ) {
            self.members = members
            self.keys = keys
            self.allowedSigners = allowedSigners
            self.identityProviders = identityProviders
            self.allowUnsigned = allowUnsigned
            self.location = location
        }

        private enum CodingKeys: String, CodingKey { case members, keys, allowedSigners, identityProviders, allowUnsigned, location }

        /// Only `members` is required (documents of version 1 may lack the rest).
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            members = try container.decode([String: [String]].self, forKey: .members)
            keys = try container.decodeIfPresent([String: [String]].self, forKey: .keys) ?? [:]
            allowedSigners = try container.decodeIfPresent(String.self, forKey: .allowedSigners)
            identityProviders = try container.decodeIfPresent([IdentityProvider].self, forKey: .identityProviders) ?? []
            allowUnsigned = try container.decodeIfPresent(Bool.self, forKey: .allowUnsigned) ?? false
            location = try container.decodeIfPresent(SourceLocation.self, forKey: .location)
        }
    }

    /// An OpenID Connect issuer whose tokens prove an approver's identity.
    public struct IdentityProvider: Codable, Sendable, Equatable {
        public var issuer: String
        public var audience: String
        public var identityClaim: String
        public var jwksURL: String?
        public var identities: [String: String]
        /// Claims a token must carry, each with the values it may have.
        public var requiredClaims: [String: [String]]

        public init(issuer: String, audience: String, identityClaim: String, jwksURL: String?, identities: [String: String],
                    requiredClaims: [String: [String]] = [:]) {
            self.issuer = issuer
            self.audience = audience
            self.identityClaim = identityClaim
            self.jwksURL = jwksURL
            self.identities = identities
            self.requiredClaims = requiredClaims
        }

        private enum CodingKeys: String, CodingKey { case issuer, audience, identityClaim, jwksURL, identities, requiredClaims }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            issuer = try container.decode(String.self, forKey: .issuer)
            audience = try container.decode(String.self, forKey: .audience)
            identityClaim = try container.decode(String.self, forKey: .identityClaim)
            jwksURL = try container.decodeIfPresent(String.self, forKey: .jwksURL)
            identities = try container.decodeIfPresent([String: String].self, forKey: .identities) ?? [:]
            requiredClaims = try container.decodeIfPresent([String: [String]].self, forKey: .requiredClaims) ?? [:]
        }
    }

    /// Where run state is kept, as the pipeline file declares it.
    public struct State: Codable, Sendable, Equatable {
        public enum Kind: String, Codable, Sendable {
            case local
            case dynamoDB = "dynamodb"
        }

        public var kind: Kind
        public var table: String?
        public var region: String?
        public var role: String?
        public var location: SourceLocation?

        public init(kind: Kind, table: String?, region: String?, role: String?, location: SourceLocation?) {
            self.kind = kind
            self.table = table
            self.region = region
            self.role = role
            self.location = location
        }
    }
}
