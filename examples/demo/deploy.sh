#!/bin/sh
# A stand-in deployment for the demo pipeline: "deploys" the repository's version to a file per
# environment, keeping the previous one so `restore` can put it back.
set -eu
action=$1 env=$2
state=".pipeline/demo/$env"
mkdir -p "$state"
version="${PIPELINE_COMMIT:-$(date +%s)}"
case "$action" in
  plan)    echo "would deploy version $version to $env (current: $(cat "$state/live" 2>/dev/null || echo none))" ;;
  apply)   [ -f "$state/live" ] && cp "$state/live" "$state/previous"
           echo "$version" > "$state/live"; echo "deployed $version to $env" ;;
  restore) if [ -f "$state/previous" ]; then mv "$state/previous" "$state/live"; echo "restored $(cat "$state/live") in $env"
           else rm -f "$state/live"; echo "removed the first deployment from $env"; fi ;;
  *) echo "usage: deploy.sh plan|apply|restore ENV" >&2; exit 64 ;;
esac
