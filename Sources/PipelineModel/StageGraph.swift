/// The stages of a pipeline and their dependencies: order, cycles, and what depends on what.
public struct StageGraph: Sendable {
    public let stages: [StageDefinition]
    private let index: [String: Int]

    public init(_ stages: [StageDefinition]) {
        self.stages = stages
        var index: [String: Int] = [:]
        for (position, stage) in stages.enumerated() where index[stage.name] == nil {
            index[stage.name] = position
        }
        self.index = index
    }

    /// A cycle among the stages, as stage names with the first repeated at the end, or nil.
    public func cycle() -> [String]? {
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        var path: [String] = []
        func visit(_ name: String) -> [String]? {
            if state[name] == 2 { return nil }
            if state[name] == 1 {
                let start = path.firstIndex(of: name) ?? 0
                return Array(path[start...]) + [name]
            }
            guard let position = index[name] else { return nil }
            state[name] = 1
            path.append(name)
            for dependency in stages[position].dependsOn {
                if let found = visit(dependency) { return found }
            }
            path.removeLast()
            state[name] = 2
            return nil
        }
        for stage in stages {
            if let found = visit(stage.name) { return found }
        }
        return nil
    }

    /// Stage names in an order where every stage follows its dependencies (declaration order
    /// breaks ties). Requires an acyclic graph.
    public func topologicalOrder() -> [String] {
        var done = Set<String>()
        var order: [String] = []
        func visit(_ name: String) {
            guard !done.contains(name), let position = index[name] else { return }
            done.insert(name)
            for dependency in stages[position].dependsOn { visit(dependency) }
            order.append(name)
        }
        for stage in stages { visit(stage.name) }
        return order
    }

    /// Every stage that depends on `name`, directly or not.
    public func dependents(of name: String) -> Set<String> {
        var result = Set<String>()
        var frontier = [name]
        while let current = frontier.popLast() {
            for stage in stages where stage.dependsOn.contains(current) && !result.contains(stage.name) {
                result.insert(stage.name)
                frontier.append(stage.name)
            }
        }
        return result
    }

    /// Every stage `name` depends on, directly or not.
    public func ancestors(of name: String) -> Set<String> {
        var result = Set<String>()
        var frontier = [name]
        while let current = frontier.popLast() {
            guard let position = index[current] else { continue }
            for dependency in stages[position].dependsOn where !result.contains(dependency) {
                result.insert(dependency)
                frontier.append(dependency)
            }
        }
        return result
    }
}
