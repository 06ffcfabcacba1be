#!/usr/bin/env bash
# The main job end to end on the embedded local default, against a local AWS-compatible server
# (moto over TLS on loopback, started and stopped here): pipelines/deploy.swift through
# validation -> plan -> dev (1 approver) -> sit (2) -> prod (3) -> post-deploy, each approval
# signed with a demo approver's SSH key (made on first use) and verified by the runner, with the
# seed's tables and templates really provisioned in three accounts, and each plan carrying the
# monthly estimate of the team's cost-estimate module (examples/steps/cost-estimate).
# Then a second commit changes one template and leaves a DEV link in it: the plan shows one
# object changed per environment, DEV deploys it, SIT's smoke test catches the link and SIT
# rolls back to the template's previous version.
#
# Works on a copy of this checkout's committed files (under .pipeline/demo/repo), so it can
# commit there without touching your work. Installs what it needs when missing (libgit2,
# SQLite, moto). State: .pipeline/demo/repo/.pipeline/ (runs, approvals, plans, events, summaries).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

need=()
for package in libgit2-dev libsqlite3-dev pkg-config git curl openssl openssh-client; do
  dpkg -s "$package" >/dev/null 2>&1 || need+=("$package")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
python3 -c 'import moto.server, flask, flask_cors' 2>/dev/null || python3 -m pip install --quiet 'moto[server]'

swift build >/dev/null
export PATH="$root/.build/debug:$PATH"
export PIPELINE_CACHE_DIR="$root/.pipeline/cache"
export NO_COLOR=${NO_COLOR:-}

# A local AWS endpoint over TLS that evaluates aws:SecureTransport, on a free loopback port.
export MOTO_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export MOTO_PLAIN_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
scripts/local-aws.sh start --tls
trap '"$root/scripts/local-aws.sh" stop' EXIT
eval "$(scripts/local-aws.sh env)"

# The demo approvers' SSH keys, made on first use and kept (.pipeline/demo/keys): every approval
# below is a statement signed with one of them and verified by the runner.
keys="$root/.pipeline/demo/keys"
mkdir -p "$keys"
for who in lead qa po ops; do
  [ -f "$keys/$who" ] || ssh-keygen -q -t ed25519 -N '' -C "$who@bbws.example" -f "$keys/$who"
done

# The demo repository: this checkout's committed files, as one commit, with the demo
# approvers' public keys as its approvers/allowed_signers.
demo="$root/.pipeline/demo/repo"
rm -rf "$demo"
mkdir -p "$demo"
git -C "$root" archive HEAD | tar -x -C "$demo"
mkdir -p "$demo/approvers"
for who in lead qa po ops; do
  printf '%s@bbws.example namespaces="pipeline-approval" %s\n' "$who" "$(cut -d' ' -f1,2 "$keys/$who.pub")"
done > "$demo/approvers/allowed_signers"
cd "$demo"
git init -q -b main
git -c user.name=Demo -c user.email=demo@bbws.example add -A
git -c user.name=Demo -c user.email=demo@bbws.example commit -qm "BBWS infrastructure: tables and email templates"
file=pipelines/deploy.swift

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
expect() { local want=$1; shift; set +e; "$@"; local got=$?; set -e
  [ "$got" = "$want" ] || { echo "expected exit $want, got $got from: $*" >&2; exit 1; }; }
approve() { local run=$1 stage=$2; shift 2
  while [ $# -gt 0 ]; do
    local key="$keys/${2%%@*}"
    step pipeline approve "$run" --stage "$stage" --role "$1" --key "${key#"$root/"}"
    pipeline approve "$run" --stage "$stage" --role "$1" --key "$key"; shift 2
  done; }
latest() { pipeline runs --limit 1 | awk 'NR==2 {print $1}'; }

step pipeline validate $file
pipeline validate $file
step pipeline approvers $file
pipeline approvers $file
step pipeline steps describe cost-estimate "   # the team's own step module (examples/steps/cost-estimate) the deploy stages use"
pipeline steps describe cost-estimate

step pipeline run $file
expect 4 pipeline run $file
run=$(latest)
approve "$run" dev "Lead Developer" lead@bbws.example
step pipeline resume "$run"; expect 4 pipeline resume "$run"
step pipeline approve "$run" --stage sit --role "Tech Lead" --key "${keys#"$root/"}/qa" "   # qa's key does not make them the Tech Lead: refused (exit 64)"
expect 64 pipeline approve "$run" --stage sit --role "Tech Lead" --key "$keys/qa" --as lead@bbws.example
approve "$run" sit "Tech Lead" lead@bbws.example "QA Lead" qa@bbws.example
step pipeline resume "$run"; expect 4 pipeline resume "$run"
approve "$run" prod "Tech Lead" lead@bbws.example "Product Owner" po@bbws.example "DevOps Lead" ops@bbws.example
step pipeline resume "$run"; expect 0 pipeline resume "$run"
step pipeline status "$run" --verify "   # every approval checked again from its signed statement"
pipeline status "$run" --verify

step pipeline plan $file --env prod --detailed-exitcode "   # nobody touched prod: no changes (exit 0)"
expect 0 pipeline plan $file --env prod --detailed-exitcode

printf '\n\033[1m# A second commit: new wording in one template, and a DEV link left in it by mistake\033[0m\n'
template=examples/templates/marketing/welcome_email.html
python3 - "$template" <<'PY'
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
marker = "</body>"
link = '<p style="font-size:12px;color:#6b7280;">New: <a href="https://dev-portal.bbws.example/welcome-tour" style="color:#1d4ed8;">take the two-minute tour</a>.</p>\n'
assert marker in text
open(path, "w", encoding="utf-8").write(text.replace(marker, link + marker, 1))
PY
git -c user.name=Demo -c user.email=demo@bbws.example commit -qam "Welcome email: link to the portal tour"
step pipeline plan $file --env sit --detailed-exitcode "   # one object changed (exit 2)"
expect 2 pipeline plan $file --env sit --detailed-exitcode

step pipeline run $file
expect 4 pipeline run $file
second=$(latest)
approve "$second" dev "Lead Developer" lead@bbws.example
step pipeline resume "$second"; expect 4 pipeline resume "$second"
approve "$second" sit "Tech Lead" lead@bbws.example "QA Lead" qa@bbws.example
step pipeline resume "$second" "   # SIT's smoke test fails: SIT rolls back (exit 3)"
expect 3 pipeline resume "$second"

step pipeline runs; pipeline runs --limit 2
step pipeline status "$second"; pipeline status "$second"
cat <<MSG

Where to look:
  run summaries   $demo/.pipeline/runs/$run/summary.md
                  $demo/.pipeline/runs/$second/summary.md
  events          $demo/.pipeline/runs/$second/events.jsonl   (or: pipeline run ... --log-format json)
  status          cd $demo && pipeline status $second [--json]
  plans           cd $demo && pipeline plan $file --env dev [--json]
MSG
