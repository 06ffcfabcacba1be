/// The compiled form of a schema: a flat table of nodes linked by index, refs resolved.
final class CompiledSchema: Sendable {
    let nodes: [SchemaNode]
    /// `dynamicAnchors[anchorID][resource]`: the node of that `$dynamicAnchor` in that
    /// schema resource, or -1 (anchor ids are assigned at compile time).
    let dynamicAnchors: [[Int]]
    let root: Int

    init(nodes: [SchemaNode], dynamicAnchors: [[Int]], root: Int) {
        self.nodes = nodes
        self.dynamicAnchors = dynamicAnchors
        self.root = root
    }
}
