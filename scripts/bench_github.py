#!/usr/bin/env python3
"""The driver of scripts/bench-github.sh: the seed pipeline through GitHub Actions (the local executor) against one machine.

    bench_github.py --pipeline BIN --build-dir DIR --root REPO_ROOT --work DIR --endpoint URL --ca CA
                    [--rounds N] [--cold-build] [--max-parallel-jobs N] [--wait-timeout S] [--pid-file F]

1. The price of many machines. Executor side: an origin holding this repository's HEAD plus the seed
   pipeline (fresh accounts, suffixed buckets, DynamoDB state, the executor's OIDC issuer as an
   identity provider) and the workflows `pipeline ci github` writes; scripts/local-actions serves
   it (jobs on separate machines: fresh clone, cold HOME, no AWS keys, only the executor's OIDC
   tokens); the runner archive (scripts/dist.sh of --build-dir) is seeded into its cache as an
   earlier run would have left it. Clock: the push, then each approval dispatched through
   approve.yml as soon as the executor is idle, until the run's post_deploy job succeeded.
   One-machine side: a separate fresh repository, accounts, suffix and state table; `pipeline run`,
   `pipeline approve --key` per approver and `pipeline resume` per gate, with moto keys; the file
   is compiled and cached by `pipeline validate` before the clock.
2. A stage job's start-up: the runner from the artifact (copy, extract, --version, then the cold
   `pipeline validate` every job pays) against building it in the job (clone + two release
   builds with a fresh scratch path; only with --cold-build).
"""
import argparse
import json
import os
import random
import re
import shutil
import signal
import statistics
import string
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime

REPOSITORY = "bbws/infrastructure"
SEED_ACCOUNTS = {"dev": "536580886816", "sit": "815856636111", "prod": "093646564004"}
LOGINS = {"lead-gh": "lead@bbws.example", "qa-gh": "qa@bbws.example", "po-gh": "po@bbws.example", "ops-gh": "ops@bbws.example"}
# The seed's gates: (stage, [(role, GitHub login, approver identity)]), in the order they are approved.
GATES = [
    ("dev", [("Lead Developer", "lead-gh", "lead@bbws.example")]),
    ("sit", [("QA Lead", "qa-gh", "qa@bbws.example"), ("Tech Lead", "lead-gh", "lead@bbws.example")]),
    ("prod", [("Tech Lead", "lead-gh", "lead@bbws.example"), ("Product Owner", "po-gh", "po@bbws.example"),
              ("DevOps Lead", "ops-gh", "ops@bbws.example")]),
]
GIT = ["git", "-c", "user.name=Bench", "-c", "user.email=bench@bbws.example", "-c", "commit.gpgsign=false"]
# Who pushes: a developer who approves nothing (the gates forbid self-approval, and the run's
# starter is the push's actor, mapped through the identity provider).
PUSH_ACTOR = "dev-gh"
STARTED = []  # executors started, stopped on exit


class Failure(Exception):
    pass


