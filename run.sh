#!/usr/bin/env bash
# Tessera's main job on an embedded default: installs what is missing, builds, writes a demo Zarr
# hierarchy (a sharded 4-D image and its labels) under .tessera/, and shows it with `tessera info`.
# (Once the server exists, this serves the demo repository on http://127.0.0.1:5080.)
set -euo pipefail
cd "$(dirname "$0")"

./scripts/setup.sh
dotnet build src/Tessera.Cli -c Release -nologo -v quiet
tessera="dotnet src/Tessera.Cli/bin/Release/net10.0/tessera.dll"

mkdir -p .tessera
$tessera demo .tessera/demo.zarr
$tessera info .tessera/demo.zarr
echo
echo "image checksum:  $($tessera checksum .tessera/demo.zarr/image)"
$tessera copy .tessera/demo.zarr .tessera/demo.ozx --quiet
echo "single-file copy: .tessera/demo.ozx ($(du -h .tessera/demo.ozx | cut -f1)), checksum $($tessera checksum .tessera/demo.ozx/image)"
