#!/usr/bin/env bash
# Packs the runner into one archive a CI job unpacks and puts on PATH (`make dist`):
#   bin/pipeline, bin/pipeline-step-* (the step modules this package builds),
#   lib/pipeline/libPipelineDescription.so and lib/pipeline/Modules/ (the DSL pipeline files
#   compile against; the runner finds them beside its bin/ folder).
# The machine that unpacks it needs the same Swift toolchain (pipeline files are compiled there)
# and libgit2.
#
#   scripts/dist.sh [--configuration release|debug] [--build-dir DIR] ARCHIVE.tar.gz
# --build-dir packs an existing build folder (e.g. .build/debug) instead of building.
set -euo pipefail
cd "$(dirname "$0")/.."

configuration=release build_dir="" archive=""
while [ $# -gt 0 ]; do
  case "$1" in
    --configuration) configuration="$2"; shift 2 ;;
    --build-dir) build_dir="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    -*) echo "dist.sh: unknown option $1 (see scripts/dist.sh --help)" >&2; exit 64 ;;
    *) archive="$1"; shift ;;
  esac
done
[ -n "$archive" ] || { echo "dist.sh: name the archive to write, e.g. scripts/dist.sh dist/pipeline-runner.tar.gz" >&2; exit 64; }
case "$archive" in *.tar.gz) ;; *) echo "dist.sh: $archive: the archive's name must end in .tar.gz" >&2; exit 64 ;; esac

if [ -z "$build_dir" ]; then
  swift build -c "$configuration" --product pipeline
  swift build -c "$configuration" --product PipelineDescription
  for step in pipeline-step-notify pipeline-step-cost-estimate; do swift build -c "$configuration" --product "$step"; done
  build_dir=".build/$configuration"
fi
for needed in pipeline libPipelineDescription.so Modules/PipelineDescription.swiftmodule; do
  [ -e "$build_dir/$needed" ] || { echo "dist.sh: $build_dir/$needed is missing: build first (swift build -c $configuration)" >&2; exit 1; }
done

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
mkdir -p "$staging/bin" "$staging/lib/pipeline/Modules"
install -m 755 "$build_dir/pipeline" "$staging/bin/pipeline"
for step in "$build_dir"/pipeline-step-*; do
  [ -f "$step" ] && [ -x "$step" ] && install -m 755 "$step" "$staging/bin/"
done
install -m 644 "$build_dir/libPipelineDescription.so" "$staging/lib/pipeline/"
cp -R "$build_dir/Modules/PipelineDescription.swiftmodule" "$staging/lib/pipeline/Modules/"
for extra in swiftdoc swiftsourceinfo; do
  [ ! -e "$build_dir/Modules/PipelineDescription.$extra" ] || cp "$build_dir/Modules/PipelineDescription.$extra" "$staging/lib/pipeline/Modules/"
done
mkdir -p "$(dirname "$archive")"
tar -czf "$archive.partial" -C "$staging" bin lib
mv "$archive.partial" "$archive"
echo "wrote $archive ($(du -h "$archive" | cut -f1): $(ls "$staging/bin" | tr '\n' ' '))"
