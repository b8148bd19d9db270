"""Reads Tessera's OME-NGFF 0.4 sample hierarchies with zarr-python, in one process.

usage: read_ngff.py MANIFEST.json RESULT.json

Each hierarchy is opened once at its root and navigated the way OME-Zarr readers do (root[path]). Per
array: the values as zarr-python reads them (see interop_common.describe). Per group: its member names,
the text of any extra files asked for (bioformats2raw's OME/METADATA.ome.xml) and its attributes (.zattrs)
as zarr-python returns them, or the errors.
"""

import os
import traceback

import interop_common as common
import zarr


def open_node(roots, manifest_root, entry):
    store = entry["store"]
    if store not in roots:
        roots[store] = zarr.open_group(os.path.join(manifest_root, store), mode="r")
    root = roots[store]
    return root, (root if entry["path"] == "" else root[entry["path"]])


def read_array(roots, manifest_root, case):
    _, z = open_node(roots, manifest_root, case)
    if not isinstance(z, zarr.Array):
        raise TypeError(f"{case['path']} is a {type(z).__name__}, not an array")
    report = common.describe(z[...], case["samples"])
    report["chunks"] = list(z.chunks)
    return report


def read_group(roots, manifest_root, entry):
    root, g = open_node(roots, manifest_root, entry)
    if not isinstance(g, zarr.hierarchy.Group):
        raise TypeError(f"{entry['path']} is a {type(g).__name__}, not a group")
    files = {}
    for name in entry.get("files", []):
        key = name if entry["path"] == "" else f"{entry['path']}/{name}"
        files[name] = root.store[key].decode("utf-8")
    report = {"ok": True, "members": sorted(g.keys()), "files": files}
    # Reported apart, so that attributes zarr-python cannot decode do not hide the hierarchy.
    try:
        report["attributes"] = g.attrs.asdict()
    except Exception:
        report["attributes_error"] = traceback.format_exc()
    return report


def guarded(handle, *args):
    try:
        return handle(*args)
    except Exception:  # one broken node must not hide the others
        return {"ok": False, "error": traceback.format_exc()}


if __name__ == "__main__":
    import sys

    manifest = common.load_manifest(sys.argv[1])
    roots = {}
    cases = {c["name"]: guarded(read_array, roots, manifest["root"], c) for c in manifest["cases"]}
    groups = {g["name"]: guarded(read_group, roots, manifest["root"], g) for g in manifest["groups"]}
    common.save_result(sys.argv[2], {"peer": common.peer_versions(), "cases": cases, "groups": groups})
