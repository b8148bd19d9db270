// Reads an OME-NGFF 0.5 image (Zarr v3) served by `tessera serve` with zarrita.js over HTTP (its FetchStore).
//
// usage: node read_http.mjs URL
// Prints JSON: per multiscale level, its shape, dtype and the SHA-256 of its values in C order, little-endian.
import { createHash } from "node:crypto";
// Resolved from the repository root's node_modules: this script lives under the root.
import * as zarr from "zarrita";
import FetchStore from "@zarrita/storage/fetch";

const url = process.argv[2];
const root = zarr.root(new FetchStore(url));
const group = await zarr.open.v3(root, { kind: "group" });
const levels = {};
for (const dataset of group.attrs.ome.multiscales[0].datasets) {
  const array = await zarr.open.v3(root.resolve(dataset.path), { kind: "array" });
  const chunk = await zarr.get(array);
  const bytes = Buffer.from(chunk.data.buffer, chunk.data.byteOffset, chunk.data.byteLength);
  levels[dataset.path] = { shape: array.shape, dtype: array.dtype, sha256: createHash("sha256").update(bytes).digest("hex") };
}
console.log(JSON.stringify({ levels }));
