"""The checksum every reader in this benchmark prints, so run.sh can tell they decoded the same array.

checksum = sum over the flat C-order index i of value[i] * (i + 1), modulo 2**64, as 16 hex digits.
Position-weighted (unlike a plain sum) so a chunk decoded into the wrong place changes it. Computed
row by row: a row's dot product with 0..n-1 stays below 2**53, so float64 BLAS computes it exactly.
"""
import numpy as np

MASK = (1 << 64) - 1


def plane_checksum(plane, first_index):
    """Contribution of one C-contiguous block of rows (any shape ending in the row length) starting at flat index first_index."""
    rows = plane.reshape(-1, plane.shape[-1])
    n_rows, n_cols = rows.shape
    as_float = rows.astype(np.float64)
    row_sums = as_float.sum(axis=1).astype(np.uint64)
    row_dots = (as_float @ np.arange(n_cols, dtype=np.float64)).astype(np.uint64)
    # Weight of a row's element j is (row_start + 1) + j; uint64 array arithmetic wraps modulo 2**64.
    row_starts = np.uint64(first_index + 1) + np.arange(n_rows, dtype=np.uint64) * np.uint64(n_cols)
    return int((row_starts * row_sums + row_dots).sum(dtype=np.uint64))


def array_checksum(data):
    """Checksum of a whole C-order array, plane by plane to bound the temporary float64 copies."""
    total = 0
    per_plane = int(np.prod(data.shape[1:])) if data.ndim > 1 else data.size
    planes = data.reshape(-1, *data.shape[1:]) if data.ndim > 1 else data.reshape(1, -1)
    for z in range(planes.shape[0]):
        total = (total + plane_checksum(planes[z], z * per_plane)) & MASK
    return total


def format_checksum(value):
    return f"{value & MASK:016x}"
