#!/bin/sh
# Stand-in validation for the demo: checks the demo scripts are present and executable.
set -eu
for script in examples/demo/deploy.sh examples/demo/smoke-test.sh; do
  test -x "$script" || { echo "$script is not executable" >&2; exit 1; }
done
echo "demo scripts present"
