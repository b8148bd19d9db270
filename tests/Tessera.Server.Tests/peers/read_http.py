"""Reads an OME-NGFF 0.4 image served by `tessera serve` with Debian's zarr-python 2.13 over HTTP (fsspec + aiohttp).

usage: python3 read_http.py URL
Prints JSON: per multiscale level, its shape, dtype and the SHA-256 of its values in C order, little-endian.
"""
import hashlib
import json
import sys

import zarr
from zarr.storage import FSStore

url = sys.argv[1]
group = zarr.open_group(FSStore(url, mode="r"), mode="r")
levels = {}
for dataset in group.attrs["multiscales"][0]["datasets"]:
    array = group[dataset["path"]]
    values = array[...]
    data = values.astype(values.dtype.newbyteorder("<"), copy=False).tobytes(order="C")
    levels[dataset["path"]] = {"shape": list(array.shape), "dtype": str(values.dtype), "sha256": hashlib.sha256(data).hexdigest()}
print(json.dumps({"zarr": zarr.__version__, "levels": levels}))
