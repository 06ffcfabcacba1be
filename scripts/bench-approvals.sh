#!/usr/bin/env bash
# Benchmarks checking a signed approval, side by side in one run: the runner's in-process SSHSIG
# verification (what `pipeline approve` and `status --verify` do for each approval) against
# `ssh-keygen -Y verify` (what git runs for each signed commit), for Ed25519 and ECDSA P-256
# keys, over the same statement, signature and allowed_signers file. Builds bench-approvals in
# release mode and prints a Markdown table of medians with ratios.
#
#   scripts/bench-approvals.sh              ROUNDS=200 KEYGEN_ROUNDS=30 scripts/bench-approvals.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
package="${PACKAGE_DIR:-$root/Benchmarks}"
scratch="${SCRATCH_PATH:-$package/.build}"
rounds="${ROUNDS:-200}"
keygen_rounds="${KEYGEN_ROUNDS:-30}"
# shellcheck source=lib/bench-common.sh
source "$root/scripts/lib/bench-common.sh"

build_bench bench-approvals

statement="$work/statement.json"
printf '%s' '{"approver":"qa@bbws.example","commit":"4f1c2a9e0b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39","decision":"approve","environment":"sit","issuedAt":"2026-12-02T01:00:00Z","nonce":"9c0e4b6f1a2d3e4f5a6b7c8d9e0f1a2b","pipeline":"bbws-infrastructure","planHash":"a81f0c0e4b6f1a2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d","role":"QA Lead","run":"20261202-010000-1a2b","stage":"sit","version":1}' > "$statement"

median_ms() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "| key | in-process verify (µs) | ssh-keygen -Y verify (µs) | ratio |"
echo "|---|---:|---:|---:|"
for type in ed25519 ecdsa; do
  key="$work/$type"
  ssh-keygen -q -t "$type" $( [ "$type" = ecdsa ] && echo "-b 256" ) -N '' -C qa@bbws.example -f "$key"
  signers="$work/allowed_signers.$type"
  printf 'qa@bbws.example namespaces="pipeline-approval" %s\n' "$(cut -d' ' -f1,2 "$key.pub")" > "$signers"
  cp "$statement" "$work/statement.$type"
  ssh-keygen -Y sign -q -n pipeline-approval -f "$key" "$work/statement.$type" 2>/dev/null
  ours=$("$bench" ssh --statement "$work/statement.$type" --signature "$work/statement.$type.sig" \
          --signers "$signers" --rounds "$rounds")
  theirs=$(for _ in $(seq "$keygen_rounds"); do
    start=$(date +%s%N)
    ssh-keygen -Y verify -q -f "$signers" -I qa@bbws.example -n pipeline-approval -s "$work/statement.$type.sig" < "$work/statement.$type" >/dev/null
    end=$(date +%s%N)
    echo $(( (end - start) / 1000 ))
  done | median_ms)
  ratio=$(python3 -c "print(f'{$theirs / $ours:.0f}x faster' if $ours < $theirs else f'{$ours / $theirs:.1f}x slower')")
  echo "| $type | $ours | $theirs | $ratio |"
done
echo
echo "Medians of $rounds in-process verifications (parse the armor, look the key up, check the signature over the"
echo "canonical statement) and of $keygen_rounds ssh-keygen processes (start-up included, as git pays it per commit)."
