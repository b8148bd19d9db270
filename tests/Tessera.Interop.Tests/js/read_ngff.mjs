// Reads Tessera's OME-NGFF 0.5 sample hierarchies (Zarr v3) with zarrita.js, in one process.
//
// usage: node read_ngff.mjs MANIFEST.json RESULT.json
//
// Each hierarchy gets one file-system store at its root; nodes are resolved from it. Per array: the values
// as zarrita reads them (see interop_common.describe) plus its dimension_names and chunk shape. Per group:
// its attributes as zarrita returns them and the text of any extra files asked for (OME/METADATA.ome.xml),
// or the error.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, errorReport, importZarrita } from "./interop_common.mjs";

const { zarr, FileSystemStore } = await importZarrita();

const [manifestPath, resultPath] = process.argv.slice(2);
const manifest = JSON.parse(await readFile(manifestPath, "utf8"));
const stores = new Map();

function locate(entry) {
  if (!stores.has(entry.store)) stores.set(entry.store, new FileSystemStore(join(manifest.root, entry.store)));
  const store = stores.get(entry.store);
  return { store, location: entry.path === "" ? zarr.root(store) : zarr.root(store).resolve(entry.path) };
}

async function readArray(entry) {
  const { location } = locate(entry);
  const array = await zarr.open.v3(location, { kind: "array" });
  const report = describe(array, await zarr.get(array, null), entry.samples);
  report.dimension_names = array.dimensionNames ?? null;
  report.chunks = array.chunks;
  return report;
}

async function readGroup(entry) {
  const { store, location } = locate(entry);
  const group = await zarr.open.v3(location, { kind: "group" });
  const files = {};
  for (const name of entry.files ?? []) {
    const bytes = await store.get(`${location.path.replace(/\/$/, "")}/${name}`);
    files[name] = bytes === undefined ? null : new TextDecoder().decode(bytes);
  }
  return { ok: true, attributes: group.attrs, files };
}

async function guarded(read, entry) {
  try {
    return await read(entry);
  } catch (error) {
    return errorReport(error);
  }
}

const cases = {};
for (const entry of manifest.cases) cases[entry.name] = await guarded(readArray, entry);
const groups = {};
for (const entry of manifest.groups) groups[entry.name] = await guarded(readGroup, entry);
await writeFile(resultPath, JSON.stringify({ cases, groups }));
