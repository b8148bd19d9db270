"""Shared by the zarr-python peer scripts of Tessera's interoperability tests.

The value formulas here and in the C# side (Cases/TestValues.cs) must stay identical: the tests compare
SHA-256 digests of the C-order little-endian bytes, so both sides have to generate the same values.
"""
import base64
import hashlib
import json
import os
import sys

try:
    import numpy as np
    import numcodecs
    import zarr
except ImportError as error:  # the C# harness turns exit code 3 into "run ./scripts/setup.sh"
    print(f"cannot import zarr-python or its dependencies ({error}): run ./scripts/setup.sh "
          "(it installs Debian's python3-zarr for /usr/bin/python3)", file=sys.stderr)
    sys.exit(3)


def values(dtype, count):
    """The deterministic values of a case, by C-order linear index (see TestValues.cs)."""
    i = np.arange(count, dtype=np.int64)
    if dtype == "u1":
        return ((i * 37 + 11) % 256).astype(np.uint8)
    if dtype == "u2":
        return ((i * 40503 + 65535) % 65536).astype(np.uint16)
    if dtype == "i4":
        return ((i * 1103515245 + 12345) & 0xFFFFFFFF).astype(np.uint32).view(np.int32)
    if dtype == "f4":
        return ((i * 0.731 - 300.5) / 7.0).astype(np.float32)
    if dtype == "f8":
        return (i * 7.25 - 1000.125) / 3.0
    raise ValueError(f"unknown dtype {dtype}")


def describe(a, samples):
    """Shape, dtype, SHA-256 of the C-order little-endian bytes, the values at the sample indices, and the
    bytes themselves (base64, small arrays only) so that a mismatch can name the first differing element."""
    little = np.ascontiguousarray(a).astype("<" + a.dtype.str[1:])
    flat = little.reshape(-1)
    data = little.tobytes()
    return {
        "ok": True,
        "shape": list(a.shape),
        "dtype": a.dtype.str,
        "sha256": hashlib.sha256(data).hexdigest(),
        "data_base64": base64.b64encode(data).decode("ascii"),
        "samples": {str(i): flat[i].item() for i in samples if 0 <= i < flat.size},
    }


def chunk_keys(path):
    """Relative keys of the stored chunks (everything but the metadata documents)."""
    keys = []
    for directory, _, files in os.walk(path):
        for name in files:
            if name not in (".zarray", ".zattrs", ".zgroup"):
                keys.append(os.path.relpath(os.path.join(directory, name), path).replace(os.sep, "/"))
    return sorted(keys)


def peer_versions():
    return {"zarr": zarr.__version__, "numcodecs": numcodecs.__version__, "numpy": np.__version__}


def load_manifest(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def save_result(path, result):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(result, f, allow_nan=False)


def run_cases(handle):
    """The scripts' main: reads the manifest named on the command line, runs handle(root, case) for every
    case, and writes one result file; one broken case is reported with its traceback without hiding the others."""
    import traceback

    manifest_path, result_path = sys.argv[1], sys.argv[2]
    manifest = load_manifest(manifest_path)
    results = {}
    for case in manifest["cases"]:
        try:
            results[case["name"]] = handle(manifest["root"], case)
        except Exception:  # one broken case must not hide the others
            results[case["name"]] = {"ok": False, "error": traceback.format_exc()}
    save_result(result_path, {"peer": peer_versions(), "cases": results})
