r"""Exact HSIC sums in O(n log n) for one-dimensional distance and Laplace kernels (private).

For one-dimensional data the kernels

====================  =====================================================================
Laplace               :math:`k(a, a') = \exp(-\lvert a - a'\rvert)`   (data scaled, a = x / sigma)
distance              :math:`k(a, a') = -\lvert a - a'\rvert / 2`  (the distance-induced kernel
                      up to terms :math:`f(a) + f(a')` that centring removes)
====================  =====================================================================

are functions of the ORDER of the sample and of the gaps between neighbours, so every sum
that HSIC needs follows from sorting:

* Row sums :math:`r_i = \sum_{j \ne i} k(a_i, a_j)` by two sweeps over the sorted sample,
  with running sums transported from one point to the next,

  .. math:: F_i = \sum_{j<i} e^{-(a_i - a_j)} = (F_{i-1} + 1)\,e^{-(a_i - a_{i-1})},\qquad
            D_i = \sum_{j<i} (a_i - a_j) = D_{i-1} + i\,(a_i - a_{i-1}),

  (and backwards), so every update adds non-negative terms and every exponential factor is
  at most 1: no cancellation, no overflow, whatever the offset of the data.
* The cross term :math:`\sum_{i \ne j} k(x_i, x_j)\, l(y_i, y_j)` by a merge sort on y over
  the x-sorted sample (bottom-up). When a left block (smaller x) meets a right block
  (larger x) at the split value :math:`x_m`, every cross pair has
  :math:`x_j - x_i = (x_j - x_m) + (x_m - x_i)` with both parts >= 0, so

  .. math:: e^{-(x_j - x_i)} = e^{-(x_j - x_m)}\, e^{-(x_m - x_i)},\qquad
            x_j - x_i = (x_j - x_m)\cdot 1 + 1\cdot(x_m - x_i)

  split into products of a left and a right factor, each <= 1 for the Laplace kernel. The
  sum over the left block of (left factor) x l(y_i, y_j) for every right point j is then
  one sweep over the two blocks merged by y, in each direction, with running sums
  transported as above (rescaled by :math:`e^{-(y_{new} - y_{old})} \le 1`, or increased by
  (weight) x (gap) for the distance kernel). Ties in y: the merge takes the left point first,
  so the forward sweep counts :math:`y_i \le y_j` and the backward sweep :math:`y_i > y_j`.

The total cost is O(n log n) time and O(n) memory. Sums of non-negative terms only (apart
from the sign of the distance kernel, which is carried outside), so the results agree with
the O(n^2) pass over the pairs to rounding.

The weighted variant computes :math:`\sum_{i\ne j} k_{ij} l_{ij} w_i z_j` (sources carry w
and z), which the moments of the gamma test need.

References
----------
X. Huo, G. J. Szekely, "Fast computing for distance covariance", Technometrics 58 (2016).
A. Chaudhuri, W. Hu, "A fast algorithm for computing distance correlation", Comput. Stat.
Data Anal. 135 (2019) (the merge-sort formulation for the distance kernel).
"""

from __future__ import annotations

import math

import numpy as np
from .._numba import njit

from ._pairs import _exp_neg

__all__ = ["row_sums", "square_sum", "cross_sum", "weighted_cross_sum", "weighted_rows",
           "centre_1d", "MAX_N"]

LEAF = 32
"""Points per leaf block of the x-sorted sample whose pairs are summed directly."""

MAX_N = 2**31 - 1
"""Largest sample size (int32-free indexing is not needed; this bounds memory, ~80 bytes/point)."""


def centre_1d(values: np.ndarray) -> np.ndarray:
    """values - midrange, computed exactly for clustered data (kernels are translation invariant).

    Subtracting a constant near the data is exact when the data lie within a factor of two of
    it (Sterbenz), so data such as 1e12 + u keep all the digits of u.
    """
    values = np.asarray(values, dtype=np.float64).ravel()
    if values.size == 0:
        return values.copy()
    centre = 0.5 * (float(values.max()) + float(values.min()))
    if not math.isfinite(centre):  # max + min overflowed: halve first
        centre = 0.5 * float(values.max()) + 0.5 * float(values.min())
    return values - centre


