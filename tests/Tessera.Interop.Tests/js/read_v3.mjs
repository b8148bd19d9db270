// Reads every Zarr v3 array of a manifest with zarrita.js, in one process.
//
// usage: node read_v3.mjs MANIFEST.json RESULT.json
//
// zarrita is resolved the ordinary way, from the repository root's node_modules (installed by
// ./scripts/setup.sh). Per case the result holds the array as zarrita reads it: shape, dtype, SHA-256 of
// the C-order little-endian bytes, sample values and the bytes themselves (base64, to locate a mismatch),
// or the error. zarrita's get() returns data in the
// array's memory order (F order after a transpose codec), so it is re-laid out in C order by its strides.
import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";

let zarr;
let FileSystemStore;
try {
  zarr = await import("zarrita");
  FileSystemStore = (await import("@zarrita/storage/fs")).default;
} catch (error) {
  process.stderr.write(`cannot import zarrita (${error.message}): run ./scripts/setup.sh (npm ci of the root package.json)\n`);
  process.exit(3);
}

function cOrderStrides(shape) {
  const strides = new Array(shape.length);
  let step = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = step;
    step *= shape[d];
  }
  return strides;
}

function toCOrder({ data, shape, stride }) {
  const count = shape.reduce((a, b) => a * b, 1);
  const c = cOrderStrides(shape);
  if (stride.every((s, d) => s === c[d] || shape[d] === 1) && data.length === count) {
    return data;
  }
  const out = new data.constructor(count);
  const index = new Array(shape.length).fill(0);
  for (let k = 0; k < count; k++) {
    let offset = 0;
    for (let d = 0; d < shape.length; d++) offset += index[d] * stride[d];
    out[k] = data[offset];
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++index[d] < shape[d]) break;
      index[d] = 0;
    }
  }
  return out;
}

function sampleValue(value) {
  return typeof value === "bigint" ? value.toString() : value;
}

async function readCase(store, testCase) {
  const location = zarr.root(store).resolve(testCase.path);
  const array = await zarr.open.v3(location, { kind: "array" });
  const chunk = await zarr.get(array, null);
  const data = toCOrder(chunk);
  // TypedArray bytes are in machine order: little endian on the x86/arm machines this runs on.
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const samples = {};
  for (const i of testCase.samples) {
    if (i >= 0 && i < data.length) samples[String(i)] = sampleValue(data[i]);
  }
  return {
    ok: true,
    shape: chunk.shape,
    dtype: array.dtype,
    stride: chunk.stride,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    data_base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64"),
    samples,
  };
}

const [manifestPath, resultPath] = process.argv.slice(2);
const manifest = JSON.parse(await readFile(manifestPath, "utf8"));
const store = new FileSystemStore(manifest.root);
const cases = {};
for (const testCase of manifest.cases) {
  try {
    cases[testCase.name] = await readCase(store, testCase);
  } catch (error) {
    // One broken case must not hide the others; keep the cause chain (zarrita wraps codec errors).
    let text = String(error?.stack ?? error);
    for (let cause = error?.cause; cause; cause = cause.cause) text += `\ncaused by: ${cause?.stack ?? cause}`;
    cases[testCase.name] = { ok: false, error: text };
  }
}
await writeFile(resultPath, JSON.stringify({ cases }));
