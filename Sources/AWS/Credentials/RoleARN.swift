/// IAM role ARNs: `arn:<partition>:iam::<12-digit account>:role/<path/><name>`.
public enum RoleARN {
    /// The account id of a role ARN, or `nil` if `text` is not one.
    public static func account(of text: String) -> String? {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", AWSRegion.Partition(rawValue: String(parts[1])) != nil,
              parts[2] == "iam", parts[3].isEmpty, parts[4].count == 12, parts[4].allSatisfy(\.isASCIIDigit),
              parts[5].hasPrefix("role/"), parts[5].count > "role/".count
        else { return nil }
        return String(parts[4])
    }

    /// Throws ``CredentialError/invalidSetting(name:reason:)`` unless `text` is a role ARN.
    public static func check(_ text: String) throws {
        guard account(of: text) != nil else {
            throw CredentialError.invalidSetting(
                name: "role ARN", reason: "\(text) is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)")
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