@njit(cache=True, fastmath={"nnan", "ninf", "nsz", "contract"})
def _transport_factors(zs, laplace, rate, out):
    """out[i] = e^{-rate (z_i - z_{i-1})} (Laplace) or the gap z_i - z_{i-1}; out[0] = 0."""
    out[0] = 0.0
    if laplace:
        for i in range(1, zs.size):
            out[i] = _exp_neg(rate * (zs[i] - zs[i - 1]))
    else:
        for i in range(1, zs.size):
            out[i] = zs[i] - zs[i - 1]


@njit(cache=True)
def _forward_backward_rows(g, laplace, weights, out):
    """out[i] = sum_{j != i} k(z_i, z_j) weights[j] over sorted z, from the transport factors
    g of :func:`_transport_factors` (Laplace; or |z_i - z_j| for the distance kernel)."""
    n = g.size
    acc = 0.0
    mass = 0.0
    out[0] = 0.0
    for i in range(1, n):
        if laplace:
            acc = (acc + weights[i - 1]) * g[i]
        else:
            mass += weights[i - 1]
            acc += mass * g[i]
        out[i] = acc
    acc = 0.0
    mass = 0.0
    for i in range(n - 2, -1, -1):
        if laplace:
            acc = (acc + weights[i + 1]) * g[i + 1]
        else:
            mass += weights[i + 1]
            acc += mass * g[i + 1]
        out[i] += acc


def weighted_rows(z: np.ndarray, order: np.ndarray, *, laplace: bool, rate: float = 1.0,
                  weights: np.ndarray | None = None) -> np.ndarray:
    r"""Weighted row sums :math:`\sum_{j\ne i} k(z_i, z_j)\,w_j` in the ORIGINAL order.

    ``order`` sorts z (``z[order]`` ascending). The kernel is :math:`e^{-\text{rate}\,|\Delta|}`
    (``laplace=True``) or :math:`|\Delta|` (the caller scales it by -1/2 for the distance kernel).
    """
    zs = z[order]
    ws = np.ones(z.size) if weights is None else np.ascontiguousarray(weights[order],
                                                                         dtype=np.float64)
    out_sorted = np.empty(z.size)
    if z.size:
        g = np.empty(z.size)
        _transport_factors(zs, laplace, float(rate), g)
        _forward_backward_rows(g, laplace, ws, out_sorted)
    out = np.empty(z.size)
    out[order] = out_sorted
    return out


def row_sums(z: np.ndarray, order: np.ndarray, *, laplace: bool, rate: float = 1.0) -> np.ndarray:
    """Unweighted row sums (see :func:`weighted_rows`)."""
    return weighted_rows(z, order, laplace=laplace, rate=rate)


@njit(cache=True)
def _square_distance_sum(zs):
    """sum_{i != j} (z_i - z_j)^2 for sorted z, by a sweep of non-negative updates."""
    n = zs.size
    first = 0.0   # sum_{j<i} (z_i - z_j)
    second = 0.0  # sum_{j<i} (z_i - z_j)^2
    total = 0.0
    for i in range(1, n):
        gap = zs[i] - zs[i - 1]
        second += 2.0 * gap * first + i * gap * gap
        first += i * gap
        total += second
    return 2.0 * total


def square_sum(z: np.ndarray, order: np.ndarray, *, laplace: bool) -> float:
    r""":math:`\sum_{i\ne j} k(z_i, z_j)^2` of the raw kernel (Laplace, or |dz| for distance)."""
    if laplace:
        return float(np.sum(row_sums(z, order, laplace=True, rate=2.0)))
    return float(_square_distance_sum(z[order]))


