"""The OIDC issuer, the dispatch API and its tokens, masking and toolchain actions."""

import base64
import json
import os
import re
import unittest
import urllib.request

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from tests.rig import Rig

CALL = """python3 - "$@" <<'PY'
import json, os, sys, urllib.request, urllib.error
def call(url, token, body=None):
    request = urllib.request.Request(url, data=json.dumps(body).encode() if body is not None else None,
                                     method="POST" if body is not None else "GET")
    request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
"""


def b64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def verify(token, jwks):
    header, payload, signature = token.split(".")
    head = json.loads(b64(header))
    key = next(key for key in jwks["keys"] if key["kid"] == head["kid"])
    public = rsa.RSAPublicNumbers(int.from_bytes(b64(key["e"]), "big"), int.from_bytes(b64(key["n"]), "big")).public_key()
    public.verify(b64(signature), f"{header}.{payload}".encode(), padding.PKCS1v15(), hashes.SHA256())
    return head, json.loads(b64(payload))


class Api(unittest.TestCase):
    def setUp(self):
        self.rig = Rig({
            ".github/workflows/oidc.yml": """
                name: Identity
                on: [push, workflow_dispatch]
                permissions: {id-token: write, contents: read}
                jobs:
                  plain:
                    runs-on: x
                    steps:
                      - run: |
                          curl -sf -H "Authorization: Bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN" "$ACTIONS_ID_TOKEN_REQUEST_URL&audience=sts.amazonaws.com" | python3 -c 'import json,sys; print("jwt=" + json.load(sys.stdin)["value"])'
                          echo "request=$ACTIONS_ID_TOKEN_REQUEST_TOKEN" > "$RUNNER_TEMP/../request"
                  staged:
                    runs-on: x
                    environment: {name: prod, url: "https://example.com"}
                    steps:
                      - run: >-
                          curl -sf -H "Authorization: Bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN" "$ACTIONS_ID_TOKEN_REQUEST_URL" | python3 -c 'import json,sys; print("jwt=" + json.load(sys.stdin)["value"])'
                  none:
                    runs-on: x
                    permissions: {contents: read}
                    steps:
                      - run: echo "url=${ACTIONS_ID_TOKEN_REQUEST_URL:-none}"
            """,
            ".github/workflows/approve.yml": """
                on:
                  workflow_dispatch:
                    inputs:
                      run: {type: string, required: true}
                      role: {type: choice, options: [dev, ops], required: true}
                      loud: {type: boolean, default: false}
                permissions: {actions: write}
                jobs:
                  continue:
                    runs-on: x
                    steps:
                      - env:
                          TOKEN: ${{ secrets.GITHUB_TOKEN }}
                          SAME: ${{ github.token == secrets.GITHUB_TOKEN }}
                        run: |
                          echo "inputs ${{ inputs.run }} ${{ inputs.role }} ${{ inputs.loud }} ${{ github.event.inputs.loud }} same=$SAME"
                          echo "token $TOKEN"
                          """ + CALL.replace("\n", "\n                          ") + """
                          api = os.environ["GITHUB_API_URL"] + "/repos/" + os.environ["GITHUB_REPOSITORY"]
                          if os.environ["INPUT_RUN"] == "first":
                              print("dispatch", call(api + "/actions/workflows/target.yml/dispatches", os.environ["TOKEN"], {"ref": "main"}))
                              print("bad inputs", call(api + "/actions/workflows/approve.yml/dispatches", os.environ["TOKEN"], {"ref": "main", "inputs": {"run": "x", "role": "boss"}}))
                              print("no workflow", call(api + "/actions/workflows/nope.yml/dispatches", os.environ["TOKEN"], {"ref": "main"}))
                          PY
                        shell: bash
            """,
            ".github/workflows/target.yml": """
                on: workflow_dispatch
                jobs:
                  t:
                    runs-on: x
                    steps:
                      - run: |
                          echo "actor=$GITHUB_ACTOR"
                          """ + CALL.replace("\n", "\n                          ") + """
                          api = os.environ["GITHUB_API_URL"] + "/repos/" + os.environ["GITHUB_REPOSITORY"]
                          print("forbidden", call(api + "/actions/workflows/target.yml/dispatches", os.environ["TOKEN"], {"ref": "main"}))
                          PY
                        env: {TOKEN: "${{ github.token }}"}
            """,
            ".github/workflows/mask.yml": """
                on: workflow_dispatch
                jobs:
                  m:
                    runs-on: x
                    steps:
                      - uses: actions/setup-python@v5
                        with: {python-version: "3.12"}
                      - run: |
                          echo "::add-mask::hunter2"
                          echo "password is hunter2 and ${{ secrets.DEPLOY_KEY }}"
                          echo "::group::grouped"
                      - run: echo "still hunter2"
                  no_swift:
                    runs-on: x
                    steps:
                      - uses: swift-actions/setup-swift@v2
            """,
        }, machine_env={"PATH": os.path.dirname(os.path.realpath("/usr/bin/python3")) + ":/usr/bin:/bin", "INPUT_RUN": ""},
            secrets={"DEPLOY_KEY": "s3cr3t-value"}, user_tokens={"carol": "ghp_carol"})

    def tearDown(self):
        self.rig.close()

    def test_oidc_tokens(self):
        status, config = self.rig.call("GET", "/oidc/.well-known/openid-configuration")
        self.assertEqual((status, config["issuer"]), (200, self.rig.url + "/oidc"))
        with urllib.request.urlopen(config["jwks_uri"]) as response:
            jwks = json.load(response)
        self.assertEqual({(k["kty"], k["alg"], k["use"]) for k in jwks["keys"]}, {("RSA", "RS256", "sig")})
        [run_id] = self.rig.push(actor="alice")
        self.rig.wait()
        self.assertIsNone(self.rig.run(run_id)["error"])
        tokens = {}
        for job in ("plain", "staged"):
            log = self.rig.log(run_id, job)
            found = re.search(r"^jwt=(\S+)$", log, re.M)
            self.assertIsNotNone(found, log)
            tokens[job] = verify(found.group(1), jwks)[1]
        plain, staged = tokens["plain"], tokens["staged"]
        self.assertEqual(plain["iss"], self.rig.url + "/oidc")
        self.assertEqual(plain["aud"], "sts.amazonaws.com")
        self.assertEqual(plain["sub"], "repo:acme/app:ref:refs/heads/main")
        self.assertEqual(plain["workflow_ref"], "acme/app/.github/workflows/oidc.yml@refs/heads/main")
        self.assertEqual(plain["job_workflow_ref"], plain["workflow_ref"])
        self.assertEqual((plain["actor"], plain["event_name"], plain["run_id"], plain["run_attempt"], plain["workflow"]),
                         ("alice", "push", str(run_id), "1", "Identity"))
        self.assertEqual((plain["sha"], plain["workflow_sha"], plain["runner_environment"]), (self.rig.sha, self.rig.sha, "self-hosted"))
        self.assertEqual(plain["exp"] - plain["iat"], 300)
        self.assertNotIn("environment", plain)
        self.assertEqual((staged["sub"], staged["environment"], staged["aud"]),
                         ("repo:acme/app:environment:prod", "prod", "https://github.com/acme"))
        self.assertIn("url=none", self.rig.log(run_id, "none"))
        # A finished job's request token no longer works; nor does a made-up one.
        with open(os.path.join(os.path.dirname(self.rig.job(run_id, "plain")["log"]), "request")) as handle:
            request = handle.read().split("=", 1)[1].strip()
        self.assertEqual(self.rig.call("GET", "/oidc/token?api-version=2.0", token=request)[0], 401)
        self.assertEqual(self.rig.call("GET", "/oidc/token?api-version=2.0", token="made-up")[0], 401)

    def test_dispatch_api_and_tokens(self):
        status, body = self.rig.call("POST", "/_local/dispatch", {"workflow": "approve.yml", "ref": "refs/heads/main",
                                                                  "inputs": {"run": "x", "role": "boss"}, "actor": "bob"})
        self.assertEqual(status, 422)
        self.assertIn("not in the list", body["message"])
        self.assertEqual(self.rig.call("POST", "/_local/dispatch", {"workflow": "approve.yml", "inputs": {"role": "dev"}})[0], 422)
        self.assertEqual(self.rig.call("POST", "/_local/dispatch", {"workflow": "target.yml", "inputs": {"x": "1"}})[0], 422)
        self.assertEqual(self.rig.call("POST", "/_local/dispatch", {"workflow": "nope.yml"})[0], 404)

        # The approve job's GITHUB_TOKEN (actions: write) dispatches target.yml as the run's actor.
        self.rig.settings.machine_env["INPUT_RUN"] = "first"
        run_id = self.rig.dispatch("approve.yml", {"run": "first", "role": "ops"}, actor="bob")
        self.rig.wait()
        log = self.rig.log(run_id, "continue")
        self.assertIn("inputs first ops false false same=true", log)
        self.assertIn("token ***", log)
        self.assertIn("dispatch (204, '')", log)
        self.assertIn("bad inputs (422", log)
        self.assertIn("no workflow (404", log)
        runs = self.rig.call("GET", "/_local/runs")[1]["runs"]
        target = [run for run in runs if run["workflow"] == "target.yml"]
        self.assertEqual(len(target), 1)
        self.assertEqual((target[0]["actor"], target[0]["event"]), ("bob", "workflow_dispatch"))
        # target.yml has the default permissions: its token may not dispatch.
        self.assertIn("forbidden (403", self.rig.log(target[0]["id"], "t"))
        self.assertIn("actor=bob", self.rig.log(target[0]["id"], "t"))

        api = "/api/repos/acme/app/actions/workflows/target.yml/dispatches"
        self.assertEqual(self.rig.call("POST", api, {"ref": "main"}, token="ghp_unknown")[0], 401)
        self.assertEqual(self.rig.call("POST", api, {"ref": "main"})[0], 401)
        self.assertEqual(self.rig.call("POST", "/api/repos/acme/other/actions/workflows/target.yml/dispatches", {"ref": "main"},
                                       token="ghp_carol")[0], 404)
        self.assertEqual(self.rig.call("POST", api, {"ref": "refs/heads/main"}, token="ghp_carol"), (204, None))
        self.rig.wait()
        runs = self.rig.call("GET", "/_local/runs")[1]["runs"]
        self.assertEqual(runs[-1]["actor"], "carol")
        status, repo = self.rig.call("GET", "/api/repos/acme/app")
        self.assertEqual((status, repo["full_name"], repo["default_branch"]), (200, "acme/app", "main"))
        self.assertIsInstance(repo["owner"]["id"], int)

    def test_masking_and_toolchains(self):
        run_id = self.rig.dispatch("mask.yml")
        self.rig.wait()
        log = self.rig.log(run_id, "m")
        self.assertIn("password is *** and ***", log)
        self.assertIn("still ***", log)
        self.assertNotIn("hunter2", log.replace('##[step] Run echo "::add-mask::hunter2"', ""))
        self.assertNotIn("s3cr3t-value", log)
        self.assertIn("::group::grouped", log)
        self.assertRegex(log, r"skipped actions/setup-python@v5: this machine already has Python \(Python 3\.")
        self.assertEqual(self.rig.job(run_id, "m")["conclusion"], "success")
        self.assertEqual(self.rig.job(run_id, "no_swift")["conclusion"], "failure")
        self.assertIn("this machine has no swift on its PATH", self.rig.log(run_id, "no_swift"))


if __name__ == "__main__":
    unittest.main()
