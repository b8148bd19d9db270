#!/usr/bin/env bash
# bench/zarr-io: Tessera.Zarr's read and write speed against zarr-python 2.13, zarrita.js and a
# decompress-only C loop (the ceiling), on the same ~1 GiB uint16 arrays, in one run. See README.md.
#
#   run.sh [--runs N] [--keep] [--planes Z] [--no-probes]
#
#   --runs N      measurements per tool and codec (default 3), interleaved round-robin
#   --keep        keep the arrays the write measurements produced (data/out/) instead of deleting them
#   --planes Z    array depth (default 32: 32x4096x4096 = 1 GiB); smaller for a quick check
#   --no-probes   skip the one-off Tessera phase probes (bottleneck evidence)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
runs=3 keep=0 planes=32 probes=1
usage() { echo "usage: $0 [--runs N] [--keep] [--planes Z] [--no-probes]" >&2; exit 2; }
while (($#)); do
  case "$1" in
    --runs) runs=${2:-}; shift 2 || usage ;;
    --keep) keep=1; shift ;;
    --planes) planes=${2:-}; shift 2 || usage ;;
    --no-probes) probes=0; shift ;;
    *) usage ;;
  esac
done
[[ $runs =~ ^[1-9][0-9]*$ && $planes =~ ^[1-9][0-9]*$ ]] || usage

export LC_ALL=C # decimal points in printf and the tools' output
started=$(date +%s.%N)
python=/usr/bin/python3 # Debian's, with zarr 2.13 and numpy; the pyenv python3 first on PATH has neither
codecs=(blosc-lz4 zstd3)
declare -A ceiling_codec=([blosc-lz4]=blosc [zstd3]=zstd) # the library the ceiling calls for each
shape=("$planes" 4096 4096)
chunks=(1 512 512)
data=$here/data
timestamp=$(date -u +%Y%m%dT%H%M%SZ)
logs=$here/results/$timestamp
mkdir -p "$logs" "$here/bin" "$data/out"
results_tsv=$logs/measurements.tsv
probes_tsv=$logs/probes.tsv
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)

fail() { echo "run.sh: $*" >&2; exit 1; }

echo "== setup and build"
"$root/scripts/setup.sh"
# No MSBuild node reuse or compiler server: nothing of ours keeps running after the build.
dotnet build "$here/TesseraZarrIo" -c Release -nologo -v quiet -nodeReuse:false -p:UseSharedCompilation=false >"$logs/build.log" 2>&1 \
  || { cat "$logs/build.log" >&2; fail "dotnet build failed"; }
tessera=(dotnet "$here/TesseraZarrIo/bin/Release/net10.0/TesseraZarrIo.dll")
gcc -O2 -Wall -Wextra -Werror -o "$here/bin/decompress_ceiling" "$here/decompress_ceiling.c" -l:libblosc.so.1 -l:libzstd.so.1 -lpthread

echo "== data"
json_field() { "$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$data/dataset.json" "$1"; }
stamp="shape=${shape[*]} chunks=${chunks[*]} codecs=${codecs[*]} generator=$(cat "$here/generate.py" "$here/checksum.py" | sha256sum | cut -c1-16)"
if [[ -f $data/dataset.json && "$(json_field stamp)" == "$stamp" ]]; then
  echo "reusing $data (same sizes, codecs and generator)"
  generation_seconds=0
else
  echo "generating ${shape[*]} uint16, chunks ${chunks[*]} into $data"
  "$python" "$here/generate.py" "$data" --shape "${shape[@]}" --chunks "${chunks[@]}" --stamp "$stamp"
  generation_seconds=$(json_field seconds)
fi
expected=$(json_field checksum)
"$python" - "$data/dataset.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for name, a in d["arrays"].items():
    print(f"  {name}: {a['stored_bytes'] / 2**20:.0f} MiB stored, compression ratio {a['ratio']:.2f} ({a['codec']})")
