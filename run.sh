#!/usr/bin/env bash
# Tessera's main job on an embedded default: installs what is missing, builds, builds the demo repository under
# .tessera/demo once (a 384-well plate, a 3-D stack, a 16k² slide, annotations, two groups, users; about a minute),
# and serves it on http://127.0.0.1:5080 until Ctrl+C. Set TESSERA_URLS to listen elsewhere.
set -euo pipefail
cd "$(dirname "$0")"

./scripts/setup.sh
dotnet build src/Tessera.Cli -c Release -nologo -v quiet
tessera="dotnet src/Tessera.Cli/bin/Release/net10.0/tessera.dll"

mkdir -p .tessera
$tessera demo .tessera/demo
urls=${TESSERA_URLS:-http://127.0.0.1:5080}
echo
echo "Tessera demo repository: ${urls%%;*}/  (JSON API /api/v1, OME-Zarr /zarr/{id}/, thumbnails /thumbnail/{id}, OpenAPI /openapi/v1.json)"
echo "Log in as alice / alice-demo (private data too) or admin / admin-demo; anonymous visitors see the public group."
exec $tessera serve .tessera/demo --urls "$urls"