def run(command, cwd=None, env=None, timeout=300, check=True):
    try:
        result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as error:
        raise Failure(f"{' '.join(command)}: no answer within {timeout} s") from error
    if check and result.returncode != 0:
        raise Failure(f"{' '.join(command)} (in {cwd}) exited {result.returncode}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


def timed(command, **kwargs):
    start = time.perf_counter()
    result = run(command, **kwargs)
    return time.perf_counter() - start, result


# MARK: The seed, as GitHubSeed.swift makes it

class Seed:
    def __init__(self):
        fresh = lambda: f"{random.randint(100000, 999999):06d}{random.randint(0, 999999):06d}"  # noqa: E731
        self.accounts = {name: fresh() for name in SEED_ACCOUNTS}
        self.state_account = fresh()
        alphabet = string.digits + string.ascii_lowercase
        number, suffix = random.randint(0, 2**32 - 1), ""
        while True:
            number, digit = divmod(number, 36)
            suffix = alphabet[digit] + suffix
            if number == 0:
                break
        self.suffix = suffix
        self.state_table = f"pipeline-state-{suffix}"
        self.state_role = f"arn:aws:iam::{self.state_account}:role/pipeline-state"
        self.state = f"dynamodb://{self.state_table}?region=us-east-1&role={self.state_role}"

    def pipeline(self, root, issuer):
        with open(os.path.join(root, "pipelines/deploy.swift"), encoding="utf-8") as handle:
            text = handle.read()
        for name, account in SEED_ACCOUNTS.items():
            if account not in text:
                raise Failure(f"pipelines/deploy.swift no longer declares {name}'s account {account}")
            text = text.replace(account, self.accounts[name])
        bucket = '"bbws-templates-\\(environment.name)"'
        if bucket not in text:
            raise Failure("pipelines/deploy.swift no longer names its buckets bbws-templates-\\(environment.name)")
        text = text.replace(bucket, f'"bbws-templates-\\(environment.name)-{self.suffix}"')
        signers = 'allowedSigners: "approvers/allowed_signers"\n)'
        declaration = 'Pipeline("bbws-infrastructure", approvers: team)'
        if signers not in text or declaration not in text:
            raise Failure("the seed pipeline changed shape (allowedSigners / Pipeline declaration not found)")
        identities = "[" + ", ".join(f'"{login}": "{email}"' for login, email in sorted(LOGINS.items())) + "]"
        provider = (f'IdentityProvider(issuer: "{issuer}", audience: "pipeline-approval", identityClaim: "actor", identities: {identities},\n'
                    f'        requiredClaims: ["repository": ["{REPOSITORY}"], '
                    f'"job_workflow_ref": ["{REPOSITORY}/.github/workflows/approve.yml@refs/heads/main"],\n'
                    f'                         "event_name": ["workflow_dispatch"]])')
        text = text.replace(signers, f'allowedSigners: "approvers/allowed_signers",\n    identityProviders: [{provider}]\n)')
        return text.replace(declaration, f'Pipeline("bbws-infrastructure", approvers: team, state: .dynamoDB(table: "{self.state_table}", '
                                         f'region: "us-east-1", role: "{self.state_role}"))')


def make_keys(directory):
    """Fresh Ed25519 keys for the four approvers: ({identity: private key file}, allowed_signers text)."""
    os.makedirs(directory)
    keys, lines = {}, []
    for identity in sorted(LOGINS.values()):
        key = os.path.join(directory, identity.split("@")[0])
        run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", identity, "-f", key])
        keys[identity] = key
        with open(key + ".pub", encoding="utf-8") as handle:
            lines.append(f'{identity} namespaces="pipeline-approval" {handle.read().strip()}')
    return keys, "\n".join(lines) + "\n"


def make_repository(root, directory):
    """A git repository holding this repository's HEAD on branch main."""
    os.makedirs(directory)
    run(["git", "init", "-q", "-b", "main"], cwd=directory)
    run(["git", "fetch", "--quiet", "--no-tags", root, "HEAD"], cwd=directory, timeout=600)
    run(["git", "reset", "--quiet", "--hard", "FETCH_HEAD"], cwd=directory)


def commit_seed(directory, seed, root, issuer, signers, environment):
    """The seed pipeline and keys committed on top, with the workflows `pipeline ci github` writes."""
    os.makedirs(os.path.join(directory, "approvers"), exist_ok=True)
    with open(os.path.join(directory, "pipelines/deploy.swift"), "w", encoding="utf-8") as handle:
        handle.write(seed.pipeline(root, issuer))
    with open(os.path.join(directory, "approvers/allowed_signers"), "w", encoding="utf-8") as handle:
        handle.write(signers)
    run([environment["PIPELINE_BIN"], "ci", "github", "pipelines/deploy.swift"], cwd=directory, env=environment, timeout=600)
    for generated in ("deploy.yml", "approve.yml"):
        if not os.path.exists(os.path.join(directory, ".github/workflows", generated)):
            raise Failure(f"pipeline ci github wrote no .github/workflows/{generated}")
    run(GIT + ["add", "-A"], cwd=directory)
    run(GIT + ["commit", "-qm", "GitHub Actions for the seed"], cwd=directory)
    return run(["git", "rev-parse", "HEAD"], cwd=directory).stdout.strip()


# MARK: The executor

class Executor:
    def __init__(self, root, origin, work, machine, max_parallel, pid_file):
        self.work = work
        os.makedirs(work)
        ready = os.path.join(work, "ready.json")
        command = [sys.executable, os.path.join(root, "scripts/local-actions/local-actions"), "serve", "--origin", origin,
                   "--repository", REPOSITORY, "--work", os.path.join(work, "work"), "--ready-file", ready,
                   "--max-parallel-jobs", str(max_parallel)]
        for key, value in sorted(machine.items()):
            command += ["--machine-env", f"{key}={value}"]
        self.log = os.path.join(work, "server.log")
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            start_new_session=True)
        STARTED.append(self)
        if pid_file:
            with open(pid_file, "a") as handle:
                handle.write(f"{self.process.pid}\n")
        deadline = time.monotonic() + 30
        answer = None
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with open(ready, encoding="utf-8") as handle:
                    answer = json.load(handle)
                break
            except (OSError, ValueError):
                time.sleep(0.1)
        if not answer:
            self.stop()
            raise Failure(f"the local executor did not start within 30 s:\n{self.tail()}")
        self.url, self.issuer = answer["url"].rstrip("/"), answer["issuer"]

    def tail(self, characters=3000):
        try:
            with open(self.log, encoding="utf-8", errors="replace") as handle:
                return handle.read()[-characters:]
        except OSError:
            return ""

    def call(self, method, path, body=None, timeout=60):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            raise Failure(f"{method} {path}: HTTP {error.code}: {error.read()[:2000]!r}") from error
        except (urllib.error.URLError, OSError) as error:
            raise Failure(f"{method} {path}: {error}\n{self.tail()}") from error

    def wait_idle(self, timeout):
        if not self.call("POST", "/_local/wait", {"timeout": timeout}, timeout=timeout + 30).get("idle"):
            raise Failure(f"workflow runs still going after {timeout} s: {summarize(self.runs())}")

    def runs(self):
        answer = self.call("GET", "/_local/runs")
        return answer["runs"] if isinstance(answer, dict) else answer

    def run(self, number):
        return self.call("GET", f"/_local/runs/{number}")

    def stop(self):
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.process.wait(timeout=5)
        if self in STARTED:
            STARTED.remove(self)


