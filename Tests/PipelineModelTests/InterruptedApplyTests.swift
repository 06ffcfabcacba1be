import PipelineModel
import TestTiers
import Testing

/// When a step that was in flight as its driver died is run again, its own partial apply is
/// progress on the approved plan, resource by resource; anything else makes the plan stale.
@Suite(.fast) struct InterruptedApplyTests {
    /// The approved plan of a bucket step: the primary bucket exists and gets one setting, the
    /// DR bucket is to be made. Snapshot and desired state have different shapes, as the bucket
    /// step's do.
    static let approved = StepPlan(
        changes: [
            PlannedChange(action: .update, type: "s3.bucket", resource: "templates-prod",
                          attributes: [AttributeChange(path: "versioning", action: .update, before: .string("Suspended"), after: .string("Enabled"))]),
            PlannedChange(action: .create, type: "s3.bucket", resource: "templates-prod-eu-west-1"),
            PlannedChange(action: .noChange, type: "s3.bucket", resource: "logs-prod"),
        ],
        desired: .object(["buckets": .array([.string("templates-prod"), .string("templates-prod-eu-west-1")]), "versioning": .bool(true)]),
        snapshot: .object([
            "templates-prod": .object(["exists": .bool(true), "versioning": .string("Suspended"), "encryption": .string("AES256")]),
            "templates-prod-eu-west-1": .object(["exists": .bool(false)]),
            "logs-prod": .object(["exists": .bool(true), "versioning": .string("Enabled")]),
        ]))

    static func fresh(_ changes: [PlannedChange], snapshot: [String: JSONValue], desired: JSONValue? = approved.desired) -> StepPlan {
        var merged = approved.snapshot?.objectValue ?? [:]
        for (key, value) in snapshot { merged[key] = value }
        return StepPlan(changes: changes, desired: desired, snapshot: .object(merged))
    }

    @Test func aResourceTheApprovedPlanCreatesMayExistHalfMade() {
        // Killed inside the DR bucket's creation: it exists, with settings S3 chose by itself,
        // and is left to update; the primary bucket is done.
        let fresh = Self.fresh(
            [PlannedChange(action: .noChange, type: "s3.bucket", resource: "templates-prod"),
             PlannedChange(action: .update, type: "s3.bucket", resource: "templates-prod-eu-west-1",
                           attributes: [AttributeChange(path: "replication", action: .create)])],
            snapshot: [
                "templates-prod": .object(["exists": .bool(true), "versioning": .string("Enabled"), "encryption": .string("AES256")]),
                "templates-prod-eu-west-1": .object(["exists": .bool(true), "versioning": .string("Enabled"), "encryption": .string("AES256")]),
            ])
        #expect(Self.approved.allowsInterruptedProgress(to: fresh))
        // The line-by-line rule it replaces refused exactly this (`exists: false → true`).
        #expect(!JSONValue.differences(from: Self.approved.snapshot, to: fresh.snapshot).isEmpty)
    }

    @Test func nothingDoneYetIsProgressToo() {
        #expect(Self.approved.allowsInterruptedProgress(to: Self.approved))
    }

    @Test func aResourceThePlanDidNotChangeThatMovedMakesItStale() {
        let fresh = Self.fresh(Self.approved.changes, snapshot: ["logs-prod": .object(["exists": .bool(true), "versioning": .string("Suspended")])])
        #expect(!Self.approved.allowsInterruptedProgress(to: fresh))
    }

    @Test func aChangeThePlanDidNotHaveMakesItStale() {
        // Someone switched the primary bucket's encryption by hand: an attribute the plan did
        // not change is now to be changed.
        let fresh = Self.fresh(
            [PlannedChange(action: .update, type: "s3.bucket", resource: "templates-prod",
                           attributes: [AttributeChange(path: "versioning", action: .update), AttributeChange(path: "encryption", action: .update)]),
             PlannedChange(action: .create, type: "s3.bucket", resource: "templates-prod-eu-west-1")],
            snapshot: ["templates-prod": .object(["exists": .bool(true), "versioning": .string("Suspended"), "encryption": .string("aws:kms")])])
        #expect(!Self.approved.allowsInterruptedProgress(to: fresh))
    }

    @Test func aNewResourceToChangeOrAnotherKindOfChangeMakesItStale() {
        let newResource = Self.fresh(Self.approved.changes + [PlannedChange(action: .create, type: "s3.bucket", resource: "other")], snapshot: [:])
        #expect(!Self.approved.allowsInterruptedProgress(to: newResource))
        // The DR bucket now "needs replacing": not what the approved plan would do to it.
        let replaced = Self.fresh(
            [Self.approved.changes[0], PlannedChange(action: .replace, type: "s3.bucket", resource: "templates-prod-eu-west-1")],
            snapshot: ["templates-prod-eu-west-1": .object(["exists": .bool(true)])])
        #expect(!Self.approved.allowsInterruptedProgress(to: replaced))
    }

