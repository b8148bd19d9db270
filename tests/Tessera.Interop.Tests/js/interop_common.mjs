// Shared by the zarrita.js peer scripts of Tessera's interoperability tests.
import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";

function cOrderStrides(shape) {
  const strides = new Array(shape.length);
  let step = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = step;
    step *= shape[d];
  }
  return strides;
}

// zarrita's get() returns data in the array's memory order (F order after a transpose codec), so it is
// re-laid out in C order by its strides.
export function toCOrder({ data, shape, stride }) {
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

// Shape, dtype, SHA-256 of the C-order little-endian bytes, the sample values and the bytes themselves
// (base64, to locate a mismatch) of a whole array read with zarr.get.
export function describe(array, chunk, samples) {
  const data = toCOrder(chunk);
  // TypedArray bytes are in machine order: little endian on the x86/arm machines this runs on.
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const values = {};
  for (const i of samples) {
    if (i >= 0 && i < data.length) values[String(i)] = sampleValue(data[i]);
  }
  return {
    ok: true,
    shape: chunk.shape,
    dtype: array.dtype,
    stride: chunk.stride,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    data_base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64"),
    samples: values,
  };
}

// An error with its cause chain (zarrita wraps codec errors), for one broken case that must not hide the others.
export function errorReport(error) {
  let text = String(error?.stack ?? error);
  for (let cause = error?.cause; cause; cause = cause.cause) text += `\ncaused by: ${cause?.stack ?? cause}`;
  return { ok: false, error: text };
}

// zarrita and its file-system store, or exit code 3, which the C# harness turns into "run ./scripts/setup.sh".
export async function importZarrita() {
  try {
    const zarr = await import("zarrita");
    const FileSystemStore = (await import("@zarrita/storage/fs")).default;
    return { zarr, FileSystemStore };
  } catch (error) {
    process.stderr.write(`cannot import zarrita (${error.message}): run ./scripts/setup.sh (npm ci of the root package.json)\n`);
    process.exit(3);
  }
}
