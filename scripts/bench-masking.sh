#!/usr/bin/env bash
# Benchmarks the secret masker (release build): one Aho-Corasick pass over a text's bytes for
# every form of every secret (SecretPatterns + SecretForms, as SecretMasker uses them) against
# the masker it replaced (`replacingOccurrences` per secret, longest first), measured in the same
# run on the same texts: a 10 MB line and 10,000 log lines of ~100 bytes (masked one by one, as
# events are), with 1, 10 and 100 secrets. The old masker is timed on the raw values only (what
# it masked) and on every form (what the same protection would cost it; past a minute, its
# time per pattern on the values multiplied out, marked "est."). Prints a Markdown table of
# medians and ratios (below 1.0: ours is faster). A second table times secrets registered one
# at a time, each followed by a masked line (a step printing `::secret::` lines between its
# output): SecretMasker, which compiles new forms into a layer of their own, against compiling
# every form again after each registration (what it did before).
#
# Usage: scripts/bench-masking.sh [--iterations N]   (default 5)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${TMPDIR:-/tmp}/pipeline-bench-masking"

mkdir -p "$WORK/Sources/Bench"
ln -sfn "$ROOT/Sources/PipelineEngine/Events/SecretPatterns.swift" "$WORK/Sources/Bench/SecretPatterns.swift"
ln -sfn "$ROOT/Sources/PipelineModel/SecretForms.swift" "$WORK/Sources/Bench/SecretForms.swift"
ln -sfn "$ROOT/Sources/PipelineEngine/Events/SecretMasker.swift" "$WORK/Sources/Bench/SecretMasker.swift"
ln -sfn "$ROOT/Sources/PipelineEngine/Events/PipelineEvent.swift" "$WORK/Sources/Bench/PipelineEvent.swift"
ln -sfn "$ROOT/Sources/PipelineBasics/JSONString.swift" "$WORK/Sources/Bench/JSONString.swift"
ln -sfn "$ROOT/scripts/bench-masking/main.swift" "$WORK/Sources/Bench/main.swift"
cat > "$WORK/Package.swift" <<'SWIFT'
// swift-tools-version:6.0
import PackageDescription
let package = Package(name: "MaskingBench", targets: [.executableTarget(name: "Bench", swiftSettings: [.define("FUZZING")])])
SWIFT

echo "building the masking benchmark (release)…" >&2
swift build --package-path "$WORK" -c release >&2
"$(swift build --package-path "$WORK" -c release --show-bin-path)/Bench" "$@"
