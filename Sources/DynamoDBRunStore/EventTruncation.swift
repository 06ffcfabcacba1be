import Foundation

/// Keeps a stored event under DynamoDB's item limit: an event larger than the limit (a step that
/// printed a huge line) keeps its fields, with its longest texts cut and marked
/// (`… [truncated: N bytes]`), and `details.truncated` saying how large it was. The run's local
/// `events.jsonl` keeps the whole event.
enum EventTruncation {
    static func bounded(_ json: Data, limit: Int) -> Data {
        guard json.count > limit else { return json }
        guard var object = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any] else {
            return marker(originalBytes: json.count)
        }
        var details = object["details"] as? [String: Any] ?? [:]
        details["truncated"] = "\(json.count) bytes"
        object["details"] = details
        // Cut the longest texts (at the top level and in details) until the event fits.
        for _ in 0..<8 {
            guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { break }
            if data.count <= limit { return data + (json.last == 0x0A ? Data([0x0A]) : Data()) }
            let excess = data.count - limit + 64
            var fields: [(path: [String], text: String)] = []
            for (key, value) in object {
                if let text = value as? String { fields.append((path: [key], text: text)) }
            }
            for (key, value) in object["details"] as? [String: Any] ?? [:] {
                if let text = value as? String { fields.append((path: ["details", key], text: text)) }
            }
            guard let longest = fields.max(by: { $0.text.utf8.count < $1.text.utf8.count }), longest.text.utf8.count > 64 else { break }
            let shortened = Self.cut(longest.text, keeping: max(0, longest.text.utf8.count - excess - 40))
            if longest.path.count == 1 {
                object[longest.path[0]] = shortened
            } else {
                var nested = object["details"] as? [String: Any] ?? [:]
                nested[longest.path[1]] = shortened
                object["details"] = nested
            }
        }
        return marker(originalBytes: json.count)
    }

    /// `text` cut to at most `bytes` UTF-8 bytes (on a character boundary), with the marker.
    static func cut(_ text: String, keeping bytes: Int) -> String {
        var kept = ""
        var count = 0
        for character in text {
            let size = character.utf8.count
            if count + size > bytes { break }
            kept.append(character)
            count += size
        }
        return kept + "… [truncated: \(text.utf8.count - count) bytes]"
    }

    static func marker(originalBytes: Int) -> Data {
        Data("{\"details\":{\"truncated\":\"\(originalBytes) bytes\"},\"message\":\"[event of \(originalBytes) bytes not stored: too large]\"}\n".utf8)
    }
}
