// zarrita.js side of bench/zarr-io: one timed read of a whole Zarr v2 array per process.
//   node zarrita_read.mjs ARRAY_DIR
// Prints "result seconds=... cpu=... checksum=..." for run.sh: cpu is process CPU seconds (all threads),
// the checksum is the one defined in checksum.py.
import FileSystemStore from "@zarrita/storage/fs";
import * as zarr from "zarrita";

const [directory] = process.argv.slice(2);
if (!directory) {
  console.error("usage: node zarrita_read.mjs ARRAY_DIR");
  process.exit(2);
}

const array = await zarr.open.v2(zarr.root(new FileSystemStore(directory)), { kind: "array" });
// Untimed: one chunk, which also loads the codec's WebAssembly module.
await zarr.get(array, array.chunks.map((extent) => zarr.slice(0, extent)));

const cpu = process.cpuUsage();
const started = performance.now();
const result = await zarr.get(array);
const seconds = (performance.now() - started) / 1000;
const cpuUsed = process.cpuUsage(cpu);

console.log(`# zarrita.js read of the full array with zarr.get (allocates its result; open untimed), node ${process.version}`);
console.log(`result seconds=${seconds.toFixed(6)} cpu=${((cpuUsed.user + cpuUsed.system) / 1e6).toFixed(6)} checksum=${checksum(result.data, result.shape.at(-1)).toString(16).padStart(16, "0")}`);

// Sum of value[i] * (i + 1) modulo 2^64. Per row the sums stay exact in doubles (< 2^53); BigInt combines rows.
function checksum(values, rowLength) {
  let total = 0n;
  for (let start = 0; start < values.length; start += rowLength) {
    let rowSum = 0;
    let rowDot = 0;
    for (let j = 0; j < rowLength; j++) {
      const value = values[start + j];
      rowSum += value;
      rowDot += value * j;
    }
    total = BigInt.asUintN(64, total + BigInt(start + 1) * BigInt(rowSum) + BigInt(rowDot));
  }
  return total;
}
