#!/usr/bin/env bash
# Tessera's test command: installs what is missing, builds everything in Release (warnings are errors),
# runs every test project, and ends with "tests: N passed, N failed, N skipped". Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")"

./scripts/setup.sh || { echo "test.sh: setup failed"; exit 1; }
dotnet build Tessera.slnx -c Release -nologo -v quiet || { echo "test.sh: build failed"; echo "tests: 0 passed, 0 failed, 0 skipped"; exit 1; }

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  # Shared test support (Tessera.Testing) is a library, not a test project.
  grep -q '<IsTestProject>true</IsTestProject>' "$project" || continue
  echo "== $name"
  dotnet test "$project" -c Release --no-build -nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=1
  if [ ! -f "$results/$name.trx" ]; then
    echo "test.sh: $name produced no results (the test host crashed?)"
    status=1
  fi
done

# Sum the TRX counters: skipped tests are the ones not executed.
read -r passed failed skipped < <(cat "$results"/*.trx 2>/dev/null | grep -o '<Counters [^>]*>' | awk '
  function value(name,   m) { return match($0, name "=\"[0-9]+\"") ? substr($0, RSTART + length(name) + 2, RLENGTH - length(name) - 3) + 0 : 0 }
  { total += value("total"); executed += value("executed"); passed += value("passed");
    failed += value("failed") + value("error") + value("timeout") + value("aborted") }
  END { print passed + 0, failed + 0, total - executed }')
echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
if [ "$status" -ne 0 ] || [ "${failed:-0}" -ne 0 ]; then
  exit 1
fi
