#!/usr/bin/env bash
# A first procedure over the REST API, step by step with curl: a citizen portal (integrator)
# submits an application for a Meldebescheinigung, the payment provider's confirmation arrives as
# an event, a clerk finds the task in the inbox, claims and approves it, and the case's
# tamper-evident history is shown. Each step prints its curl command and what came back.
#
# Start the server first (scripts/run, i.e. `amtsweg serve --demo`); it prints the URL and the demo
# tokens. Then, with tokens of one municipality (e.g. giessen):
#   AMTSWEG_URL=http://127.0.0.1:8080 ADMIN_TOKEN=... PORTAL_TOKEN=... CLERK_TOKEN=... \
#     examples/walkthrough.sh
# Needs curl and python3 (to read fields out of the JSON answers). Exits non-zero on any failed step.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
application="$here/meldebescheinigung/application.json"
payment="$here/meldebescheinigung/payment.json"

missing=()
for name in AMTSWEG_URL ADMIN_TOKEN PORTAL_TOKEN CLERK_TOKEN; do
  [ -n "${!name:-}" ] || missing+=("$name")
done
if [ ${#missing[@]} -gt 0 ]; then
  cat >&2 <<EOF
walkthrough: please set ${missing[*]}.
Start the server with scripts/run (or: build/amtsweg serve --demo); it prints the URL and one token per
demo user. Take the URL and, of one municipality, the admin's, the integrator's and a clerk's token:
  AMTSWEG_URL=http://127.0.0.1:8080 ADMIN_TOKEN=amtsweg_... PORTAL_TOKEN=amtsweg_... CLERK_TOKEN=amtsweg_... \\
    $0
EOF
  exit 2
fi
for tool in curl python3; do
  command -v "$tool" >/dev/null || { echo "walkthrough: $tool is required (scripts/setup installs it)" >&2; exit 2; }
done
AMTSWEG_URL=${AMTSWEG_URL%/}

step() { printf '\n== %s\n' "$*"; }
say() { printf '   %s\n' "$*"; }

# call STATUS TOKEN_VARIABLE METHOD PATH [BODY] [HEADER...]
# Shows the curl command (the token by its variable's name), runs it and leaves the answer in
# $body. BODY is JSON text, or @FILE to send a file. Fails unless the answer has STATUS.
call() {
  local expected=$1 token_variable=$2 method=$3 path=$4 data=${5:-}
  shift $(($# < 5 ? $# : 5))
  local args=(-sS -X "$method" "$AMTSWEG_URL$path" -H "Authorization: Bearer ${!token_variable}")
  local shown="curl -X $method '$AMTSWEG_URL$path' -H \"Authorization: Bearer \$$token_variable\""
  if [ -n "$data" ]; then
    args+=(-H 'Content-Type: application/json' --data-binary "$data")
    shown+=" -H 'Content-Type: application/json' -d '${data/#@$here/@examples}'"
  fi
  local header
  for header in "$@"; do
    args+=(-H "$header")
    shown+=" -H '$header'"
  done
  printf '$ %s\n' "$shown"
  local answer status
  if ! answer=$(curl "${args[@]}" -w '\n%{http_code}'); then
    echo "walkthrough: no answer from $AMTSWEG_URL; is amtsweg serve running there?" >&2
    exit 1
  fi
  status=${answer##*$'\n'}
  body=${answer%$'\n'*}
  if [ "$status" != "$expected" ]; then
    echo "walkthrough: FAILED: expected HTTP $expected, got $status: $body" >&2
    exit 1
  fi
}

# field PATH: the value at PATH ("data.fee", "cases.0.to") of the JSON answer in $body.
field() {
  python3 - "$body" "$1" <<'EOF'
import json, sys
value = json.loads(sys.argv[1])
for part in sys.argv[2].split("."):
    value = value[int(part)] if isinstance(value, list) else value[part]
print(value if isinstance(value, str) else json.dumps(value))
EOF
}

step "0. The administrator looks up the municipality's fees for the Meldebescheinigung"
call 200 ADMIN_TOKEN GET /api/v1/processes/meldebescheinigung/params
say "-> first copy $(field effective.fee_first) EUR, each further copy $(field effective.fee_further) EUR"

step "1. The citizen portal submits the application (examples/meldebescheinigung/application.json)"
call 201 PORTAL_TOKEN POST /api/v1/processes/meldebescheinigung/cases "@$application" \
  "Idempotency-Key: walkthrough-$(date +%s)-$$"
case_id=$(field id)
payment_ref=$(field data.payment_ref)
say "-> 201 Created: case $case_id is in state '$(field state)'"
say "   fee $(field data.fee) EUR, to be paid with the reference $payment_ref"

step "2. The payment provider confirms the payment: an event, found by the payment reference"
event="{\"id\": \"payment-$case_id\", \"type\": \"payment.confirmed\", \"correlation\": {\"payment_ref\": \"$payment_ref\"}, \"payload\": $(cat "$payment")}"
call 200 PORTAL_TOKEN POST /api/v1/events "$event"
say "-> case $(field cases.0.case_id): $(field cases.0.from) -> $(field cases.0.to)"
say "   Sending the same event id again is harmless:"
call 200 PORTAL_TOKEN POST /api/v1/events "$event"
say "-> duplicate: $(field duplicate), the case moved only once"

step "3. A clerk of the Bürgerbüro finds the task in the inbox"
task_id="" after=""
while [ -z "$task_id" ]; do
  call 200 CLERK_TOKEN GET "/api/v1/tasks?process=meldebescheinigung&state=open${after:+&after=$after}"
  read -r task_id after < <(python3 - "$body" "$case_id" <<'EOF'
import json, sys
page = json.loads(sys.argv[1])
mine = [t["id"] for t in page["tasks"] if t["case_id"] == sys.argv[2]]
print(mine[0] if mine else "-", page["next"] or "-")
EOF
  )
  [ "$task_id" = "-" ] && task_id=""
  [ "$after" = "-" ] && after=""
  if [ -z "$task_id" ] && [ -z "$after" ]; then
    echo "walkthrough: FAILED: no open task of case $case_id in the clerk's inbox" >&2
    exit 1
  fi
done
call 200 CLERK_TOKEN GET "/api/v1/tasks/$task_id"
say "-> task $task_id: '$(field title)' for group $(field role), due $(field due_at)"

step "4. The clerk claims the task"
call 200 CLERK_TOKEN POST "/api/v1/tasks/$task_id/claim" '{}'
say "-> $(field status) by $(field assignee)"

step "5. The clerk checks the register and approves"
call 200 CLERK_TOKEN POST "/api/v1/tasks/$task_id/complete" '{"data": {"decision": "approve"}}'
say "-> task $(field status) by $(field completed_by)"
call 200 PORTAL_TOKEN GET "/api/v1/cases/$case_id"
say "-> case $case_id: state '$(field state)', status $(field status), outcome $(field outcome)"

step "6. The case's history: every step, hash-chained"
call 200 CLERK_TOKEN GET "/api/v1/cases/$case_id/history"
python3 - "$body" <<'EOF'
import json, sys
for entry in json.loads(sys.argv[1])["history"]:
    move = entry["to"] if entry["from"] in ("", entry["to"]) else f'{entry["from"]} -> {entry["to"]}'
    print(f'   {entry["seq"]:>2}  {entry["at"]}  {entry["actor"]:<14} {entry["event"]:<20} {move:<36} {entry["hash"][:12]}')
EOF
say "-> done: the certificate is issued; README.md, section 'REST API', tells the rest"
