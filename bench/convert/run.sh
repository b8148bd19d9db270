#!/usr/bin/env bash
# bench/convert: one large uint16 TIFF -> multiscale pyramid, Tessera's `convert` (blosc-zstd, OME-NGFF 0.5
# and 0.4) against `vips tiffsave --tile --pyramid` and a tifffile + zarr + skimage Python pipeline.
# Seconds, input MB/s, peak RSS, output size, ratios, and the issue's two targets. See README.md.
#
#   run.sh [--size N] [--runs N] [--dir DIR] [--no-check] [--no-build] [--vips-variants]
#
#   --size N     input width and height in pixels (default 30000: 1.8 GB of uint16); small for a quick check
#   --runs N     measurements per tool (default 1), interleaved round-robin; the table gives medians
#   --dir DIR    work directory for the input and the outputs (default $TESSERA_BENCH_DIR or
#                /work/bench-tmp/convert); must be outside the repository
#   --no-check   skip checking, after the first round, that each Zarr output is the expected pyramid
#   --no-build   do not build src/Tessera.Cli (use the existing build, or $TESSERA_DLL)
#   --vips-variants  also measure vips with zstd level 5 and with no compression (context, not targets)
#
# $TESSERA_DLL: a tessera.dll to measure instead of this repository's Release build.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
size=30000 runs=1 clevel=5 dir=${TESSERA_BENCH_DIR:-/work/bench-tmp/convert} check=1 build=1 variants=0
usage() { echo "usage: $0 [--size N] [--runs N] [--clevel N] [--dir DIR] [--no-check] [--no-build] [--vips-variants]" >&2; exit 2; }
while (($#)); do
  case "$1" in
    --size) size=${2:-}; shift 2 || usage ;;
    --runs) runs=${2:-}; shift 2 || usage ;;
    --clevel) clevel=${2:-}; shift 2 || usage ;;
    --dir) dir=${2:-}; shift 2 || usage ;;
    --no-check) check=0; shift ;;
    --no-build) build=0; shift ;;
    --vips-variants) variants=1; shift ;;
    *) usage ;;
  esac
done
export BENCH_CLEVEL=$clevel
[[ $clevel =~ ^[0-9]$ && $runs =~ ^[1-9][0-9]*$ && $size =~ ^[1-9][0-9]*$ && -n $dir ]] || usage
((size >= 2)) || usage

export LC_ALL=C # decimal points in printf and the tools' output
python=/usr/bin/python3 # Debian's, with tifffile, zarr 2.13, skimage; the pyenv python3 first on PATH has none
gnutime=/usr/bin/time
fail() { echo "run.sh: $*" >&2; exit 1; }
[[ -x $gnutime ]] || fail "GNU time ($gnutime) is missing: apt-get install time"
command -v vips >/dev/null || fail "vips is missing: apt-get install libvips-tools"
"$python" -c 'import tifffile, zarr, numcodecs, skimage' 2>/dev/null \
  || fail "$python lacks tifffile/zarr/numcodecs/skimage: apt-get install python3-tifffile python3-zarr python3-numcodecs python3-skimage"

mkdir -p "$dir"
dir=$(cd "$dir" && pwd -P)
case "$dir/" in "$(cd "$root" && pwd -P)/"*) fail "work directory $dir is inside the repository; use --dir or TESSERA_BENCH_DIR" ;; esac
timestamp=$(date -u +%Y%m%dT%H%M%SZ)
logs=$here/results/$timestamp
mkdir -p "$logs" "$dir/out"
measurements=$logs/measurements.tsv
checks=$logs/checks.tsv
: >"$measurements"
: >"$checks"
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)

echo "== input"
input=$dir/input-$size.tif
stamp="size=$size generator=$(sha256sum <"$here/make_input.py" | cut -c1-16)"
if [[ -f $input && -f $input.stamp && "$(cat "$input.stamp")" == "$stamp" ]]; then
  echo "reusing $input"
else
  rm -f "$input" "$input.stamp"
  echo "generating $input (${size}x$size uint16)"
  "$python" "$here/make_input.py" "$input" --size "$size"
  echo "$stamp" >"$input.stamp"
fi
input_bytes=$((size * size * 2))

echo "== tessera"
tessera_reason=""
if [[ -n ${TESSERA_DLL:-} ]]; then
  dll=$TESSERA_DLL
elif ((build)); then
  dll=$root/src/Tessera.Cli/bin/Release/net10.0/tessera.dll
  # No MSBuild node reuse or compiler server: nothing of ours keeps running after the build.
  dotnet build "$root/src/Tessera.Cli" -c Release -nologo -v quiet -nodeReuse:false -p:UseSharedCompilation=false \
    >"$logs/build.log" 2>&1 || tessera_reason="build failed (see $logs/build.log)"
else
  dll=$root/src/Tessera.Cli/bin/Release/net10.0/tessera.dll
fi
if [[ -z $tessera_reason && ! -f $dll ]]; then
  tessera_reason="no $dll"
elif [[ -z $tessera_reason ]]; then
  # `tessera convert --help` exits 0 even without a convert command (root help): look for it in the list.
  dotnet "$dll" --help >"$logs/tessera-help.log" 2>&1 || true
  grep -qE '^[[:space:]]+convert([[:space:]]|$)' "$logs/tessera-help.log" || tessera_reason="$dll has no convert command"
fi
if [[ -n $tessera_reason ]]; then
  echo "tessera convert: not available ($tessera_reason)"
else
  echo "using $dll"
fi

