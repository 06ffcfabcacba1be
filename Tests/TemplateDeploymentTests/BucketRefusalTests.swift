import PipelineBasics
import PipelineModel
import TemplateDeployment
import TestTiers
import Testing

/// A bucket that exists somewhere it cannot be made into what the environment says (another
/// region: buckets cannot move) is planned as a refused change, drift a plan shows, never an
/// internal error; applying refuses it.
@Suite(.fast) struct BucketRefusalTests {
    let spec = BucketSpec(name: "bbws-templates-dev", region: "af-south-1", tags: ["Environment": "dev"], noncurrentVersionExpirationDays: 30)

    @Test func aBucketInAnotherRegionIsARefusedReplacement() throws {
        let found = BucketState(name: spec.name, exists: true, region: "eu-west-1")
        let change = BucketProvisioner.change(for: spec, actual: found)
        #expect(change.action == .replace)
        #expect(change.detail.hasPrefix("refused: exists in eu-west-1; the environment puts it in af-south-1"), "\(change.detail)")
        #expect(change.attributes.map(\.path) == ["region"])
        let refusal = try #require(BucketProvisioner.refusal(for: spec, actual: found))
        #expect(refusal.isUserError, "bad input, not an internal error: \(refusal)")
        #expect(refusal.description.contains("buckets cannot move"))
    }

    @Test func aBucketWhereTheSpecSaysOrNotYetMadeIsNoRefusal() {
        #expect(BucketProvisioner.refusal(for: spec, actual: BucketState(name: spec.name, exists: true, region: "af-south-1")) == nil)
        #expect(BucketProvisioner.refusal(for: spec, actual: .missing(spec.name)) == nil)
        #expect(BucketProvisioner.change(for: spec, actual: .missing(spec.name)).action == .create)
    }

    @Test func s3FailuresStayInternalAndSpecProblemsAreTheUsers() {
        #expect(!TemplateDeploymentError.s3(bucket: "b", action: "PutObject", key: nil, reason: "500").isUserError)
        #expect(!TemplateDeploymentError.rollbackIncomplete(bucket: "b", failures: [], writeCalls: 0).isUserError)
        #expect(TemplateDeploymentError.invalidSpec(bucket: "b", problem: "no tags").isUserError)
        #expect(TemplateDeploymentError.bucketNameTaken(bucket: "b", region: "af-south-1").isUserError)
    }
}
