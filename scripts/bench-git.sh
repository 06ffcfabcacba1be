#!/usr/bin/env bash
# Benchmarks RepositoryHistory (libgit2, in-process) against the git CLI on a generated
# repository of 10,000 commits and 5,000 files, and prints a Markdown table of medians with
# the ratio ours/git (below 1.0: we are faster).
#
# Usage: scripts/bench-git.sh [--iterations N]
# Environment:
#   BENCH_GIT_REPO     where the generated repository is cached (default /tmp/pipeline-bench-git-v1)
#   BENCH_PACKAGE_DIR  the Swift package to build bench-git in (default: Benchmarks/ in this repository)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO="${BENCH_GIT_REPO:-/tmp/pipeline-bench-git-v1}"
PACKAGE_DIR="${BENCH_PACKAGE_DIR:-$ROOT/Benchmarks}"

generate_repository() {
    echo "Generating $REPO (10,000 commits, 5,000 files) with git fast-import..." >&2
    rm -rf "$REPO"
    git init --quiet -b main "$REPO"
    python3 - <<'PY' | git -C "$REPO" fast-import --quiet
import random, sys

rng = random.Random(20261125)
out = sys.stdout.buffer
mark = 0
words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
         "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo"]

def line():
    return " ".join(rng.choice(words) + str(rng.randrange(100000)) for _ in range(6)) + "\n"

def text():
    return "".join(line() for _ in range(rng.randrange(20, 45)))

def blob(content):
    global mark
    mark += 1
    data = content.encode()
    out.write(b"blob\nmark :%d\ndata %d\n" % (mark, len(data)))
    out.write(data)
    out.write(b"\n")
    return mark

def edit(content):
    lines = content.splitlines(keepends=True)
    for _ in range(rng.randrange(1, 3)):
        lines[rng.randrange(len(lines))] = line()
    if rng.random() < 0.3:
        lines.append(line())
    return "".join(lines)

files = {}            # path -> content
time = 1_600_000_000
commit_marks = []

def commit(ref, message, ops, parent=None, merge=None):
    """ops: list of ('M', path, blobmark) / ('D', path) / ('R', old, new)."""
    global mark, time
    mark += 1
    time += 60
    msg = message.encode()
    out.write(b"commit %s\nmark :%d\n" % (ref.encode(), mark))
    out.write(b"author Bench <bench@example.com> %d +0000\n" % time)
    out.write(b"committer Bench <bench@example.com> %d +0000\n" % time)
    out.write(b"data %d\n%s\n" % (len(msg), msg))
    if parent is not None:
        out.write(b"from :%d\n" % parent)
    if merge is not None:
        out.write(b"merge :%d\n" % merge)
    for op in ops:
        if op[0] == "M":
            out.write(b"M 100644 :%d %s\n" % (op[2], op[1].encode()))
        elif op[0] == "D":
            out.write(b"D %s\n" % op[1].encode())
        else:
            out.write(b"R %s %s\n" % (op[1].encode(), op[2].encode()))
    out.write(b"\n")
    return mark

# Commit 1: 5,000 files in 100 directories of 5 subdirectories.
ops = []
for d in range(100):
    for s in range(5):
        for f in range(10):
            path = "dir%02d/sub%d/file%d.txt" % (d, s, f)
            files[path] = text()
            ops.append(("M", path, blob(files[path])))
tip = commit("refs/heads/main", "Initial import", ops)
commit_marks.append(tip)
next_name = 0

count = 1
while count < 10_000:
    if count % 250 == 0 and count + 2 <= 10_000:
        # A side branch commit merged back at once (the merge carries the side's changes).
        side_ops = []
        for path in rng.sample(sorted(files), 2):
            files[path] = edit(files[path])
            side_ops.append(("M", path, blob(files[path])))
        side = commit("refs/heads/side", "Side work %d" % count, side_ops, parent=tip)
        main_ops = list(side_ops)
        path = rng.choice(sorted(files))
        files[path] = edit(files[path])
        main_ops.append(("M", path, blob(files[path])))
        tip = commit("refs/heads/main", "Merge side work %d" % count, main_ops, parent=tip, merge=side)
        count += 2
        continue
    ops = []
    for _ in range(rng.randrange(1, 5)):
        path = rng.choice(list(files))
        files[path] = edit(files[path])
        ops.append(("M", path, blob(files[path])))
    roll = rng.random()
    if roll < 0.04:
        next_name += 1
        path = "dir%02d/new/added%d.txt" % (rng.randrange(100), next_name)
        files[path] = text()
        ops.append(("M", path, blob(files[path])))
    elif roll < 0.06 and len(files) > 4000:
        path = rng.choice(list(files))
        if not any(op[1] == path for op in ops):
            del files[path]
            ops.append(("D", path))
    elif roll < 0.09:
        old = rng.choice(list(files))
        if not any(op[1] == old for op in ops):
            next_name += 1
            new = "dir%02d/moved/renamed%d.txt" % (rng.randrange(100), next_name)
            files[new] = files.pop(old)
            ops.append(("R", old, new))
    tip = commit("refs/heads/main", "Change %d" % count, ops, parent=tip)
    count += 1
out.flush()
PY
    git -C "$REPO" checkout --quiet main
    git -C "$REPO" gc --quiet
    touch "$REPO/.git/bench-generated"
}

if [[ ! -f "$REPO/.git/bench-generated" ]]; then
    generate_repository
fi

echo "Building bench-git (release) in $PACKAGE_DIR..." >&2
swift build -c release --package-path "$PACKAGE_DIR" --product bench-git >&2
BIN="$(swift build -c release --package-path "$PACKAGE_DIR" --show-bin-path)/bench-git"
"$BIN" --repository "$REPO" "$@"
