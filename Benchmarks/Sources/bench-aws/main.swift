// bench-aws: measures the AWS layer for scripts/bench-aws.sh (which runs botocore/boto3 beside it).
//
//   bench-aws sign [--seconds S] [--rounds R]
//   bench-aws dynamodb --endpoint URL --table NAME [--ops N] [--concurrency C] [--rounds R]
//
// Prints one JSON object per measurement on stdout.
import AWS
import BenchSupport
import Foundation

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func emit(_ fields: [String: Any]) {
    let data = try! JSONSerialization.data(withJSONObject: fields, options: .sortedKeys)
    print(String(decoding: data, as: UTF8.self))
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// The same three requests the Python side signs (see scripts/bench-aws.sh).
func signingRequests() -> [(SigV4Signer, AWSHTTPRequest)] {
    var dynamo = AWSHTTPRequest(method: "POST", host: "dynamodb.af-south-1.amazonaws.com", path: "/",
                                headers: AWSHTTPHeaders([("Content-Type", "application/x-amz-json-1.0"),
                                                         ("X-Amz-Target", "DynamoDB_20120810.GetItem")]),
                                body: Data(#"{"TableName":"bench","Key":{"id":{"S":"item-0001"}}}"#.utf8))
    dynamo.headers.add("User-Agent", "bench")
    let s3 = AWSHTTPRequest(method: "GET", host: "bbws-templates-dev.s3.af-south-1.amazonaws.com", path: "/receipts/order confirmation.html",
                            query: [AWSQueryItem("versionId", "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY")])
    let sts = AWSHTTPRequest(method: "POST", host: "sts.af-south-1.amazonaws.com", path: "/",
                             headers: AWSHTTPHeaders([("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")]),
                             body: Data("Action=GetCallerIdentity&Version=2011-06-15".utf8))
    return [(SigV4Signer(service: "dynamodb", region: "af-south-1"), dynamo),
            (SigV4Signer.s3(region: "af-south-1"), s3),
            (SigV4Signer(service: "sts", region: "af-south-1"), sts)]
}

func benchSigning(_ options: BenchOptions) {
    let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                     sessionToken: "FwoGZXIvYXdzEBYaDbench-session-token")
    let requests = signingRequests()
    let seconds = options.double("seconds", 1)
    var rates: [Double] = []
    var sink = 0
    for _ in 0..<options.int("rounds", 5) {
        var count = 0
        let start = now()
        var elapsed = 0.0
        while elapsed < seconds {
            for _ in 0..<200 {
                for (signer, request) in requests {
                    var copy = request
                    sink &+= signer.sign(&copy, credentials: credentials).signature.utf8.count
                    count += 1
                }
            }
            elapsed = now() - start
        }
        rates.append(Double(count) / elapsed)
    }
    emit(["bench": "sign", "impl": "swift", "signatures_per_second": median(rates), "rounds": rates, "sink": sink])
}

func benchDynamoDB(_ options: BenchOptions) async throws {
    guard let endpoint = options.values["endpoint"].flatMap(URL.init(string:)), let table = options.values["table"] else {
        FileHandle.standardError.write(Data("bench-aws dynamodb needs --endpoint URL --table NAME\n".utf8))
        exit(2)
    }
    let configuration = AWSConfiguration(
        region: "us-east-1", credentials: StaticCredentialProvider(accessKeyID: "AKIABENCH", secretAccessKey: "bench-secret"),
        endpoints: AWSEndpointResolver(global: endpoint))
    let dynamo = DynamoDBClient(configuration: configuration)
    let ops = options.int("ops", 200)
    let concurrency = options.int("concurrency", 8)
    let rounds = options.int("rounds", 3)
    func item(_ index: Int) -> DynamoDBItem {
        ["id": .s("swift-\(index % 100)"), "payload": .s(String(repeating: "x", count: 100)), "n": .number(index)]
    }
    // Warm up: connection and first-call costs are not measured.
    for index in 0..<20 {
        try await dynamo.putItem(tableName: table, item: item(index))
        _ = try await dynamo.getItem(tableName: table, key: ["id": .s("swift-\(index % 100)")])
    }
    for operation in ["PutItem", "GetItem"] {
        func call(_ index: Int) async throws {
            if operation == "PutItem" {
                try await dynamo.putItem(tableName: table, item: item(index))
            } else {
                _ = try await dynamo.getItem(tableName: table, key: ["id": .s("swift-\(index % 100)")])
            }
        }
        var latencies: [Double] = []
        for index in 0..<ops {
            let start = now()
            try await call(index)
            latencies.append(now() - start)
        }
        emit(["bench": "dynamodb", "impl": "swift", "op": operation, "mode": "sequential", "median_ms": median(latencies) * 1000])
        var perOp: [Double] = []
        for _ in 0..<rounds {
            let start = now()
            try await withThrowingTaskGroup(of: Void.self) { group in
                var next = 0
                for _ in 0..<concurrency {
                    let index = next
                    next += 1
                    group.addTask { try await call(index) }
                }
                while try await group.next() != nil {
                    if next < ops {
                        let index = next
                        next += 1
                        group.addTask { try await call(index) }
                    }
                }
            }
            perOp.append((now() - start) / Double(ops))
        }
        emit(["bench": "dynamodb", "impl": "swift", "op": operation, "mode": "concurrent-\(concurrency)",
              "median_ms": median(perOp) * 1000, "ops_per_second": 1 / median(perOp)])
    }
}

let options = BenchOptions(Array(CommandLine.arguments.dropFirst()))
switch options.command {
case "sign":
    benchSigning(options)
case "dynamodb":
    try await benchDynamoDB(options)
default:
    FileHandle.standardError.write(Data("usage: bench-aws sign | dynamodb --endpoint URL --table NAME\n".utf8))
    exit(2)
}
