#!/usr/bin/env python3
"""Turns the RESULT lines collected by scripts/bench into the Markdown of bench/RESULTS.md:
medians per workload over the interleaved rounds, the ratios amtsweg/floor and amtsweg/peer, and
the Postkorb latencies. Usage: summarize.py RESULTS_FILE ROUNDS"""
import json
import os
import platform
import statistics
import subprocess
import sys
from datetime import datetime, timezone

runs = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
by_name = {}
for run in runs:
    by_name.setdefault(run["name"], []).append(run)


def median(name, key):
    return statistics.median(r[key] for r in by_name[name]) if name in by_name else float("nan")


def cpu_model():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
loads = [r["load"] for r in runs]
print(f"### {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, commit {commit}")
print()
print(f"Machine: {cpu_model()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
      f"load average during the runs {min(loads):.1f} to {max(loads):.1f} (median {statistics.median(loads):.1f}); "
      f"{sys.argv[2]} interleaved rounds, medians.")
print()
print("| run | cases/s | commands/s | commands per commit | p50 ms | p99 ms | load (each round) |")
print("|---|---|---|---|---|---|---|")
for name in ["amtsweg-16", "amtsweg-1", "floor", "peer"]:
    if name not in by_name:
        continue
    cells = [f"{median(name, 'cases_per_s'):,.0f}" if name != "floor" else "",
             f"{median(name, 'commands_per_s'):,.0f}",
             f"{median(name, 'commands_per_commit'):.1f}",
             f"{median(name, 'p50_ms'):.2f}" if name != "floor" else "",
             f"{median(name, 'p99_ms'):.2f}" if name != "floor" else "",
             ", ".join(f"{r['load']:.1f}" for r in by_name[name])]
    print(f"| {name} | " + " | ".join(cells) + " |")
print()
engine = median("amtsweg-16", "commands_per_s")
for other, label in [("floor", "the SQLite floor"), ("peer", "the peer")]:
    if other in by_name:
        ratios = [a["commands_per_s"] / b["commands_per_s"] for a, b in zip(by_name["amtsweg-16"], by_name[other])]
        print(f"- amtsweg (16 callers) / {label}: **{engine / median(other, 'commands_per_s'):.3g}** "
              f"(ratio of medians; per round: {', '.join(f'{r:.3g}' for r in ratios)})")
if "postkorb" in by_name:
    p = by_name["postkorb"][0]
    print()
    print(f"Postkorb with {p['open_tasks']:,} open tasks (filled through the engine in {p['fill_seconds']:.0f} s, "
          f"load {p['load']:.1f}):")
    print()
    print("| view | p50 ms | p99 ms |")
    print("|---|---|---|")
    for view in ["inbox", "inbox_later_page", "overdue", "assignee"]:
        print(f"| {view} | {p[view]['p50_ms']:.3f} | {p[view]['p99_ms']:.3f} |")