@njit(cache=True)
def _merge_steps(cy, cx, cw, lo, mid, hi, p, q, pb, qb, t0, t1, front_only, ny, nx, nw, side):
    """Steps t0..t1-1 of a merge by y of the sorted blocks [lo, mid), [mid, hi) run from
    both ends at once (two independent dependency chains): step t writes merged point lo + t
    from the front (the left point first on ties) and, unless ``front_only``, point hi-1-t
    from the back (the right point first on ties: the same stable merge). side = 0 for the
    left block, 1 for the right. Branch-free selects. Returns the four pointers."""
    m = cw.shape[0]
    for t in range(t0, t1):
        yp = cy[min(p, mid - 1)]
        yq = cy[min(q, hi - 1)]
        r = np.int64((q < hi) & ((p >= mid) | (yq < yp)))
        s = p + r * (q - p)
        k = lo + t
        ny[k] = cy[s]
        nx[k] = cx[s]
        side[k] = float(r)
        for c in range(m):
            nw[c, k] = cw[c, s]
        p += 1 - r
        q += r
        if front_only:
            continue
        yp = cy[max(pb, lo)]
        yq = cy[max(qb, mid)]
        left = np.int64((pb >= lo) & ((qb < mid) | (yp > yq)))
        s = qb + left * (pb - qb)
        k = hi - 1 - t
        ny[k] = cy[s]
        nx[k] = cx[s]
        side[k] = float(1 - left)
        for c in range(m):
            nw[c, k] = cw[c, s]
        pb -= left
        qb -= 1 - left
    return p, q, pb, qb


@njit(cache=True, fastmath={"nnan", "ninf", "nsz", "contract"})
def _chunk_factors(ny, nx, k, stop, g0, g1, x_m, x_laplace, y_laplace, rate_x, rate_y, f, g):
    """f[t] = e^{-rate_x |x_t - x_m|} (Laplace x) or |x_t - x_m| for k <= t < stop, and the
    transport between the merged points t-1 and t, g[t] = e^{-rate_y (y_t - y_{t-1})} or the
    gap, for g0 <= t < g1. Vectorised."""
    if x_laplace:
        for t in range(k, stop):
            f[t] = _exp_neg(rate_x * abs(nx[t] - x_m))
    else:
        for t in range(k, stop):
            f[t] = abs(nx[t] - x_m)
    if y_laplace:
        for t in range(g0, g1):
            g[t] = _exp_neg(rate_y * (ny[t] - ny[t - 1]))
    else:
        for t in range(g0, g1):
            g[t] = ny[t] - ny[t - 1]


@njit(cache=True)
def _sweep(side, f, g, lo, hi, forward, x_laplace, y_laplace):
    """Sum over the right points j of f_j x (sum over the left points i passed so far).

    Forward (ascending merged order) the left points with y_i <= y_j have been passed,
    backward those with y_i > y_j (left points tied with j precede it). At each point the
    running sums are first transported from the previous point (times g <= 1, or plus
    mass x gap), then a right point collects, then a left point adds its factor; ``side`` is
    a 0/1 factor, so there are no data-dependent branches.
    """
    total = 0.0
    a1 = 0.0
    a2 = 0.0
    m1 = 0.0
    m2 = 0.0
    count = hi - lo
    for u in range(count):
        t = lo + u if forward else hi - 1 - u
        # transport from the previous point of the sweep (none at the first point)
        step = (g[t] if forward else g[t + 1]) if u > 0 else 0.0
        r = side[t]
        if x_laplace and y_laplace:
            a1 *= step
            total += r * f[t] * a1
            a1 += (1.0 - r) * f[t]
        elif x_laplace:
            a1 += m1 * step
            total += r * f[t] * a1
            m1 += (1.0 - r) * f[t]
        elif y_laplace:
            a1 *= step
            a2 *= step
            total += r * (f[t] * a1 + a2)
            a1 += 1.0 - r
            a2 += (1.0 - r) * f[t]
        else:
            a1 += m1 * step
            a2 += m2 * step
            total += r * (f[t] * a1 + a2)
            m1 += 1.0 - r
            m2 += (1.0 - r) * f[t]
    return total


