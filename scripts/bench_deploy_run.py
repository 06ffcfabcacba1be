#!/usr/bin/env python3
"""The driver of scripts/bench-deploy.sh: runs ours, boto3 and awscli against one moto and prints the table.

    bench_deploy_run.py --pipeline BIN --root REPO_ROOT --work DIR --endpoint URL --ca CA [--rounds N]
                        [--awscli-environments dev]

Ours: `pipeline run pipelines/deploy.swift` of a copy of the repository's seed (examples/ and
pipelines/deploy.swift) whose environments have no approval gates, so one invocation runs
validation → plan → dev → sit → prod → post-deploy (the pipeline file is compiled and cached by a
`pipeline validate` before the clock starts); then the same command again (the no-change re-run).
Each round uses fresh account ids and bucket names. The calls per operation come from the run's
`awsCalls` event; the boto3 and awscli sides (scripts/bench_deploy_replay.py) make exactly those.
"""
import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time

SEED_ACCOUNTS = {"dev": "536580886816", "sit": "815856636111", "prod": "093646564004"}


def accounts():
    return [f"{random.randint(100000, 999999)}{random.randint(0, 999999):06d}" for _ in range(3)]


def make_repository(root, directory, account_ids, tag):
    """A git repository with the seed's files; deploy.swift without gates, with these accounts and buckets."""
    os.makedirs(os.path.join(directory, "examples"))
    os.makedirs(os.path.join(directory, "pipelines"))
    for folder in ("schemas", "templates"):
        shutil.copytree(os.path.join(root, "examples", folder), os.path.join(directory, "examples", folder))
    shutil.copytree(os.path.join(root, "schemas"), os.path.join(directory, "schemas"))
    with open(os.path.join(root, "pipelines/deploy.swift"), encoding="utf-8") as handle:
        text = handle.read()
    text, gates = re.subn(r"\n(\s*)gate: \.approvals\(\[[^\]]*\]\),\s*", r"\n\1", text)
    if gates != 3:
        raise SystemExit(f"pipelines/deploy.swift: expected 3 approval gates to remove, found {gates}")
    for (name, seed), account in zip(SEED_ACCOUNTS.items(), account_ids):
        if f'"{seed}"' not in text:
            raise SystemExit(f"pipelines/deploy.swift no longer declares {name}'s account {seed}")
        text = text.replace(f'"{seed}"', f'"{account}"')
    text = text.replace('"bbws-templates-\\(environment.name)"', f'"bbws-templates-{tag}-\\(environment.name)"')
    with open(os.path.join(directory, "pipelines/deploy.swift"), "w", encoding="utf-8") as handle:
        handle.write(text)
    # The pipeline's approvers need keys to load (the gates are gone, the approvers stay).
    keys = os.path.join(directory, ".bench-keys")
    os.makedirs(keys)
    lines = []
    for who in ("lead", "qa", "po", "ops"):
        key = os.path.join(keys, who)
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", f"{who}@bbws.example", "-f", key], check=True)
        with open(key + ".pub", encoding="utf-8") as handle:
            lines.append(f'{who}@bbws.example namespaces="pipeline-approval" {handle.read().strip()}')
    os.makedirs(os.path.join(directory, "approvers"))
    with open(os.path.join(directory, "approvers/allowed_signers"), "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    with open(os.path.join(directory, ".gitignore"), "w", encoding="utf-8") as handle:
        handle.write(".bench-keys/\n")
    git = ["git", "-c", "user.name=Bench", "-c", "user.email=bench@bbws.example"]
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=directory, check=True)
    subprocess.run(git + ["add", "-A"], cwd=directory, check=True)
    subprocess.run(git + ["commit", "-qm", "seed"], cwd=directory, check=True)


def run_ours(binary, directory, environment):
    """Seconds of one `pipeline run`, and its awsCalls details."""
    start = time.perf_counter()
    result = subprocess.run([binary, "run", "pipelines/deploy.swift", "--log-format", "json"], cwd=directory, env=environment,
                            capture_output=True, text=True, timeout=600)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"pipeline run failed (exit {result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-2000:]}")
    details = None
    for line in result.stdout.splitlines():
        if '"awsCalls"' in line:
            details = json.loads(line)["details"]
    if details is None:
        raise SystemExit("pipeline run printed no awsCalls event")
    return seconds, details


