import Foundation

/// Fault answers in each protocol's error format.
enum FaultResponse {
    static func reply(_ fault: InjectedFault, wireProtocol: AWSOperationName.WireProtocol)
        -> (status: Int, headers: [(String, String)], body: Data)? {
        let requestID = "fault-\(UUID().uuidString.prefix(8).lowercased())"
        let (status, code, message): (Int, String, String)
        switch (fault, wireProtocol) {
        case (.internalError, .json): (status, code, message) = (500, "InternalServerError", "Internal server error (injected)")
        case (.internalError, .restXML): (status, code, message) = (500, "InternalError", "We encountered an internal error (injected)")
        case (.internalError, .query): (status, code, message) = (500, "InternalFailure", "Internal failure (injected)")
        case (.serviceUnavailable, .json): (status, code, message) = (503, "ServiceUnavailableException", "Service unavailable (injected)")
        case (.serviceUnavailable, _): (status, code, message) = (503, "ServiceUnavailable", "Service unavailable (injected)")
        case (.throttling, .json): (status, code, message) = (400, "ThrottlingException", "Rate of requests exceeds the allowed throughput (injected)")
        case (.throttling, .restXML): (status, code, message) = (503, "SlowDown", "Please reduce your request rate (injected)")
        case (.throttling, .query): (status, code, message) = (400, "Throttling", "Rate exceeded (injected)")
        case (.connectionReset, _), (.stall, _): return nil
        }
        switch wireProtocol {
        case .json:
            let body = #"{"__type":"com.amazonaws.dynamodb.v20120810#\#(code)","message":"\#(message)"}"#
            return (status, [("Content-Type", "application/x-amz-json-1.0"), ("x-amzn-RequestId", requestID)], Data(body.utf8))
        case .restXML:
            let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>\(code)</Code><Message>\(message)</Message>"
                + "<RequestId>\(requestID)</RequestId></Error>"
            return (status, [("Content-Type", "application/xml"), ("x-amz-request-id", requestID)], Data(body.utf8))
        case .query:
            let type = status >= 500 ? "Receiver" : "Sender"
            let body = "<ErrorResponse><Error><Type>\(type)</Type><Code>\(code)</Code><Message>\(message)</Message></Error>"
                + "<RequestId>\(requestID)</RequestId></ErrorResponse>"
            return (status, [("Content-Type", "text/xml"), ("x-amzn-RequestId", requestID)], Data(body.utf8))
        }
    }
}
