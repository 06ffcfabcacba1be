import Foundation
import Testing

/// Locates the shared official test data (`<workspace>/shared/testdata`) from this file's path.
enum TestData {
    struct Missing: Error, CustomStringConvertible {
        var searched: String
        var description: String {
            "Official test data not found: looked for shared/testdata above \(searched). "
                + "The SigV4 vectors must be present at <workspace>/shared/testdata; tests cannot pass without them."
        }
    }

    static func root(file: String = #filePath) throws -> URL {
        var directory = URL(fileURLWithPath: file).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("shared/testdata")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        throw Missing(searched: file)
    }

    static func directory(_ name: String) throws -> URL {
        let url = try root().appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { throw Missing(searched: url.path) }
        return url
    }

    static func text(_ url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8)
    }
}

/// A request written as raw HTTP/1.1 text, as in the SigV4 suites.
struct RawHTTPRequest {
    var method: String
    var rawTarget: String
    var rawPath: String
    var rawQuery: String?
    /// Header lines as written (`name`, raw value including folded continuation lines).
    var headers: [(String, String)]
    var body: String

    init(_ text: String) throws {
        var lines = text.components(separatedBy: "\n")
        let requestLine = lines.removeFirst()
        guard let first = requestLine.firstIndex(of: " "), let last = requestLine.lastIndex(of: " "), first < last else {
            throw ParseError(line: requestLine)
        }
        method = String(requestLine[..<first])
        rawTarget = String(requestLine[requestLine.index(after: first)..<last])
        if let question = rawTarget.firstIndex(of: "?") {
            rawPath = String(rawTarget[..<question])
            rawQuery = String(rawTarget[rawTarget.index(after: question)...])
        } else {
            rawPath = rawTarget
            rawQuery = nil
        }
        headers = []
        var bodyLines: [String] = []
        var inBody = false
        for line in lines {
            if inBody { bodyLines.append(line); continue }
            if line.isEmpty { inBody = true; continue }
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].1 += "\n" + line
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { throw ParseError(line: line) }
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
        }
        body = bodyLines.joined(separator: "\n")
    }

    struct ParseError: Error, CustomStringConvertible {
        var line: String
        var description: String { "cannot parse request line or header: \(line)" }
    }

    /// Query items decoded from the raw target.
    var queryItems: [(String, String?)] {
        guard let rawQuery, !rawQuery.isEmpty else { return [] }
        return rawQuery.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            if let equals = pair.firstIndex(of: "=") {
                return (String(pair[..<equals]), String(pair[pair.index(after: equals)...]))
            }
            return (String(pair), nil)
        }
    }

    var host: String { headers.first { $0.0.lowercased() == "host" }?.1 ?? "example.amazonaws.com" }

    /// Renders the request as the suites write signed requests.
    func render(addedHeaders: [(String, String)], addedQuery: String?, authorizationSpace: Bool) -> String {
        var target = rawPath
        if let addedQuery {
            target += "?" + (rawQuery.map { $0.isEmpty ? "" : $0 + "&" } ?? "") + addedQuery
        } else if let rawQuery {
            target += "?" + rawQuery
        }
        var lines = ["\(method) \(target) HTTP/1.1"]
        for (name, value) in headers { lines.append("\(name):\(value)") }
        for (name, value) in addedHeaders {
            let separator = authorizationSpace && name == "Authorization" ? ": " : ":"
            lines.append(name + separator + value)
        }
        var text = lines.joined(separator: "\n") + "\n"
        if !body.isEmpty || method == "POST" { text += "\n" + body }
        return text
    }
}

extension String {
    /// The text without trailing line breaks (the suites differ in trailing newlines).
    var trimmingTrailingNewlines: String {
        var copy = self
        while copy.hasSuffix("\n") { copy.removeLast() }
        return copy
    }
}
