#!/usr/bin/env bash
# Fuzzes the runner's parsers with libFuzzer: builds each target (its module's sources and
# fuzz/NAME.swift, compiled with swiftc -sanitize=fuzzer,address), runs it for a bounded time
# from its seed corpus (fuzz/corpus/NAME, never modified), and fails on a crash, a leak, an
# out-of-memory or a timeout; the failing input is kept under .build/fuzz/artifacts/. Targets build
# and run as many at once as there are cores (FUZZ_JOBS=N to change it).
#
#   scripts/fuzz.sh [--seconds N] [NAME...]     (default: 60 s each, every target)
#
# Targets: pipeline-document (PipelineModel's document decoder and validator), condition (the
# condition evaluator), json-parser (JSONSchema's JSON parser), mustache-scanner (EmailTemplates'
# Mustache tag scanner), secret-masker (PipelineEngine's SecretMasker).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
names=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds)
      [ $# -ge 2 ] || { echo "fuzz.sh: --seconds needs a number" >&2; exit 64; }
      seconds="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 64 ;;
    *) names+=("$1"); shift ;;
  esac
done
case "$seconds" in
  ''|*[!0-9]*) echo "fuzz.sh: --seconds takes a whole number of seconds from 1 to 86400, not '$seconds'" >&2; exit 64 ;;
esac
if [ "$seconds" -lt 1 ] || [ "$seconds" -gt 86400 ]; then
  echo "fuzz.sh: --seconds takes a whole number of seconds from 1 to 86400, not '$seconds'" >&2; exit 64
fi

all=(pipeline-document condition json-parser mustache-scanner secret-masker)
[ ${#names[@]} -gt 0 ] || names=("${all[@]}")

# The module sources each target is compiled with.
sources() {
  case "$1" in
    pipeline-document|condition) { find Sources/PipelineModel -name '*.swift'; ls Sources/PipelineBasics/*.swift; } | sort ;;
    json-parser) ls Sources/JSONSchema/JSON/*.swift Sources/PipelineBasics/*.swift ;;
    mustache-scanner)
      ls Sources/EmailTemplates/Mustache/MustacheScanner.swift Sources/EmailTemplates/Mustache/MustacheTag.swift \
        Sources/EmailTemplates/Support/*.swift Sources/EmailTemplates/Checker/TemplateRule.swift \
        Sources/EmailTemplates/Checker/Diagnostic+TemplateRules.swift Sources/PipelineBasics/*.swift ;;
    secret-masker) ls Sources/PipelineEngine/Events/SecretMasker.swift Sources/PipelineEngine/Events/SecretPatterns.swift Sources/PipelineEngine/Events/PipelineEvent.swift Sources/PipelineModel/SecretForms.swift Sources/PipelineBasics/JSONString.swift ;;
    *) return 1 ;;
  esac
}

out=.build/fuzz
mkdir -p "$out/artifacts"
for name in "${names[@]}"; do
  sources "$name" >/dev/null || { echo "fuzz.sh: no target '$name'; targets: ${all[*]}" >&2; exit 64; }
  [ -d "fuzz/corpus/$name" ] || { echo "fuzz.sh: fuzz/corpus/$name is missing" >&2; exit 64; }
done

# fuzz_one NAME: builds and fuzzes one target; its lines go to $out/NAME.report, and it exits
# non-zero when the build or the fuzzing failed.
fuzz_one() {
  local name="$1" files work
  files=$(sources "$name")
  {
    echo "== $name: building"
    # The linker's warnings about ASan's local symbols are noise: the build log is shown on failure.
    # shellcheck disable=SC2086
    if ! swiftc -sanitize=fuzzer,address -parse-as-library -O -g -swift-version 6 -D FUZZING -module-name "Fuzz_${name//-/_}" \
        "fuzz/$name.swift" $files -o "$out/$name" > "$out/$name.build.log" 2>&1; then
      grep -v 'Cannot export local symbol' "$out/$name.build.log"
      echo "== $name: BUILD FAILED"
      return 1
    fi
    work=$(mktemp -d)
    echo "== $name: fuzzing for ${seconds}s"
    # New inputs go to a scratch corpus; the committed seeds are only read.
    if ASAN_OPTIONS=detect_leaks=1 "$out/$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$out/artifacts/$name-" "$work" "fuzz/corpus/$name" > "$out/$name.log" 2>&1; then
      echo "== $name: ok ($(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$out/$name.log" | grep -o '[0-9]*$') runs, no crash, no leak)"
      rm -rf "$work"
    else
      echo "== $name: FAILED (log: $out/$name.log)"
      tail -40 "$out/$name.log"
      rm -rf "$work"
      return 1
    fi
  } > "$out/$name.report" 2>&1
}

# As many targets at once as there are cores (FUZZ_JOBS to change it): each fuzzer is one
# process on one core. Reports are printed in the targets' order once each has finished.
jobs="${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}"
declare -A pids=()
failed=()
for name in "${names[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  fuzz_one "$name" &
  pids[$name]=$!
done
for name in "${names[@]}"; do
  if ! wait "${pids[$name]}"; then failed+=("$name"); fi
  cat "$out/$name.report"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: failed: ${failed[*]}" >&2
  exit 1
fi
