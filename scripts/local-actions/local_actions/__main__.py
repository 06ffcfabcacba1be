"""``python3 -m local_actions serve …`` (or the ``local-actions`` script)."""

from __future__ import annotations

import argparse
import os
import signal
import time
import threading
import subprocess
import sys
from typing import Dict, List

from .model import Settings
from .server import LocalActionsServer


def _pairs(values: List[str], option: str) -> Dict[str, str]:
    result = {}
    for value in values or []:
        if "=" not in value:
            raise SystemExit(f"local-actions: {option} expects KEY=VALUE, not {value!r}")
        key, _, item = value.partition("=")
        result[key] = item
    return result


def main(argv: List[str] = None) -> int:
    parser = argparse.ArgumentParser(prog="local-actions", description="A local stand-in for GitHub Actions, for tests.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the control API, the GitHub API subset and the OIDC issuer")
    serve.add_argument("--origin", required=True, help="the git repository playing GitHub's copy (bare or not)")
    serve.add_argument("--repository", required=True, help="OWNER/NAME")
    serve.add_argument("--work", required=True, help="the folder for runs, artifacts and the cache")
    serve.add_argument("--port", type=int, default=0)
    serve.add_argument("--ready-file", required=True, help="where to write the addresses (JSON) once listening")
    serve.add_argument("--machine-env", action="append", default=[], metavar="KEY=VALUE",
                       help="a variable of every job's starting environment (repeatable)")
    serve.add_argument("--default-branch", default="main")
    serve.add_argument("--max-parallel-jobs", type=int, default=4)
    serve.add_argument("--secret", action="append", default=[], metavar="KEY=VALUE", help="a secret (repeatable)")
    serve.add_argument("--var", action="append", default=[], metavar="KEY=VALUE", help="a configuration variable (repeatable)")
    serve.add_argument("--user-token", action="append", default=[], metavar="LOGIN=TOKEN",
                       help="a personal token the dispatch API accepts, acting as LOGIN (repeatable)")
    serve.add_argument("--repo", action="append", default=[], metavar="OWNER/NAME=PATH",
                       help="another repository actions/checkout may clone (repeatable)")
    serve.add_argument("--watch-parent", action="store_true",
                       help="stop (cancelling running jobs) when the process that started this one exits")
    args = parser.parse_args(argv)

    origin = os.path.abspath(args.origin)
    if subprocess.run(["git", "rev-parse", "--git-dir"], cwd=origin, stdout=subprocess.DEVNULL,
                      stderr=subprocess.DEVNULL).returncode != 0:
        raise SystemExit(f"local-actions: --origin {origin} is not a git repository")
    if args.repository.count("/") != 1 or not all(args.repository.split("/")):
        raise SystemExit(f"local-actions: --repository must be OWNER/NAME, not {args.repository!r}")
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    settings = Settings(
        origin=origin, repository=args.repository, work=work, machine_env=_pairs(args.machine_env, "--machine-env"),
        default_branch=args.default_branch, max_parallel_jobs=args.max_parallel_jobs,
        secrets=_pairs(args.secret, "--secret"), variables=_pairs(args.var, "--var"),
        user_tokens=_pairs(args.user_token, "--user-token"),
        other_repositories={key.lower(): os.path.abspath(path) for key, path in _pairs(args.repo, "--repo").items()},
    )
    server = LocalActionsServer(settings, args.port)
    # A parent may have started us with signals blocked (the mask is inherited): unblock the
    # ones that stop the server, for us and the jobs' processes.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT, signal.SIGHUP})
    signal.signal(signal.SIGTERM, lambda *_: server.shutdown())
    if args.watch_parent:
        parent = os.getppid()

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(0.5)
            server.shutdown()

        threading.Thread(target=watch, daemon=True, name="watch-parent").start()
    server.write_ready_file(os.path.abspath(args.ready_file))
    print(f"local-actions: serving {settings.repository} from {origin} on {settings.url}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
