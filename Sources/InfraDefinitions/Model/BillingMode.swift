/// How the table is billed.
public enum BillingMode: String, Codable, Sendable {
    case payPerRequest = "PAY_PER_REQUEST"
    case provisioned = "PROVISIONED"
}