@njit(cache=True)
def _sweep_weighted(side, f, g, nw, lo, hi, forward, x_laplace, y_laplace, same, state):
    """:func:`_sweep` with weights: left points carry w (and z), right points collect
    z_j x (w-sums) + w_j x (z-sums), or w_j x (w-sums) when ``same``."""
    ns = 1 if same else 2
    state[:] = 0.0
    total = 0.0
    for u in range(hi - lo):
        t = lo + u if forward else hi - 1 - u
        step = (g[t] if forward else g[t + 1]) if u > 0 else 0.0
        r = side[t]
        for s in range(ns):
            b = 4 * s
            if y_laplace:
                state[b] *= step
                state[b + 1] *= step
            else:
                state[b] += state[b + 2] * step
                state[b + 1] += state[b + 3] * step
            target = nw[0, t] if same else nw[1 - s, t]
            if x_laplace:
                total += r * target * f[t] * state[b]
                add1 = (1.0 - r) * f[t] * nw[s, t]
                add2 = 0.0
            else:
                total += r * target * (f[t] * state[b] + state[b + 1])
                add1 = (1.0 - r) * nw[s, t]
                add2 = (1.0 - r) * f[t] * nw[s, t]
            if y_laplace:
                state[b] += add1
                state[b + 1] += add2
            else:
                state[b + 2] += add1
                state[b + 3] += add2
    return total


_CHUNK = 1024


@njit(cache=True)
def _cross_merge(cy, cx, cw, lo, mid, hi, x_m, ny, nx, nw, side, f, g, x_laplace, y_laplace,
                 rate_x, rate_y, same, state):
    """Cross sum between the blocks [lo, mid) and [mid, hi) and their merge into ny, nx, nw.

    The merge runs from both ends in chunks, each followed (while in cache) by the factors of
    its points (g[t] needs the merged point t-1, so the back chunk [b, e) computes
    g[b+1..e] and the meeting point is done last); then a forward and a backward sweep.
    """
    size = hi - lo
    back = size // 2
    p, q, pb, qb = lo, mid, mid - 1, hi - 1
    for t0 in range(0, back, _CHUNK):
        t1 = min(t0 + _CHUNK, back)
        p, q, pb, qb = _merge_steps(cy, cx, cw, lo, mid, hi, p, q, pb, qb, t0, t1, False, ny,
                                    nx, nw, side)
        _chunk_factors(ny, nx, lo + t0, lo + t1, max(lo + t0, lo + 1), lo + t1, x_m,
                       x_laplace, y_laplace, rate_x, rate_y, f, g)
        _chunk_factors(ny, nx, hi - t1, hi - t0, hi - t1 + 1, min(hi - t0 + 1, hi), x_m,
                       x_laplace, y_laplace, rate_x, rate_y, f, g)
    meet = hi - back  # the lowest point written from the back
    if size % 2:
        _merge_steps(cy, cx, cw, lo, mid, hi, p, q, pb, qb, back, back + 1, True, ny, nx, nw,
                     side)
        _chunk_factors(ny, nx, meet - 1, meet, max(meet - 1, lo + 1), meet, x_m, x_laplace,
                       y_laplace, rate_x, rate_y, f, g)
    _chunk_factors(ny, nx, meet, meet, meet, meet + 1, x_m, x_laplace, y_laplace, rate_x,
                   rate_y, f, g)
    total = 0.0
    if cw.shape[0] > 0:
        total += _sweep_weighted(side, f, g, nw, lo, hi, True, x_laplace, y_laplace, same,
                                 state)
        total += _sweep_weighted(side, f, g, nw, lo, hi, False, x_laplace, y_laplace, same,
                                 state)
    else:
        total += _sweep(side, f, g, lo, hi, True, x_laplace, y_laplace)
        total += _sweep(side, f, g, lo, hi, False, x_laplace, y_laplace)
    return total


