import AWS
import Foundation
import PipelineTesting
import TestTiers
import Testing

/// moto in auth mode (signatures and IAM checked): right keys pass, a wrong secret fails.
@Suite(.integration) struct AuthModeTests {
    static func clients(_ server: LocalAWSServer, secret: String? = nil, events: EventLog? = nil)
        throws -> (DynamoDBClient, S3Client, STSClient, AWSCredentials) {
        let admin = try #require(server.adminCredentials)
        let credentials = AWSCredentials(accessKeyID: admin.accessKeyID, secretAccessKey: secret ?? admin.secretAccessKey)
        let configuration = LocalAWS.configuration(endpoint: server.endpoint, credentials: StaticCredentialProvider(credentials),
                                                   retry: RetryPolicy(maxAttempts: 2, baseDelay: 0.01), events: events)
        return (DynamoDBClient(configuration: configuration), S3Client(configuration: configuration),
                STSClient(configuration: configuration), credentials)
    }

    @Test func correctlySignedCallsPass() async throws {
        let server = try await LocalAWSServer.shared(authentication: true)
        let (dynamo, s3, sts, _) = try Self.clients(server)
        #expect(try await sts.getCallerIdentity().account == LocalAWSServer.defaultAccount)
        let name = LocalAWS.uniqueName("auth")
        try await dynamo.createTable(DynamoDBCreateTableInput(tableName: name, attributeDefinitions: [DynamoDBAttributeDefinition("id", "S")],
                                                      keySchema: [.hash("id")]))
        try await dynamo.putItem(tableName: name, item: ["id": "a", "note": "signed with spaces & symbols ✓"])
        #expect(try await dynamo.getItem(tableName: name, key: ["id": "a"])?["note"] == "signed with spaces & symbols ✓")
        try await s3.createBucket(name)
        try await s3.putBucketVersioning(name, enabled: true)
        // (moto re-signs the request from its decoded URL, so a key with non-ASCII or `+`, or a
        // query value with `/`, fails its check for boto3 too. Spaces work: the path is still encoded.)
        try await s3.putObject(bucket: name, key: "dir/with space/receipt.html", body: Data("x".utf8), contentType: "text/html")
        #expect(try await s3.listAllObjects(bucket: name, prefix: "dir").map(\.key) == ["dir/with space/receipt.html"])
        #expect(try await s3.getObject(bucket: name, key: "dir/with space/receipt.html").body == Data("x".utf8))
    }

    @Test func aWrongSecretIsRejectedAndNeverLeaks() async throws {
        let server = try await LocalAWSServer.shared(authentication: true)
        let wrongSecret = "wrong-\(UUID().uuidString)"
        let events = EventLog()
        let (dynamo, s3, sts, credentials) = try Self.clients(server, secret: wrongSecret, events: events)

        let stsError = await #expect(throws: AWSError.self) { try await sts.getCallerIdentity() }
        #expect(stsError?.code == .signatureDoesNotMatch)
        let dynamoError = await #expect(throws: AWSError.self) { try await dynamo.listTables() }
        #expect(dynamoError?.code == .signatureDoesNotMatch)
        #expect(dynamoError?.status == 403 || dynamoError?.status == 400)
        let s3Error = await #expect(throws: AWSError.self) { try await s3.listBuckets() }
        #expect(s3Error?.code == .signatureDoesNotMatch)
        #expect(s3Error?.status == 403)

        let secrets = [wrongSecret, server.adminCredentials?.secretAccessKey ?? "", credentials.accessKeyID]
        for error in [stsError, dynamoError, s3Error].compactMap({ $0 }) {
            let text = "\(error) \(error.message)"
            #expect(!secrets.contains { text.contains($0) }, "secret in: \(text)")
            #expect(!text.contains("Signature="), "signature in: \(text)")
        }
        #expect(events.leaks(of: secrets).isEmpty)
    }

    @Test func anUnknownKeyIsRejected() async throws {
        let server = try await LocalAWSServer.shared(authentication: true)
        let configuration = LocalAWS.configuration(
            endpoint: server.endpoint, credentials: StaticCredentialProvider(accessKeyID: "AKIAUNKNOWN000000000", secretAccessKey: "x"))
        let error = await #expect(throws: AWSError.self) { try await STSClient(configuration: configuration).getCallerIdentity() }
        #expect(error?.code == .invalidClientTokenID)
    }
}