def job(run_json, name):
    return next((item for item in run_json.get("jobs", []) if item.get("id") == name), None)


def read(path, characters=4000):
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()[-characters:]
    except (OSError, TypeError):
        return ""


def summarize(runs):
    return "; ".join(f"{r.get('workflow')}#{r.get('id')} {r.get('status')}/{r.get('conclusion')} "
                     + ",".join(f"{j.get('id')}={j.get('conclusion')}" for j in r.get("jobs", [])) for r in runs)


def explain(run_json, names=None):
    """A run that did not end as expected: its jobs, and the logs of the jobs that did not succeed."""
    lines = [summarize([run_json])]
    if run_json.get("error"):
        lines.append(f"error: {run_json['error']}")
    for item in run_json.get("jobs", []):
        if (names and item.get("id") in names) or item.get("conclusion") not in ("success", "skipped", None):
            lines.append(f"--- log of {item.get('id')} ({item.get('log')}):\n{read(item.get('log'))}")
    return "\n".join(lines)


def seconds_between(started, finished):
    parse = lambda text: datetime.fromisoformat(text.replace("Z", "+00:00"))  # noqa: E731
    return (parse(finished) - parse(started)).total_seconds()


def executor_side(args, number, runner_archive, log):
    """One deploy through the executor: wall seconds and what ran."""
    directory = os.path.join(args.work, f"actions-{number}")
    os.makedirs(directory)
    seed = Seed()
    origin = os.path.join(directory, "origin")
    make_repository(args.root, origin)
    # Each job compiles the pipeline file into the cache of its own HOME (~/.cache/pipeline),
    # cold as on a fresh machine.
    machine = {"PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"), "NO_COLOR": "1",
               "AWS_ENDPOINT_URL": args.endpoint, "AWS_REGION": "us-east-1", "AWS_CA_BUNDLE": args.ca}
    executor = Executor(args.root, origin, os.path.join(directory, "executor"), machine, args.max_parallel_jobs, args.pid_file)
    try:
        _, signers = make_keys(os.path.join(directory, "keys"))
        sha = commit_seed(origin, seed, args.root, executor.issuer, signers, args.environment)
        run([args.pipeline, "state", "init", "--state", seed.state], cwd=origin, env=args.environment, timeout=120)
        executor.call("POST", "/_local/cache/seed", {"workflow": "deploy.yml", "job": "runner", "step": "cache", "sha": sha,
                                                    "ref": "refs/heads/main", "from": runner_archive}, timeout=300)
        log(f"round {number + 1}, executor: {executor.url}, state table {seed.state_table}; push…")

        start = time.perf_counter()
        started = executor.call("POST", "/_local/push", {"ref": "refs/heads/main", "sha": sha, "actor": PUSH_ACTOR})["runs"]
        if len(started) != 1:
            raise Failure(f"the push started {len(started)} workflow runs, expected 1 (deploy.yml): {started}")
        executor.wait_idle(args.wait_timeout)
        first = executor.run(started[0])
        if first.get("conclusion") != "success" or (job(first, "dev") or {}).get("outputs", {}).get("status") != "awaitingApproval":
            raise Failure(f"the first deploy.yml run did not stop green at dev's gate:\n{explain(first, ['dev'])}")
        pipeline_run = f"gh-{first['id']}"
        log(f"  {time.perf_counter() - start:.1f} s: run {pipeline_run} waits at dev")
        for stage, approvals in GATES:
            for role, login, _ in approvals:
                dispatched = executor.call("POST", "/_local/dispatch", {"workflow": "approve.yml", "ref": "refs/heads/main",
                                                                         "inputs": {"run": pipeline_run, "stage": stage, "role": role},
                                                                         "actor": login})["run_id"]
                executor.wait_idle(args.wait_timeout)
                approval = executor.run(dispatched)
                if approval.get("conclusion") != "success":
                    raise Failure(f"approve.yml ({stage}, {role} as {login}) did not succeed:\n{explain(approval, ['approve'])}")
                log(f"  {time.perf_counter() - start:.1f} s: {stage} approved as {role} by {login}")
        seconds = time.perf_counter() - start

        runs = executor.runs()
        deploys = sorted((r for r in runs if r.get("workflow") == "deploy.yml"), key=lambda r: r["id"])
        last = deploys[-1]
        if last.get("conclusion") != "success" or (job(last, "post_deploy") or {}).get("conclusion") != "success" \
                or (job(last, "post_deploy") or {}).get("outputs", {}).get("status") != "succeeded":
            raise Failure(f"the last deploy.yml run did not end with post_deploy succeeded:\n{explain(last, ['post_deploy', 'prod'])}")
        if len(deploys) != 1 + len(GATES):
            raise Failure(f"expected {1 + len(GATES)} deploy.yml runs (the push and one continuation per gate): {summarize(deploys)}")
        ran = [item for r in runs for item in r.get("jobs", []) if item.get("started") and item.get("finished")]
        # Every check and stage job compiled the pipeline file into its own HOME (approve jobs load none).
        stage_jobs = [item for r in deploys for item in r.get("jobs", []) if item.get("started") and item["id"] != "runner"]
        compiled = [item for item in stage_jobs
                    if os.path.isdir(os.path.join(os.path.dirname(item.get("log") or ""), "home/.cache/pipeline/pipelines"))]
        if len(compiled) != len(stage_jobs):
            raise Failure(f"only {len(compiled)} of {len(stage_jobs)} check and stage jobs compiled the pipeline in their own HOME "
                          f"(~/.cache/pipeline): the executor's machine layout changed?")
        kinds = {}
        for r in runs:
            for item in r.get("jobs", []):
                if not (item.get("started") and item.get("finished")):
                    continue
                kind = item["id"] if item["id"] in ("runner", "check", "approve") else "stage"
                kind = f"{r['workflow'].split('.')[0]}:{kind}" if kind == "runner" else kind
                if kind == "stage":
                    if "nothing to do" in read(item.get("log"), 10**7):
                        kind = "stage:done"
                    elif (item.get("outputs") or {}).get("status") == "awaitingApproval":
                        kind = "stage:gate"
                kinds.setdefault(kind, []).append(seconds_between(item["started"], item["finished"]))
        return {"seconds": seconds, "jobs": len(ran), "runs": len(runs), "deploy_runs": len(deploys),
                "approve_runs": sum(1 for r in runs if r.get("workflow") == "approve.yml"),
                "job_seconds": sum(seconds_between(item["started"], item["finished"]) for item in ran),
                "kinds": kinds, "origin": origin, "run": pipeline_run}
    finally:
        executor.stop()