    @Test func aChangedDesiredStateMakesItStale() {
        let fresh = Self.fresh(Self.approved.changes, snapshot: [:], desired: .object(["buckets": .array([]), "versioning": .bool(false)]))
        #expect(!Self.approved.allowsInterruptedProgress(to: fresh))
    }

    @Test func objectKeysWithDotsAreResourcesOfTheirOwn() {
        let plan = StepPlan(
            changes: [PlannedChange(action: .update, type: "s3.object", resource: "receipts/payment.html")],
            desired: .object(["commit": .string("c1")]),
            snapshot: .object(["receipts/payment.html": .object(["versionId": .string("v1")]),
                               "receipts/payment.txt": .object(["versionId": .string("t1")])]))
        let ownProgress = StepPlan(changes: [PlannedChange(action: .noChange, type: "s3.object", resource: "receipts/payment.html")],
                                   desired: plan.desired,
                                   snapshot: .object(["receipts/payment.html": .object(["versionId": .string("v2")]),
                                                      "receipts/payment.txt": .object(["versionId": .string("t1")])]))
        #expect(plan.allowsInterruptedProgress(to: ownProgress))
        let neighbourMoved = StepPlan(changes: ownProgress.changes, desired: plan.desired,
                                      snapshot: .object(["receipts/payment.html": .object(["versionId": .string("v2")]),
                                                         "receipts/payment.txt": .object(["versionId": .string("t2")])]))
        #expect(!plan.allowsInterruptedProgress(to: neighbourMoved))
    }

    /// The publish step's shape: objects grouped under one key. Killed after 4 of 13 uploads,
    /// the uploaded ones are progress (found by the seed's kill matrix).
    @Test func resourcesGroupedUnderOneKeyAreMatchedWhole() {
        let keys = ["invoices/invoice_created.html", "invoices/invoice_updated.html", "manifest.json"]
        let plan = StepPlan(
            changes: keys.map { PlannedChange(action: .create, type: "s3.object", resource: $0) },
            desired: .object(["commit": .string("c1")]),
            snapshot: .object(["objects": .object([:]), "bucket": .string("b")]))
        let partly = StepPlan(
            changes: [PlannedChange(action: .noChange, type: "s3.object", resource: keys[0]),
                      PlannedChange(action: .noChange, type: "s3.object", resource: keys[1]),
                      PlannedChange(action: .create, type: "s3.object", resource: keys[2])],
            desired: plan.desired,
            snapshot: .object(["objects": .object([keys[0]: .object(["versionId": .string("v1")]), keys[1]: .object(["versionId": .string("v1")])]),
                               "bucket": .string("b")]))
        #expect(plan.allowsInterruptedProgress(to: partly))
        let otherObject = StepPlan(changes: partly.changes, desired: plan.desired,
                                   snapshot: .object(["objects": .object(["other.html": .object(["versionId": .string("v9")])]), "bucket": .string("b")]))
        #expect(!plan.allowsInterruptedProgress(to: otherObject))
        let otherBucket = StepPlan(changes: partly.changes, desired: plan.desired, snapshot: .object(["objects": .object([:]), "bucket": .string("c")]))
        #expect(!plan.allowsInterruptedProgress(to: otherBucket))
    }

    @Test func changedPathsFollowTheDifferenceLines() {
        let old: JSONValue = .object(["a": .object(["x": .int(1)]), "list": .array([.object(["name": .string("A")])]), "gone": .int(3)])
        let new: JSONValue = .object(["a": .object(["x": .int(2)]), "list": .array([.object(["name": .string("A")]), .object(["name": .string("B")])]),
                                      "made": .bool(true)])
        let paths = JSONValue.changedPaths(from: old, to: new)
        #expect(paths == [JSONValue.ChangedPath("a.x", .changed), JSONValue.ChangedPath("gone", .removed),
                          JSONValue.ChangedPath("list[B]", .added), JSONValue.ChangedPath("made", .added)])
        #expect(paths.count == JSONValue.differences(from: old, to: new).count)
        #expect(JSONValue.ChangedPath("a", .changed).covers("a.x") && JSONValue.ChangedPath("list", .changed).covers("list[B]"))
        #expect(!JSONValue.ChangedPath("a", .changed).covers("ab.x"))
    }
}