print(f"  checksum {d['checksum']}")
PY
# Every measurement reads from the page cache, not the disk.
cat "$data"/*.zarr/* >/dev/null

# measure RUN CODEC TOOL COMMAND...: one measurement in a fresh process; records its "result" lines
# (the ceiling prints one per thread count) and stops the benchmark if a checksum disagrees.
measure() {
  local run=$1 codec=$2 tool=$3
  shift 3
  local log=$logs/$tool-$codec-run$run.log
  "$@" >"$log" 2>&1 || { tail -20 "$log" >&2; fail "$tool ($codec, run $run) failed; log: $log"; }
  grep -q '^result ' "$log" || fail "$tool ($codec, run $run) printed no result; log: $log"
  local line word name
  while read -r line; do
    local -A field=()
    for word in ${line#result }; do field[${word%%=*}]=${word#*=}; done
    name=$tool
    [[ -n ${field[threads]:-} ]] && name=$tool-${field[threads]}t
    [[ -n ${field[mode]:-} ]] && name=$tool-${field[mode]}${field[threads]:+-${field[threads]}t}
    if [[ -n ${field[checksum]:-} && ${field[checksum]} != "$expected" ]]; then
      fail "CHECKSUM MISMATCH: $name ($codec, run $run) read ${field[checksum]}, the generator wrote $expected; log: $log"
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$codec" "$name" "${field[seconds]}" "${field[cpu]:-}" "${field[checksum]:-}" >>"$results_tsv"
    printf '  run %s  %-9s  %-20s %8.3f s\n' "$run" "$codec" "$name" "${field[seconds]}"
    unset field
  done < <(grep '^result ' "$log")
}

# check_written READER_LOG: a written array, read back by the other implementation, has the source's checksum.
check_written() {
  local label=$1 log=$2
  shift 2
  "$@" >"$log" 2>&1 || { tail -20 "$log" >&2; fail "reading back $label failed"; }
  grep -q "checksum=$expected" "$log" || fail "CHECKSUM MISMATCH: $label read back as $(grep -o 'checksum=[0-9a-f]*' "$log")"
}

# Reads every chunk file once, so the next reader finds the array in the page cache. Some machines page out
# cache that was not touched for a while (here: DAMON reclaim, after ~60 s), which would otherwise make
# whichever tool comes first after a pause read from disk.
warm_cache() {
  find "$1" -type f -print0 | xargs -0 cat >/dev/null
}

# One measurement of TOOL on CODEC in RUN.
measure_tool() {
  local run=$1 codec=$2 tool=$3 array=$data/$2.zarr out=$data/out/$3-$2.zarr
  [[ $tool == *-read || $tool == ceiling ]] && warm_cache "$array"
  case "$tool" in
    tessera-read) measure "$run" "$codec" "$tool" "${tessera[@]}" read "$array" ;;
    zarr-python-read) measure "$run" "$codec" "$tool" "$python" "$here/zarr_python_io.py" read "$array" ;;
    zarrita-read) measure "$run" "$codec" "$tool" node "$here/zarrita_read.mjs" "$array" ;;
    ceiling) measure "$run" "$codec" "$tool" "$here/bin/decompress_ceiling" "$array" "${ceiling_codec[$codec]}" "${shape[@]}" "${chunks[@]}" ;;
    tessera-write | zarr-python-write)
      rm -rf "$out"
      if [[ $tool == tessera-write ]]; then
        measure "$run" "$codec" "$tool" "${tessera[@]}" write "$array" "$out" "$codec"
      else
        measure "$run" "$codec" "$tool" "$python" "$here/zarr_python_io.py" write "$array" "$out" "$codec"
      fi
      sync # flush now, so write-back does not slow the next measurement
      if ((run == 1)); then
        if [[ $tool == tessera-write ]]; then
          check_written "Tessera's $codec output (by zarr-python)" "$logs/check-$tool-$codec.log" "$python" "$here/zarr_python_io.py" read "$out"
        else
          check_written "zarr-python's $codec output (by Tessera)" "$logs/check-$tool-$codec.log" "${tessera[@]}" read "$out"
        fi
      fi
      if ((!keep)); then rm -rf "$out"; fi
      ;;
  esac
}

echo "== measurements ($runs runs, round-robin; each in a fresh process)"
tools=(tessera-read zarr-python-read zarrita-read ceiling tessera-write zarr-python-write)
for ((run = 1; run <= runs; run++)); do
  # Rotate the order every run so no tool always follows (say) a write.
  for ((c = 0; c < ${#codecs[@]}; c++)); do
    codec=${codecs[(c + run - 1) % ${#codecs[@]}]}
    for ((t = 0; t < ${#tools[@]}; t++)); do
      measure_tool "$run" "$codec" "${tools[(t + run - 1) % ${#tools[@]}]}"
    done
  done
done

if ((probes)); then
  echo "== Tessera phase probes (once per codec, medians of 3 inside one process)"
  for codec in "${codecs[@]}"; do
    log=$logs/probes-$codec.log
    "${tessera[@]}" probe "$data/$codec.zarr" "$codec" "$data/out/probe-scratch" >"$log" 2>&1 || { tail -20 "$log" >&2; fail "probes ($codec) failed"; }
    grep -q "^result probe=checksum .*checksum=$expected" "$log" || fail "CHECKSUM MISMATCH in probes ($codec); log: $log"
    grep '^result probe=' "$log" | grep -v 'probe=checksum' | sed -E "s/^result probe=([^ ]+) threads=([^ ]+) seconds=([^ ]+) all=(.*)$/$codec\t\1\t\2\t\3\t\4/" >>"$probes_tsv"
    echo "  $codec done"
  done
fi

environment="$(nproc) cores; load average $load_at_start at start, $(cut -d' ' -f1-3 /proc/loadavg) at end; .NET $(dotnet --version); node $(node --version); zarrita $(node -p 'require("'"$root"'/node_modules/zarrita/package.json").version'); $("$python" -c 'import zarr, numcodecs, numpy; print(f"zarr {zarr.__version__}, numcodecs {numcodecs.__version__}, numpy {numpy.__version__}")'); libblosc1 $(dpkg-query -W -f='${Version}' libblosc1); libzstd1 $(dpkg-query -W -f='${Version}' libzstd1)"
"$python" "$here/report.py" --measurements "$results_tsv" --probes "$probes_tsv" --dataset "$data/dataset.json" \
  --runs "$runs" --started "$started" --generation-seconds "$generation_seconds" --environment "$environment" \
  --out "$here/results/$timestamp.md"
echo
echo "table written to $here/results/$timestamp.md (logs in $logs/)"