# MARK: One machine

def local_side(args, number, issuer, log):
    directory = os.path.join(args.work, f"local-{number}")
    os.makedirs(directory)
    seed = Seed()
    repository = os.path.join(directory, "repository")
    make_repository(args.root, repository)
    keys, signers = make_keys(os.path.join(directory, "keys"))
    commit_seed(repository, seed, args.root, issuer, signers, args.environment)
    environment = dict(args.environment, PIPELINE_STATE=seed.state)
    run([args.pipeline, "state", "init", "--state", seed.state], cwd=repository, env=environment, timeout=120)
    run([args.pipeline, "validate", "pipelines/deploy.swift"], cwd=repository, env=environment, timeout=600)
    log(f"round {number + 1}, one machine: state table {seed.state_table}; run…")

    invocations = 0

    def pipeline(arguments, expected):
        nonlocal invocations
        invocations += 1
        result = run([args.pipeline] + arguments, cwd=repository, env=environment, timeout=args.wait_timeout, check=False)
        if result.returncode != expected:
            raise Failure(f"pipeline {' '.join(arguments)} exited {result.returncode}, expected {expected}:\n"
                          f"{result.stdout[-4000:]}\n{result.stderr[-3000:]}")
        return result

    start = time.perf_counter()
    started = pipeline(["run", "pipelines/deploy.swift"], 4)
    found = re.search(r"run (\d{8}-\d{6}-[0-9a-f]{4})", started.stdout + started.stderr)
    if not found:
        raise Failure(f"pipeline run printed no run id:\n{started.stdout[-3000:]}")
    pipeline_run = found.group(1)
    for index, (stage, approvals) in enumerate(GATES):
        for role, _, identity in approvals:
            pipeline(["approve", pipeline_run, "--stage", stage, "--role", role, "--key", keys[identity]], 0)
        pipeline(["resume", pipeline_run], 0 if index == len(GATES) - 1 else 4)
        log(f"  {time.perf_counter() - start:.1f} s: {stage} approved and resumed")
    seconds = time.perf_counter() - start
    status = run([args.pipeline, "status", pipeline_run], cwd=repository, env=environment, timeout=120, check=False)
    if "succeeded" not in status.stdout:
        raise Failure(f"pipeline status {pipeline_run} does not say succeeded:\n{status.stdout[-3000:]}")
    return {"seconds": seconds, "invocations": invocations}


