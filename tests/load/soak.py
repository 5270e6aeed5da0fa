#!/usr/bin/env python3
"""Soak test of amtsweg: a long steady load at half the measured capacity; memory and latency
must stay flat.

A real `amtsweg serve` (temporary SQLite database, loopback ephemeral port) runs the procedure
tests/load/processes/chaos.yaml; a loopback webhook receiver is subscribed to every message. Each
application takes the "timer" path: intake, then two timers fire in the background (one after 1 s,
one after 3 s), and three messages go out as webhooks, so the writer, the scheduler and the
dispatcher all work.
1. Capacity: closed-loop intakes from 16 clients for --measure seconds give the highest rate.
   Then it waits until that run's webhooks have gone out, so the soak starts without a backlog.
2. Soak: intakes at half that rate for --duration seconds, paced by the clock (open loop; a
   request's latency counts from when it was due, so falling behind shows). Every --window
   seconds it prints the server's resident memory (VmRSS from /proc) and the latency percentiles
   of that window, and how many messages the webhooks are behind the intakes.
At the end it prints the first and the last window's RSS and p99 and says whether they are flat
(RSS grew by at most --rss-tolerance, p99 at most doubled plus 5 ms) and whether the webhooks kept
up (at most 10 s of messages behind); exit 1 if not, or if requests failed.

usage: tests/load/soak.py --amtsweg build/amtsweg [--duration 600] [--window 60] [--measure 20]
(scripts/soak runs it.)
"""

import argparse
import os
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from amtsweg_server import Server  # noqa: E402
from api_client import Api, NoAnswer  # noqa: E402
from webhook_receiver import WebhookReceiver  # noqa: E402

TENANT = "soak"
PROCESS = "chaos"
SECRET = "soak-test-webhook-secret-0123456789"
PROCESSES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "processes")


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


def cpu_seconds(pid):
    """User plus system CPU time of the process so far (/proc/PID/stat fields 14 and 15)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


class Intakes:
    """Sends timer-path applications with unique refs; counts failures."""

    def __init__(self, url, token):
        self.url, self.token = url, token
        self.lock = threading.Lock()
        self.number = 0
        self.failures = 0
        self.last_failure = None

    def client(self):
        return Api(self.url, self.token)

    def send(self, api):
        with self.lock:
            self.number += 1
            ref = f"s-{self.number}"
        try:
            status, body = api.call("POST", f"/api/v1/processes/{PROCESS}/cases", {"ref": ref, "path": "timer"})
            ok = status == 201
        except NoAnswer as error:
            ok, status, body = False, None, str(error)
        if not ok:
            with self.lock:
                self.failures += 1
                self.last_failure = f"{status} {body}"
        return ok


MESSAGES_PER_INTAKE = 3  # case.started and the two timers' messages of the "timer" path


def wait_for_webhooks(receiver, intakes, limit):
    """Waits until every message of the intakes so far came as a webhook (at most `limit` seconds),
    so that the soak starts without the capacity measurement's backlog; returns the seconds waited."""
    started = time.monotonic()
    while len(receiver.snapshot()) < MESSAGES_PER_INTAKE * intakes.number and time.monotonic() - started < limit:
        time.sleep(0.5)
    return time.monotonic() - started


def measure_capacity(intakes, seconds, clients=16):
    """Closed loop: each client sends its next intake as soon as the last is answered."""
    done = [0] * clients
    stop_at = time.monotonic() + seconds

    def loop(index):
        api = intakes.client()
        while time.monotonic() < stop_at:
            if intakes.send(api):
                done[index] += 1

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / (time.monotonic() - started)


class Window:
    def __init__(self):
        self.latencies = []
        self.failures = 0
        self.rss = []
        # At the window's last sample: webhook requests received, when, and intakes sent.
        self.webhooks_seen, self.seen_at, self.intakes_seen = 0, 0.0, 0
        self.webhooks_per_second = 0.0
        self.backlog = 0  # messages of the intakes sent not yet received as webhooks, at the last sample
        self.cpu_seen = 0.0  # the server's CPU seconds at the window's last sample
        self.cpu_per_intake = 0.0  # CPU seconds of the server per intake between the last samples


