import AWS
import Foundation
import PipelineTesting
import TestTiers
import Testing

/// The fault-injecting proxy between the AWS clients and moto: forwarding, counts, faults, stalls.
@Suite(.integration) struct FaultInjectingProxyTests {
    static let fast = RetryPolicy(maxAttempts: 5, baseDelay: 0.01, maxDelay: 0.05, totalTimeLimit: 30, attemptTimeout: 5)

    static func clients(_ proxy: FaultInjectingProxy, retry: RetryPolicy = fast, credentials: any CredentialProvider = LocalAWS.testing)
        -> (DynamoDBClient, S3Client, STSClient) {
        let configuration = LocalAWS.configuration(endpoint: proxy.endpoint, credentials: credentials, retry: retry)
        return (DynamoDBClient(configuration: configuration), S3Client(configuration: configuration),
                STSClient(configuration: configuration))
    }

    static func makeTable(_ dynamo: DynamoDBClient, _ name: String) async throws {
        _ = try await dynamo.createTable(DynamoDBCreateTableInput(
            tableName: name, attributeDefinitions: [DynamoDBAttributeDefinition("id", "S")], keySchema: [.hash("id")]))
    }

    @Test func forwardsUnchangedAndCountsEachOperation() async throws {
        // Auth mode: moto checks every signature, so forwarding must keep them valid.
        let server = try await LocalAWSServer.shared(authentication: true)
        let admin = try #require(server.adminCredentials)
        let proxy = try FaultInjectingProxy(upstream: server.endpoint)
        defer { proxy.stop() }
        let (dynamo, s3, sts) = Self.clients(proxy, credentials: StaticCredentialProvider(
            accessKeyID: admin.accessKeyID, secretAccessKey: admin.secretAccessKey))
        let table = LocalAWS.uniqueName("proxy")
        try await Self.makeTable(dynamo, table)
        for index in 0..<3 { try await dynamo.putItem(tableName: table, item: ["id": .s("item-\(index)")]) }
        #expect(try await dynamo.getItem(tableName: table, key: ["id": "item-1"]) == ["id": "item-1"])
        try await s3.createBucket(table)
        try await s3.putObject(bucket: table, key: "dir/with space/a.html", body: Data("<p>a</p>".utf8), contentType: "text/html")
        #expect(try await s3.getObject(bucket: table, key: "dir/with space/a.html").body == Data("<p>a</p>".utf8))
        #expect(try await sts.getCallerIdentity().account == LocalAWSServer.defaultAccount)

        let counts = proxy.counts
        #expect(counts.byOperation == [
            "DynamoDB.CreateTable": 1, "DynamoDB.PutItem": 3, "DynamoDB.GetItem": 1,
            "S3.CreateBucket": 1, "S3.PutObject": 1, "S3.GetObject": 1, "STS.GetCallerIdentity": 1,
        ])
        #expect(counts.reads == 3 && counts.writes == 6)
        #expect(counts.totalFaults == 0)
        #expect(proxy.count("DynamoDB.PutItem") == 3)
    }

    @Test func retriesGetCallsThroughTwentyPercentFaults() async throws {
        let server = try await LocalAWSServer.shared()
        let proxy = try FaultInjectingProxy(upstream: server.endpoint)
        defer { proxy.stop() }
        let events = EventLog()
        let configuration = LocalAWS.configuration(endpoint: proxy.endpoint, credentials: LocalAWS.testing,
                                                   retry: Self.fast, events: events)
        let dynamo = DynamoDBClient(configuration: configuration), s3 = S3Client(configuration: configuration)
        let table = LocalAWS.uniqueName("faults")
        try await Self.makeTable(dynamo, table)
        try await s3.createBucket(table)
        proxy.setRules([.random([.internalError, .serviceUnavailable, .throttling, .connectionReset], probability: 0.2)],
                       seed: 42)
        proxy.resetCounts()
        let calls = 25
        for index in 0..<calls {
            try await dynamo.putItem(tableName: table, item: ["id": .s("k\(index)"), "n": .n(String(index))])
            #expect(try await dynamo.getItem(tableName: table, key: ["id": .s("k\(index)")])?["n"] == .n(String(index)))
            try await s3.putObject(bucket: table, key: "o\(index)", body: Data("\(index)".utf8), contentType: "text/plain")
            #expect(try await s3.getObject(bucket: table, key: "o\(index)").body == Data("\(index)".utf8))
        }
        let counts = proxy.counts
        for operation in ["DynamoDB.PutItem", "DynamoDB.GetItem", "S3.PutObject", "S3.GetObject"] {
            #expect(counts.byOperation[operation] == calls + (counts.faults[operation] ?? 0), "\(operation): \(counts)")
        }
        #expect(counts.totalFaults > 10 && counts.totalFaults < 50, "about 20% of ~125 requests: \(counts.totalFaults)")
        #expect(counts.reads == 2 * calls + (counts.faults["DynamoDB.GetItem"] ?? 0) + (counts.faults["S3.GetObject"] ?? 0))
        #expect(events.all.filter { $0.contains("retrying") }.count == counts.totalFaults)
    }

    @Test func aStalledCallIsBoundedByTheAttemptTimeout() async throws {
        let server = try await LocalAWSServer.shared()
        let stalls = EventLog()
        let proxy = try FaultInjectingProxy(upstream: server.endpoint, stallLimit: 20,
                                            onStall: { stalls.append($0.operation) })
        defer { proxy.stop() }
        let retry = RetryPolicy(maxAttempts: 3, baseDelay: 0.01, maxDelay: 0.02, totalTimeLimit: 20, attemptTimeout: 1)
        let (dynamo, _, _) = Self.clients(proxy, retry: retry)
        let table = LocalAWS.uniqueName("stall")
        try await Self.makeTable(dynamo, table)
        try await dynamo.putItem(tableName: table, item: ["id": "a", "n": 1])

        // An idempotent read: the first attempt stalls, times out after 1 s, the retry gets through.
        proxy.setRules([.nth(1, of: "DynamoDB.GetItem", .stall)])
        let start = Date()
        #expect(try await dynamo.getItem(tableName: table, key: ["id": "a"])?["n"] == 1)
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed >= 0.9 && elapsed < 10, "\(elapsed) s")
        #expect(proxy.count("DynamoDB.GetItem") == 2)
        #expect(stalls.all == ["DynamoDB.GetItem"])
        let held = try #require(proxy.stalledCalls.first)
        proxy.release(held, forward: false)

        // An update unsafe to repeat: one attempt, which times out; released later, moto applies it.
        proxy.setRules([.nth(1, of: "DynamoDB.UpdateItem", .stall)])
        let update = Task {
            try await dynamo.updateItem(tableName: table, key: ["id": "a"], update: DynamoDBExpression("ADD n :one", values: [":one": 1]))
        }
        let stalled = await proxy.waitForStall(timeout: 10)
        #expect(stalled?.operation == "DynamoDB.UpdateItem")
        let failed = await update.result
        #expect(throws: AWSTransportError.self) { try failed.get() }
        #expect(proxy.count("DynamoDB.UpdateItem") == 1, "not retried: the outcome is unknown")
        proxy.release(try #require(stalled))
        var value: DynamoDBAttributeValue?
        for _ in 0..<100 where value != 2 { // bounded: 100 × 50 ms
            value = try await dynamo.getItem(tableName: table, key: ["id": "a"], consistentRead: true)?["n"]
            if value != 2 { try await Task.sleep(nanoseconds: 50_000_000) }
        }
        #expect(value == 2, "the released update reached moto although its caller had given up")
    }

    @Test func stopClosesEverythingAndWakesStalledCalls() async throws {
        let server = try await LocalAWSServer.shared()
        let proxy = try FaultInjectingProxy(upstream: server.endpoint, rules: [.random([.stall], probability: 1)],
                                            stallLimit: 60)
        let retry = RetryPolicy(maxAttempts: 1, totalTimeLimit: 30, attemptTimeout: 30)
        let (_, _, sts) = Self.clients(proxy, retry: retry)
        let call = Task { try await sts.getCallerIdentity() }
        #expect(await proxy.waitForStall(timeout: 10) != nil)
        let start = Date()
        proxy.stop()
        let result = await call.result
        #expect(throws: (any Error).self) { try result.get() }
        #expect(Date().timeIntervalSince(start) < 10, "stop() ends the stalled call instead of the 30 s timeout")
        #expect(proxy.stalledCalls.isEmpty)
        let after = await #expect(throws: AWSTransportError.self) { try await sts.getCallerIdentity() }
        #expect(after?.description.contains("connection refused") == true, "\(after?.description ?? "")")
    }

    @Test func boto3ThroughTheProxyUploadsWithExpectContinue() async throws {
        let server = try await LocalAWSServer.shared()
        let proxy = try FaultInjectingProxy(upstream: server.endpoint,
                                            rules: [.nth(1, of: "S3.PutObject", .throttling)])
        defer { proxy.stop() }
        let bucket = LocalAWS.uniqueName("boto")
        try await S3Client(configuration: LocalAWS.configuration(endpoint: server.endpoint, credentials: LocalAWS.testing))
            .createBucket(bucket)
        // botocore sends `Expect: 100-continue` for uploads and retries the SlowDown itself.
        let script = """
        import boto3, sys
        s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1",
                          aws_access_key_id="AKIAPIPELINETEST0001", aws_secret_access_key="pipeline-test-secret-0001")
        body = b"x" * (2 * 1024 * 1024)
        s3.put_object(Bucket=sys.argv[2], Key="big.bin", Body=body)
        print(len(s3.get_object(Bucket=sys.argv[2], Key="big.bin")["Body"].read()))
        """
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", script, proxy.endpoint.absoluteString, bucket]
        let output = Pipe()
        python.standardOutput = output
        python.standardError = FileHandle.nullDevice
        try python.run()
        let printed = PipeLineReader(output.fileHandleForReading).wait(seconds: 60)
        if python.isRunning { python.terminate() }
        #expect(printed == String(2 * 1024 * 1024))
        #expect(proxy.count("S3.PutObject") == 2, "one throttled, one through: \(proxy.counts)")
        #expect(proxy.count("S3.GetObject") == 1)
    }

    @Test func namesOperationsOfEveryProtocol() {
        func name(_ method: String, _ target: String, _ headers: [(String, String)] = [], _ body: String = "") -> String {
            AWSOperationName.classify(method: method, target: target, headers: headers.map { (name: $0.0, value: $0.1) },
                                      body: Data(body.utf8)).operation
        }
        #expect(name("POST", "/", [("X-Amz-Target", "DynamoDB_20120810.UpdateTable")]) == "DynamoDB.UpdateTable")
        #expect(name("POST", "/", [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
                     "Action=AssumeRoleWithWebIdentity&Version=2011-06-15") == "STS.AssumeRoleWithWebIdentity")
        #expect(name("GET", "/?Action=GetCallerIdentity&Version=2011-06-15") == "STS.GetCallerIdentity")
        #expect(name("PUT", "/bucket") == "S3.CreateBucket")
        #expect(name("PUT", "/bucket?versioning") == "S3.PutBucketVersioning")
        #expect(name("GET", "/bucket?list-type=2&prefix=a") == "S3.ListObjectsV2")
        #expect(name("POST", "/bucket?delete") == "S3.DeleteObjects")
        #expect(name("DELETE", "/bucket?lifecycle") == "S3.DeleteBucketLifecycle")
        #expect(name("PUT", "/bucket/key/with%20space") == "S3.PutObject")
        #expect(name("HEAD", "/bucket/key") == "S3.HeadObject")
        #expect(name("GET", "/") == "S3.ListBuckets")
    }
}
