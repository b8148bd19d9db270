"""Turns one bench/convert run (results/<timestamp>/: measurements.tsv, checks.tsv, context.txt) into the
Markdown table of README.md and the issue's two target lines. Usage: report.py LOG_DIR"""
import os
import statistics
import sys

CLEVEL = os.environ.get("BENCH_CLEVEL", "5")  # blosc clevel of the Zarr pipelines, set by run.sh

TOOLS = [
    ("tessera-0.5", f"Tessera `convert --ngff 0.5` (Zarr v3, blosc-zstd {CLEVEL})"),
    ("tessera-0.4", f"Tessera `convert --ngff 0.4` (Zarr v2, blosc-zstd {CLEVEL})"),
    ("vips", "vips `tiffsave --tile --pyramid` (TIFF, deflate)"),
    ("python", f"Python: tifffile + zarr 2.13 + skimage (Zarr v2, blosc-zstd {CLEVEL})"),
    ("vips-zstd", "context: vips `tiffsave … --compression zstd --level 5`"),
    ("vips-none", "context: vips `tiffsave … --compression none`"),
]
OPTIONAL = {"vips-zstd", "vips-none"}  # measured only with --vips-variants
NOT_AVAILABLE = "tessera convert: not available"


def main():
    logs = sys.argv[1]
    context = dict(line.rstrip("\n").split("=", 1) for line in open(os.path.join(logs, "context.txt")) if "=" in line)
    rows = {}
    for line in open(os.path.join(logs, "measurements.tsv")):
        run, tool, elapsed, rss, user, sys_, size, rc = line.rstrip("\n").split("\t")
        rows.setdefault(tool, []).append({"s": float(elapsed), "rss": int(rss), "cpu": float(user) + float(sys_),
                                          "bytes": int(size), "rc": int(rc)})
    checks = {}
    if os.path.exists(os.path.join(logs, "checks.tsv")):
        for line in open(os.path.join(logs, "checks.tsv")):
            tool, text = line.rstrip("\n").split("\t", 1)
            checks[tool] = text
    input_bytes = int(context["input_bytes"])
    size, runs = int(context["size"]), int(context["runs"])

    def median(tool, key):
        ok = [r[key] for r in rows.get(tool, []) if r["rc"] == 0]
        return statistics.median(ok) if ok else None

    reference = median("tessera-0.5", "s")
    print(f"### bench/convert: {size}×{size} uint16 TIFF ({input_bytes / 1e6:.0f} MB) → pyramid, "
          f"{'median of ' + str(runs) + ' runs' if runs > 1 else 'one run'}")
    print()
    print("| tool | seconds | input MB/s | peak RSS MiB | output MiB | cores | ratio (time / Tessera 0.5) | pyramid |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for tool, label in TOOLS:
        measured = rows.get(tool, [])
        if tool in OPTIONAL and not measured:
            continue
        if tool.startswith("tessera") and not measured and context.get("tessera_reason"):
            print(f"| {label} | {NOT_AVAILABLE} | | | | | | |")
            continue
        failed = [r["rc"] for r in measured if r["rc"] != 0]
        seconds = median(tool, "s")
        if seconds is None:
            print(f"| {label} | failed (exit {', '.join(map(str, failed)) or '?'}) | | | | | | |")
            continue
        note = f" ({len(failed)} of {len(measured)} runs failed)" if failed else ""
        cores = median(tool, "cpu") / seconds if seconds > 0 else 0.0
        ratio = f"{seconds / reference:.2f}" if reference else "–"
        check = checks.get(tool, "–")
        check = check.split(":")[0] if check.startswith(("same", "DIFFERS", "not checked")) else check
        print(f"| {label} | {seconds:.2f}{note} | {input_bytes / 1e6 / seconds:.0f} | {median(tool, 'rss') / 1024:.0f} | "
              f"{median(tool, 'bytes') / 2**20:.0f} | {cores:.2f} | {ratio} | {check} |")
    print()

    def target(name, value_text, passed):
        print(f"- {name}: {value_text} — {'PASS' if passed else 'FAIL'}")

    python, vips = median("python", "s"), median("vips", "s")
    if reference is None:
        reason = NOT_AVAILABLE if context.get("tessera_reason") else "Tessera 0.5 failed"
        print(f"- Tessera vs Python: not measured ({reason}) (target ≥ 3×)")
        print(f"- Tessera vs vips: not measured ({reason}) (target ≤ 1.5×)")
    else:
        v04 = median("tessera-0.4", "s")
        if python:
            extra = f"; 0.4: {python / v04:.2f}×" if v04 else ""
            target("Tessera vs Python", f"{python / reference:.2f}× faster (target ≥ 3×{extra})", python / reference >= 3)
        else:
            print("- Tessera vs Python: not measured (the Python pipeline failed) (target ≥ 3×)")
        if vips:
            extra = f"; 0.4: {v04 / vips:.2f}×" if v04 else ""
            target("Tessera vs vips", f"{reference / vips:.2f}× vips' time (target ≤ 1.5×{extra})", reference / vips <= 1.5)
        else:
            print("- Tessera vs vips: not measured (vips failed) (target ≤ 1.5×)")
    print()
    if runs > 1:
        for tool, _ in TOOLS:
            if rows.get(tool):
                per_run = ", ".join(f"{r['s']:.2f}" if r["rc"] == 0 else "failed" for r in rows[tool])
                print(f"- {tool} seconds per run: {per_run}")
        print()
    if checks:
        print("Pyramid checks (first run; `check_pyramid.py`):")
        for tool, _ in TOOLS:
            if tool in checks:
                print(f"- {tool}: {checks[tool]}")
        print()
    print(f"Context: {context['cpus']} CPUs, load average {context['load_at_start']} at start, {context['load_at_end']} at end; "
          f"commit {context['commit']}; {context['vips']}; {context['python']}; .NET SDK {context['dotnet']}"
          f"{'; vips ' + context['vips_extra'] if context.get('vips_extra') else ''}.")
    if context.get("tessera_reason"):
        print(f"Tessera: {context['tessera_reason']}.")


if __name__ == "__main__":
    main()