def soak(intakes, rate, duration, window_seconds, pid, receiver, clients=32):
    """Open loop at `rate` intakes per second; returns the windows (latencies in s, RSS in KiB)."""
    windows = [Window() for _ in range(int(duration // window_seconds))]
    lock = threading.Lock()
    next_slot = [0]
    started = time.monotonic()
    end = started + len(windows) * window_seconds

    def loop():
        api = intakes.client()
        while True:
            with lock:
                due = started + next_slot[0] / rate
                next_slot[0] += 1
            if due >= end:
                return
            time.sleep(max(0.0, due - time.monotonic()))
            ok = intakes.send(api)
            latency = time.monotonic() - due
            window = windows[int((due - started) // window_seconds)]
            with lock:
                window.latencies.append(latency)
                window.failures += 0 if ok else 1

    threads = [threading.Thread(target=loop, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    # Samples every 5 s; a window is reported at a sample at least 2 s after its end, so that its
    # slowest requests are in; the last ones after the load.
    reported, start_sample = 0, Window()
    start_sample.webhooks_seen, start_sample.seen_at = len(receiver.snapshot()), time.monotonic()
    start_sample.cpu_seen, start_sample.intakes_seen = cpu_seconds(pid), intakes.number
    while time.monotonic() < end:
        time.sleep(min(5.0, max(0.0, end - time.monotonic())))
        index = min(len(windows) - 1, int((time.monotonic() - started - 0.001) // window_seconds))
        windows[index].rss.append(rss_kib(pid))
        windows[index].webhooks_seen, windows[index].seen_at = len(receiver.snapshot()), time.monotonic()
        windows[index].cpu_seen, windows[index].intakes_seen = cpu_seconds(pid), intakes.number
        windows[index].backlog = MESSAGES_PER_INTAKE * intakes.number - windows[index].webhooks_seen
        finished = int((time.monotonic() - started - 2.0) // window_seconds)  # 2 s for the slowest answers
        reported = report_until(windows, reported, min(finished, index), window_seconds, start_sample)
    for t in threads:
        t.join()
    report_until(windows, reported, len(windows), window_seconds, start_sample)
    return windows


def report_until(windows, first, stop, window_seconds, start_sample):
    """Prints windows first..stop-1 (webhook rate and CPU between their last samples); returns stop."""
    for index in range(first, stop):
        window = windows[index]
        before = windows[index - 1] if index > 0 else start_sample
        window.webhooks_per_second = (window.webhooks_seen - before.webhooks_seen) / max(window.seen_at - before.seen_at,
                                                                                         0.001)
        window.cpu_per_intake = (window.cpu_seen - before.cpu_seen) / max(window.intakes_seen - before.intakes_seen, 1)
        report(index, window, window_seconds)
    return max(first, stop)


def report(index, window, window_seconds):
    lat = window.latencies
    print(f"soak: window {index + 1:>2} ({window_seconds:.0f} s): {len(lat) / window_seconds:7.1f} intakes/s, "
          f"p50 {1000 * percentile(lat, 0.5):6.1f} ms, p99 {1000 * percentile(lat, 0.99):6.1f} ms, "
          f"max {1000 * max(lat, default=float('nan')):6.1f} ms, RSS {window.rss[-1] / 1024 if window.rss else 0:6.1f} MiB, "
          f"CPU {1000 * window.cpu_per_intake:4.2f} ms/intake, {window.failures} failed, "
          f"{window.webhooks_per_second:5.1f} webhooks/s, {window.backlog} behind", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--amtsweg", default="build/amtsweg", help="the amtsweg executable")
    parser.add_argument("--duration", type=float, default=600, help="seconds of steady load (default 600)")
    parser.add_argument("--window", type=float, default=60, help="seconds per reported window (default 60)")
    parser.add_argument("--measure", type=float, default=20, help="seconds of the capacity measurement (default 20)")
    parser.add_argument("--fraction", type=float, default=0.5, help="share of the capacity to run at (default 0.5)")
    parser.add_argument("--drain", type=float, default=300,
                        help="seconds to wait at most for the capacity run's webhooks before soaking (default 300)")
    parser.add_argument("--rss-tolerance", type=float, default=0.2,
                        help="largest relative RSS growth from the first to the last window still called flat")
    args = parser.parse_args()
    if args.duration < 2 * args.window:
        parser.error("--duration must span at least two windows")

    work = tempfile.mkdtemp(prefix="amtsweg-soak-")
    server = Server(args.amtsweg, work, PROCESSES_DIR)
    if server.supports_option("webhook-allow", "127.0.0.1"):
        server.extra_args = ["--webhook-allow", "127.0.0.1"]
    portal = server.issue_token(TENANT, "portal", "integrator")
    receiver = WebhookReceiver(SECRET)
    receiver.start()
    server.start()
    try:
        status, body = Api(server.url, portal).call(
            "POST", "/api/v1/webhooks", {"url": receiver.url, "events": ["*"], "secret": SECRET})
        if status != 201:
            raise SystemExit(f"soak: subscribing the receiver failed: {status} {body}")
        intakes = Intakes(server.url, portal)
        capacity = measure_capacity(intakes, args.measure)
        rate = args.fraction * capacity
        waited = wait_for_webhooks(receiver, intakes, args.drain)
        print(f"soak: the capacity run's webhooks took {waited:.0f} s more to go out "
              f"({len(receiver.snapshot())} of {MESSAGES_PER_INTAKE * intakes.number})", flush=True)
        print(f"soak: capacity {capacity:.0f} intakes/s (16 clients, {args.measure:.0f} s); soaking at {rate:.0f}/s "
              f"for {args.duration:.0f} s; server pid {server.pid}, database {server.db}", flush=True)
        windows = soak(intakes, rate, args.duration, args.window, server.pid, receiver)
        backlog = len(Api(server.url, portal).get_all(f"/api/v1/webhooks/{body['id']}/deliveries?status=pending",
                                                      "deliveries"))
    finally:
        code = server.stop()
        receiver.stop()

    first, last = windows[0], windows[-1]
    rss_start, rss_end = first.rss[-1] / 1024, last.rss[-1] / 1024
    p99_start, p99_end = 1000 * percentile(first.latencies, 0.99), 1000 * percentile(last.latencies, 0.99)
    rss_flat = rss_end <= rss_start * (1 + args.rss_tolerance)
    p99_flat = p99_end <= 2 * p99_start + 5
    failures = sum(w.failures for w in windows)
    print(f"soak: start RSS {rss_start:.1f} MiB, p99 {p99_start:.1f} ms; end RSS {rss_end:.1f} MiB, "
          f"p99 {p99_end:.1f} ms; server CPU per intake {1000 * first.cpu_per_intake:.2f} ms at the start, "
          f"{1000 * last.cpu_per_intake:.2f} ms at the end; {sum(len(w.latencies) for w in windows)} intakes, {failures} failed, "
          f"{len(receiver.received)} webhook requests received, {backlog} deliveries still pending; server exit {code}")
    print(f"soak: RSS {'flat' if rss_flat else 'NOT flat'} (growth {100 * (rss_end / rss_start - 1):+.1f} %, "
          f"tolerance {100 * args.rss_tolerance:.0f} %), p99 {'flat' if p99_flat else 'NOT flat'} "
          f"(end at most twice the start plus 5 ms)")
    if intakes.last_failure:
        print(f"soak: last failure: {intakes.last_failure}")
    # The dispatcher keeps up when what it is behind at the end is at most 10 s of messages.
    kept_up = last.backlog <= 10 * MESSAGES_PER_INTAKE * rate
    print(f"soak: webhooks {'kept up' if kept_up else 'fell behind'} ({first.backlog} messages behind after the "
          f"first window, {last.backlog} after the last; at most {10 * MESSAGES_PER_INTAKE * rate:.0f}, 10 s of them)")
    ok = rss_flat and p99_flat and kept_up and failures == 0 and code == 0
    if ok:
        for name in os.listdir(work):
            os.remove(os.path.join(work, name))
        os.rmdir(work)
    else:
        print(f"soak: database and server log kept in {work}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
