// Reads every Zarr v3 array of a manifest with zarrita.js, in one process.
//
// usage: node read_v3.mjs MANIFEST.json RESULT.json
//
// zarrita is resolved the ordinary way, from the repository root's node_modules (installed by
// ./scripts/setup.sh). Per case the result holds the array as zarrita reads it: shape, dtype, SHA-256 of
// the C-order little-endian bytes, sample values and the bytes themselves (base64, to locate a mismatch),
// or the error.
import { readFile, writeFile } from "node:fs/promises";
import { describe, errorReport, importZarrita } from "./interop_common.mjs";

const { zarr, FileSystemStore } = await importZarrita();

async function readCase(store, testCase) {
  const location = zarr.root(store).resolve(testCase.path);
  const array = await zarr.open.v3(location, { kind: "array" });
  return describe(array, await zarr.get(array, null), testCase.samples);
}

const [manifestPath, resultPath] = process.argv.slice(2);
const manifest = JSON.parse(await readFile(manifestPath, "utf8"));
const store = new FileSystemStore(manifest.root);
const cases = {};
for (const testCase of manifest.cases) {
  try {
    cases[testCase.name] = await readCase(store, testCase);
  } catch (error) {
    cases[testCase.name] = errorReport(error);
  }
}
await writeFile(resultPath, JSON.stringify({ cases }));