# MARK: Start-up of a stage job

def artifact_startup(args, origin, runner_archive, number):
    """The runner from the artifact on a fresh machine: copy, extract, --version, then the cold validate."""
    machine = os.path.join(args.work, f"startup-{number}")
    home, runner, workspace = (os.path.join(machine, name) for name in ("home", "runner", "workspace"))
    os.makedirs(home)
    os.makedirs(runner)
    run(["git", "clone", "--quiet", origin, workspace], timeout=600)
    environment = {"PATH": os.path.join(runner, "bin") + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home,
                   "NO_COLOR": "1", "TMPDIR": os.path.join(machine, "temp")}
    os.makedirs(environment["TMPDIR"])
    for key in ("LANG", "LC_ALL"):
        if key in os.environ:
            environment[key] = os.environ[key]
    archive = os.path.join(runner_archive, ".pipeline-dist/pipeline-runner.tar.gz")
    start = time.perf_counter()
    shutil.copy(archive, os.path.join(runner, "pipeline-runner.tar.gz"))
    copied = time.perf_counter() - start
    extracted, _ = timed(["tar", "-xzf", "pipeline-runner.tar.gz"], cwd=runner, timeout=300)
    version, answer = timed(["pipeline", "--version"], cwd=workspace, env=environment, timeout=60)
    validated, _ = timed(["pipeline", "validate", "pipelines/deploy.swift"], cwd=workspace, env=environment, timeout=600)
    return {"copy": copied, "extract": extracted, "version": version, "validate": validated,
            "runner": copied + extracted + version, "size": os.path.getsize(archive), "answer": answer.stdout.strip()}


