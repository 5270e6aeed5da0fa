#!/usr/bin/env bash
# Runs examples/walkthrough.sh for real: starts `amtsweg serve --demo` on a temporary database and
# an ephemeral port, reads the URL and giessen's demo tokens from its output, runs the walkthrough,
# then stops the server with SIGTERM and checks that it exits 0.
# usage (from the source directory; ctest does this): tests/walkthrough_test.sh PATH/TO/amtsweg
set -euo pipefail
amtsweg=$(realpath "${1:?usage: tests/walkthrough_test.sh PATH/TO/amtsweg}")
cd "$(dirname "$0")/.."

work=$(mktemp -d)
log="$work/serve.log"
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill -KILL "$server"; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "walkthrough_test: $*" >&2
  echo "--- server output:" >&2
  cat "$log" >&2
  exit 1
}

"$amtsweg" serve --demo --db "$work/demo.db" --port 0 --request-log off >"$log" 2>&1 &
server=$!

# The token lines ("  giessen  integrator buergerportal  amtsweg_...") come after the URL and are
# flushed together once the server listens, after the demo history is simulated (seconds).
token() { awk -v kind="$1" '$1 == "giessen" && $2 == kind { print $4; exit }' "$log"; }
for _ in $(seq 1200); do
  [ -n "$(token integrator)" ] && break
  kill -0 "$server" 2>/dev/null || fail "the server stopped before it served"
  sleep 0.1
done
url=$(sed -n 's|^Serving \(http://[^ ]*\)/api/v1 .*|\1|p' "$log")
[ -n "$url" ] && [ -n "$(token integrator)" ] || fail "no URL and tokens in the server's output after 120 s"

AMTSWEG_URL=$url ADMIN_TOKEN=$(token admin) PORTAL_TOKEN=$(token integrator) CLERK_TOKEN=$(token clerk) \
  examples/walkthrough.sh || fail "the walkthrough failed"

kill -TERM "$server"
status=0
wait "$server" || status=$?
server=""
[ "$status" -eq 0 ] || fail "the server exited with $status after SIGTERM"
echo "walkthrough_test: the walkthrough ran against $url; the server stopped cleanly"
