/// The public AWS regions (commercial, China, GovCloud) and a check for region names, so that a
/// pipeline naming `af-sout-1` is refused when it is loaded, with a suggestion, instead of
/// failing later on a DNS lookup.
public struct AWSRegion: Sendable, Hashable, CustomStringConvertible {
    /// An AWS partition: where a region's ARNs and endpoints live.
    public enum Partition: String, Sendable, Hashable, CaseIterable {
        case aws
        case awsChina = "aws-cn"
        case awsUSGov = "aws-us-gov"

        /// The partition as written in ARNs (`arn:<partition>:…`).
        public var arnPrefix: String { rawValue }
        /// The DNS suffix of the partition's endpoints.
        public var dnsSuffix: String { self == .awsChina ? "amazonaws.com.cn" : "amazonaws.com" }
    }

    public let name: String
    public let partition: Partition

    public var description: String { name }

    /// Every region, by partition (the regions AWS lists as of 2025; opt-in regions included).
    public static let all: [AWSRegion] = {
        let commercial = [
            "us-east-1", "us-east-2", "us-west-1", "us-west-2",
            "af-south-1",
            "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2",
            "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6",
            "ap-southeast-7", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
            "ca-central-1", "ca-west-1",
            "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1", "eu-south-2", "eu-north-1",
            "il-central-1", "me-south-1", "me-central-1", "mx-central-1", "sa-east-1",
        ]
        return commercial.map { AWSRegion(name: $0, partition: .aws) }
            + ["cn-north-1", "cn-northwest-1"].map { AWSRegion(name: $0, partition: .awsChina) }
            + ["us-gov-east-1", "us-gov-west-1"].map { AWSRegion(name: $0, partition: .awsUSGov) }
    }()

    private static let byName: [String: AWSRegion] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The region named `name` exactly (lower case, as AWS writes it), or `nil`.
    public init?(_ name: String) {
        guard let region = Self.byName[name] else { return nil }
        self = region
    }

    private init(name: String, partition: Partition) {
        self.name = name
        self.partition = partition
    }

    /// Whether `name` is a region AWS has (exact spelling).
    public static func isKnown(_ name: String) -> Bool { byName[name] != nil }

    /// The known regions nearest to `name` (all at the smallest distance found, at most two edits
    /// apart, comparing lower-cased and trimmed), in name order; empty when nothing is close.
    public static func suggestions(for name: String) -> [String] {
        let wanted = Array(name.lowercased().trimmingSpaces.utf8)
        guard !wanted.isEmpty else { return [] }
        var scored: [(distance: Int, name: String)] = []
        for region in all {
            let distance = RegionNameDistance.between(wanted, Array(region.name.utf8), limit: 2)
            if distance <= 2 { scored.append((distance, region.name)) }
        }
        guard let nearest = scored.map(\.distance).min() else { return [] }
        return scored.filter { $0.distance == nearest }.map(\.name).sorted()
    }

    /// The closest known region to a misspelt `name`, if one is clearly meant.
    public static func suggestion(for name: String) -> String? { suggestions(for: name).first }

    /// The region named `name`, or an error saying it is unknown and what was probably meant.
    public static func validated(_ name: String) throws(UnknownRegionError) -> AWSRegion {
        if let region = AWSRegion(name) { return region }
        throw UnknownRegionError(name: name, suggestions: Array(suggestions(for: name).prefix(3)))
    }
}
