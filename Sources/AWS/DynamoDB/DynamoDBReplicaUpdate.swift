import Foundation

/// One change in `UpdateTable`'s `ReplicaUpdates` (global tables version 2019.11.21): one per call.
public enum DynamoDBReplicaUpdate: Encodable, Sendable, Equatable {
    case create(regionName: String)
    case delete(regionName: String)

    private enum Keys: String, CodingKey { case Create, Delete }
    private struct Body: Encodable {
        var RegionName: String
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        switch self {
        case .create(let region): try container.encode(Body(RegionName: region), forKey: .Create)
        case .delete(let region): try container.encode(Body(RegionName: region), forKey: .Delete)
        }
    }
}
