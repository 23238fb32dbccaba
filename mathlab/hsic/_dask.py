"""Feature-HSIC sufficient statistics as dask reductions (optional; private).

dask is an optional extra (``mathlab[dask]``). Nothing here imports dask at module level:
:func:`is_dask_array` only looks at ``sys.modules``, so a dask array can only exist -- and be
detected -- once the user has imported dask themselves.

The reduction: x and y are joined column-wise into one array chunked by rows only; each chunk
maps to a packed row ``[n, mean_x, mean_y, vec(comoment)]`` (:class:`CrossMoments`); dask's
tree reduction (``dask.array.reduction`` with ``split_every``) merges the packed rows with the
exact pairwise update. The graph therefore runs unchanged on a ``dask.distributed`` cluster,
and only the small packed rows travel between workers.
"""

from __future__ import annotations

import sys

import numpy as np

from ._moments import CrossMoments, TreeSum

__all__ = ["is_dask_array", "compute", "feature_moments"]

#: How many packed chunk statistics one node of the reduction tree merges.
SPLIT_EVERY = 8


def is_dask_array(x) -> bool:
    """True when x is a dask array (without importing dask if it is not loaded)."""
    module = sys.modules.get("dask.array")
    return module is not None and isinstance(x, module.Array)


def compute(*arrays):
    """dask.compute, imported on demand."""
    import dask

    return dask.compute(*arrays)


def _joined(x, y):
    """x (n, p) and y (n, q) joined column-wise into one dask array chunked by rows only."""
    import dask.array as da

    x = da.asarray(x)
    y = da.asarray(y)
    if any(np.isnan(c) for c in x.chunks[0]) or any(np.isnan(c) for c in y.chunks[0]):
        raise ValueError("x and y must have known chunk sizes; call .compute_chunk_sizes() first")
    return da.concatenate([x, y.rechunk({0: x.chunks[0]})], axis=1).rechunk({1: -1}), x.shape[1]


def feature_moments(x, y, map_x, map_y, chunk_moments) -> CrossMoments:
    """CrossMoments of the features of dask arrays x (n, p) and y (n, q), computed by dask.

    ``chunk_moments(xc, yc, map_x, map_y)`` gives the statistics of one in-memory chunk.
    """
    import dask.array as da

    joined, p = _joined(x, y)
    width = 1 + map_x.n_features + map_y.n_features + map_x.n_features * map_y.n_features
    dims = (map_x.n_features, map_y.n_features)

    def chunk(block, axis, keepdims):
        xc = np.asarray(block[:, :p], dtype=np.float64)
        yc = np.asarray(block[:, p:], dtype=np.float64)
        _check_finite_block(xc, "x")
        _check_finite_block(yc, "y")
        return _pack(chunk_moments(xc, yc, map_x, map_y))[None, :]

    def combine(packed, axis, keepdims):
        total = TreeSum()
        for row in np.asarray(packed).reshape(-1, width):
            total.add(_unpack(row, dims))
        return _pack(total.result())[None, :]

    reduced = da.reduction(joined, chunk=chunk, combine=combine, aggregate=combine, axis=0,
                           keepdims=True, dtype=np.float64, split_every=SPLIT_EVERY,
                           concatenate=True, meta=np.empty((0, 0)), output_size=width)
    (packed,) = compute(reduced)
    return _unpack(np.asarray(packed).reshape(-1), dims)


def _check_finite_block(block, name):
    if not np.isfinite(block).all():
        raise ValueError(f"{name} must contain only finite values; a chunk contains NaN or inf")


def _pack(moments: CrossMoments) -> np.ndarray:
    return np.concatenate([[float(moments.n)], moments.mean_x, moments.mean_y,
                           moments.comoment.ravel()])


def _unpack(row: np.ndarray, dims) -> CrossMoments:
    dx, dy = dims
    n = int(round(row[0]))
    mean_x = row[1:1 + dx]
    mean_y = row[1 + dx:1 + dx + dy]
    comoment = row[1 + dx + dy:].reshape(dx, dy)
    return CrossMoments(n, mean_x.copy(), mean_y.copy(), comoment.copy())


def grid_moments(x, y, moments):
    """GridMoments of dask arrays x (n, p), y (n, q) on the grid of ``moments`` (a
    :class:`mathlab.hsic._gauss_transform.GridMoments`): every chunk of rows is spread onto the
    fixed grid where it lies, and the node weights of the chunks are summed (they add exactly,
    so the graph splits over chunks and workers in any way)."""
    joined, p = _joined(x, y)
    empty = moments.__class__(moments.grid_map, moments.plan, 0, np.zeros(moments.plan.shape))
    size = moments.weights.size

    def block(rows):
        xc = np.asarray(rows[:, :p], dtype=np.float64)
        yc = np.asarray(rows[:, p:], dtype=np.float64)
        _check_finite_block(xc, "x")
        _check_finite_block(yc, "y")
        moments.grid_map.check(xc, yc)
        part = empty.add(xc, yc) if xc.shape[0] else empty
        return np.concatenate([[float(part.n)], part.weights.ravel()])[None, :]

    packed = joined.map_blocks(block, chunks=((1,) * joined.numblocks[0], (1 + size,)),
                               dtype=np.float64).sum(axis=0)
    (total,) = compute(packed)
    part = moments.__class__(moments.grid_map, moments.plan, int(round(total[0])),
                             total[1:].reshape(moments.plan.shape))
    return moments.merge(part)
