"""Turns run.sh's measurements into the benchmark table: medians, GiB/s, cores used, the ratios the
targets speak of and whether each is met. Prints markdown and writes it to --out.
"""
import argparse
import csv
import json
import os
import statistics
import time
from collections import defaultdict

LABELS = [
    ("tessera-read", "Tessera read"),
    ("tessera-read-warm", "Tessera read, warm process (median of 3 more reads)"),
    ("zarr-python-read", "zarr-python read (`z[:]`)"),
    ("zarrita-read", "zarrita.js read (`zarr.get`)"),
    ("ceiling-1t", "decompress-only ceiling, 1 thread"),
    ("ceiling-2t", "decompress-only ceiling, 2 threads"),
    ("ceiling-read-2t", "C full read (pread + decompress + row copies into C order), 2 threads"),
    ("tessera-write", "Tessera write"),
    ("zarr-python-write", "zarr-python write"),
]

# (numerator, denominator, description, target: (comparison, bound) or None for information only)
RATIOS = [
    ("zarr-python-read", "tessera-read", "zarr-python read / Tessera read", (">=", 2.0)),
    ("zarrita-read", "tessera-read", "zarrita read / Tessera read", (">=", 3.0)),
    ("tessera-read", "ceiling-2t", "Tessera read / ceiling 2 threads", ("<=", 1.3)),
    ("tessera-read", "ceiling-1t", "Tessera read / ceiling 1 thread", None),
    ("tessera-read", "ceiling-read-2t", "Tessera read / C full read, 2 threads", None),
    ("tessera-read-warm", "ceiling-2t", "Tessera warm read / ceiling 2 threads", None),
    ("tessera-read-warm", "ceiling-read-2t", "Tessera warm read / C full read, 2 threads", None),
    ("ceiling-read-2t", "ceiling-2t", "C full read / ceiling 2 threads", None),
    ("zarr-python-write", "tessera-write", "zarr-python write / Tessera write", None),
]

