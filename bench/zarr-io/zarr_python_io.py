"""zarr-python 2.13 side of bench/zarr-io: one timed read or write per process.

  zarr_python_io.py read ARRAY_DIR                  times z[:] into a new numpy array
  zarr_python_io.py write SRC_DIR DST_DIR CODEC     reads SRC untimed, times zarr.open(DST, mode='w', ...)[:] = data

Prints "result seconds=... cpu=... [checksum=...]" for run.sh (cpu: process CPU seconds, all threads).
Run with Debian's /usr/bin/python3.
"""
import sys
import time

import numcodecs
import numcodecs.blosc
import zarr

from checksum import array_checksum, format_checksum

COMPRESSORS = {
    "blosc-lz4": lambda: numcodecs.Blosc(cname="lz4", clevel=5, shuffle=numcodecs.Blosc.SHUFFLE),
    "zstd3": lambda: numcodecs.Zstd(level=3),
}


def threading_note():
    # numcodecs' Blosc uses blosc's global thread pool when called from the main thread (its default),
    # so zarr-python decompresses one chunk at a time but each chunk with several blosc threads.
    return f"numcodecs {numcodecs.__version__}, blosc threads {numcodecs.blosc.get_nthreads()}, use_threads={numcodecs.blosc.use_threads}"


def read(path):
    z = zarr.open(path, mode="r")
    z[tuple(slice(0, c) for c in z.chunks)]  # untimed: first chunk, for symmetry with the other readers' warm-up
    cpu, started = time.process_time(), time.perf_counter()
    data = z[:]
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"# zarr-python {zarr.__version__} read z[:] (allocates its result; open untimed); {threading_note()}")
    print(f"result seconds={seconds:.6f} cpu={cpu:.6f} checksum={format_checksum(array_checksum(data))}")


def write(source, destination, codec):
    src = zarr.open(source, mode="r")
    data = src[:]
    cpu, started = time.process_time(), time.perf_counter()
    zarr.open(destination, mode="w", shape=data.shape, chunks=src.chunks, dtype=data.dtype, compressor=COMPRESSORS[codec](),
              fill_value=0, order="C", dimension_separator=".")[:] = data
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"# zarr-python {zarr.__version__} write ({codec}) zarr.open(mode='w')[:] = data, source read untimed; no fsync; {threading_note()}")
    print(f"result seconds={seconds:.6f} cpu={cpu:.6f}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "read":
        read(sys.argv[2])
    elif len(sys.argv) == 5 and sys.argv[1] == "write" and sys.argv[4] in COMPRESSORS:
        write(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
