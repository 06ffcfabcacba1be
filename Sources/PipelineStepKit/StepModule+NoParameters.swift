import Foundation

extension StepModule where Parameters == NoParameters {
    /// A module without parameters.
    public init(name: String, version: String, summary: String, requiresEnvironment: Bool = false, supports: StepSupports? = nil,
                apply: @escaping Handler) {
        self.init(name: name, version: version, summary: summary, parameters: NoParameters.self, schema: .object([:]),
                  requiresEnvironment: requiresEnvironment, supports: supports, apply: apply)
    }
}
