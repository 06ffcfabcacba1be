#!/usr/bin/env bash
# Benchmarks the EmailTemplates checker (release build) on the 12 example templates against
# the usual alternative, a Python stdlib script (json + html.parser + a Mustache regex), in one
# run, and prints a Markdown table of medians with the ratio.
#
# Usage: scripts/bench-email-templates.sh [iterations]   (default 30)
set -euo pipefail

ITERATIONS="${1:-30}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TEMPLATES="$REPO/examples/templates"
WORK="${TMPDIR:-/tmp}/email-templates-bench"

mkdir -p "$WORK/Sources/Bench"
for module in PipelineBasics JSONSchema EmailTemplates; do ln -sfn "$REPO/Sources/$module" "$WORK/Sources/$module"; done
cat > "$WORK/Package.swift" <<'SWIFT'
// swift-tools-version:6.0
import PackageDescription
let package = Package(
    name: "EmailTemplatesBench",
    dependencies: [.package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.0.0")],
    targets: [
        .target(name: "PipelineBasics", exclude: ["README.md"]),
        .target(name: "JSONSchema", dependencies: ["PipelineBasics"], exclude: ["README.md"]),
        .target(name: "EmailTemplates", dependencies: ["PipelineBasics", "JSONSchema", .product(name: "Mustache", package: "swift-mustache")],
                exclude: ["README.md"]),
        .executableTarget(name: "Bench", dependencies: ["EmailTemplates"]),
    ]
)
SWIFT
cat > "$WORK/Sources/Bench/main.swift" <<'SWIFT'
import EmailTemplates
import Foundation

let root = URL(fileURLWithPath: CommandLine.arguments[1])
let iterations = Int(CommandLine.arguments[2])!

func median(_ body: () -> Void) -> Double {
    var samples: [Double] = []
    for _ in 0..<iterations {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    return samples.sorted()[samples.count / 2]
}

var problems = 0
let full = median { problems = TemplateChecker.checkDirectory(root).problemCount }
if problems != 0 { FileHandle.standardError.write(Data("warning: \(problems) problem(s) found\n".utf8)) }
let manifest = try TemplateManifest.load(from: root.appendingPathComponent("manifest.json"))
let sources = try manifest.templates.map { ($0, try Data(contentsOf: root.appendingPathComponent($0.path))) }
let render = median { for (entry, bytes) in sources { _ = try? TemplateRenderer.renderSample(of: entry, templateBytes: bytes) } }
print("swift_full=\(full)")
print("swift_render=\(render)")
SWIFT

echo "building (release)…" >&2
swift build -c release --package-path "$WORK" --product Bench >&2
SWIFT_OUT="$("$WORK/.build/release/Bench" "$TEMPLATES" "$ITERATIONS")"

PY_OUT="$(python3 - "$TEMPLATES" "$ITERATIONS" <<'PY'
import json, pathlib, re, statistics, sys, time
from html.parser import HTMLParser
root, n = pathlib.Path(sys.argv[1]), int(sys.argv[2])
VOID = {"area","base","br","col","embed","hr","img","input","link","meta","param","source","track","wbr"}
class Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True); self.stack = []; self.problems = []
    def handle_starttag(self, tag, attrs):
        if tag not in VOID: self.stack.append(tag)
        if tag == "script": self.problems.append("script")
        if tag == "img" and "alt" not in dict(attrs): self.problems.append("alt")
        for k, v in attrs:
            if k in ("src", "href") and (v or "").startswith("http://"): self.problems.append("http")
    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag: self.stack.pop()
        else: self.problems.append("nesting")
TAG = re.compile(r"\{\{([#^/!&{]?)\s*([\w.\-]+)\s*\}?\}\}")
def run():
    manifest = json.loads((root / "manifest.json").read_text())
    total = 0
    for entry in manifest["templates"]:
        data = (root / entry["path"]).read_bytes()
        text = data.decode("utf-8")
        checker = Checker(); checker.feed(text); checker.close()
        names = {m.group(2) for m in TAG.finditer(text)}
        total += len(checker.problems) + len(names)
    return total
samples = []
for _ in range(n):
    start = time.perf_counter(); run(); samples.append((time.perf_counter() - start) * 1000)
print(f"python_full={statistics.median(samples)}")
PY
)"

eval "$SWIFT_OUT"
eval "$PY_OUT"
ratio="$(python3 -c "print(f'{$python_full / $swift_full:.2f}')")"
printf '\n| what (12 example templates, median of %s runs) | time (ms) | Python time / this |\n' "$ITERATIONS"
printf '| --- | ---: | ---: |\n'
printf '| EmailTemplates: full check (manifest, all rules, sample render + re-check) | %.2f | %s |\n' "$swift_full" "$ratio"
printf '| EmailTemplates: render 12 templates + subjects with sample data | %.2f | |\n' "$swift_render"
printf '| Python stdlib: json + html.parser nesting/script/alt/http + Mustache regex (fewer rules) | %.2f | 1.00 |\n' "$python_full"
