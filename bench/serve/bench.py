"""bench/serve driver (called by run.sh): builds the demo repository, starts `tessera serve` and nginx on loopback,
measures cold and warm plate thumbnails, then runs wrk against both servers for the same bytes. Standard library only."""
import argparse
import atexit
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.error
import urllib.request

parser = argparse.ArgumentParser()
for name in ("--tessera", "--work", "--logs", "--lua"):
    parser.add_argument(name, required=True)
parser.add_argument("--duration", type=int, default=10)
parser.add_argument("--runs", type=int, default=3)
parser.add_argument("--connections", type=int, default=64)
parser.add_argument("--small", action="store_true")
args = parser.parse_args()
tessera = args.tessera.split()
repo = os.path.join(args.work, "repo")


started_processes = []


@atexit.register
def stop_everything():
    # Whatever way the run ends (sys.exit on a failure included), the servers it started are stopped by their PIDs.
    for process in started_processes:
        if process.poll() is None:
            stop(process)


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(base, path, timeout=300):
    with urllib.request.urlopen(base + path, timeout=timeout) as response:
        return response.read()


def get_json(base, path):
    return json.loads(get(base, path))


def wait_until_up(base, process, what):
    for _ in range(600):
        if process.poll() is not None:
            sys.exit(f"bench: {what} exited with {process.returncode} before answering (see {args.logs})")
        try:
            get(base, "/healthz" if what == "tessera" else "/", timeout=2)
            return
        except urllib.error.HTTPError:
            return  # answering, if only with 403/404
        except Exception:
            time.sleep(0.1)
    sys.exit(f"bench: {what} did not answer within 60 s")


def start_tessera():
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    output = open(os.path.join(args.logs, "tessera.log"), "a")
    process = subprocess.Popen([*tessera, "serve", repo, "--urls", base], stdout=output, stderr=output)
    started_processes.append(process)
    wait_until_up(base, process, "tessera")
    return process, base


def stop(process):
    # Stopped by its PID: SIGTERM, then SIGKILL if it lingers.
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def fetch_all(base, paths, parallel=16):
    """Every path once, `parallel` at a time over kept-alive connections (curl --parallel; a Python client is slower
    than the server here). The time includes starting curl."""
    config = "".join(f'url = "{base}{p}"\noutput = "/dev/null"\n' for p in paths)
    started = time.perf_counter()
    done = subprocess.run(["curl", "-s", "-f", "--parallel", "--parallel-immediate", "--parallel-max", str(parallel), "-w", "%{http_code}\n", "-K", "-"],
                          input=config, capture_output=True, text=True)
    elapsed = (time.perf_counter() - started) * 1000
    statuses = done.stdout.split()
    if done.returncode != 0 or len(statuses) != len(paths) or any(s != "200" for s in statuses):
        sys.exit(f"bench: fetching {len(paths)} paths failed (curl exit {done.returncode}; statuses {sorted(set(statuses))})")
    return elapsed


def timed_get(base, path):
    started = time.perf_counter()
    get(base, path)
    return (time.perf_counter() - started) * 1000


