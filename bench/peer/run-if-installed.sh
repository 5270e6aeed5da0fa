#!/usr/bin/env bash
# Runs the peer (bench/peer/peer.mjs) when scripts/bench has installed its npm packages, else
# exits 77, which ctest reports as skipped: the test suite itself never downloads anything.
set -euo pipefail
cd "$(dirname "$0")"
if [[ ! -d node_modules/bpmn-engine || ! -d node_modules/better-sqlite3 ]] || ! command -v node >/dev/null; then
  echo "peer not installed (scripts/bench installs it): skipped"
  exit 77
fi
exec node peer.mjs "$@"
