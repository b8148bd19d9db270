#!/usr/bin/env bash
# bench/catalog: catalogue search latency (Tessera's search API) against naive SQL over the same data, after a bulk
# load of a synthetic IDR-like catalogue, on SQLite and PostgreSQL in one run. See README.md.
#
#   run.sh [--images N] [--runs R] [--backend sqlite|postgresql|both] [--naive N] [--iterations N]
#          [--defer-indexes] [--member-only] [--pg-shared-buffers SIZE]
#
#   --images N        images to generate and load, 10 key/value pairs each (default 20000: a quick check in about a
#                     minute; the issue's size is --images 1000000)
#   --runs R          timed passes over every query kind and caller (default 3; the table shows medians over passes)
#   --backend B       sqlite, postgresql or both (default both)
#   --naive N         naive queries per kind and caller (default 5, each kind capped at 120 s)
#   --iterations N    timed indexed calls per kind, caller and pass (default 200, after 20 warm-up calls)
#   --defer-indexes   let the bulk loader drop and rebuild secondary indexes around the load
#   --member-only     measure only the non-admin member (skip the admin and anonymous callers)
#   --pg-shared-buffers SIZE   PostgreSQL shared_buffers (default: the server's default, 128MB)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
images=20000 runs=3 backend=both naive=5 iterations=200 extra=() shared_buffers=
usage() { sed -n '5,17p' "$0" >&2; exit 2; }
while (($#)); do
  case "$1" in
    --images) images=${2:-}; shift 2 || usage ;;
    --runs) runs=${2:-}; shift 2 || usage ;;
    --backend) backend=${2:-}; shift 2 || usage ;;
    --naive) naive=${2:-}; shift 2 || usage ;;
    --iterations) iterations=${2:-}; shift 2 || usage ;;
    --defer-indexes) extra+=(--defer-indexes); shift ;;
    --member-only) extra+=(--member-only); shift ;;
    --pg-shared-buffers) shared_buffers=${2:-}; shift 2 || usage ;;
    *) usage ;;
  esac
done
[[ $images =~ ^[1-9][0-9]*$ && $runs =~ ^[1-9][0-9]*$ && $naive =~ ^[0-9]+$ && $iterations =~ ^[1-9][0-9]*$ ]] || usage
[[ $backend == sqlite || $backend == postgresql || $backend == both ]] || usage

export LC_ALL=C
timestamp=$(date -u +%Y%m%dT%H%M%SZ)
logs=$here/results/$timestamp
mkdir -p "$logs"
# Databases go to local disk under the system temp directory, deleted at the end (a 1M-image catalogue is several GB).
work=$(mktemp -d "${TMPDIR:-/tmp}/tessera-catalog-bench.XXXXXX")
chmod 755 "$work" # the PostgreSQL server runs as 'postgres' when we are root
pg_dir=$work/postgres
pg_started=0
cleanup() {
  if ((pg_started)); then "$root/scripts/postgres.sh" stop "$pg_dir" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== build"
dotnet build "$here/TesseraCatalogBench" -c Release -nologo -v quiet -nodeReuse:false -p:UseSharedCompilation=false >"$logs/build.log" 2>&1 \
  || { cat "$logs/build.log" >&2; echo "run.sh: dotnet build failed" >&2; exit 1; }
bench=(dotnet "$here/TesseraCatalogBench/bin/Release/net10.0/TesseraCatalogBench.dll")
common=(--images "$images" --runs "$runs" --naive "$naive" --iterations "$iterations" --explain "${extra[@]}")

{
  echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr)"
  echo "disk: $(df -h "$work" | awk 'NR == 2 {print $1 " " $2 " (" $4 " free)"}')"
  echo "dotnet $(dotnet --version), SQLite $(/usr/bin/python3 -c 'import sqlite3; print(sqlite3.sqlite_version)' 2>/dev/null || echo '?') (system; Microsoft.Data.Sqlite bundles its own), $("$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/postgres" --version)"
  echo "arguments: images=$images runs=$runs naive=$naive iterations=$iterations ${extra[*]:-} ${shared_buffers:+shared_buffers=$shared_buffers}"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$logs/machine.txt"

results=()
if [[ $backend == sqlite || $backend == both ]]; then
  echo "== sqlite"
  "${bench[@]}" run --backend sqlite --sqlite-file "$work/catalog.db" "${common[@]}" --out "$logs/sqlite.json" 2>&1 | tee "$logs/sqlite.log"
  rm -f "$work"/catalog.db*
  results+=("$logs/sqlite.json")
fi

if [[ $backend == postgresql || $backend == both ]]; then
  echo "== postgresql"
  pg_started=1
  connection=$("$root/scripts/postgres.sh" start "$pg_dir")
  psql_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/psql
  psql() { "$psql_bin" -h 127.0.0.1 -p "$(sed 's/.*Port=\([0-9]*\).*/\1/' "$pg_dir/connection")" -U tessera -d postgres -qAt "$@"; }
  # Statements over a second go to the server log (the load's phases, the naive queries); copied to the logs below.
  psql -c "ALTER SYSTEM SET log_min_duration_statement = '1s'" -c "SELECT pg_reload_conf()" >/dev/null
  if [[ -n $shared_buffers ]]; then
    # shared_buffers only takes effect at start: set it, then restart the same server.
    psql -c "ALTER SYSTEM SET shared_buffers = '$shared_buffers'"
    "$root/scripts/postgres.sh" stop "$pg_dir"
    connection=$("$root/scripts/postgres.sh" start "$pg_dir")
  fi
  psql -c "SHOW shared_buffers" -c "SHOW work_mem" -c "SHOW max_parallel_workers_per_gather" | paste -sd' ' | sed 's/^/postgresql settings: shared_buffers, work_mem, parallel workers per gather: /' | tee -a "$logs/machine.txt"
  "${bench[@]}" run --backend postgresql --postgres "$connection" "${common[@]}" --out "$logs/postgresql.json" 2>&1 | tee "$logs/postgresql.log"
  grep -E 'duration: [0-9.]+ ms' "$pg_dir/server.log" | cut -c1-400 >"$logs/postgresql-statements-over-1s.log" || true
  "$root/scripts/postgres.sh" stop "$pg_dir"
  pg_started=0
  results+=("$logs/postgresql.json")
fi

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$logs/machine.txt"
echo "== report"
{ echo "## bench/catalog, $timestamp"; echo; sed 's/^/    /' "$logs/machine.txt"; echo; } >"$here/results/$timestamp.md"
"${bench[@]}" report "$logs/report.md" "${results[@]}"
cat "$logs/report.md" >>"$here/results/$timestamp.md"
echo "table written to $here/results/$timestamp.md (logs in $logs/)"
