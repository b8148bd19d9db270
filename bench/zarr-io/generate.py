"""Writes the benchmark's input arrays with zarr-python 2.13: one microscopy-like uint16 volume, stored
twice as Zarr v2 (blosc lz4 clevel 5 + byte shuffle; zstd level 3), plus dataset.json describing it.

The volume imitates a widefield z-stack in 12 bits: smooth cell-like regions with soft edges and
internal texture over a camera offset, correlated along z, with shot noise (Gaussian approximation of
Poisson, sqrt(lambda)) and read noise. Deterministic for a given seed and numpy version. Smooth fields
come from random coarse grids upsampled by separable interpolation (fast without a tuned BLAS).

Usage: generate.py OUT_DIR --shape Z Y X --chunks Z Y X [--seed N] [--stamp TEXT]
dataset.json is written last, so its presence means the arrays are complete; --stamp is stored in it
for run.sh to tell whether the data still matches what it wants.
"""
import argparse
import json
import os
import shutil
import sys
import time

import numcodecs
import numpy as np
import zarr

from checksum import MASK, format_checksum, plane_checksum

CODECS = {
    # name: (zarr-python compressor, description)
    "blosc-lz4": (lambda: numcodecs.Blosc(cname="lz4", clevel=5, shuffle=numcodecs.Blosc.SHUFFLE), "blosc lz4 clevel 5, byte shuffle"),
    "zstd3": (lambda: numcodecs.Zstd(level=3), "zstd level 3"),
}


def interpolation(n, knots):
    """Lower knot index and smoothstep weight of the upper knot for each of n positions (knots span n)."""
    position = np.linspace(0, knots - 1, n, dtype=np.float32)
    lower = np.minimum(position.astype(np.int64), knots - 2)
    t = position - lower
    return lower, (t * t * (3 - 2 * t)).astype(np.float32)


class SmoothField:
    """
    A random field with unit variance, smooth at a given feature scale: a coarse random grid interpolated
    with smoothstep weights (separably: along x on the small grid, then whole rows along y), and linearly
    between coarse grids along z so neighbouring planes correlate like a z-stack.
    """

    def __init__(self, rng, shape, knots_yx, knots_z):
        z, y, x = shape
        self.coarse = rng.standard_normal((knots_z, knots_yx, knots_yx), dtype=np.float32)
        self.y = interpolation(y, knots_yx)
        self.x = interpolation(x, knots_yx)
        self.z_positions = np.linspace(0, knots_z - 1, z) if z > 1 else np.zeros(1)
        self.scale = 1.0 / float(self._plane(0).std())

    def _plane(self, z):
        position = self.z_positions[z]
        below = min(int(np.floor(position)), self.coarse.shape[0] - 2) if self.coarse.shape[0] > 1 else 0
        above = min(below + 1, self.coarse.shape[0] - 1)
        t = np.float32(position - below)
        coarse = (1 - t) * self.coarse[below] + t * self.coarse[above]
        (lx, wx), (ly, wy) = self.x, self.y
        rows = coarse[:, lx] * (1 - wx) + coarse[:, lx + 1] * wx  # knots x X
        upper = rows[ly + 1]
        lower = rows[ly]
        np.subtract(upper, lower, out=upper)
        np.multiply(upper, wy[:, None], out=upper)
        np.add(lower, upper, out=lower)
        return lower

    def plane(self, z):
        field = self._plane(z)
        np.multiply(field, np.float32(self.scale), out=field)
        return field


def make_plane(z, cells, texture, vignette, rng):
    f = cells.plane(z)
    # A steep sigmoid of a smooth field: compact bright regions (about a fifth of the area), soft edges.
    np.subtract(f, 0.8, out=f)
    np.multiply(f, -5.0, out=f)
    np.exp(f, out=f)
    np.add(f, 1.0, out=f)
    np.reciprocal(f, out=f)
    t = texture.plane(z)
    np.multiply(t, 0.3, out=t)
    np.add(t, 1.0, out=t)
    np.multiply(f, t, out=f)
    np.multiply(f, 1400.0, out=f)
    lam = f
    np.add(lam, vignette, out=lam)
    np.maximum(lam, 0.0, out=lam)
    # Shot noise ~ sqrt(lambda), read noise sigma 2.
    noise = rng.standard_normal(lam.shape, dtype=np.float32)
    sigma = np.add(lam, 4.0)
    np.sqrt(sigma, out=sigma)
    np.multiply(noise, sigma, out=noise)
    np.add(lam, noise, out=lam)
    np.clip(lam, 0, 4095, out=lam)
    np.rint(lam, out=lam)
    return lam.astype(np.uint16)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir")
    parser.add_argument("--shape", type=int, nargs=3, required=True)
    parser.add_argument("--chunks", type=int, nargs=3, required=True)
    parser.add_argument("--seed", type=int, default=20240611)
    parser.add_argument("--stamp", default="")
    args = parser.parse_args()
    shape, chunks = tuple(args.shape), tuple(args.chunks)

    started = time.perf_counter()
    os.makedirs(args.out_dir, exist_ok=True)
    if os.path.exists(os.path.join(args.out_dir, "dataset.json")):
        os.remove(os.path.join(args.out_dir, "dataset.json"))
    arrays = {}
    for name, (compressor, _) in CODECS.items():
        path = os.path.join(args.out_dir, name + ".zarr")
        shutil.rmtree(path, ignore_errors=True)
        arrays[name] = zarr.open(path, mode="w", shape=shape, chunks=chunks, dtype="<u2", compressor=compressor(),
                                 fill_value=0, order="C", dimension_separator=".")

    rng = np.random.default_rng(args.seed)
    cells = SmoothField(rng, shape, knots_yx=max(4, shape[1] // 96), knots_z=max(2, shape[0] // 4 + 1))
    texture = SmoothField(rng, shape, knots_yx=max(4, shape[1] // 24), knots_z=max(2, shape[0] // 2 + 1))
    yy = np.linspace(-1, 1, shape[1], dtype=np.float32)[:, None]
    xx = np.linspace(-1, 1, shape[2], dtype=np.float32)[None, :]
    vignette = (100.0 + 40.0 * (1.0 - 0.5 * (yy * yy + xx * xx))).astype(np.float32)  # camera offset + uneven illumination

    total = 0
    plane_size = shape[1] * shape[2]
    step = chunks[0]
    for z0 in range(0, shape[0], step):
        block = np.stack([make_plane(z, cells, texture, vignette, np.random.default_rng([args.seed, z]))
                          for z in range(z0, min(z0 + step, shape[0]))])
        total = (total + plane_checksum(block, z0 * plane_size)) & MASK
        for array in arrays.values():
            array[z0:z0 + block.shape[0]] = block
        print(f"\r  generated {min(z0 + step, shape[0])}/{shape[0]} planes", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)

    raw = int(np.prod(shape)) * 2
    description = {
        "stamp": args.stamp, "shape": list(shape), "chunks": list(chunks), "dtype": "<u2", "seed": args.seed,
        "checksum": format_checksum(total), "raw_bytes": raw, "arrays": {},
    }
    for name, (_, text) in CODECS.items():
        path = os.path.join(args.out_dir, name + ".zarr")
        stored = sum(e.stat().st_size for e in os.scandir(path) if not e.name.startswith("."))
        description["arrays"][name] = {"path": name + ".zarr", "codec": text, "stored_bytes": stored, "ratio": raw / stored}
    description["seconds"] = time.perf_counter() - started
    with open(os.path.join(args.out_dir, "dataset.json"), "w") as f:
        json.dump(description, f, indent=2)


if __name__ == "__main__":
    main()
