import Foundation
import PipelineBasics
import PipelineModel

/// A bag of services, keyed by type, that the commands layer fills and steps read, so the engine
/// does not depend on any adapter.
public struct StepServices: Sendable {
    private var entries: [ObjectIdentifier: any Sendable] = [:]

    public init() {}

    public mutating func register<Service: Sendable>(_ service: Service, as type: Service.Type = Service.self) {
        entries[ObjectIdentifier(type)] = service
    }

    public func resolve<Service>(_ type: Service.Type) -> Service? {
        entries[ObjectIdentifier(type)] as? Service
    }
}
