import AWS
import TestTiers
import Testing

@Suite(.fast) struct AWSRegionTests {
    @Test func knowsTheRegionsOfEveryPartition() {
        for name in ["af-south-1", "eu-west-1", "us-east-1", "ap-southeast-5", "mx-central-1", "cn-north-1", "us-gov-west-1"] {
            #expect(AWSRegion.isKnown(name), "\(name)")
        }
        for name in ["af-south-2", "af-sout-1", "EU-WEST-1", "eu-west-1 ", "", "local", "us-east-7"] {
            #expect(!AWSRegion.isKnown(name), "\(name)")
        }
        #expect(AWSRegion("cn-northwest-1")?.partition == .awsChina)
        #expect(AWSRegion("us-gov-east-1")?.partition.arnPrefix == "aws-us-gov")
        #expect(AWSRegion("cn-north-1")?.partition.dnsSuffix == "amazonaws.com.cn")
        #expect(Set(AWSRegion.all.map(\.name)).count == AWSRegion.all.count)
        #expect(AWSRegion.all.count == 38)
    }

    @Test func suggestsTheIntendedRegionForATypo() {
        #expect(AWSRegion.suggestion(for: "af-sout-1") == "af-south-1")
        #expect(AWSRegion.suggestion(for: "af-south-2") == "af-south-1")
        #expect(AWSRegion.suggestion(for: "EU-WEST-1") == "eu-west-1")
        #expect(AWSRegion.suggestion(for: "euwest1") == "eu-west-1")
        #expect(AWSRegion.suggestion(for: "eu-wset-1") == "eu-west-1", "adjacent letters swapped")
        #expect(AWSRegion.suggestions(for: "eu-west-4") == ["eu-west-1", "eu-west-2", "eu-west-3"])
        #expect(AWSRegion.suggestion(for: "mars-north-1") == nil)
        #expect(AWSRegion.suggestion(for: "") == nil)
    }

    @Test func validationRefusesUnknownNamesWithAClearMessage() throws {
        #expect(try AWSRegion.validated("af-south-1").name == "af-south-1")
        let typo = #expect(throws: UnknownRegionError.self) { try AWSRegion.validated("af-sout-1") }
        #expect(typo?.description == "unknown AWS region \"af-sout-1\": did you mean af-south-1?")
        let several = #expect(throws: UnknownRegionError.self) { try AWSRegion.validated("eu-west-4") }
        #expect(several?.description == "unknown AWS region \"eu-west-4\": did you mean eu-west-1, eu-west-2 or eu-west-3?")
        let far = #expect(throws: UnknownRegionError.self) { try AWSRegion.validated("moon-1") }
        #expect(far?.suggestions == [])
        #expect(far?.description.contains("such as eu-west-1") == true)
    }
}
