import Foundation

/// What `DescribeTimeToLive` returns.
public struct DynamoDBTimeToLiveDescription: Decodable, Sendable, Equatable {
    /// `ENABLING`, `DISABLING`, `ENABLED`, `DISABLED`.
    public var timeToLiveStatus: String?
    public var attributeName: String?
    enum CodingKeys: String, CodingKey { case timeToLiveStatus = "TimeToLiveStatus", attributeName = "AttributeName" }

    /// The attribute items expire by, when TTL is on (or turning on); nil when off (or turning off).
    public var enabledAttributeName: String? {
        timeToLiveStatus == "ENABLED" || timeToLiveStatus == "ENABLING" ? attributeName : nil
    }
}

/// What `DescribeContinuousBackups` and `UpdateContinuousBackups` return.
public struct DynamoDBContinuousBackupsDescription: Decodable, Sendable, Equatable {
    public struct PointInTimeRecovery: Decodable, Sendable, Equatable {
        /// `ENABLED` or `DISABLED`.
        public var pointInTimeRecoveryStatus: String?
        enum CodingKeys: String, CodingKey { case pointInTimeRecoveryStatus = "PointInTimeRecoveryStatus" }
    }
    public var continuousBackupsStatus: String?
    public var pointInTimeRecoveryDescription: PointInTimeRecovery?
    enum CodingKeys: String, CodingKey {
        case continuousBackupsStatus = "ContinuousBackupsStatus"
        case pointInTimeRecoveryDescription = "PointInTimeRecoveryDescription"
    }

    public var pointInTimeRecoveryEnabled: Bool { pointInTimeRecoveryDescription?.pointInTimeRecoveryStatus == "ENABLED" }
}