@njit(cache=True, fastmath={"nnan", "ninf", "nsz", "contract", "reassoc"})
def _leaf_pairs(xs, ys, lo, hi, x_laplace, y_laplace, rate_x, rate_y):
    """sum over lo <= i < j < hi of kx ly directly (raw |.| factors; xs ascending)."""
    total = 0.0
    for i in range(lo, hi - 1):
        xi = xs[i]
        yi = ys[i]
        acc = 0.0
        for j in range(i + 1, hi):
            dx = xs[j] - xi
            dy = abs(ys[j] - yi)
            if x_laplace and y_laplace:
                acc += _exp_neg(rate_x * dx + rate_y * dy)
            elif x_laplace:
                acc += _exp_neg(rate_x * dx) * dy
            elif y_laplace:
                acc += dx * _exp_neg(rate_y * dy)
            else:
                acc += dx * dy
        total += acc
    return total


@njit(cache=True)
def _insertion_sort(cy, cx, lo, hi):
    """Sort cy[lo:hi] ascending, carrying cx."""
    for i in range(lo + 1, hi):
        y = cy[i]
        x = cx[i]
        j = i - 1
        while j >= lo and cy[j] > y:
            cy[j + 1] = cy[j]
            cx[j + 1] = cx[j]
            j -= 1
        cy[j + 1] = y
        cx[j + 1] = x


@njit(cache=True)
def _neumaier(acc, value):
    """acc[0] += value with the compensation in acc[1]."""
    t = acc[0] + value
    if abs(acc[0]) >= abs(value):
        acc[1] += (acc[0] - t) + value
    else:
        acc[1] += (value - t) + acc[0]
    acc[0] = t


@njit(cache=True)
def _levels(a, b, start, stop, width, last, acc, x_laplace, y_laplace, rate_x, rate_y, same,
            side, f, g, state):
    """Merge levels ``width``, 2 width, ... < ``last`` over [start, stop) of the x-sorted sample.

    ``a`` = (y, x, weights) holds blocks of ``width`` points sorted by y; ``b`` is scratch.
    The level sums go to ``acc``. Returns True when the result ended up in ``b``.
    """
    xs = a[3]
    swapped = False
    while width < last:
        cy, cx, cw = (b[0], b[1], b[2]) if swapped else (a[0], a[1], a[2])
        ny, nx, nw = (a[0], a[1], a[2]) if swapped else (b[0], b[1], b[2])
        level = 0.0
        for lo in range(start, stop, 2 * width):
            mid = min(lo + width, stop)
            hi = min(lo + 2 * width, stop)
            if mid >= hi:
                ny[lo:hi] = cy[lo:hi]
                nx[lo:hi] = cx[lo:hi]
                nw[:, lo:hi] = cw[:, lo:hi]
                continue
            level += _cross_merge(cy, cx, cw, lo, mid, hi, xs[mid - 1], ny, nx, nw, side, f,
                                  g, x_laplace, y_laplace, rate_x, rate_y, same, state)
        _neumaier(acc, level)
        swapped = not swapped
        width *= 2
    return swapped


_SEGMENT = 2**15
"""Points whose lower merge levels run while they stay in the (L2) cache."""