def build_startup(args, origin):
    """Building the runner in the job: a clone, then two release builds with a fresh scratch path."""
    machine = os.path.join(args.work, "cold-build")
    source, scratch = os.path.join(machine, "source"), os.path.join(machine, "scratch")
    os.makedirs(machine)
    cloned, _ = timed(["git", "clone", "--quiet", origin, source], timeout=600)
    pinned = os.path.join(args.root, "Package.resolved")
    if os.path.exists(pinned) and not os.path.exists(os.path.join(source, "Package.resolved")):
        shutil.copy(pinned, os.path.join(source, "Package.resolved"))
    times = {"clone": cloned}
    for product in ("pipeline", "PipelineDescription"):
        times[product], _ = timed(["swift", "build", "-c", "release", "--product", product, "--scratch-path", scratch],
                                  cwd=source, timeout=3600)
    binary = os.path.join(scratch, "release", "pipeline")
    times["version"], _ = timed([binary, "--version"], cwd=source, timeout=60)
    times["runner"] = sum(times.values())
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pipeline", required=True)
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--root", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--ca", required=True)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--cold-build", action="store_true")
    parser.add_argument("--max-parallel-jobs", type=int, default=2)
    parser.add_argument("--wait-timeout", type=int, default=1800, help="bound of each wait for the executor to be idle (s)")
    parser.add_argument("--pid-file", help="appends each executor's pid (its process group) for the wrapper's clean-up")
    args = parser.parse_args()
    if args.rounds < 1:
        raise SystemExit("--rounds must be at least 1")

    def stop(signum, _frame):
        raise SystemExit(f"stopped by signal {signum}")

    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, stop)

    def log(message):
        print(message, file=sys.stderr, flush=True)

    environment = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    environment.update(AWS_ENDPOINT_URL=args.endpoint, AWS_CA_BUNDLE=args.ca, AWS_REGION="us-east-1", AWS_ACCESS_KEY_ID="testing",
                       AWS_SECRET_ACCESS_KEY="testing", NO_COLOR="1", PIPELINE_CACHE_DIR=os.path.join(args.work, "cache"),
                       PIPELINE_STEP_PATH=args.build_dir, PIPELINE_BIN=args.pipeline)
    environment.pop("PIPELINE_STATE", None)
    args.environment = environment

    try:
        runner_archive = os.path.join(args.work, "runner-dist")
        run(["bash", os.path.join(args.root, "scripts/dist.sh"), "--build-dir", args.build_dir,
             os.path.join(runner_archive, ".pipeline-dist/pipeline-runner.tar.gz")], cwd=args.root, timeout=600)
        actions, local, startup = [], [], []
        for number in range(args.rounds):
            measured = executor_side(args, number, runner_archive, log)
            actions.append(measured)
            # The one-machine side names an issuer too (the same pipeline shape); it is never asked.
            local.append(local_side(args, number, "https://127.0.0.1:9/oidc", log))
            startup.append(artifact_startup(args, measured["origin"], runner_archive, number))
            log(f"round {number + 1}: executor {measured['seconds']:.1f} s ({measured['jobs']} jobs, {measured['runs']} workflow runs); "
                f"one machine {local[-1]['seconds']:.1f} s; artifact start-up {startup[-1]['runner']:.2f} s + validate "
                f"{startup[-1]['validate']:.2f} s")
        built = None
        if args.cold_build:
            log("building the runner as a job would (release, fresh scratch path; about 10 minutes on 2 cores)…")
            built = build_startup(args, actions[-1]["origin"])
    except Failure as failure:
        print(f"bench-github: {failure}", file=sys.stderr)
        return 1
    finally:
        for executor in list(STARTED):
            executor.stop()

    median = statistics.median
    a, l = median(m["seconds"] for m in actions), median(m["seconds"] for m in local)
    jobs, runs = median(m["jobs"] for m in actions), median(m["runs"] for m in actions)
    deploy_runs, approve_runs = actions[0]["deploy_runs"], actions[0]["approve_runs"]
    job_seconds = median(m["job_seconds"] for m in actions)
    print(f"The seed pipeline through GitHub Actions (local executor, every job on its own machine) vs one machine "
          f"(median of {args.rounds} round{'s' if args.rounds != 1 else ''}; moto over TLS on loopback; debug build "
          f"{os.path.relpath(args.build_dir, args.root)}; {os.cpu_count()} cores; at most {args.max_parallel_jobs} jobs at once).\n")
    print("| measurement | GitHub Actions (executor) | one machine | ratio | notes |")
    print("| --- | ---: | ---: | ---: | --- |")
    print(f"| validation → post-deploy, 6 approvals | {a:.1f} s | {l:.1f} s | {a / l:.1f}× (executor ÷ one machine) | "
          f"executor: push + 6 approve.yml dispatches, {runs:g} workflow runs ({deploy_runs} deploy.yml, {approve_runs} approve.yml), "
          f"{jobs:g} jobs run; one machine: {local[0]['invocations']} `pipeline` commands (run, 6 approve --key, 3 resume) |")
    print(f"| per-job overhead | {(a - l) / jobs:.1f} s per job | | | (executor − one machine) ÷ {jobs:g} jobs |")
    print(f"| time inside jobs | {job_seconds:.1f} s | | | summed job wall times; the rest of {a:.1f} s is scheduling, "
          f"dispatch and the driver's idle waits |")
    kinds = {}
    for m in actions:
        for kind, values in m["kinds"].items():
            kinds.setdefault(kind, []).extend(values)
    labels = {"deploy:runner": ("deploy.yml `runner` jobs", "checkout, cache restore (hit), artifact upload"),
              "check": ("`check` jobs", "checkout, fetch + extract the runner, `pipeline ci github --check`"),
              "stage": ("stage jobs that ran their stage", "checkout (full history), fetch + extract the runner, "
                                                           "`pipeline run --stage` (compiles the file, runs the stage)"),
              "stage:gate": ("stage jobs that stopped at their gate", "the same, up to the gate (the plan shown, the job green)"),
              "stage:done": ("stage jobs of a continuation whose stage was done", "the same, to find \"already succeeded … "
                                                                                  "nothing to do\": what each continuation re-enters"),
              "approve:runner": ("approve.yml `runner` jobs", "checkout, cache restore (hit), artifact upload"),
              "approve": ("`approve` jobs", "checkout, fetch + extract the runner, OIDC token, `pipeline approve`, dispatch")}
    for kind in ("deploy:runner", "check", "stage", "stage:gate", "stage:done", "approve:runner", "approve"):
        if kind in kinds:
            values = kinds[kind]
            label, note = labels[kind]
            print(f"| {label}: mean wall (× {len(values) / len(actions):g} per round) | {statistics.mean(values):.1f} s | | | {note} |")
    s = {key: median(m[key] for m in startup) for key in ("copy", "extract", "version", "validate", "runner")}
    size = startup[0]["size"] / 1e6
    print(f"\nA stage job's start-up (fresh HOME and cache; median of {len(startup)}):\n")
    print("| start-up | runner from the artifact | building it in the job | ratio | notes |")
    print("| --- | ---: | ---: | ---: | --- |")
    if built:
        print(f"| get the runner | {s['runner']:.2f} s | {built['runner']:.1f} s | {built['runner'] / s['runner']:.0f}× | "
              f"artifact: copy {s['copy']:.2f} s + `tar -xzf` {s['extract']:.2f} s ({size:.0f} MB) + `--version` {s['version']:.2f} s; "
              f"build: `git clone` {built['clone']:.1f} s + `swift build -c release --product pipeline` {built['pipeline']:.1f} s "
              f"+ `--product PipelineDescription` {built['PipelineDescription']:.1f} s + `--version` {built['version']:.2f} s "
              f"(fresh --scratch-path; SwiftPM's shared clone cache in HOME was warm, a real machine downloads the dependencies too) |")
    else:
        print(f"| get the runner | {s['runner']:.2f} s | not measured | — | artifact: copy {s['copy']:.2f} s + `tar -xzf` "
              f"{s['extract']:.2f} s ({size:.0f} MB) + `--version` {s['version']:.2f} s; the build side (clone + two release builds, "
              f"about 10 minutes on 2 cores) runs only with COLD_BUILD=1 |")
    print(f"| then `pipeline validate` (compiles the pipeline file) | {s['validate']:.2f} s | {'same' if built else '—'} | | "
          f"every stage job pays it: its HOME, and so the pipeline cache, is cold |")
    print(f"\nThe executor's jobs start with a cold HOME, as real machines do: each compiles pipelines/deploy.swift again "
          f"(about the validate above, into the cache in its own HOME); the one-machine "
          f"side compiled it once, with `pipeline validate` before the clock. The push is by {PUSH_ACTOR} (the gates forbid "
          f"self-approval, and the run's starter is the push's actor). Jobs run one after another (each needs the one before); "
          f"the wall time is the sum of the job times plus the executor's scheduling and the driver's waits. "
          f"Both sides use the same debug-build runner, one moto and fresh accounts, buckets and state table per side. "
          f"Rounds (s): executor {', '.join('%.1f' % m['seconds'] for m in actions)}; "
          f"one machine {', '.join('%.1f' % m['seconds'] for m in local)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
