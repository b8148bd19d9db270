#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL server for tests and benchmarks, bound to 127.0.0.1 on a free port.
#   scripts/postgres.sh start DIR   initialises DIR/data if needed, starts the server, prints the connection string
#                                   (also written to DIR/connection)
#   scripts/postgres.sh stop DIR    stops the server by the PID in DIR/data/postmaster.pid
# As root the server runs as the 'postgres' user (PostgreSQL refuses to run as root).
set -euo pipefail
command=${1:-}
dir=${2:-}
[[ ($command == start || $command == stop) && -n $dir ]] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x $bin/postgres ]] || { echo "postgres.sh: PostgreSQL is not installed (Debian package postgresql)" >&2; exit 1; }
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [[ $command == stop ]]; then
  pidfile="$dir/data/postmaster.pid"
  [[ -f $pidfile ]] || exit 0
  pid=$(head -1 "$pidfile")
  kill -INT "$pid" 2>/dev/null || true   # fast shutdown
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then chown postgres "$dir"; fi
if [[ ! -f $dir/data/PG_VERSION ]]; then
  as_owner "$bin/initdb" -D "$dir/data" -A trust -U tessera -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }
connection="Host=127.0.0.1;Port=$port;Username=tessera;Database=postgres"
echo "$connection" >"$dir/connection"
echo "$connection"
