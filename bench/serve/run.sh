#!/usr/bin/env bash
# bench/serve: `tessera serve` against nginx (Debian) serving the same bytes as static files, in one run, with load
# from wrk in a second process on loopback. See README.md.
#
#   run.sh [--small] [--duration SECONDS] [--runs R] [--connections C]
#
#   --small          the small demo repository (a quick check); default the full demo (384-well plate, 16k² image)
#   --duration S     seconds per wrk run (default 10)
#   --runs R         wrk runs per workload and server; the table shows medians (default 3)
#   --connections C  concurrent connections (default 64)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
small="" duration=10 runs=3 connections=64
usage() { sed -n '5,10p' "$0" >&2; exit 2; }
while (($#)); do
  case "$1" in
    --small) small=--small; shift ;;
    --duration) duration=${2:-}; shift 2 || usage ;;
    --runs) runs=${2:-}; shift 2 || usage ;;
    --connections) connections=${2:-}; shift 2 || usage ;;
    *) usage ;;
  esac
done
[[ $duration =~ ^[1-9][0-9]*$ && $runs =~ ^[1-9][0-9]*$ && $connections =~ ^[1-9][0-9]*$ ]] || usage
# nginx and wrk only serve this benchmark, so they are installed here, not by scripts/setup.sh (only if missing).
missing=()
for package in nginx wrk; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "run.sh: installing ${missing[*]}"
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { echo "run.sh: could not install ${missing[*]} (apt-get install nginx wrk)" >&2; exit 1; }
fi
"$(dirname "$0")/../../scripts/setup.sh" >/dev/null

export LC_ALL=C
timestamp=$(date -u +%Y%m%dT%H%M%SZ)
logs=$here/results/$timestamp
mkdir -p "$logs"
work=$(mktemp -d "${TMPDIR:-/tmp}/tessera-serve-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "== build"
dotnet build "$root/src/Tessera.Cli" -c Release -nologo -v quiet -nodeReuse:false -p:UseSharedCompilation=false >"$logs/build.log" 2>&1 \
  || { cat "$logs/build.log" >&2; echo "run.sh: dotnet build failed" >&2; exit 1; }

{
  echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr)"
  echo "dotnet $(dotnet --version), $(/usr/sbin/nginx -v 2>&1), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
  echo "arguments: duration=${duration}s runs=$runs connections=$connections ${small:-full demo}"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$logs/machine.txt"

/usr/bin/python3 "$here/bench.py" --tessera "dotnet $root/src/Tessera.Cli/bin/Release/net10.0/tessera.dll" --work "$work" --logs "$logs" \
  --duration "$duration" --runs "$runs" --connections "$connections" --lua "$here/urls.lua" $small

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$logs/machine.txt"
{ echo "## bench/serve, $timestamp"; echo; sed 's/^/    /' "$logs/machine.txt"; echo; cat "$logs/report.md"; } >"$here/results/$timestamp.md"
cat "$here/results/$timestamp.md"
echo "table written to $here/results/$timestamp.md (logs in $logs/)"
