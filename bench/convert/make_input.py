"""Writes bench/convert's input: one uint16, 2-D, tiled, uncompressed BigTIFF of a microscopy-like image.

The image imitates a 12-bit fluorescence slide scan: a few large tissue regions (everything else is
background at the camera offset), cell-like bright blobs inside them with soft edges and internal texture,
uneven illumination, shot noise (Gaussian approximation of Poisson, sqrt(lambda)) and read noise. So it
compresses like a real image (the noise keeps it from compressing too well; the background and smooth
fields keep it from looking like random data) and its downsampled levels look like images too.

Tiles are generated band by band (one row of tiles at a time, all tiles of the band computed together)
and streamed to tifffile as a generator: memory stays at a few bands whatever the size. Smooth fields are
random coarse grids interpolated at global coordinates, so they are continuous across tiles and bands;
the noise of each band comes from its own seeded generator. Deterministic for a given seed, size and
numpy version.

Usage: make_input.py OUT.tif [--size N | --width W --height H] [--tile 512] [--seed S]
Writes OUT.tif through a temporary name and renames it at the end, so an existing OUT.tif is complete.
"""
import argparse
import os
import sys
import time

import numpy as np
import tifffile


def interpolation(start, count, extent, knots):
    """Lower knot index and smoothstep weight of the upper knot for positions start..start+count-1 of
    0..extent-1, with `knots` knots spanning the whole extent (so bands agree where they meet)."""
    position = np.arange(start, start + count, dtype=np.float64) * ((knots - 1) / max(extent - 1, 1))
    lower = np.minimum(position.astype(np.int64), knots - 2)
    t = (position - lower).astype(np.float32)
    return lower, t * t * (3 - 2 * t)


class SmoothField:
    """A random field of unit variance that varies on a scale of extent/knots pixels: a coarse random
    grid interpolated with smoothstep weights, evaluated for any band of rows."""

    def __init__(self, rng, height, width, knots_y, knots_x):
        self.coarse = rng.standard_normal((knots_y, knots_x), dtype=np.float32)
        self.height = height
        self.x = interpolation(0, width, width, knots_x)

    def band(self, y0, rows):
        ly, wy = interpolation(y0, rows, self.height, self.coarse.shape[0])
        first, last = int(ly.min()), int(ly.max()) + 1
        lx, wx = self.x
        knot_rows = self.coarse[first:last + 1]
        along_x = knot_rows[:, lx] * (1 - wx) + knot_rows[:, lx + 1] * wx  # (knot rows of the band) x width
        lower = along_x[ly - first]
        upper = along_x[ly - first + 1]
        np.subtract(upper, lower, out=upper)
        np.multiply(upper, wy[:, None], out=upper)
        np.add(lower, upper, out=lower)
        return lower


def sigmoid(field, threshold, steepness):
    """1 / (1 + exp(-steepness * (field - threshold))), in place."""
    np.subtract(field, threshold, out=field)
    np.multiply(field, -steepness, out=field)
    np.exp(field, out=field)
    np.add(field, 1.0, out=field)
    np.reciprocal(field, out=field)
    return field


class Image:
    def __init__(self, height, width, seed):
        self.height, self.width, self.seed = height, width, seed
        rng = np.random.default_rng(seed)
        knots = lambda extent, scale: max(4, round(extent / scale) + 1)  # noqa: E731
        # Tissue regions of about a sixth of the image, cells of ~100 px, texture of ~25 px.
        self.tissue = SmoothField(rng, height, width, knots(height, height / 6), knots(width, width / 6))
        self.cells = SmoothField(rng, height, width, knots(height, 96), knots(width, 96))
        self.texture = SmoothField(rng, height, width, knots(height, 24), knots(width, 24))
        for field in (self.tissue, self.cells, self.texture):  # unit variance, measured on one band
            field.scale = np.float32(1.0 / float(field.band(0, min(height, 256)).std() or 1.0))
        self.xx = np.linspace(-1, 1, width, dtype=np.float32)[None, :]

    def band(self, y0, rows):
        def scaled(field):
            values = field.band(y0, rows)
            return np.multiply(values, field.scale, out=values)

        tissue = sigmoid(scaled(self.tissue), 0.0, 4.0)
        f = sigmoid(scaled(self.cells), 0.8, 5.0)  # compact bright regions, about a fifth of the area, soft edges
        t = scaled(self.texture)
        np.multiply(t, 0.3, out=t)
        np.add(t, 1.0, out=t)
        np.multiply(f, t, out=f)
        np.multiply(f, tissue, out=f)
        np.multiply(f, 1400.0, out=f)
        np.multiply(tissue, 60.0, out=tissue)  # autofluorescence of the tissue itself
        np.add(f, tissue, out=f)
        yy = np.linspace(-1, 1, self.height, dtype=np.float32)[y0:y0 + rows, None]
        vignette = 100.0 + 40.0 * (1.0 - 0.5 * (yy * yy + self.xx * self.xx))  # camera offset + uneven illumination
        lam = np.add(f, vignette, out=f)
        np.maximum(lam, 0.0, out=lam)
        # Shot noise ~ sqrt(lambda), read noise sigma 2.
        rng = np.random.default_rng([self.seed, y0])
        noise = rng.standard_normal(lam.shape, dtype=np.float32)
        sigma = np.add(lam, 4.0)
        np.sqrt(sigma, out=sigma)
        np.multiply(noise, sigma, out=noise)
        np.add(lam, noise, out=lam)
        np.clip(lam, 0, 4095, out=lam)
        np.rint(lam, out=lam)
        return lam.astype(np.uint16)

    def tiles(self, tile, progress):
        """Tiles in TIFF order (row-major); edge tiles are partial (tifffile zero-pads them)."""
        for y0 in range(0, self.height, tile):
            band = self.band(y0, min(tile, self.height - y0))
            for x0 in range(0, self.width, tile):
                yield np.ascontiguousarray(band[:, x0:x0 + tile])
            progress(min(y0 + tile, self.height))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--size", type=int, default=30000, help="width and height (default 30000)")
    parser.add_argument("--width", type=int)
    parser.add_argument("--height", type=int)
    parser.add_argument("--tile", type=int, default=512, help="TIFF tile side (default 512, a multiple of 16)")
    parser.add_argument("--seed", type=int, default=20240611)
    args = parser.parse_args()
    width, height = args.width or args.size, args.height or args.size
    if width < 2 or height < 2 or args.tile % 16:
        parser.error("width and height must be >= 2 and the tile side a multiple of 16")

    started = time.perf_counter()
    image = Image(height, width, args.seed)
    tmp = args.out + ".partial"
    progress = lambda rows: print(f"\r  generated {rows}/{height} rows", end="", file=sys.stderr, flush=True)  # noqa: E731
    # Uncompressed: the benchmark measures the conversion pipelines, not a TIFF decoder (see README).
    # BigTIFF always: the default size is just under 4 GB of pixels with headroom for nothing else.
    tifffile.imwrite(tmp, data=image.tiles(args.tile, progress), shape=(height, width), dtype=np.uint16,
                     tile=(args.tile, args.tile), compression=None, bigtiff=True, photometric="minisblack",
                     metadata=None, software="tessera bench/convert make_input.py")
    print(file=sys.stderr)
    os.replace(tmp, args.out)
    print(f"  wrote {args.out}: {width}x{height} uint16, tiles {args.tile}x{args.tile}, "
          f"{os.path.getsize(args.out) / 2**20:.0f} MiB, {time.perf_counter() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
