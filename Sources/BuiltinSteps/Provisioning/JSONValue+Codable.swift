import Foundation
import PipelineModel

extension JSONValue {
    /// The value decoded as `type` (through its JSON form): how steps read their saved plans.
    func decoded<Value: Decodable>(as type: Value.Type) throws -> Value {
        try JSONDecoder().decode(Value.self, from: JSONEncoder().encode(self))
    }
}