PROBES = [
    ("read.file", "ReadAsync from files (FileSystemStore), MaxConcurrency = threads"),
    ("read.memory-store", "ReadAsync from a MemoryStore holding the encoded chunks (no file IO)"),
    ("read.fetch-only", "FileSystemStore.GetAsync of every chunk, no decoding"),
    ("read.decode-only", "Pipeline.Decode of preloaded chunks into a chunk buffer"),
    ("read.scatter-only", "copying decoded chunks into the C-order array (row copies)"),
    ("write.file", "CreateAsync + WriteAsync to files, MaxConcurrency = threads"),
    ("write.memory-store", "WriteAsync to a MemoryStore (no file IO)"),
    ("write.encode-only", "Pipeline.Encode of pre-gathered chunks"),
    ("write.gather-only", "copying chunks out of the C-order array"),
    ("write.fill-check", "FillValue.IsFilledWith on every chunk (WriteEmptyChunks = false)"),
    ("write.store-set-only", "FileSystemStore.SetAsync of pre-encoded chunks (temp file + rename)"),
    ("write.plain-files-only", "File.WriteAllBytes of pre-encoded chunks"),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--measurements", required=True)
    parser.add_argument("--probes", required=True)
    parser.add_argument("--dataset", required=True)
    parser.add_argument("--runs", type=int, required=True)
    parser.add_argument("--started", type=float, required=True)
    parser.add_argument("--generation-seconds", type=float, required=True)
    parser.add_argument("--environment", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    dataset = json.load(open(args.dataset))
    gib = dataset["raw_bytes"] / 2**30
    seconds = defaultdict(dict)  # (codec, tool) -> run -> seconds
    cpu = defaultdict(dict)
    with open(args.measurements) as f:
        for run, codec, tool, wall, used, _ in csv.reader(f, delimiter="\t"):
            seconds[codec, tool][int(run)] = float(wall)
            if used:
                cpu[codec, tool][int(run)] = float(used)

    shape, chunks = dataset["shape"], dataset["chunks"]
    n_chunks = 1
    for s, c in zip(shape, chunks):
        n_chunks *= -(-s // c)
    lines = [
        f"# bench/zarr-io — {os.path.splitext(os.path.basename(args.out))[0]}",
        "",
        f"Array {'×'.join(map(str, shape))} uint16 ({gib:.2f} GiB), chunks {'×'.join(map(str, chunks))} ({n_chunks} chunks), "
        "Zarr v2 with \".\" keys written by zarr-python; synthetic 12-bit widefield-like data (smooth cells, shot and read noise).",
        "",
        f"Medians of {args.runs} runs, tools interleaved round-robin, each measurement in a fresh process reading from the page cache "
        "(array open and, for Tessera, a one-chunk JIT warm-up read are untimed; Tessera reads into a preallocated, touched array, "
        "zarr-python and zarrita allocate their result inside the timing). The ceiling preloads every chunk file and times only "
        "libblosc/libzstd decompression into a preallocated buffer. Writes start from data in memory and do not fsync. "
        "GiB/s = uncompressed GiB / median seconds; cores = CPU seconds / wall seconds (median).",
        "",
        f"Environment: {args.environment}.",
        "",
    ]

    verdicts = []
    for codec, info in dataset["arrays"].items():
        lines += [f"## {codec}: {info['codec']} — compression ratio {info['ratio']:.2f} ({info['stored_bytes'] / 2**20:.0f} MiB stored)", "",
                  "| measurement | median s | GiB/s | cores | all runs (s) |", "|---|---:|---:|---:|---|"]
        for tool, label in LABELS:
            runs = seconds.get((codec, tool))
            if not runs:
                continue
            median = statistics.median(runs.values())
            cores = statistics.median(cpu[codec, tool][r] / runs[r] for r in runs) if cpu.get((codec, tool)) else float("nan")
            all_runs = ", ".join(f"{runs[r]:.3f}" for r in sorted(runs))
            lines.append(f"| {label} | {median:.3f} | {gib / median:.2f} | {cores:.2f} | {all_runs} |")
        lines += ["", "| ratio (of medians) | value | per-run range | target | met? |", "|---|---:|---|---|---|"]
        for numerator, denominator, label, target in RATIOS:
            top, bottom = seconds.get((codec, numerator)), seconds.get((codec, denominator))
            if not top or not bottom:
                continue
            value = statistics.median(top.values()) / statistics.median(bottom.values())
            per_run = [top[r] / bottom[r] for r in top if r in bottom]
            if target is None:
                target_text, met = "—", ""
            else:
                comparison, bound = target
                ok = value >= bound if comparison == ">=" else value <= bound
                target_text, met = f"{'≥' if comparison == '>=' else '≤'} {bound}", "**yes**" if ok else "**no**"
                verdicts.append((codec, label, value, target_text, ok))
            lines.append(f"| {label} | {value:.2f}× | {min(per_run):.2f}–{max(per_run):.2f} | {target_text} | {met} |")
        lines.append("")

    lines += ["## Targets", ""]
    for codec, label, value, target_text, ok in verdicts:
        lines.append(f"- {codec}: {label} = {value:.2f}× (target {target_text}): {'met' if ok else 'NOT met'}")
    lines.append("")

    probes = defaultdict(dict)  # (probe, threads) -> codec -> (median, all)
    if os.path.exists(args.probes):
        with open(args.probes) as f:
            for codec, probe, threads, median, all_runs in csv.reader(f, delimiter="\t"):
                probes[probe, int(threads)][codec] = (float(median), all_runs)
    if probes:
        codecs = list(dataset["arrays"])
        lines += ["## Tessera phase probes (bottleneck evidence)", "",
                  "One process per codec after the runs above; each probe is the median of 3 repetitions inside that process "
                  "(so page cache and JIT are warm). Phases are timed alone over all chunks; seconds for the whole array.", "",
                  "| probe | threads | " + " | ".join(f"{c} s" for c in codecs) + " | what it measures |",
                  "|---|---:|" + "---:|" * len(codecs) + "---|"]
        for probe, description in PROBES:
            for threads in sorted(t for p, t in probes if p == probe):
                cells = [f"{probes[probe, threads][c][0]:.3f}" if c in probes[probe, threads] else "" for c in codecs]
                lines.append(f"| {probe} | {threads} | " + " | ".join(cells) + f" | {description} |")
        lines.append("")

    total = time.time() - args.started
    generation = f"{args.generation_seconds:.0f} s of it data generation" if args.generation_seconds else "data reused"
    lines += [f"Total run time: {total / 60:.1f} min ({generation}).", ""]
    text = "\n".join(lines)
    with open(args.out, "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
