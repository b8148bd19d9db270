"""Checks that an OME-Zarr pyramid written from bench/convert's input is the pyramid the benchmark asks for,
so every tool in the table did the same work:

- level 0 equals the input TIFF;
- each next level is the 2x2 mean of the previous one, rounded half up, edge windows averaging the pixels
  present; the last level is the first whose largest side is <= 256;
- leading axes (t, c, z) if any have size 1; chunks and codec are reported.

Reads OME-NGFF 0.4 (Zarr v2, with zarr 2.13) and 0.5 (Zarr v3, with a minimal reader written here for
unsharded arrays with the bytes codec followed by blosc or zstd: zarr 2.13 cannot read Zarr v3).
Works band by band, so memory stays small whatever the image size.

Usage: check_pyramid.py IN.tif OUT.zarr [--min-side 256]
Prints one line: "same: ..." (exit 0) or "DIFFERS: ..." (exit 1); "not checked: ..." (exit 3) when the
output uses something this reader does not support.
"""
import argparse
import json
import os
import sys

import numcodecs
import numpy as np
import tifffile
import zarr


class Unsupported(Exception):
    pass


class V3Array:
    """Enough of Zarr v3 to read an unsharded uint16 array: regular grid, default or v2 chunk keys,
    bytes (little endian) then blosc or zstd."""

    def __init__(self, path):
        with open(os.path.join(path, "zarr.json")) as f:
            meta = json.load(f)
        if meta.get("data_type") != "uint16":
            raise Unsupported(f"data type {meta.get('data_type')}")
        self.path, self.shape = path, tuple(meta["shape"])
        grid = meta["chunk_grid"]
        if grid.get("name") != "regular":
            raise Unsupported(f"chunk grid {grid.get('name')}")
        self.chunks = tuple(grid["configuration"]["chunk_shape"])
        keys = meta.get("chunk_key_encoding", {"name": "default"})
        separator = keys.get("configuration", {}).get("separator", "/" if keys["name"] == "default" else ".")
        prefix = "c" + separator if keys["name"] == "default" else ""
        self.key = lambda index: prefix + separator.join(map(str, index)) if index or prefix else "0"
        self.fill = np.uint16(meta.get("fill_value") or 0)
        self.decoders, names = [], []
        for codec in meta["codecs"]:
            name, config = codec["name"], codec.get("configuration", {})
            names.append(name)
            if name == "bytes":
                if config.get("endian", "little") != "little":
                    raise Unsupported("big-endian bytes codec")
            elif name == "blosc":
                self.decoders.append(numcodecs.Blosc().decode)
                names[-1] = f"blosc {config.get('cname')} {config.get('clevel')} {config.get('shuffle')}"
            elif name == "zstd":
                self.decoders.append(numcodecs.Zstd().decode)
                names[-1] = f"zstd {config.get('level')}"
            else:
                raise Unsupported(f"codec {name}")
        self.codec = " + ".join(names)

    def band(self, y0, y1):
        """Rows y0..y1 of the 2-D image (leading axes all of size 1)."""
        lead, (cy, cx) = len(self.shape) - 2, self.chunks[-2:]
        height, width = self.shape[-2:]
        out = np.empty((y1 - y0, width), np.uint16)
        for gy in range(y0 // cy, (y1 - 1) // cy + 1):
            for gx in range((width + cx - 1) // cx):
                try:
                    with open(os.path.join(self.path, self.key((0,) * lead + (gy, gx))), "rb") as f:
                        data = f.read()
                    for decode in reversed(self.decoders):
                        data = decode(data)
                    chunk = np.frombuffer(data, "<u2").reshape(self.chunks)[(0,) * lead]
                except FileNotFoundError:
                    chunk = np.full((cy, cx), self.fill, np.uint16)
                top, bottom = max(y0, gy * cy), min(y1, (gy + 1) * cy, height)
                left, right = gx * cx, min((gx + 1) * cx, width)
                out[top - y0:bottom - y0, left:right] = chunk[top - gy * cy:bottom - gy * cy, :right - left]
        return out


class V2Array:
    def __init__(self, path):
        self.array = zarr.open_array(path, mode="r")
        self.shape, self.chunks = self.array.shape, self.array.chunks
        c = self.array.compressor
        self.codec = (f"blosc {c.cname} {c.clevel} shuffle={c.shuffle}" if isinstance(c, numcodecs.Blosc)
                      else json.dumps(c.get_config()) if c else "none")
        if self.array.filters:
            self.codec += " (filters " + ", ".join(f.codec_id for f in self.array.filters) + ")"

    def band(self, y0, y1):
        return self.array[(0,) * (len(self.shape) - 2) + (slice(y0, y1), slice(None))]


def open_pyramid(path):
    """(axes names, level arrays) of the first multiscale image at path."""
    if os.path.exists(os.path.join(path, "zarr.json")):
        with open(os.path.join(path, "zarr.json")) as f:
            attributes = json.load(f).get("attributes", {})
        multiscales, version, Array = attributes.get("ome", {}).get("multiscales"), attributes.get("ome", {}).get("version"), V3Array
    elif os.path.exists(os.path.join(path, ".zattrs")):
        with open(os.path.join(path, ".zattrs")) as f:
            multiscales = json.load(f).get("multiscales")
        version, Array = multiscales[0].get("version") if multiscales else None, V2Array
    else:
        raise Unsupported("neither zarr.json nor .zattrs at the root")
    if not multiscales:
        raise Unsupported("no multiscales metadata")
    axes = [a["name"] if isinstance(a, dict) else a for a in multiscales[0]["axes"]]
    return version, axes, [Array(os.path.join(path, d["path"])) for d in multiscales[0]["datasets"]]


def expected_next(prev):
    """2x2 mean over the pixels present, rounded half up: floor(sum / n + 1/2) = (2 sum + n) // (2 n)."""
    h, w = prev.shape
    sums = np.zeros(((h + 1) // 2, (w + 1) // 2), np.uint32)
    counts = np.zeros_like(sums)
    for dy in (0, 1):
        for dx in (0, 1):
            part = prev[dy::2, dx::2]
            sums[:part.shape[0], :part.shape[1]] += part
            counts[:part.shape[0], :part.shape[1]] += 1
    return ((2 * sums + counts) // (2 * counts)).astype(np.uint16)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--min-side", type=int, default=256)
    parser.add_argument("--band", type=int, default=2048, help="rows per band of the larger level (even)")
    args = parser.parse_args()
    band = args.band + args.band % 2

    try:
        version, axes, levels = open_pyramid(args.output)
    except (Unsupported, OSError, KeyError, ValueError) as e:
        print(f"not checked: {e}")
        return 3
    first = levels[0]
    summary = (f"NGFF {version}, axes {','.join(axes)}, {len(levels)} levels "
               f"({'x'.join(map(str, first.shape[-2:]))} .. {'x'.join(map(str, levels[-1].shape[-2:]))}), "
               f"chunks {'x'.join(map(str, first.chunks))}, {first.codec}")

    def differs(text):
        print(f"DIFFERS: {text}; {summary}")
        return 1

    for n, level in enumerate(levels):
        if any(s != 1 for s in level.shape[:-2]):
            return differs(f"level {n} shape {level.shape}: leading axes are not 1")
    tiff = zarr.open(tifffile.imread(args.input, aszarr=True), mode="r")
    if tiff.shape != first.shape[-2:]:
        return differs(f"level 0 is {first.shape[-2:]}, the input {tiff.shape}")
    try:
        for y0 in range(0, tiff.shape[0], band):
            y1 = min(y0 + band, tiff.shape[0])
            if not np.array_equal(first.band(y0, y1), tiff[y0:y1]):
                return differs(f"level 0 rows {y0}..{y1} differ from the input")
        for n in range(len(levels) - 1):
            big, small = levels[n], levels[n + 1]
            h, w = big.shape[-2:]
            if small.shape[-2:] != ((h + 1) // 2, (w + 1) // 2):
                return differs(f"level {n + 1} is {small.shape[-2:]}, expected the half of {h}x{w} rounded up")
            for y0 in range(0, h, band):
                y1 = min(y0 + band, h)
                if not np.array_equal(small.band(y0 // 2, (y1 + 1) // 2), expected_next(big.band(y0, y1))):
                    return differs(f"level {n + 1} rows {y0 // 2}..{(y1 + 1) // 2} are not the 2x2 mean of level {n}")
    except Unsupported as e:
        print(f"not checked: {e}; {summary}")
        return 3
    sides = [max(level.shape[-2:]) for level in levels]
    if sides[-1] > args.min_side or (len(sides) > 1 and sides[-2] <= args.min_side):
        return differs(f"largest sides {sides}: the last level should be the first with a side <= {args.min_side}")
    print(f"same: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
