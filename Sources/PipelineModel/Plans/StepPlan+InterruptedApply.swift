extension StepPlan {
    /// Whether `fresh`, a plan made now of a step that was in flight when its run's driver died,
    /// shows nothing but that step's own progress on this approved plan, resource by resource:
    ///
    /// - the desired state is the approved one;
    /// - every resource whose actual state moved since the approved snapshot is one this plan
    ///   changes (the interrupted apply got part of the way);
    /// - every change still to make is to a resource this plan changes, and is the same kind of
    ///   change or what is left of it: a resource the plan creates may now exist half-made (left:
    ///   an update), one it updates may have some attributes done (left: a subset of them).
    ///
    /// Anything else (a resource the plan did not touch moved, a new kind of change, a changed
    /// desired state) is drift or a new commit: the plan is stale.
    public func allowsInterruptedProgress(to fresh: StepPlan) -> Bool {
        guard desired == fresh.desired else { return false }
        let approved = changes.filter { $0.action.changesSomething }
        func approvedChange(of change: PlannedChange) -> PlannedChange? {
            approved.first { $0.type == change.type && $0.resource == change.resource }
        }
        for change in fresh.changes where change.action.changesSomething {
            guard let earlier = approvedChange(of: change) else { return false }
            switch (earlier.action, change.action) {
            case (.create, .create), (.create, .update), (.replace, .replace), (.replace, .update), (.run, .run), (.delete, .delete):
                continue
            case (.update, .update):
                let allowed = Set(earlier.attributes.map(\.path))
                if !allowed.isEmpty, !change.attributes.allSatisfy({ allowed.contains($0.path) }) { return false }
            default:
                return false
            }
        }
        for moved in JSONValue.changedPaths(from: snapshot, to: fresh.snapshot) {
            if !approved.contains(where: { Self.path(moved.path, isUnder: $0.resource) }) { return false }
        }
        return true
    }

    /// Whether the snapshot `path` lies in `resource`'s part: the snapshot is keyed by resource
    /// (`tenants.tags.Owner`) or groups its resources under one key (`objects.receipts/a.html`).
    /// Resource names may hold dots (object keys), so they are matched whole, not split.
    static func path(_ path: String, isUnder resource: String) -> Bool {
        let place = JSONValue.ChangedPath(resource, .changed)
        if place.covers(path) { return true }
        guard let dot = path.firstIndex(of: ".") else { return false }
        return place.covers(String(path[path.index(after: dot)...]))
    }
}
