// The masking benchmark (built by scripts/bench-masking.sh beside SecretPatterns.swift and
// SecretForms.swift, so it times exactly the runner's code).
import Foundation

/// The masker this one replaced: each secret in turn, longest first, `replacingOccurrences`.
struct PreviousMasker {
    let secrets: [String]
    init(_ values: [String]) { secrets = values.sorted { $0.count > $1.count } }
    func mask(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: "***")
        }
        return result
    }
}

/// One line of the table, written at once (not buffered until exit).
func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

var iterations = 5
if let index = CommandLine.arguments.firstIndex(of: "--iterations"), index + 1 < CommandLine.arguments.count {
    iterations = max(1, Int(CommandLine.arguments[index + 1]) ?? 5)
}

let words = ["deploy", "stage", "table", "bucket", "template", "apply", "plan", "ok", "region", "af-south-1", "GSI", "ACTIVE"]
func logText(bytes: Int, lineLength: Int?, secrets: [String]) -> String {
    var generator = SystemRandomNumberGenerator()
    var text = ""
    text.reserveCapacity(bytes + 200)
    var sinceBreak = 0
    var planted = 0
    while text.utf8.count < bytes {
        let word = words.randomElement(using: &generator)!
        text += word + " "
        sinceBreak += word.utf8.count + 1
        if let lineLength, sinceBreak >= lineLength {
            text += "\n"
            sinceBreak = 0
            // Now and then a line carries a secret, as a step that echoes one would.
            if planted < 50, Int.random(in: 0..<200, using: &generator) == 0, let secret = secrets.randomElement(using: &generator) {
                text += "token=\(secret)\n"
                planted += 1
            }
        }
    }
    if lineLength == nil, let secret = secrets.first { text += " token=\(secret)" }
    return text
}

func median(_ iterations: Int, _ body: () -> Void) -> Double {
    var times: [Double] = []
    for _ in 0..<iterations {
        let start = ContinuousClock.now
        body()
        let elapsed = ContinuousClock.now - start
        times.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        if times.last! > 5000 { break }  // one slow run says enough
    }
    return times.sorted()[times.count / 2]
}

emit("| text | secrets | forms | ours (ms) | previous, values only (ms) | previous, every form (ms) | ours / previous (values) | ours / previous (forms) |")
emit("|---|---|---|---|---|---|---|---|")
for (name, bytes, lineLength) in [("10 MB, one line", 10_000_000, nil as Int?), ("10,000 lines of ~100 B, one by one", 1_000_000, 100)] {
    for count in [1, 10, 100] {
        let secrets = (0..<count).map { "s3cr3t/\($0)+\(UUID().uuidString)" }
        let text = logText(bytes: bytes, lineLength: lineLength, secrets: secrets)
        // Log lines are masked one at a time (one event each), a long line whole.
        let pieces = lineLength == nil ? [text] : text.split(separator: "\n").map(String.init)
        var forms = Set<String>()
        for secret in secrets { forms.formUnion(SecretForms.of(secret)) }
        let ours = SecretPatterns(Array(forms))
        let previousValues = PreviousMasker(secrets)
        let previousForms = PreviousMasker(Array(forms))
        var check = 0
        let oursTime = median(iterations) { for piece in pieces { check &+= ours.mask(piece, with: "***").utf8.count } }
        let valuesTime = median(iterations) { for piece in pieces { check &+= previousValues.mask(piece).utf8.count } }
        // The previous masker scans the text once per pattern; past a minute, the time per pattern
        // measured on the values is multiplied out instead (marked "est.").
        let estimate = valuesTime * Double(forms.count) / Double(secrets.count)
        let measured = estimate < 60_000
        let formsTime = measured ? median(iterations) { for piece in pieces { check &+= previousForms.mask(piece).utf8.count } } : estimate
        let masked = ours.mask(text, with: "***")
        precondition(!masked.contains("s3cr3t/"), "a secret was left unmasked")
        let figures = String(format: "%.1f | %.1f | %.1f", oursTime, valuesTime, formsTime) + (measured ? "" : " (est.)")
            + String(format: " | %.3f | %.4f", oursTime / valuesTime, oursTime / formsTime)
        emit("| \(name) | \(count) | \(forms.count) | \(figures) |" + (check == 0 ? " " : ""))
    }
}

emit("")
emit("| secrets registered one by one, a line masked after each | forms | ours: layered (ms) | compiling every form again (ms) | ours / again |")
emit("|---|---|---|---|---|")
for count in [100, 300, 1000] {
    let values = (0..<count).map { "token-\($0)-\(UUID().uuidString)" }
    var check = 0
    let oursTime = median(iterations) {
        let masker = SecretMasker()
        for value in values {
            masker.register(value)
            check &+= masker.mask("step output with \(value) in it").utf8.count
        }
    }
    var forms = Set<String>()
    for value in values { forms.formUnion(SecretForms.of(value)) }
    let againTime = median(count >= 1000 ? 1 : iterations) {
        var seen = Set<String>()
        for value in values {
            seen.formUnion(SecretForms.of(value))
            check &+= SecretPatterns(Array(seen)).mask("step output with \(value) in it", with: "***").utf8.count
        }
    }
    emit("| \(count) | \(forms.count) | " + String(format: "%.1f | %.1f | %.4f", oursTime, againTime, oursTime / againTime) + " |" + (check == 0 ? " " : ""))
}