# The tools, in the order of each round: name, output path, command.
tools=(tessera-0.5 tessera-0.4 vips python)
((variants)) && tools+=(vips-zstd vips-none)
declare -A output=(
  [tessera-0.5]=$dir/out/tessera-0.5.zarr [tessera-0.4]=$dir/out/tessera-0.4.zarr
  [vips]=$dir/out/vips.tif [python]=$dir/out/python.zarr
  [vips-zstd]=$dir/out/vips-zstd.tif [vips-none]=$dir/out/vips-none.tif
)
vips_extra=()
# A 32-bit TIFF ends at 4 GiB; deflate shrinks this image to well under that below ~45000 px, but not noise.
((input_bytes * 4 / 3 > 3500000000)) && vips_extra=(--bigtiff)
command_of() {
  case "$1" in
    tessera-0.5 | tessera-0.4)
      cmd=(dotnet "$dll" convert "$input" "${output[$1]}" --ngff "${1#tessera-}" --compression "blosc-zstd:$clevel" --chunks 1024 --quiet) ;;
    vips)
      cmd=(vips tiffsave "$input" "${output[$1]}" --tile --pyramid --compression deflate --tile-width 256 --tile-height 256 "${vips_extra[@]}") ;;
    vips-zstd)
      cmd=(vips tiffsave "$input" "${output[$1]}" --tile --pyramid --compression zstd --level 5 --tile-width 256 --tile-height 256 "${vips_extra[@]}") ;;
    vips-none)
      cmd=(vips tiffsave "$input" "${output[$1]}" --tile --pyramid --compression none --tile-width 256 --tile-height 256 --bigtiff) ;;
    python)
      cmd=("$python" "$here/python_pipeline.py" "$input" "${output[$1]}" --clevel "$clevel") ;;
  esac
}

# measure RUN TOOL: one measurement in a fresh process, the input warm in the page cache, no old output.
measure() {
  local run=$1 tool=$2 log=$logs/$2-run$1.log rc=0
  command_of "$tool"
  rm -rf "${output[$tool]}"
  cat "$input" >/dev/null
  echo "${cmd[*]}" >"$log"
  "$gnutime" -f "%e %M %U %S" -o "$logs/time" "${cmd[@]}" >>"$log" 2>&1 || rc=$?
  local elapsed=0 rss=0 user=0 sys=0 bytes=0
  read -r elapsed rss user sys < <(grep -E '^[0-9.]+ [0-9]+ [0-9.]+ [0-9.]+$' "$logs/time" | tail -1) || { ((rc)) || rc=125; } # no timing line: GNU time itself failed
  [[ -e ${output[$tool]} ]] && bytes=$(du -s --apparent-size -B1 "${output[$tool]}" | cut -f1)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$tool" "$elapsed" "$rss" "$user" "$sys" "$bytes" "$rc" >>"$measurements"
  printf '  run %d %-12s %7.2f s  %6d MiB peak  rc %d\n' "$run" "$tool" "$elapsed" "$((rss / 1024))" "$rc"
  if ((rc != 0)); then
    echo "  $tool failed (exit $rc); last lines of $log:" >&2
    tail -5 "$log" >&2
  fi
  if ((run == 1 && check && rc == 0)); then
    local result
    if [[ $tool == vips* ]]; then
      result=$("$python" - "${output[$tool]}" <<'PY' 2>&1 || true
import sys, tifffile
with tifffile.TiffFile(sys.argv[1]) as t:
    s = t.series[0]
    p = s.levels[0].pages[0]
    print(f"not checked (TIFF): {len(s.levels)} levels ({'x'.join(map(str, s.levels[0].shape))} .. "
          f"{'x'.join(map(str, s.levels[-1].shape))}), tiles {p.tilelength}x{p.tilewidth}, {p.compression.name.lower()}, "
          f"{'BigTIFF' if t.is_bigtiff else 'TIFF'}")
PY
)
    else
      result=$("$python" "$here/check_pyramid.py" "$input" "${output[$tool]}" 2>&1 || true)
    fi
    printf '%s\t%s\n' "$tool" "$(echo "$result" | tail -1)" >>"$checks"
    echo "    check: $(echo "$result" | tail -1)"
  fi
  rm -rf "${output[$tool]}"
}

echo "== measurements ($runs run(s), ${size}x$size uint16, $((input_bytes / 1000000)) MB)"
for ((run = 1; run <= runs; run++)); do
  for tool in "${tools[@]}"; do
    if [[ $tool == tessera-* && -n $tessera_reason ]]; then continue; fi
    measure "$run" "$tool"
  done
done
load_at_end=$(cut -d' ' -f1-3 /proc/loadavg)

{
  echo "size=$size"
  echo "input_bytes=$input_bytes"
  echo "runs=$runs"
  echo "tessera_reason=$tessera_reason"
  echo "load_at_start=$load_at_start"
  echo "load_at_end=$load_at_end"
  echo "commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet HEAD 2>/dev/null || echo '+dirty')"
  echo "vips=$(vips --version)"
  echo "python=$("$python" -c 'import sys, numpy, tifffile, zarr, numcodecs, skimage; print(f"Python {sys.version.split()[0]}, numpy {numpy.__version__}, tifffile {tifffile.__version__}, zarr {zarr.__version__}, numcodecs {numcodecs.__version__}, skimage {skimage.__version__}")')"
  echo "dotnet=$(dotnet --version 2>/dev/null || echo unknown)"
  echo "cpus=$(nproc)"
  echo "vips_extra=${vips_extra[*]}"
} >"$logs/context.txt"
"$python" "$here/report.py" "$logs" | tee "$here/results/$timestamp.md"
echo
echo "table: $here/results/$timestamp.md; logs: $logs/"