@njit(cache=True)
def _merge_cross(xs, ys, ws, x_laplace, y_laplace, rate_x, rate_y, same, leaf):
    """sum over i < j (x order) of kx ly (raw |.| factors; weighted: times w_i z_j + z_i w_j,
    or w_i w_j when ``same``) by a bottom-up merge sort on y of the x-sorted sample.

    Unweighted, the pairs inside leaf blocks of ``leaf`` points are summed directly and the
    blocks insertion-sorted. The levels below :data:`_SEGMENT` points run segment by segment
    (in cache), the others over the whole sample. Sums are added with Neumaier compensation
    (each level has one sign).
    """
    n = xs.size
    m = ws.shape[0]
    a = (ys.copy(), xs.copy(), ws.copy(), xs)
    b = (np.empty(n), np.empty(n), np.empty((m, n)), xs)
    side = np.empty(n)
    f = np.empty(n)
    g = np.empty(n + 1)
    state = np.zeros(8)
    acc = np.zeros(2)
    width = 1
    if m == 0 and leaf > 1:
        level = 0.0
        for lo in range(0, n, leaf):
            hi = min(lo + leaf, n)
            level += _leaf_pairs(xs, ys, lo, hi, x_laplace, y_laplace, rate_x, rate_y)
            _insertion_sort(a[0], a[1], lo, hi)
        _neumaier(acc, level)
        width = leaf
    segment = max(_SEGMENT, width)
    swapped = False
    for start in range(0, n, segment):
        swapped = _levels(a, b, start, min(start + segment, n), width, segment, acc,
                          x_laplace, y_laplace, rate_x, rate_y, same, side, f, g,
                          state)
    if swapped:
        a, b = b, a
    if segment < n:
        _levels(a, b, 0, n, segment, n, acc, x_laplace, y_laplace, rate_x, rate_y, same,
                side, f, g, state)
    return acc[0] + acc[1]


def _raw_scale(x_laplace: bool, y_laplace: bool) -> float:
    """The constant turning the raw |.| factors into kernel values (-1/2 per distance kernel)."""
    return (1.0 if x_laplace else -0.5) * (1.0 if y_laplace else -0.5)


def cross_sum(x: np.ndarray, y: np.ndarray, *, x_laplace: bool, y_laplace: bool,
              order_x: np.ndarray | None = None, rate_x: float = 1.0,
              rate_y: float = 1.0) -> float:
    r""":math:`\sum_{i\ne j} k(x_i, x_j)\,l(y_i, y_j)` for 1-D x, y (kernels of the module docstring,
    Laplace rates ``rate_x``, ``rate_y``). ``order_x`` (argsort of x) may be passed to reuse it."""
    order = np.argsort(x) if order_x is None else order_x
    xs = np.ascontiguousarray(x[order])
    ys = np.ascontiguousarray(y[order])
    raw = _merge_cross(xs, ys, np.empty((0, xs.size)), x_laplace, y_laplace, float(rate_x),
                       float(rate_y), True, LEAF)
    return 2.0 * raw * _raw_scale(x_laplace, y_laplace)


def weighted_cross_sum(x: np.ndarray, y: np.ndarray, w: np.ndarray, z: np.ndarray | None, *,
                       x_laplace: bool, y_laplace: bool, order_x: np.ndarray | None = None,
                       rate_x: float = 1.0, rate_y: float = 1.0) -> float:
    r""":math:`\sum_{i\ne j} k(x_i, x_j)\,l(y_i, y_j)\,w_i z_j` (``z=None`` means z = w)."""
    order = np.argsort(x) if order_x is None else order_x
    xs = np.ascontiguousarray(x[order])
    ys = np.ascontiguousarray(y[order])
    same = z is None
    ws = np.vstack([w[order]] if same else [w[order], z[order]]).astype(np.float64)
    raw = _merge_cross(xs, ys, ws, x_laplace, y_laplace, float(rate_x), float(rate_y), same, 1)
    return (2.0 if same else 1.0) * raw * _raw_scale(x_laplace, y_laplace)


_KINDS = ("distance", "laplace")


def applies(pair, target=None) -> bool:
    """Whether both variables are one-dimensional with the distance or the Laplace kernel."""
    return (pair.x.name in _KINDS and pair.y.name in _KINDS and pair.x.data.shape[1] == 1
            and pair.y.data.shape[1] == 1)


def prepared(side) -> tuple[np.ndarray, np.ndarray, bool]:
    """(z, order, laplace) of a PreparedKernel: the centred (and, for the Laplace kernel,
    scaled: z = x / sigma) sample, its sorting order and the kernel kind."""
    laplace = side.name == "laplace"
    z = centre_1d(side.data[:, 0])
    if laplace:
        z = z / side.kernel.sigma
    return z, np.argsort(z), laplace


