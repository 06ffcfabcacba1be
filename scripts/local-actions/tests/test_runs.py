"""End-to-end behaviour of runs through the HTTP control API (an in-process server)."""

import datetime
import os
import re
import time
import unittest

from tests.rig import Rig, git


def alive(pid):
    """Whether a process exists and is not a zombie."""
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as handle:
                if handle.read().rsplit(")", 1)[1].split()[0] == "Z":
                    return False
        except FileNotFoundError:
            return False
        time.sleep(0.05)
    return True


def when(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


class RigTest(unittest.TestCase):
    files = {}
    options = {}

    def setUp(self):
        self.rig = Rig(self.files, **self.options)

    def tearDown(self):
        self.rig.close()


class NeedsAndConditions(RigTest):
    files = {".github/workflows/graph.yml": """
        name: Graph
        on: {push: {branches: [main]}}
        jobs:
          one:
            runs-on: x
            outputs:
              word: ${{ steps.w.outputs.word }}
              text: ${{ steps.w.outputs.text }}
            steps:
              - id: w
                run: |
                  sleep 1
                  echo "word=hello" >> "$GITHUB_OUTPUT"
                  { echo "text<<EOF"; echo "line 1"; echo "line 2"; echo "EOF"; } >> "$GITHUB_OUTPUT"
          two:
            runs-on: x
            steps:
              - run: sleep 1
          three:
            needs: [one, two]
            runs-on: x
            steps:
              - run: echo "got ${{ needs.one.outputs.word }} / ${{ needs.one.outputs.text }} / ${{ needs.two.result }}"
          never:
            if: github.actor == 'nobody'
            runs-on: x
            steps: [{run: echo never}]
          after_never:
            needs: never
            runs-on: x
            steps: [{run: echo no}]
          fails:
            needs: three
            runs-on: x
            steps:
              - run: exit 2
              - run: echo skipped step
              - if: failure()
                run: echo "cleanup ran"
          on_failure:
            needs: fails
            if: failure()
            runs-on: x
            steps: [{run: echo handled}]
          dependent_of_failure:
            needs: fails
            runs-on: x
            steps: [{run: echo no}]
    """, "README.md": "x\n"}

    def test_graph(self):
        [run_id] = self.rig.push(actor="alice")
        self.rig.wait()
        run = self.rig.run(run_id)
        jobs = {job["id"]: job for job in run["jobs"]}
        self.assertEqual(run["conclusion"], "failure")
        self.assertEqual({k: v["conclusion"] for k, v in jobs.items()}, {
            "one": "success", "two": "success", "three": "success", "never": "skipped", "after_never": "skipped",
            "fails": "failure", "on_failure": "success", "dependent_of_failure": "skipped"})
        # one and two ran in parallel; three started after both finished.
        self.assertLess(when(jobs["one"]["started"]), when(jobs["two"]["finished"]))
        self.assertLess(when(jobs["two"]["started"]), when(jobs["one"]["finished"]))
        self.assertGreaterEqual(when(jobs["three"]["started"]), max(when(jobs["one"]["finished"]), when(jobs["two"]["finished"])))
        self.assertEqual(jobs["one"]["outputs"], {"word": "hello", "text": "line 1\nline 2"})
        self.assertIn("got hello / line 1\nline 2 / success", self.rig.log(run_id, "three"))
        log = self.rig.log(run_id, "fails")
        self.assertIn("cleanup ran", log)
        self.assertNotIn("skipped step\n", log.replace("Run echo skipped step", ""))
        self.assertEqual([s["conclusion"] for s in jobs["fails"]["steps"]], ["failure", "skipped", "success"])

    def test_a_push_to_another_branch_starts_nothing(self):
        git(self.rig.origin, "branch", "dev")
        self.assertEqual(self.rig.push(ref="refs/heads/dev"), [])


class Environment(RigTest):
    files = {".github/workflows/env.yml": """
        on: workflow_dispatch
        env:
          LEVEL: workflow
          FROM_WORKFLOW: w-${{ github.run_number }}
        jobs:
          env:
            runs-on: x
            env:
              LEVEL: job
            steps:
              - run: |
                  echo "SHARED=from step one" >> "$GITHUB_ENV"
                  { echo "MULTI<<END"; echo "a"; echo "b"; echo "END"; } >> "$GITHUB_ENV"
                  mkdir -p "$RUNNER_TEMP/bin"; printf '#!/bin/sh\\necho tool-ran\\n' > "$RUNNER_TEMP/bin/mytool"
                  chmod +x "$RUNNER_TEMP/bin/mytool"; echo "$RUNNER_TEMP/bin" >> "$GITHUB_PATH"
                  echo "# Summary one" >> "$GITHUB_STEP_SUMMARY"
              - env:
                  LEVEL: step
                run: |
                  echo "level=$LEVEL shared=$SHARED from=$FROM_WORKFLOW multi=$(echo "$MULTI" | tr '\\n' ,)"
                  mytool
                  echo "leak=${LEAK_CHECK:-none} machine=$MACHINE token=${GITHUB_TOKEN:-unset} ci=$CI"
                  echo "expr=${{ env.SHARED }}"
                  echo "Summary two" >> "$GITHUB_STEP_SUMMARY"
              - run: echo "after=$LEVEL"
              - shell: sh
                working-directory: sub
                run: pwd
    """, "sub/keep": ""}
    options = {"machine_env": {"MACHINE": "m1"}}

    def test_environment(self):
        os.environ["LEAK_CHECK"] = "leaked"
        try:
            run_id = self.rig.dispatch("env.yml")
            self.rig.wait()
        finally:
            del os.environ["LEAK_CHECK"]
        job = self.rig.job(run_id, "env")
        log = self.rig.log(run_id, "env")
        self.assertEqual([step["conclusion"] for step in job["steps"]], ["success"] * 3 + ["failure"], log)
        self.assertEqual(job["conclusion"], "failure")
        self.assertIn("level=step shared=from step one from=w-1 multi=a,b,", log)
        self.assertIn("tool-ran", log)
        self.assertIn("leak=none machine=m1 token=unset ci=true", log)
        self.assertIn("expr=from step one", log)
        self.assertIn("after=job", log)
        with open(job["summary"]) as handle:
            self.assertEqual(handle.read(), "# Summary one\nSummary two\n")
        # No checkout: `sub` does not exist in the workspace.
        self.assertIn("The working directory '%s' does not exist" % os.path.join(os.path.dirname(job["log"]), "workspace", "app", "sub"), log)


class Checkout(RigTest):
    files = {".github/workflows/co.yml": """
        on: push
        jobs:
          shallow:
            runs-on: x
            steps:
              - uses: actions/checkout@v4
              - run: |
                  echo "count=$(git rev-list --count HEAD) head=$(git rev-parse HEAD) branch=$(git branch --show-current)"
                  echo "remote=$(git remote get-url origin)"
          full:
            runs-on: x
            steps:
              - uses: actions/checkout@v6
                with: {fetch-depth: 0, path: deep}
              - run: cd deep && echo "count=$(git rev-list --count HEAD) tags=$(git tag) branches=$(git branch -r | tr -d ' ' | sort | tr '\\n' ,)"
    """}

    def test_checkout_depths(self):
        git(self.rig.origin, "tag", "v1")
        git(self.rig.origin, "branch", "other")
        sha = self.rig.commit({"second.txt": "2"})
        [run_id] = self.rig.push(sha)
        self.rig.wait()
        shallow, full = self.rig.log(run_id, "shallow"), self.rig.log(run_id, "full")
        self.assertIn(f"count=1 head={sha} branch=main", shallow)
        self.assertIn(f"remote={self.rig.origin}", shallow)
        self.assertIn("count=2 tags=v1 branches=origin/main,origin/other,", full)


class CacheAndArtifacts(RigTest):
    files = {".github/workflows/ca.yml": """
        on: workflow_dispatch
        jobs:
          build:
            runs-on: x
            steps:
              - uses: actions/checkout@v4
              - id: cache
                uses: actions/cache@v4
                with:
                  path: |
                    out
                    ~/.cache/thing
                  key: thing-${{ runner.os }}-${{ hashFiles('src/**') }}
                  restore-keys: thing-${{ runner.os }}-
              - if: steps.cache.outputs.cache-hit != 'true'
                run: mkdir -p out ~/.cache/thing && echo "built $GITHUB_RUN_ID" > out/result && echo h > ~/.cache/thing/h
              - run: echo "hit=${{ steps.cache.outputs.cache-hit }} $(cat out/result) $(cat ~/.cache/thing/h)"
              - uses: actions/upload-artifact@v4
                with: {name: result, path: out/result, if-no-files-found: error}
          use:
            needs: build
            runs-on: x
            steps:
              - id: dl
                uses: actions/download-artifact@v4
                with: {name: result, path: "${{ runner.temp }}/got"}
              - run: echo "downloaded $(cat '${{ steps.dl.outputs.download-path }}/result')"
              - uses: actions/upload-artifact@v4
                continue-on-error: true
                with: {name: result, path: /etc/hostname}
              - uses: actions/download-artifact@v4
                continue-on-error: true
                with: {name: nonexistent}
    """, "src/a.txt": "one\n"}

    def test_cache_and_artifacts(self):
        first = self.rig.dispatch("ca.yml")
        self.rig.wait()
        self.assertEqual(self.rig.run(first)["conclusion"], "success", self.rig.log(first, "build"))
        self.assertIn(f"hit=false built {first} h", self.rig.log(first, "build"))
        self.assertIn(f"downloaded built {first}", self.rig.log(first, "use"))
        steps = self.rig.job(first, "use")["steps"]
        self.assertEqual([(s["outcome"], s["conclusion"]) for s in steps[2:]], [("failure", "success")] * 2)
        self.assertIn("already exists", self.rig.log(first, "use"))
        self.assertIn("Artifact not found for name: nonexistent", self.rig.log(first, "use"))

        second = self.rig.dispatch("ca.yml")
        self.rig.wait()
        self.assertIn(f"hit=true built {first} h", self.rig.log(second, "build"), "an exact hit restores both paths")
        self.assertIn(f"downloaded built {first}", self.rig.log(second, "use"))

        # Changed sources: a new key, restored from the prefix, then saved under the new key.
        self.rig.commit({"src/a.txt": "two\n"})
        third = self.rig.dispatch("ca.yml")
        self.rig.wait()
        log = self.rig.log(third, "build")
        self.assertIn(f"hit=false built {third} h", log)
        self.assertRegex(log, "Cache restored from key: thing-Linux-[0-9a-f]{64} \\(2 files\\)")
        self.assertIn("Cache saved with key: thing-Linux-", self.rig.log(third, "build"))

    def test_seeded_cache(self):
        seed = os.path.join(self.rig.folder, "seed")
        os.makedirs(os.path.join(seed, "out"))
        with open(os.path.join(seed, "out", "result"), "w") as handle:
            handle.write("seeded\n")
        status, body = self.rig.call("POST", "/_local/cache/seed", {"workflow": "ca.yml", "job": "build", "step": "cache",
                                                                    "sha": self.rig.sha, "ref": "refs/heads/main", "from": seed})
        self.assertEqual(status, 200, body)
        self.assertTrue(body["key"].startswith("thing-Linux-") and len(body["key"]) == len("thing-Linux-") + 64, body)
        run_id = self.rig.dispatch("ca.yml")
        self.rig.wait()
        self.assertIn("hit=true seeded", self.rig.log(run_id, "build"))


class Concurrency(RigTest):
    files = {".github/workflows/queue.yml": """
        on:
          workflow_dispatch:
            inputs:
              cancel: {type: boolean, default: false}
        jobs:
          hold:
            runs-on: x
            concurrency:
              group: env-${{ github.repository }}
              cancel-in-progress: ${{ inputs.cancel }}
            steps:
              - run: echo started; sleep 1.5
    """}

    def test_queueing_waits_in_order(self):
        first = self.rig.dispatch("queue.yml")
        self.rig.wait_for_log(first, "hold", "started")
        second = self.rig.dispatch("queue.yml")
        third = self.rig.dispatch("queue.yml")
        time.sleep(0.5)
        self.assertEqual(self.rig.job(second, "hold")["status"], "queued")
        self.rig.wait()
        jobs = [self.rig.job(run_id, "hold") for run_id in (first, second, third)]
        self.assertEqual([job["conclusion"] for job in jobs], ["success"] * 3)
        self.assertGreaterEqual(when(jobs[1]["started"]), when(jobs[0]["finished"]))
        self.assertGreaterEqual(when(jobs[2]["started"]), when(jobs[1]["finished"]))

    def test_cancel_in_progress(self):
        first = self.rig.dispatch("queue.yml")
        self.rig.wait_for_log(first, "hold", "started")
        second = self.rig.dispatch("queue.yml", {"cancel": "true"})
        self.rig.wait()
        self.assertEqual(self.rig.job(first, "hold")["conclusion"], "cancelled")
        self.assertEqual(self.rig.run(first)["conclusion"], "cancelled")
        self.assertEqual(self.rig.job(second, "hold")["conclusion"], "success")


class KillTimeoutRerun(RigTest):
    files = {".github/workflows/k.yml": """
        on: workflow_dispatch
        jobs:
          flaky:
            runs-on: x
            outputs: {attempt: "${{ github.run_attempt }}"}
            steps:
              - run: test -e "$MARKER" && echo "marker found"
          steady:
            runs-on: x
            outputs: {attempt: "${{ github.run_attempt }}"}
            steps: [{run: echo steady}]
          after:
            needs: [flaky, steady]
            runs-on: x
            steps:
              - run: echo "after ${{ needs.steady.outputs.attempt }}"
    """, ".github/workflows/slow.yml": """
        on: workflow_dispatch
        jobs:
          sleeper:
            runs-on: x
            timeout-minutes: 0.03
            steps:
              - run: echo sleeping; sleep 60 & wait
              - if: always()
                run: echo not after a timeout
          stepper:
            runs-on: x
            steps:
              - timeout-minutes: 0.02
                continue-on-error: true
                run: sleep 60
              - run: echo "next step ran"
    """, ".github/workflows/victim.yml": """
        on: workflow_dispatch
        jobs:
          victim:
            runs-on: x
            steps:
              - run: sleep 60 & echo "child=$!"; setsid sleep 60 & echo "loner=$!"; wait
    """}

    def setUp(self):
        self.marker = os.path.join(os.path.dirname(__file__), f".marker-{os.getpid()}")
        self.options = {"machine_env": {"MARKER": self.marker}}
        super().setUp()

    def test_rerun_failed_jobs(self):
        run_id = self.rig.dispatch("k.yml")
        self.rig.wait()
        run = self.rig.run(run_id)
        self.assertEqual((run["conclusion"], run["attempt"]), ("failure", 1))
        self.assertEqual(self.rig.job(run_id, "after")["conclusion"], "skipped")
        open(self.marker, "w").close()
        try:
            status, body = self.rig.call("POST", f"/_local/runs/{run_id}/rerun-failed", {})
            self.assertEqual((status, body), (200, {"run_id": run_id, "attempt": 2}))
            self.rig.wait()
        finally:
            os.remove(self.marker)
        run = self.rig.run(run_id)
        jobs = {job["id"]: job for job in run["jobs"]}
        self.assertEqual(run["conclusion"], "success")
        self.assertEqual({k: (v["attempt"], v["conclusion"]) for k, v in jobs.items()},
                         {"flaky": (2, "success"), "steady": (1, "success"), "after": (2, "success")})
        self.assertEqual(jobs["steady"]["outputs"], {"attempt": "1"})
        self.assertIn("after 1", self.rig.log(run_id, "after"))
        self.assertIn("/runs/%d/2/flaky/" % run_id, jobs["flaky"]["log"])
        self.assertEqual(self.rig.call("POST", f"/_local/runs/{run_id}/rerun-failed", {})[0], 409)

    def test_timeouts(self):
        run_id = self.rig.dispatch("slow.yml")
        started = time.monotonic()
        self.rig.wait()
        self.assertLess(time.monotonic() - started, 15)
        self.assertEqual(self.rig.job(run_id, "sleeper")["conclusion"], "cancelled")
        self.assertIn("exceeded the maximum execution time", self.rig.log(run_id, "sleeper"))
        self.assertNotIn("not after a timeout\n", self.rig.log(run_id, "sleeper").replace("Run echo not after a timeout", ""))
        stepper = self.rig.job(run_id, "stepper")
        self.assertEqual(stepper["conclusion"], "success")
        self.assertEqual([(s["outcome"], s["conclusion"]) for s in stepper["steps"]], [("failure", "success"), ("success", "success")])

    def test_kill(self):
        run_id = self.rig.dispatch("victim.yml")
        self.rig.wait_for_log(run_id, "victim", "\nchild=")
        child = int(re.search(r"^child=(\d+)$", self.rig.log(run_id, "victim"), re.M).group(1))
        status, _ = self.rig.call("POST", f"/_local/runs/{run_id}/jobs/victim/kill", {})
        self.assertEqual(status, 200)
        self.rig.wait(10)
        self.assertEqual(self.rig.job(run_id, "victim")["conclusion"], "failure")
        self.assertEqual(self.rig.run(run_id)["conclusion"], "failure")
        self.assertFalse(alive(child), "the step's background child was killed with its group")
        loner = int(re.search(r"^loner=(\d+)$", self.rig.log(run_id, "victim"), re.M).group(1))
        self.assertFalse(alive(loner), "a child in a session of its own went with the machine too")
        self.assertEqual(self.rig.call("POST", f"/_local/runs/{run_id}/jobs/victim/kill", {})[0], 409)


class InvalidWorkflows(RigTest):
    files = {".github/workflows/bad.yml": "on: push\njobs:\n  a:\n    runs-on: x\n    container: ubuntu\n    steps: [{run: x}]\n",
             ".github/workflows/broken.yml": "on: push\njobs: [\n",
             ".github/workflows/good.yml": "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: acme/unknown@v1\n"}

    def test_errors_are_failed_runs(self):
        runs = {self.rig.run(run_id)["workflow"]: self.rig.run(run_id) for run_id in self.rig.push()}
        self.rig.wait()
        runs = {name: self.rig.run(run["id"]) for name, run in runs.items()}
        self.assertEqual(runs["bad.yml"]["conclusion"], "failure")
        self.assertIn("bad.yml: line 5: jobs.a.container", runs["bad.yml"]["error"])
        self.assertEqual(runs["bad.yml"]["jobs"], [])
        self.assertIn("broken.yml: invalid YAML", runs["broken.yml"]["error"])
        self.assertEqual(runs["good.yml"]["conclusion"], "failure")
        self.assertIn("the action 'acme/unknown@v1' is not implemented", self.rig.log(runs["good.yml"]["id"], "a"))


if __name__ == "__main__":
    unittest.main()
