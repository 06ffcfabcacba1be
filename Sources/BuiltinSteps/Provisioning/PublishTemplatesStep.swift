import AWS
import Foundation
import PipelineEngine
import PipelineModel
import TemplateDeployment

/// The built-in `publish-templates` step (`PublishTemplates("templates/", to: "bbws-templates-dev")`):
/// uploads the files under `root` at the run's commit (the templates and their manifest), only
/// those whose content changed (compared without downloading), with their content type, content
/// hash and the commit in metadata, eight at a time; deletes (a delete marker, versions kept)
/// what the commit no longer has. Its rollback puts every object back at the version id it had
/// before the deploy, from the saved plan's snapshot.
public struct PublishTemplatesStep: StepModule {
    public static let kind = "publish-templates"
    public static let summary = "uploads the changed templates of the commit to a bucket; rollback restores the previous versions (root, bucket)"

    let root: String
    let bucket: String

    public init(step: StepDefinition) throws {
        guard let root = step.string("root"), !root.isEmpty else {
            throw StepConfigurationError(step: step.name, field: "root", message: "give the templates folder, e.g. \"templates/\"")
        }
        guard let bucket = step.string("bucket"), !bucket.isEmpty else {
            throw StepConfigurationError(step: step.name, field: "bucket", message: "name the bucket, e.g. \"bbws-templates-dev\"")
        }
        self.root = root.hasSuffix("/") ? root : root + "/"
        self.bucket = bucket
    }

    /// The files under `root` at `revision` (nil: the run's commit), keyed by their path below `root`.
    static func files(under root: String, in context: StepContext, revision: String? = nil) throws -> [String: Data] {
        let inputs = context.inputFiles
        let paths = try revision.map { try inputs.files(matching: root + "**", at: $0) } ?? inputs.files(matching: root + "**")
        guard !paths.isEmpty else { throw ValidationStepError.noFiles(pattern: root + "**", origin: inputs.origin) }
        var files: [String: Data] = [:]
        for path in paths {
            files[String(path.dropFirst(root.count))] = try revision.map { try inputs.contents(of: path, at: $0) ?? Data() } ?? inputs.contents(of: path)
        }
        return files
    }

    func publishPlan(in context: StepContext, files: [String: Data]) async throws -> (TemplatePublisher, PublishPlan) {
        let environment = try context.requireEnvironment()
        let s3 = try context.requireAWS().s3(for: environment)
        let publisher = TemplatePublisher(client: s3, bucket: bucket)
        let commit = context.commit ?? "uncommitted"
        // Before the bucket's first deployment there is nothing in it (the bucket step runs first).
        guard try await s3.headBucket(bucket) else {
            return (publisher, TemplatePublisher.plan(files: files, commit: commit, bucket: bucket, keyPrefix: "", current: [:]))
        }
        return (publisher, try await publisher.plan(files: files, commit: commit))
    }

    public var requiresEnvironment: Bool { true }

    public func plan(in context: StepContext) async throws -> StepPlan {
        var plan = try await publishPlan(in: context, files: try Self.files(under: root, in: context)).1.stepPlan
        if case .object(var desired)? = plan.desired {
            desired["root"] = .string(root)
            plan.desired = .object(desired)
        }
        return plan
    }

    public func apply(in context: StepContext) async throws {
        let files = try Self.files(under: root, in: context)
        let (publisher, plan) = try await publishPlan(in: context, files: files)
        let result = try await publisher.apply(plan, files: files)
        let unchanged = plan.changes.filter { $0.action == .noChange }.count
        context.summarize("\(bucket): \(result.uploaded.count) uploaded, \(result.deleted.count) deleted, \(unchanged) unchanged (\(result.writeCalls) write call\(result.writeCalls == 1 ? "" : "s"))")
        for key in result.uploaded.keys.sorted() { context.log("uploaded \(key) (version \(result.uploaded[key]!))") }
        for key in result.deleted { context.log("deleted \(key) (delete marker; earlier versions kept)") }
    }

    public var canRollBack: Bool { true }

    public func rollback(in context: StepContext) async throws {
        guard let saved = context.plan?.snapshot else {
            context.log("no saved plan for this deploy: nothing to restore in \(bucket)")
            return
        }
        let environment = try context.requireEnvironment()
        let snapshot = try PublishPlan.snapshot(from: saved)
        let publisher = TemplatePublisher(client: try context.requireAWS().s3(for: environment), bucket: bucket)
        let result = try await publisher.rollback(to: snapshot)
        context.summarize("\(bucket): \(result.restored.count) object\(result.restored.count == 1 ? "" : "s") back at their previous version, \(result.removed.count) added by the deploy removed (\(result.writeCalls) write call\(result.writeCalls == 1 ? "" : "s"))")
        for key in result.restored { context.log("restored \(key) to version \(snapshot[key]?.versionID ?? "?")") }
        for key in result.removed { context.log("removed \(key) (added by the failed deploy)") }
    }
}
