"""Reads every Zarr v2 array of a manifest with zarr-python, in one process.

usage: read_arrays.py MANIFEST.json RESULT.json

Reports, per case, the whole array as zarr-python reads it (shape, dtype, SHA-256 of the C-order
little-endian bytes, sample values) and how zarr-python understood the metadata (order, compressor
config, dimension separator, fill value), or the error.
"""

import interop_common as common
import numpy as np
import zarr


def read_case(root, case):
    z = zarr.open_array(f"{root}/{case['path']}", mode="r")
    report = common.describe(z[...], case["samples"])
    report["order"] = z.order
    report["compressor"] = z.compressor.get_config() if z.compressor is not None else None
    report["separator"] = getattr(z, "_dimension_separator", None) or "."
    report["fill_value"] = None if z.fill_value is None else np.asarray(z.fill_value).item()
    return report


if __name__ == "__main__":
    common.run_cases(read_case)
