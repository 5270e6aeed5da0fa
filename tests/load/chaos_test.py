#!/usr/bin/env python3
"""Chaos test of amtsweg: crash safety under load, end to end.

A real `amtsweg serve` (temporary SQLite database, loopback ephemeral port) runs the procedure
tests/load/processes/chaos.yaml. Worker threads submit applications (intake with an
Idempotency-Key), post payment events found by payment reference, and claim and complete the
clerk's tasks, recording every request that was acknowledged (2xx) and every one that got no
answer. Meanwhile the server is killed with SIGKILL at random moments and restarted on the same
database; unanswered requests are retried with the same idempotency key, event id or task.

Afterwards, through the REST API and the command line, it checks that
- every acknowledged intake, event and task completion is present exactly once;
- nothing is half-applied: every case is consistent (state, tasks, timers, history agree), also
  the cases of requests that were never acknowledged, and no case exists that nobody asked for;
- the timers resumed: each fired once (none lost, none twice);
- the webhook deliveries resumed: every message delivered, received by the loopback receiver
  with a valid signature, in order per case, duplicates only as redeliveries of the same delivery;
- `amtsweg verify` passes for every history chain, and the last server stops cleanly.
It prints these counts and exits 1 if anything failed.

With --nodes N --postgres URL, N servers share one PostgreSQL database (a schema of the test's
own), each client talks to its own node (another while that one is down), and each kill hits one
node while the others keep serving: the same checks then show that the nodes decide every
intake, event, completion, timer and webhook delivery once between them.

usage: tests/load/chaos_test.py --amtsweg build/amtsweg [--kills 5] [--duration S] [--nodes 3 --postgres URL] ...
(scripts/chaos runs the long form; ctest runs the short one as the test `chaos`.)
"""

import argparse
import concurrent.futures
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from amtsweg_server import Server  # noqa: E402
from api_client import Api, NoAnswer  # noqa: E402
from webhook_receiver import WebhookReceiver  # noqa: E402

TENANT = "chaos"
PROCESS = "chaos"
CLERK = "clara"
SECRET = "chaos-test-webhook-secret-0123456789"
PROCESSES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "processes")
# The dispatcher's requests in flight at most (DispatcherOptions::concurrency), counting those
# answered whose outcome its next commit records: a kill can leave each of them to be sent again.
DISPATCHER_CONCURRENCY = 64