def chunk_paths(base, image_id, limit):
    """Up to `limit` stored chunk keys of level 0 of an image, from its own metadata (v2 or v3)."""
    prefix = f"/zarr/{image_id}/"
    try:
        attrs = get_json(base, prefix + "zarr.json")["attributes"]["ome"]
        level = attrs["multiscales"][0]["datasets"][0]["path"]
        meta = get_json(base, prefix + f"{level}/zarr.json")
        shape, chunks = meta["shape"], meta["chunk_grid"]["configuration"]["chunk_shape"]
        encoding = meta.get("chunk_key_encoding", {"name": "default"})
        separator = encoding.get("configuration", {}).get("separator", "/" if encoding["name"] == "default" else ".")
        key = (lambda index: "c" + separator + separator.join(map(str, index))) if encoding["name"] == "default" else (lambda index: separator.join(map(str, index)))
    except urllib.error.HTTPError:
        level = get_json(base, prefix + ".zattrs")["multiscales"][0]["datasets"][0]["path"]
        meta = get_json(base, prefix + f"{level}/.zarray")
        shape, chunks = meta["shape"], meta["chunks"]
        separator = meta.get("dimension_separator", ".")
        key = lambda index: separator.join(map(str, index))
    grid = [-(-s // c) for s, c in zip(shape, chunks)]
    paths = []
    for y in range(grid[-2]):
        for x in range(grid[-1]):
            paths.append(prefix + f"{level}/" + key([0] * (len(grid) - 2) + [y, x]))
            if len(paths) >= limit:
                return paths
    return paths


def mirror(base, paths, static):
    """Fetches each path once from tessera and stores the bytes where nginx serves them; returns nginx's paths."""
    mirrored = []
    for path in paths:
        local = "/static/" + re.sub(r"[^A-Za-z0-9._/-]", "_", path.lstrip("/"))
        target = os.path.join(static, local.lstrip("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as f:
            f.write(get(base, path))
        mirrored.append(local)
    return mirrored


def start_nginx(static_root):
    port = free_port()
    prefix = os.path.join(args.work, "nginx")
    os.makedirs(os.path.join(prefix, "logs"), exist_ok=True)
    conf = os.path.join(prefix, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""worker_processes auto;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  default_type application/octet-stream;
  types {{ image/jpeg jpeg jpg; }}
  server {{
    listen 127.0.0.1:{port};
    root {static_root};
    location / {{ }}
  }}
}}
""")
    process = subprocess.Popen(["/usr/sbin/nginx", "-p", prefix, "-c", conf, "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=open(os.path.join(args.logs, "nginx.log"), "a"))
    started_processes.append(process)
    base = f"http://127.0.0.1:{port}"
    wait_until_up(base, process, "nginx")
    return process, base


def wrk(base, paths_file):
    output = subprocess.run(
        ["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--latency", "-s", args.lua, base],
        env={**os.environ, "URLS": paths_file}, capture_output=True, text=True, check=True).stdout

    def ms(text):
        number, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
        return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    non2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", output)) else 0
    socket_errors = sum(map(int, m.groups())) if (m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)) else 0
    return {"rps": rps, "p50": p50, "p99": p99, "errors": non2xx + socket_errors, "raw": output}


# 1. The demo repository.
log("building the demo repository" + (" (small)" if args.small else ""))
started = time.perf_counter()
with open(os.path.join(args.logs, "demo.log"), "w") as demo_log:
    subprocess.run([*tessera, "demo", repo, *(["--small"] if args.small else [])], check=True, stdout=demo_log, stderr=demo_log)
log(f"demo built in {time.perf_counter() - started:.0f} s")

# 2. What to request: the biggest plate's field-0 thumbnails, 256² tiles of the largest image, chunks of plate images.
server, base = start_tessera()
plates = get_json(base, "/api/v1/plates?limit=100")["data"]
plate = max((get_json(base, f"/api/v1/plates/{p['id']}") for p in plates), key=lambda p: len(p["wells"]))
field0 = [f["imageId"] for w in plate["wells"] for f in w["fields"] if f["field"] == 0]
everything = [i["id"] for i in get_json(base, "/api/v1/images?limit=1000")["data"]]
largest = max((get_json(base, f"/api/v1/images/{i}") for i in everything if i not in set(field0)), key=lambda i: i["sizeX"] * i["sizeY"])
log(f"plate {plate['id']} '{plate['name']}': {len(plate['wells'])} wells, {len(field0)} field-0 images; largest image {largest['id']} '{largest['name']}' {largest['sizeX']} × {largest['sizeY']}")
thumbs = [f"/thumbnail/{i}?size=96" for i in field0]
tiles_x, tiles_y = -(-largest["sizeX"] // 256), -(-largest["sizeY"] // 256)
tiles = [f"/render/{largest['id']}?tile=0,{x},{y},256,256&format=jpeg&q=0.9"
         for y in range(max(0, tiles_y // 2 - 16), min(tiles_y, tiles_y // 2 + 16))
         for x in range(max(0, tiles_x // 2 - 16), min(tiles_x, tiles_x // 2 + 16))]
chunks = [p for i in field0[:64] for p in chunk_paths(base, i, 16)]
sprite = f"/plate-sprite/{plate['id']}?field=0&size=96"

# 3. Cold and warm plate thumbnails: a fresh server process and an empty thumbnail cache for "cold".
cache = os.path.join(repo, "cache")
plate_rows = []
for what, run in ((f"{len(thumbs)} thumbnails, 16 parallel requests", lambda: fetch_all(base, thumbs)), ("plate sprite (one request)", lambda: timed_get(base, sprite))):
    colds, warms = [], []
    for _ in range(args.runs):
        stop(server)
        shutil.rmtree(cache, ignore_errors=True)
        server, base = start_tessera()
        colds.append(run())
        warms.extend(run() for _ in range(5))
    plate_rows.append((what, statistics.median(colds), statistics.median(warms)))
    log(f"{what}: cold median {plate_rows[-1][1]:.0f} ms, warm median {plate_rows[-1][2]:.1f} ms")

# 4. The same bytes as static files for nginx (fetching them also warms tessera's thumbnail cache).
static = os.path.join(args.work, "static")
workloads = []
for name, paths in (("warm thumbnails (96 px JPEG)", thumbs), ("256² tiles (rendered JPEG)", tiles), ("/zarr/ chunk GETs", chunks)):
    copies = mirror(base, paths, static)
    for label, listed in (("tessera", paths), ("nginx", copies)):
        with open(os.path.join(args.work, f"{len(workloads)}-{label}.txt"), "w") as f:
            f.write("\n".join(listed) + "\n")
    workloads.append(name)
subprocess.run(["chmod", "-R", "a+rX", args.work], check=True)
nginx, nginx_base = start_nginx(static)

# 5. wrk against both, alternating, medians over runs.
results = {}
for index, name in enumerate(workloads):
    for run in range(args.runs):
        for label, target in (("tessera", base), ("nginx", nginx_base)):
            measured = wrk(target, os.path.join(args.work, f"{index}-{label}.txt"))
            with open(os.path.join(args.logs, "wrk.log"), "a") as f:
                f.write(f"== {name} / {label} / run {run + 1}\n{measured.pop('raw')}\n")
            results.setdefault((name, label), []).append(measured)
            log(f"{name:32} {label:8} run {run + 1}: {measured['rps']:9.0f} req/s, p50 {measured['p50']:.2f} ms, p99 {measured['p99']:.2f} ms, errors {measured['errors']}")
stop(nginx)
stop(server)

# 6. The report.
def med(name, label, field):
    return statistics.median(r[field] for r in results[(name, label)])


lines = [f"Plate {plate['id']} '{plate['name']}' ({len(plate['wells'])} wells, field 0); tiles of image {largest['id']} ({largest['sizeX']} × {largest['sizeY']}); "
         f"{len(chunks)} chunk keys of {min(64, len(field0))} plate images. wrk -t2 -c{args.connections} -d{args.duration}s, medians of {args.runs} runs.", "",
         "| workload | server | requests/s | p50 ms | p99 ms | errors | tessera / nginx requests/s |", "|---|---|---:|---:|---:|---:|---:|"]
for name in workloads:
    ratio = med(name, "tessera", "rps") / med(name, "nginx", "rps")
    for label in ("tessera", "nginx"):
        errors = sum(r["errors"] for r in results[(name, label)])
        lines.append(f"| {name} | {label} | {med(name, label, 'rps'):,.0f} | {med(name, label, 'p50'):.2f} | {med(name, label, 'p99'):.2f} | {errors} | {f'{ratio:.0%}' if label == 'tessera' else ''} |")
lines += ["", "| plate thumbnails | cold (fresh process, empty cache) median ms | warm median ms |", "|---|---:|---:|"]
lines += [f"| {what} | {cold:,.0f} | {warm:,.1f} |" for what, cold, warm in plate_rows]
with open(os.path.join(args.logs, "report.md"), "w") as f:
    f.write("\n".join(lines) + "\n")
