"""Writes every Zarr v2 array of a manifest with zarr-python, in one process.

usage: write_arrays.py MANIFEST.json RESULT.json

Each manifest case names a directory, dtype, shape, chunks, order, dimension separator, numcodecs
compressor config (or null) and fill value. Without "regions" the whole array is written; with
"regions" (lists of [start, stop) per dimension) only those boxes are, so other chunks stay missing.
The result reports, per case, the array as zarr-python holds it (SHA-256 of C-order little-endian
bytes plus sample values) and the chunk keys on disk, or the error.
"""

import interop_common as common
import numcodecs
import numpy as np
import zarr


def write_case(root, case):
    path = f"{root}/{case['path']}"
    shape = tuple(case["shape"])
    compressor = numcodecs.get_codec(dict(case["compressor"])) if case["compressor"] else None
    z = zarr.open_array(
        path,
        mode="w",
        shape=shape,
        chunks=tuple(case["chunks"]),
        dtype=np.dtype("<" + case["dtype"]),
        compressor=compressor,
        filters=None,
        order=case["order"],
        fill_value=case["fill_value"],
        dimension_separator=case["separator"],
    )
    data = common.values(case["dtype"], int(np.prod(shape))).reshape(shape)
    regions = case.get("regions")
    if regions is None:
        z[...] = data
        held = data
    else:
        for region in regions:
            box = tuple(slice(start, stop) for start, stop in region)
            z[box] = data[box]
        # What zarr-python itself reads: the written boxes, and its fill value everywhere else.
        held = zarr.open_array(path, mode="r")[...]
    report = common.describe(held, case["samples"])
    report["chunk_keys"] = common.chunk_keys(path)
    return report


if __name__ == "__main__":
    common.run_cases(write_case)