class Ledger:
    """What the load generator sent, by identifier, and whether each was acknowledged (2xx)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.intakes = {}  # ref -> {"path", "acked", "case_id"}
        self.events = {}  # event id -> {"ref", "case_id", "acked"}
        self.claims = {}  # task id -> {"ref", "acked"}
        self.completions = {}  # task id -> {"ref", "case_id", "acked"}
        self.unanswered = Counter()  # kind -> requests that got no answer (each was retried or left)
        self.applied_unacked = Counter()  # kind -> retries that found their first attempt applied
        self.problems = []  # unexpected answers while sending

    def note(self, table, key, **fields):
        with self.lock:
            table.setdefault(key, {}).update(fields)

    def count_unanswered(self, kind):
        with self.lock:
            self.unanswered[kind] += 1

    def problem(self, text):
        with self.lock:
            self.problems.append(text)


class LoadWorker(threading.Thread):
    """Drives one application after the other through its procedure until told to stop."""

    def __init__(self, index, run_id, url, tokens, ledger, stopping, seed, abandon):
        super().__init__(daemon=True)
        self.index, self.run_id, self.ledger, self.stopping = index, run_id, ledger, stopping
        self.abandon = abandon  # the share of unanswered intakes and events given up, never retried
        self.portal = Api(url, tokens["portal"])
        self.clerk = Api(url, tokens["clerk"])
        self.random = random.Random(seed)

    def run(self):
        number = 0
        while not self.stopping.is_set():
            number += 1
            try:
                self.application(f"{self.run_id}-{self.index}-{number}")
            except Exception as error:  # a bug in the test itself must not pass silently
                self.ledger.problem(f"worker {self.index}: {error!r}")
                return

    def application(self, ref):
        path = "pay" if self.random.random() < 0.6 else "timer"
        self.ledger.note(self.ledger.intakes, ref, path=path, acked=False, case_id=None)
        case = self.until_answered(
            "intake", lambda: self.portal.call("POST", f"/api/v1/processes/{PROCESS}/cases",
                                               {"ref": ref, "path": path}, {"Idempotency-Key": ref}),
            may_abandon=True)
        if case is None:
            return
        self.ledger.note(self.ledger.intakes, ref, acked=True, case_id=case["id"])
        if path == "pay":
            self.pay(ref, case["id"])

    def pay(self, ref, case_id):
        event_id = f"pay-{ref}"
        self.ledger.note(self.ledger.events, event_id, ref=ref, case_id=case_id, acked=False)
        event = {"id": event_id, "type": "payment.confirmed", "correlation": {"payment_ref": ref},
                 "payload": {"amount": 10}}
        if self.until_answered("event", lambda: self.portal.call("POST", "/api/v1/events", event),
                               may_abandon=True) is None:
            return
        self.ledger.note(self.ledger.events, event_id, acked=True)
        view = self.until_answered("case view", lambda: self.clerk.call("GET", f"/api/v1/cases/{case_id}"))
        if view is None:
            return
        open_tasks = [t for t in view["tasks"] if t["status"] == "open"]
        if len(open_tasks) != 1:
            self.ledger.problem(f"case {case_id} ({ref}) after its payment: {len(open_tasks)} open tasks")
            return
        self.work_task(ref, case_id, open_tasks[0]["id"])

    def work_task(self, ref, case_id, task_id):
        self.ledger.note(self.ledger.claims, task_id, ref=ref, acked=False)
        claimed = self.until_answered(
            "claim", lambda: self.clerk.call("POST", f"/api/v1/tasks/{task_id}/claim", {}),
            on_conflict=lambda: self.task_is(task_id, "claimed", "assignee"))
        if claimed is None:
            return
        self.ledger.note(self.ledger.claims, task_id, acked=claimed is not True)
        self.ledger.note(self.ledger.completions, task_id, ref=ref, case_id=case_id, acked=False)
        completed = self.until_answered(
            "completion",
            lambda: self.clerk.call("POST", f"/api/v1/tasks/{task_id}/complete", {"data": {"decision": "approve"}}),
            on_conflict=lambda: self.task_is(task_id, "completed", "completed_by"))
        if completed is not None:
            self.ledger.note(self.ledger.completions, task_id, acked=completed is not True)

    def task_is(self, task_id, status, by_field):
        """After a 409 on a retry: did an unanswered earlier attempt of ours apply? True if so."""
        task = self.until_answered("task view", lambda: self.clerk.call("GET", f"/api/v1/tasks/{task_id}"))
        return task is not None and task["status"] == status and task[by_field] == CLERK

    def until_answered(self, kind, send, on_conflict=None, may_abandon=False):
        """Sends until a 2xx answer comes (returns its body) or the load stops (returns None).
        No answer, or a 5xx, means: unknown whether applied; the same request is sent again, or,
        if it may be abandoned, given up now and then (returns None): it may have been applied or not.
        A 409 on a retry may mean the first attempt applied: on_conflict() decides (True: it did)."""
        delay, retried = 0.02, False
        while not self.stopping.is_set():
            try:
                status, body = send()
            except NoAnswer:
                status, body = None, None
            if status is not None and 200 <= status < 300:
                return body
            if status is None or status >= 500:
                self.ledger.count_unanswered(kind)
                if may_abandon and self.random.random() < self.abandon:
                    return None
                retried = True
                time.sleep(delay)
                delay = min(delay * 2, 0.5)
                continue
            if status == 409 and retried and on_conflict and on_conflict():
                with self.ledger.lock:
                    self.ledger.applied_unacked[kind] += 1
                return True
            self.ledger.problem(f"{kind}: answered {status} {body}")
            return None
        return None


def wait_until(condition, timeout, step=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


class Checks:
    """Collects failed checks and the counts to print."""

    def __init__(self):
        self.failures = []
        self.lines = []

    def fail(self, text):
        self.failures.append(text)

    def expect(self, condition, text):
        if not condition:
            self.fail(text)

    def say(self, text):
        self.lines.append(text)


def history_problems(case, history):
    """What is inconsistent between a case and its history (the chain, the current state)."""
    problems = []
    if not history:
        return ["no history"]
    if [e["seq"] for e in history] != list(range(1, len(history) + 1)):
        problems.append("history sequence numbers are not 1..n")
    for before, after in zip(history, history[1:]):
        if after["prev_hash"] != before["hash"]:
            problems.append(f"history entry {after['seq']} does not chain to {before['seq']}")
    if case["history_length"] != len(history):
        problems.append(f"history_length {case['history_length']} but {len(history)} entries")
    if history[-1]["to"] != case["state"]:
        problems.append(f"state {case['state']} but the history ends in {history[-1]['to']}")
    return problems


def case_problems(case, history):
    """The case is whole: what its state promises (tasks, timers, entries, data) is all there."""
    problems = history_problems(case, history)
    tasks, state = case["tasks"], case["state"]
    count = lambda event, test=lambda e: True: sum(e["event"] == event and test(e) for e in history)
    on_task = lambda e: "task_id" in e["detail"]
    expected = {  # state -> (status, open tasks, completed tasks, payments, task claims, task completions)
        "awaiting_payment": ("active", 0, 0, 0, 0, 0),
        "in_review": ("active", 1, 0, 1, None, 0),
        "approved": ("completed", 0, 1, 1, 1, 1),
        "lapsed": ("completed", 0, 0, 0, 0, 0),
    }
    if state not in expected:
        return problems + [f"ended in state {state} (a lost timer or a half-applied command)"]
    claims = count("task.claimed", on_task)
    actual = (case["status"], sum(t["status"] in ("open", "claimed") for t in tasks),
              sum(t["status"] == "completed" for t in tasks), count("payment.confirmed"),
              claims if expected[state][4] is not None else None, count("task.completed", on_task))
    if actual != expected[state]:
        problems.append(f"in {state}: (status, open tasks, completed tasks, payments, claims, completions) = "
                        f"{actual}, expected {expected[state]}")
    if count("case.started", lambda e: e["from"] == "") != 1:
        problems.append("not exactly one start in the history")
    if state == "in_review" and claims != sum(t["status"] == "claimed" for t in tasks):
        problems.append(f"in_review: {claims} claims in the history, task {tasks[0]['status'] if tasks else None}")
    if state == "lapsed":
        ticks = count("timer", lambda e: e["from"] == e["to"] == "waiting")
        lapses = count("timer", lambda e: e["to"] == "lapsed")
        if (case["data"].get("ticks"), ticks, lapses) != (1, 1, 1):
            problems.append(f"lapsed with ticks={case['data'].get('ticks')}, {ticks} tick and {lapses} lapse timer "
                            f"entries (expected 1 each)")
    if case["status"] == "completed" and case["timers"]:
        problems.append(f"completed with {len(case['timers'])} timers left")
    return problems


def fetch_cases(api, workers=8):
    """Every case of the procedure with its view and history: {case id: (view, history)}."""
    ids = [c["id"] for c in api.get_all(f"/api/v1/processes/{PROCESS}/cases", "cases")]
    local = threading.local()

    def fetch(case_id):
        if not hasattr(local, "api"):
            local.api = api.copy()
        status, view = local.api.call("GET", f"/api/v1/cases/{case_id}")
        status2, history = local.api.call("GET", f"/api/v1/cases/{case_id}/history")
        if status != 200 or status2 != 200:
            raise RuntimeError(f"case {case_id}: {status} {view} / {status2} {history}")
        return case_id, (view, history["history"])

    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        return dict(pool.map(fetch, ids))


def check_cases(checks, ledger, cases):
    """Acknowledged work present exactly once; every case whole; no case nobody asked for."""
    by_ref = defaultdict(list)
    for case_id, (view, history) in cases.items():
        by_ref[view["data"].get("ref")].append(case_id)
        for problem in case_problems(view, history):
            checks.fail(f"case {case_id} ({view['data'].get('ref')}): {problem}")

    acked = {ref for ref, i in ledger.intakes.items() if i["acked"]}
    unacked = set(ledger.intakes) - acked
    for ref in acked:
        found = by_ref.get(ref, [])
        checks.expect(len(found) == 1, f"acknowledged intake {ref}: {len(found)} cases")
        if len(found) == 1:
            checks.expect(found[0] == ledger.intakes[ref]["case_id"],
                          f"acknowledged intake {ref}: case {found[0]}, acknowledged as {ledger.intakes[ref]['case_id']}")
    unacked_present = sum(len(by_ref.get(ref, [])) for ref in unacked)
    for ref in unacked:
        checks.expect(len(by_ref.get(ref, [])) <= 1, f"unacknowledged intake {ref}: {len(by_ref[ref])} cases")
    for ref in set(by_ref) - set(ledger.intakes):
        checks.fail(f"cases {by_ref[ref]} with ref {ref}, which was never sent")
    checks.say(f"intake:      {len(acked)} acknowledged, each found exactly once; {len(unacked)} never "
               f"acknowledged ({unacked_present} of them applied, whole); {ledger.unanswered['intake']} "
               f"requests without an answer (retried with the same Idempotency-Key, or abandoned)")

    def entries(case_id, event, key):
        history = cases.get(case_id, ({}, []))[1]
        return [e for e in history if e["event"] == event and key(e)]

    acked_events, unacked_applied = 0, 0
    for event_id, event in ledger.events.items():
        found = len(entries(event["case_id"], "payment.confirmed", lambda e, i=event_id: e["event_id"] == i))
        if event["acked"]:
            acked_events += 1
            checks.expect(found == 1, f"acknowledged event {event_id}: {found} history entries")
        else:
            unacked_applied += found
            checks.expect(found <= 1, f"unacknowledged event {event_id}: {found} history entries")
    checks.say(f"events:      {acked_events} acknowledged, each applied exactly once; "
               f"{len(ledger.events) - acked_events} never acknowledged ({unacked_applied} of them applied, once); "
               f"{ledger.unanswered['event']} requests without an answer (retried with the same event id, or abandoned)")

    acked_completions = [(t, c) for t, c in ledger.completions.items() if c["acked"]]
    for task_id, completion in acked_completions:
        view = cases.get(completion["case_id"], ({"tasks": []}, []))[0]
        task = next((t for t in view["tasks"] if t["id"] == task_id), None)
        checks.expect(task is not None and task["status"] == "completed" and task["completed_by"] == CLERK,
                      f"acknowledged completion of {task_id}: task is {task and task['status']}")
        found = entries(completion["case_id"], "task.completed", lambda e, t=task_id: e["detail"].get("task_id") == t)
        checks.expect(len(found) == 1, f"acknowledged completion of {task_id}: {len(found)} history entries")
    checks.say(f"completions: {len(acked_completions)} acknowledged, each applied exactly once "
               f"({ledger.applied_unacked['completion']} found applied by their unanswered first attempt); "
               f"{len(ledger.completions) - len(acked_completions)} never acknowledged; "
               f"{ledger.unanswered['completion']} unanswered requests retried")

    states = Counter(view["state"] for view, _ in cases.values())
    lapsed = states["lapsed"]
    checks.say(f"cases:       {len(cases)} in all, each whole ({', '.join(f'{s} {n}' for s, n in sorted(states.items()))})")
    checks.say(f"timers:      {2 * lapsed} fired for {lapsed} timer cases, each exactly once (none lost, none twice)")


def check_webhooks(checks, api, subscription_id, receiver, cases, kills):
    """Every message delivered and received, signed, in order per case; duplicates only redeliveries."""
    deliveries = api.get_all(f"/api/v1/webhooks/{subscription_id}/deliveries", "deliveries")
    statuses = Counter(d["status"] for d in deliveries)
    checks.expect(set(statuses) <= {"delivered"}, f"webhook deliveries not delivered: {dict(statuses)}")
    received = receiver.snapshot()
    unsigned = [r for r in received if not r["signed"]]
    checks.expect(not unsigned, f"{len(unsigned)} webhook requests with a wrong signature")

    by_message = defaultdict(list)
    for r in received:
        by_message[r["message_id"]].append(r)
    delivery_of = {d["message_id"]: d for d in deliveries}
    lost = [m for m in delivery_of if m not in by_message]
    checks.expect(not lost, f"{len(lost)} webhook messages never received, e.g. {lost[:5]}")
    phantom = [m for m in by_message if m not in delivery_of]
    checks.expect(not phantom, f"{len(phantom)} messages received without a delivery, e.g. {phantom[:5]}")
    duplicates = 0
    for message_id, copies in by_message.items():
        duplicates += len(copies) - 1
        delivery_id = delivery_of.get(message_id, {}).get("id")
        checks.expect(all(c["delivery_id"] == delivery_id and c["body"] == copies[0]["body"] for c in copies),
                      f"message {message_id} received as different deliveries or bodies")
    checks.expect(duplicates <= kills * DISPATCHER_CONCURRENCY,
                  f"{duplicates} duplicates after {kills} kills: more than redeliveries of requests in flight")

    expected_order = defaultdict(list)
    for d in sorted(deliveries, key=lambda d: d["message_id"]):
        expected_order[d["case_id"]].append(d["message_id"])
    received_order = defaultdict(list)
    for r in received:
        sequence = received_order[r["case_id"]]
        if not sequence or sequence[-1] != r["message_id"]:  # a redelivery repeats the message just sent
            sequence.append(r["message_id"])
    # In order: what a case's receiver got is the start of the case's messages, without gaps.
    out_of_order = [c for c, got in received_order.items() if got != expected_order[c][:len(got)]]
    checks.expect(not out_of_order, f"{len(out_of_order)} cases whose messages came out of order, with a gap, or "
                                    f"repeated later, e.g. {out_of_order[:3]}")

    types_of = defaultdict(Counter)
    for d in deliveries:
        types_of[d["case_id"]][d["type"]] += 1
    for case_id, (view, _) in cases.items():
        types = types_of[case_id]
        expected = {"case.started": 1}
        if view["status"] == "completed":
            expected["case.completed"] = 1
        if view["state"] == "lapsed":
            expected["chaos.tick"] = 1
        for message_type, count in expected.items():
            checks.expect(types[message_type] == count,
                          f"case {case_id}: {types[message_type]} {message_type} messages, expected {count}")
    checks.say(f"webhooks:    {len(deliveries)} messages delivered, each received with a valid signature, in "
               f"order per case; {duplicates} received twice (redelivered after a kill); "
               f"{len(received)} requests in all")


def pending_deliveries(api, subscription_id):
    return len(api.get_all(f"/api/v1/webhooks/{subscription_id}/deliveries?status=pending", "deliveries"))


def drain(api, subscription_id, stall, limit):
    """Waits until every timer case has lapsed, then until no webhook delivery is pending (twice in
    a row, a second apart, so that messages not fanned out yet are not missed). The dispatcher may
    be far behind the load: it fails only when the pending count stops falling for `stall` seconds
    (longer than a lease) or after `limit` seconds. Returns (timers done, deliveries done, seconds)."""
    started = time.monotonic()
    timers_done = wait_until(lambda: not api.get_all(f"/api/v1/processes/{PROCESS}/cases?state=waiting", "cases"), 30)
    fewest, progress_at = None, time.monotonic()
    while time.monotonic() - progress_at < stall and time.monotonic() - started < limit:
        pending = pending_deliveries(api, subscription_id)
        if pending == 0:
            time.sleep(1)
            if pending_deliveries(api, subscription_id) == 0:
                return timers_done, True, time.monotonic() - started
        if fewest is None or pending < fewest:
            fewest, progress_at = pending, time.monotonic()
        time.sleep(2)
    return timers_done, False, time.monotonic() - started


def postgres_schema(url, name):
    """A schema of its own on the server at `url` (psql), and the URL whose search_path is it."""
    subprocess.run(["psql", url, "-q", "-c", f"CREATE SCHEMA {name}"], check=True, capture_output=True, text=True)
    return url + ("&" if "?" in url else "?") + "options=-csearch_path%3D" + name


def drop_postgres_schema(url, name):
    subprocess.run(["psql", url, "-q", "-c", f"DROP SCHEMA {name} CASCADE"], capture_output=True, text=True)


def run(args):
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="amtsweg-chaos-")
    schema = f"chaos_{args.seed}_{os.getpid()}" if args.postgres else None
    db = postgres_schema(args.postgres, schema) if args.postgres else None
    servers = [Server(args.amtsweg, work, PROCESSES_DIR, db=db, name=f"node-{i + 1}" if db else "serve")
               for i in range(args.nodes)]
    extra = []
    if servers[0].supports_option("webhook-allow", "127.0.0.1"):
        extra = ["--webhook-allow", "127.0.0.1"]
    for server in servers:
        server.extra_args = extra
    tokens = {"portal": servers[0].issue_token(TENANT, "portal", "integrator"),
              "clerk": servers[0].issue_token(TENANT, CLERK, "clerk:chaos"),
              "admin": servers[0].issue_token(TENANT, "admin", "admin")}
    receiver = WebhookReceiver(SECRET)
    receiver.start()
    for server in servers:
        server.start()

    def url_for(index):
        """Client `index` talks to its own node, or to another while its node is down."""
        for step in range(len(servers)):
            url = servers[(index + step) % len(servers)].url
            if url:
                return url
        return None

    admin = Api(lambda: url_for(0), tokens["admin"])
    status, subscription = admin.call("POST", "/api/v1/webhooks",
                                      {"url": receiver.url, "events": ["*"], "secret": SECRET})
    if status != 201:
        raise SystemExit(f"chaos: subscribing the receiver failed: {status} {subscription}")

    ledger, stopping = Ledger(), threading.Event()
    workers = [LoadWorker(i, f"r{args.seed}", (lambda i=i: url_for(i)), tokens, ledger, stopping, rng.random(),
                          args.abandon)
               for i in range(args.workers)]
    started = time.monotonic()
    for w in workers:
        w.start()
    interval = args.duration / (args.kills + 1)
    for kill in range(args.kills):
        time.sleep(rng.uniform(0.5 * interval, 1.5 * interval))
        victim = rng.choice(servers)
        victim.kill()
        time.sleep(rng.uniform(0, args.max_down))  # timers fall due while it is down
        victim.start()
        print(f"chaos: kill {kill + 1}/{args.kills} of {victim.name} at {time.monotonic() - started:.1f} s, "
              f"restarted", flush=True)
    time.sleep(interval)
    stopping.set()
    for w in workers:
        w.join()
    load_seconds = time.monotonic() - started
    print(f"chaos: load stopped after {load_seconds:.0f} s; waiting for timers and webhook deliveries", flush=True)

    checks = Checks()
    checks.expect(not ledger.problems, f"unexpected answers during the load: {ledger.problems[:5]}")
    # A delivery in flight at a kill goes out again after its lease (its timeouts plus 30 s).
    timers_done, deliveries_done, drain_seconds = drain(admin, subscription["id"], args.stall, args.drain)
    checks.expect(timers_done, "timer cases still waiting 30 s after the load stopped")
    checks.expect(deliveries_done, f"webhook deliveries still pending after {drain_seconds:.0f} s "
                                   f"(none delivered in the last {args.stall:.0f} s, or --drain {args.drain:.0f} s passed)")
    print(f"chaos: drained in {drain_seconds:.0f} s", flush=True)
    cases = fetch_cases(admin)
    check_cases(checks, ledger, cases)
    check_webhooks(checks, admin, subscription["id"], receiver, cases, args.kills)

    codes = [server.stop() for server in servers]
    checks.expect(all(code == 0 for code in codes), f"the servers exited {codes} after SIGTERM")
    verify = servers[0].cli("verify", servers[0].db, check=False)
    checks.expect(verify.returncode == 0, f"amtsweg verify failed: {verify.stdout}{verify.stderr}")
    checks.say(f"verify:      {'passed' if verify.returncode == 0 else 'FAILED'} for every history chain "
               f"({len(cases)} cases); the servers stopped with exit {codes}")
    receiver.stop()

    where = (f"{len(servers)} nodes on one PostgreSQL database" if db else "one SQLite database")
    print(f"chaos: {args.kills} SIGKILLs survived under load ({args.workers} clients, {load_seconds:.0f} s, "
          f"{sum(s.starts for s in servers)} server starts on {where}"
          f"{', ' + ' '.join(extra) if extra else ''})")
    for line in checks.lines:
        print("  " + line)
    if checks.failures:
        print(f"chaos: FAILED, {len(checks.failures)} problems (database and server logs kept in {work}"
              f"{', schema ' + schema if schema else ''}):")
        for failure in checks.failures[:40]:
            print("  " + failure)
        for server in servers:
            print(f"--- {server.name}\n{server.log_tail()}")
        return 1
    if not args.keep:
        for name in os.listdir(work):
            os.remove(os.path.join(work, name))
        os.rmdir(work)
        if schema:
            drop_postgres_schema(args.postgres, schema)
    print("chaos: passed")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--amtsweg", default="build/amtsweg", help="the amtsweg executable")
    parser.add_argument("--kills", type=int, default=5, help="SIGKILLs during the load (default 5)")
    parser.add_argument("--duration", type=float, default=None,
                        help="seconds of load over which the kills are spread (default 4 per kill + 4)")
    parser.add_argument("--workers", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--max-down", type=float, default=1.5, help="longest pause before a restart, s")
    parser.add_argument("--drain", type=float, default=900,
                        help="seconds to wait at most for pending webhook deliveries after the load (default 900)")
    parser.add_argument("--stall", type=float, default=90,
                        help="fail when no pending delivery went out for this long (default 90; a lease is ~65)")
    parser.add_argument("--abandon", type=float, default=0.2,
                        help="share of unanswered intakes and events never retried (default 0.2)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock)")
    parser.add_argument("--keep", action="store_true", help="keep the database and server log")
    parser.add_argument("--nodes", type=int, default=1,
                        help="servers on one database (more than 1 needs --postgres; each kill hits one of them)")
    parser.add_argument("--postgres", default=None,
                        help="a PostgreSQL server's URL (the test makes a schema of its own there); "
                             "'env' takes AMTSWEG_TEST_POSTGRES_URL and skips (exit 77) when it is unset")
    args = parser.parse_args()
    if args.postgres == "env":
        args.postgres = os.environ.get("AMTSWEG_TEST_POSTGRES_URL")
        if not args.postgres:
            print("chaos: AMTSWEG_TEST_POSTGRES_URL is not set; skipped (scripts/test sets it)")
            return 77
    if args.nodes > 1 and not args.postgres:
        parser.error("--nodes above 1 needs --postgres: several servers share one PostgreSQL database")
    if args.duration is None:
        args.duration = 4.0 * (args.kills + 1)
    if args.seed is None:
        args.seed = int(time.time())
    print(f"chaos: seed {args.seed}, {args.kills} kills over {args.duration:.0f} s, {args.workers} clients, "
          f"{args.nodes} node(s) on {'PostgreSQL' if args.postgres else 'SQLite'}", flush=True)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
