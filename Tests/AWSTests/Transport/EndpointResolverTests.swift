import AWS
import Foundation
import TestTiers
import Testing

@Suite(.fast) struct EndpointResolverTests {
    @Test func serviceSpecificOverrideBeatsGlobalBeatsDefault() throws {
        let resolver = try AWSEndpointResolver.fromEnvironment([
            "AWS_ENDPOINT_URL": "http://127.0.0.1:5000",
            "AWS_ENDPOINT_URL_DYNAMODB": "http://localhost:8000",
        ])
        #expect(resolver.endpoint(for: .dynamodb, region: "af-south-1") == .init(scheme: "http", host: "localhost:8000", isCustom: true))
        #expect(resolver.endpoint(for: .s3, region: "af-south-1") == .init(scheme: "http", host: "127.0.0.1:5000", isCustom: true))
        let plain = try AWSEndpointResolver.fromEnvironment([:])
        #expect(plain.endpoint(for: .dynamodb, region: "af-south-1").host == "dynamodb.af-south-1.amazonaws.com")
        #expect(plain.endpoint(for: .s3, region: "us-east-1").host == "s3.amazonaws.com")
        #expect(plain.endpoint(for: .sts, region: "eu-west-1").host == "sts.eu-west-1.amazonaws.com")
        #expect(plain.endpoint(for: .sts, region: "eu-west-1").isCustom == false)
    }

    @Test func overridesCanBeIgnoredAndBadValuesAreReported() throws {
        let ignored = try AWSEndpointResolver.fromEnvironment(["AWS_ENDPOINT_URL": "http://127.0.0.1:5000",
                                                               "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"])
        #expect(ignored.endpoint(for: .s3, region: "eu-west-1").isCustom == false)
        #expect(throws: AWSEndpointResolver.ConfigurationError.invalidEndpoint(variable: "AWS_ENDPOINT_URL_S3", value: "localhost")) {
            try AWSEndpointResolver.fromEnvironment(["AWS_ENDPOINT_URL_S3": "localhost"])
        }
    }

    @Test func regionComesFromAWSRegionThenDefaultRegion() throws {
        #expect(AWSEndpointResolver.region(["AWS_REGION": "af-south-1", "AWS_DEFAULT_REGION": "eu-west-1"]) == "af-south-1")
        #expect(AWSEndpointResolver.region(["AWS_DEFAULT_REGION": "eu-west-1"]) == "eu-west-1")
        #expect(AWSEndpointResolver.region([:]) == nil)
        #expect(throws: AWSEndpointResolver.ConfigurationError.missingRegion) {
            try AWSConfiguration.fromEnvironment([:], credentials: AnonymousCredentialProvider())
        }
    }

    @Test func retryBackoffIsBoundedFullJitter() {
        let policy = RetryPolicy(maxAttempts: 5, baseDelay: 0.1, maxDelay: 1)
        for retry in 1...10 {
            let ceiling = min(1, 0.1 * pow(2, Double(retry - 1)))
            for _ in 0..<50 {
                let delay = policy.delay(beforeRetry: retry)
                #expect(delay >= 0 && delay <= ceiling)
            }
        }
        #expect(AWSErrorCode(rawValue: "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException").isThrottling)
        #expect(AWSErrorCode(rawValue: "ConditionalCheckFailedException") == .conditionalCheckFailed)
        #expect(AWSErrorCode(rawValue: "SomethingNew") == .other("SomethingNew"))
        #expect(!AWSErrorCode.validation.isThrottling)
    }
}
