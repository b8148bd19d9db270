"""The Python pipeline of bench/convert: a 2-D uint16 TIFF to an OME-NGFF 0.4 pyramid (Zarr v2) with
Debian's tifffile, zarr 2.13, numcodecs and scikit-image, written the way a competent Python user would,
without heroics:

- level 0: tifffile.imread of the whole image into memory (what typical scripts do; tifffile's aszarr
  would stream, but needs a chunk-aware downsampling loop that few pipelines write);
- level n+1: skimage.transform.downscale_local_mean(level n, (2, 2)), rounded half up and cast to uint16,
  until the largest side is <= 256 (the same rule as Tessera's convert);
- each level written with zarr as array "0", "1", ... of a group: chunks 1024x1024, dimension separator
  "/", blosc zstd clevel 5 with byte shuffle (numcodecs' default blosc threads: all cores);
- OME-NGFF 0.4 multiscales metadata with axes y, x and scale 2^n per level.

Edge windows: downscale_local_mean zero-pads an odd side, so its last row/column averages the pixels
present with zeros. Tessera averages only the pixels present; to write the same pyramid, those edge
values are rescaled by 4 / (pixels present) — one multiply per edge row/column, exact in float64.

Usage: python_pipeline.py IN.tif OUT.zarr [--chunks 1024] [--min-side 256]
Prints a phase breakdown (read, downsample, write seconds) to stderr.
"""
import argparse
import os
import sys
import time

import numcodecs
import numpy as np
import tifffile
import zarr
from skimage.transform import downscale_local_mean


def downsample(level):
    """2x2 mean, edge windows over the pixels present, rounded half up, as uint16."""
    mean = downscale_local_mean(level, (2, 2))  # float64, zero-padded at odd edges
    height, width = level.shape
    if height % 2:
        mean[-1, :] *= 2.0
    if width % 2:
        mean[:, -1] *= 2.0
    mean += 0.5
    np.floor(mean, out=mean)
    return mean.astype(np.uint16)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--chunks", type=int, default=1024)
    parser.add_argument("--min-side", type=int, default=256, help="stop when the largest side is <= this")
    parser.add_argument("--clevel", type=int, default=5, help="blosc compression level (5 is numcodecs' default)")
    args = parser.parse_args()

    times = {"read": 0.0, "downsample": 0.0, "write": 0.0}
    started = time.perf_counter()
    image = tifffile.imread(args.input)
    times["read"] = time.perf_counter() - started
    if image.ndim != 2 or image.dtype != np.uint16:
        sys.exit(f"python_pipeline.py: expected a 2-D uint16 image, got {image.shape} {image.dtype}")

    compressor = numcodecs.Blosc(cname="zstd", clevel=args.clevel, shuffle=numcodecs.Blosc.SHUFFLE)
    root = zarr.open_group(zarr.DirectoryStore(args.output, dimension_separator="/"), mode="w")
    level, datasets = image, []
    del image
    while True:
        n = len(datasets)
        t = time.perf_counter()
        root.create_dataset(str(n), data=level, chunks=(args.chunks, args.chunks), dtype="<u2",
                            compressor=compressor, fill_value=0, dimension_separator="/")
        times["write"] += time.perf_counter() - t
        datasets.append({"path": str(n), "coordinateTransformations": [{"type": "scale", "scale": [2.0 ** n] * 2}]})
        if max(level.shape) <= args.min_side:
            break
        t = time.perf_counter()
        level = downsample(level)
        times["downsample"] += time.perf_counter() - t

    root.attrs["multiscales"] = [{
        "version": "0.4",
        "name": os.path.splitext(os.path.basename(args.input))[0],
        "axes": [{"name": "y", "type": "space"}, {"name": "x", "type": "space"}],
        "datasets": datasets,
        "type": "mean",
        "metadata": {"method": "skimage.transform.downscale_local_mean", "rounding": "half up"},
    }]
    total = time.perf_counter() - started
    print(f"python_pipeline: {len(datasets)} levels; read {times['read']:.2f} s, downsample {times['downsample']:.2f} s, "
          f"write {times['write']:.2f} s, total {total:.2f} s (blosc threads {numcodecs.blosc.get_nthreads()})",
          file=sys.stderr)


if __name__ == "__main__":
    main()
