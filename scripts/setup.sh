#!/usr/bin/env bash
# Installs what Tessera's build, tests and benchmarks need on Debian 12, and only what is missing:
# the native codec libraries, Debian's zarr-python (the Zarr v2 peer), and the npm packages from the
# committed lock file. Safe to run repeatedly.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  libblosc1 libzstd1 liblz4-1 libbz2-1.0      # native codecs (loaded lazily by Tessera.Zarr)
  libtiff6 libpng16-16 libturbojpeg0            # image decoders (loaded lazily by Tessera.Imaging)
  python3-zarr python3-numcodecs python3-numpy  # zarr-python 2.13 peer for interoperability tests
  python3-fsspec python3-aiohttp                # zarr-python reading from tessera serve over HTTP
  python3-tifffile python3-skimage python3-pil  # TIFF/OME-TIFF/PNG/JPEG test inputs; the Python pipeline in bench/convert
  time                                          # /usr/bin/time: peak memory in the convert test and benchmarks
  libvips-tools                                 # vips, the speed anchor in bench/convert
  postgresql                                    # the catalogue's PostgreSQL backend (tests start their own server)
  chromium                                      # the browser the web pages are tested in (Playwright drives it)
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm ci reinstalls from scratch, so run it only when the lock file changed since the last install.
stamp=node_modules/.tessera-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