def _marginal(z, order, laplace):
    """Raw off-diagonal row sums, sum of squares and diagonal value of one variable."""
    rows = row_sums(z, order, laplace=laplace)
    square = square_sum(z, order, laplace=laplace)
    if laplace:
        return rows, square, 1.0
    return -0.5 * rows, 0.25 * square, 0.0


def sums(pair, target=None):
    """:class:`mathlab.hsic.statistics.PairSums` in O(n log n), with the pass's shifts."""
    from .statistics import PairSums

    zx, ox, lx = prepared(pair.x)
    zy, oy, ly = prepared(pair.y)
    n = zx.size
    rows_k, s_kk, dk = _marginal(zx, ox, lx)
    rows_l, s_ll, dl = _marginal(zy, oy, ly)
    s_kl = cross_sum(zx, zy, x_laplace=lx, y_laplace=ly, order_x=ox)
    return PairSums.from_raw(n, s_kl, s_kk, s_ll, rows_k, rows_l, np.full(n, dk),
                             np.full(n, dl), pair.x.shift, pair.y.shift)


def permutations(pair, sums=None):
    """(f, 0.0): f(perm) = raw off-diagonal sum K_ij L_ij with y permuted, one merge pass per
    call; exact (bound 0)."""
    zx, ox, lx = prepared(pair.x)
    zy, _, ly = prepared(pair.y)
    xs = np.ascontiguousarray(zx[ox])
    empty = np.empty((0, zx.size))
    scale = 2.0 * _raw_scale(lx, ly)

    def cross(perm):
        ys = np.ascontiguousarray(zy[perm][ox])
        return scale * _merge_cross(xs, ys, empty, lx, ly, 1.0, 1.0, True, LEAF)

    return cross, 0.0


def bilinear(pair, sums=None):
    r"""form(a, b, w, z) = (:math:`\sum_{i\ne j} K_{ij}^a L_{ij}^b w_i z_j`, 0.0) for the raw
    kernels, a, b in {0, 1, 2}: squared Laplace kernels are Laplace kernels of twice the rate;
    the squared distance kernel :math:`(z_i - z_j)^2/4` is expanded into weights."""
    zx, ox, lx = prepared(pair.x)
    zy, oy, ly = prepared(pair.y)

    def one_side(z, order, laplace, power, w, v):
        """sum_{i != j} k^power w_i v_j for one variable (power 1, or 2 when Laplace)."""
        rows = weighted_rows(z, order, laplace=laplace, rate=float(power), weights=v)
        return float(np.dot(w, rows)) * (1.0 if laplace else -0.5)

    def form(a, b, w, z):
        if a == 2 and not lx:  # (x_i - x_j)^2 / 4 = (x_i^2 - 2 x_i x_j + x_j^2) / 4
            sq = zx * zx
            return (0.25 * (form(0, b, sq * w, z)[0] - 2.0 * form(0, b, zx * w, zx * z)[0]
                            + form(0, b, w, sq * z)[0]), 0.0)
        if b == 2 and not ly:
            sq = zy * zy
            return (0.25 * (form(a, 0, sq * w, z)[0] - 2.0 * form(a, 0, zy * w, zy * z)[0]
                            + form(a, 0, w, sq * z)[0]), 0.0)
        if a == 0 and b == 0:
            return float(np.sum(w)) * float(np.sum(z)) - float(np.dot(w, z)), 0.0
        if b == 0:
            return one_side(zx, ox, lx, a, w, z), 0.0
        if a == 0:
            return one_side(zy, oy, ly, b, w, z), 0.0
        value = weighted_cross_sum(zx, zy, w, z, x_laplace=lx, y_laplace=ly, order_x=ox,
                                   rate_x=float(a), rate_y=float(b))
        return value, 0.0

    return form