def replay(root, side, calls_file, directory, args, account_ids, tag, mode, extra=()):
    command = [sys.executable, os.path.join(root, "scripts/bench_deploy_replay.py"), side, "--calls", calls_file, "--repo", directory,
               "--endpoint", args.endpoint, "--ca", args.ca, "--accounts", ",".join(account_ids), "--tag", tag, "--mode", mode, *extra]
    result = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        raise SystemExit(f"{side} {mode} failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def operations(details):
    return {k: int(v) for k, v in details.items() if "." in k and not k.startswith("kind.")}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pipeline", required=True)
    parser.add_argument("--root", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--ca", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--awscli-environments", default="dev", help="'' for all three")
    args = parser.parse_args()
    environment = dict(os.environ, AWS_ENDPOINT_URL=args.endpoint, AWS_CA_BUNDLE=args.ca, AWS_REGION="af-south-1",
                       AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", NO_COLOR="1",
                       PIPELINE_CACHE_DIR=os.path.join(args.work, "cache"))
    # The example's team step module (cost-estimate), built beside the runner.
    environment.setdefault("PIPELINE_STEP_PATH", os.path.dirname(os.path.abspath(args.pipeline)))
    results = {"ours-deploy": [], "ours-rerun": [], "boto3-deploy": [], "boto3-rerun": []}
    deploy_calls = rerun_calls = None
    boto_calls = {}
    for number in range(args.rounds):
        tag = f"b{number}{random.randint(0, 0xffffff):06x}"
        directory = os.path.join(args.work, f"ours-{number}")
        ours_accounts = accounts()
        make_repository(args.root, directory, ours_accounts, tag)
        subprocess.run([args.pipeline, "validate", "pipelines/deploy.swift"], cwd=directory, env=environment, check=True,
                       capture_output=True)
        seconds, details = run_ours(args.pipeline, directory, environment)
        results["ours-deploy"].append(seconds)
        deploy_calls = deploy_calls or details
        seconds, details = run_ours(args.pipeline, directory, environment)
        results["ours-rerun"].append(seconds)
        rerun_calls = rerun_calls or details
        if int(details.get("kind.write", "0")) != 0:
            raise SystemExit(f"the no-change re-run wrote: {details}")
        for name, values in (("deploy", deploy_calls), ("rerun", rerun_calls)):
            with open(os.path.join(args.work, f"calls-{name}.json"), "w", encoding="utf-8") as handle:
                json.dump(values, handle)
        boto_accounts, boto_tag = accounts(), f"p{number}{random.randint(0, 0xffffff):06x}"
        for mode in ("deploy", "rerun"):
            measured = replay(args.root, "boto3", os.path.join(args.work, f"calls-{mode}.json"), directory, args, boto_accounts,
                              boto_tag, mode)
            results[f"boto3-{mode}"].append(measured["seconds"])
            boto_calls[mode] = measured
        print(f"round {number + 1}: ours {results['ours-deploy'][-1]:.2f} s / re-run {results['ours-rerun'][-1]:.2f} s; "
              f"boto3 {results['boto3-deploy'][-1]:.2f} s / reads {results['boto3-rerun'][-1]:.2f} s", file=sys.stderr)

    extra = ["--environments", args.awscli_environments] if args.awscli_environments else []
    print(f"awscli (one process per call, environments: {args.awscli_environments or 'all'})…", file=sys.stderr)
    cli = replay(args.root, "awscli", os.path.join(args.work, "calls-deploy.json"), directory, args, accounts(),
                 f"c{random.randint(0, 0xffffff):06x}", "deploy", extra)

    ours_ops, rerun_ops = operations(deploy_calls), operations(rerun_calls)
    total, rerun_total = sum(ours_ops.values()), sum(rerun_ops.values())
    for mode, expected in (("deploy", ours_ops), ("rerun", rerun_ops)):
        if boto_calls[mode]["by_operation"] != expected:
            raise SystemExit(f"boto3 {mode} made other calls than ours: {boto_calls[mode]['by_operation']} vs {expected}")
    median = {name: statistics.median(values) for name, values in results.items()}
    cli_per_call = cli["seconds"] / cli["calls"]
    cli_total = cli_per_call * total
    measured_all = cli["calls"] == total

    def mark(ok):
        return "✅" if ok else "❌"

    print(f"Full deploy of the example to 3 environments (pipeline variant without approval gates; median of {args.rounds} rounds; "
          f"moto over TLS on loopback; release build).\n")
    print("| measurement | calls (ours / alternative) | ours | alternative | ratio | target |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    r = median["ours-deploy"] / median["boto3-deploy"]
    print(f"| full deploy vs boto3, one process, one call after another | {total} / {boto_calls['deploy']['calls']} | "
          f"{median['ours-deploy']:.2f} s | {median['boto3-deploy']:.2f} s | {r:.2f} (ours ÷ boto3) | ≤ 1.0 {mark(r <= 1.0)} |")
    r = cli_total / median["ours-deploy"]
    label = "measured" if measured_all else f"{cli['calls']} calls measured ({args.awscli_environments}), × {total / cli['calls']:.2f}"
    print(f"| full deploy vs awscli, one `aws` process per call | {total} / {cli['calls']} | {median['ours-deploy']:.2f} s | "
          f"{cli_total:.1f} s ({label}) | {r:.0f}× faster | ≥ 20× {mark(r >= 20)} |")
    r = median["ours-rerun"] / median["boto3-rerun"]
    print(f"| no-change re-run vs boto3 reads | {rerun_total} / {boto_calls['rerun']['calls']} | {median['ours-rerun']:.2f} s | "
          f"{median['boto3-rerun']:.2f} s | {r:.2f} (ours ÷ boto3) | ≤ 1.2 {mark(r <= 1.2)} |")
    print("\nCalls per operation (ours = the run's `awsCalls` event; boto3 counted by botocore, identical by construction and checked):\n")
    print("| operation | full deploy | no-change re-run |")
    print("| --- | ---: | ---: |")
    for name in sorted(set(ours_ops) | set(rerun_ops)):
        print(f"| {name} | {ours_ops.get(name, 0)} | {rerun_ops.get(name, 0)} |")
    print(f"| **total** | **{total}** | **{rerun_total}** |")
    print(f"\nOurs includes process start, loading the cached pipeline, validation of tables and templates, plans, "
          f"the SQLite run store and smoke tests; the alternatives only make the calls. Rounds (s): "
          f"ours {', '.join(f'{v:.2f}' for v in results['ours-deploy'])}; boto3 {', '.join(f'{v:.2f}' for v in results['boto3-deploy'])}; "
          f"re-run {', '.join(f'{v:.2f}' for v in results['ours-rerun'])}; boto3 reads {', '.join(f'{v:.2f}' for v in results['boto3-rerun'])}; "
          f"awscli {cli['seconds']:.1f} s for {cli['calls']} calls ({cli_per_call * 1000:.0f} ms per call).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
