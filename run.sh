#!/usr/bin/env bash
# Tessera's main job on an embedded default: installs what is missing, builds, writes a demo OME-Zarr
# image (OME-NGFF 0.5: 3 levels, 2 channels, a label image) under .tessera/, validates it and shows it
# with `tessera info`. (Once the server exists, this serves the demo repository on http://127.0.0.1:5080.)
set -euo pipefail
cd "$(dirname "$0")"

./scripts/setup.sh
dotnet build src/Tessera.Cli -c Release -nologo -v quiet
tessera="dotnet src/Tessera.Cli/bin/Release/net10.0/tessera.dll"

mkdir -p .tessera
$tessera demo .tessera/demo.zarr
$tessera validate .tessera/demo.zarr
echo
$tessera info .tessera/demo.zarr
echo
echo "level 0 checksum: $($tessera checksum .tessera/demo.zarr/0)"
$tessera copy .tessera/demo.zarr .tessera/demo.ozx --quiet
echo "single-file copy: .tessera/demo.ozx ($(du -h .tessera/demo.ozx | cut -f1)), checksum $($tessera checksum .tessera/demo.ozx/0)"
$tessera validate .tessera/demo.ozx
