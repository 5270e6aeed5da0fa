#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests and benchmarks: `start DIR` runs initdb in DIR
# (a new or empty directory), starts the server on a free port of 127.0.0.1 only (no other
# address, its socket in DIR) and prints the database's URL; `stop DIR` stops it and removes DIR.
# As root the server runs as the `postgres` user (initdb refuses root). Trust authentication:
# only this machine's loopback reaches it, and it lives as long as one test run.
# DURABLE=1: fsync as in production (benchmarks); otherwise fsync is off (tests: a crash loses
# the throwaway cluster anyway).
set -euo pipefail

bin=${POSTGRES_BIN:-/usr/lib/postgresql/15/bin}
command=${1:?usage: postgres-cluster.sh start|stop DIR}
dir=${2:?usage: postgres-cluster.sh start|stop DIR}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$command" in
  start)
    if [ ! -x "$bin/initdb" ]; then
      echo "postgres-cluster: $bin/initdb not found; install postgresql-15 (scripts/setup)" >&2
      exit 1
    fi
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
    as_owner "$bin/initdb" -D "$dir/data" -U amtsweg --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
      >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    fsync=off
    if [ "${DURABLE:-0}" = 1 ]; then fsync=on; fi
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='$dir' -c fsync=$fsync \
          -c max_connections=200 -c shared_buffers=128MB" >/dev/null ||
      { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U amtsweg amtsweg
    echo "postgresql://amtsweg@127.0.0.1:$port/amtsweg"
    ;;
  stop)
    if [ -d "$dir/data" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    ;;
  *)
    echo "postgres-cluster: unknown command $command (start or stop)" >&2
    exit 2
    ;;
esac
