"""numba kernels for exact HSIC: one pass over the pairs i < j, O(n) memory.

Private module. Every kernel here has a dense numpy counterpart in :mod:`mathlab.hsic.kernels`
that the tests compare against.

Kernel codes (the data are pre-scaled by :mod:`mathlab.hsic.kernels` so no division happens here):

====  ===========  =========================================================
code  name         k(a, b)
====  ===========  =========================================================
0     gaussian     exp(-|a - b|^2)          (a = x / (sqrt(2) sigma))
1     laplace      exp(-|a - b|)            (a = x / sigma)
2     linear       a . b
3     polynomial   (a . b + coef0) ** degree
4     distance     -|a - b| / 2             (the distance-induced kernel up to
                                              terms that centring removes)
5     delta        [a == b]                 (a = integer label codes)
====  ===========  =========================================================

Each kernel value has a constant ``shift`` subtracted. HSIC (biased and unbiased) is invariant
to adding a constant to a Gram matrix, and subtracting roughly its mean keeps the sums small so
the final combination of sums cancels less (see :func:`mathlab.hsic.kernels.kernel_shift`).

The pass is parallel over blocks of rows (``prange``) with per-block accumulators: a compensated
(Neumaier) scalar for sum K_ij L_ij and per-block arrays for the row sums, which receive the
contributions of the column index j. All counters are floats. Each block visits its pairs in
tiles of :data:`_TILE` columns (the tile's kernel values and column sums stay in cache), and
every loop carries at most three reductions, so that LLVM vectorises it (with five it does
not, and the pass ran at half the speed of its kernel evaluations); 1-D gaussian, laplace and
distance kernels evaluate both kernels and the products in one loop.
"""

from __future__ import annotations

import math
import types as types_

import numpy as np
from llvmlite import ir
from numba import types
from numba.extending import intrinsic

from .._numba import fork_safe, njit, prange

__all__ = ["KERNEL_CODES", "pair_sums", "pair_sums_serial", "pair_sums_exact",
           "centred_square_sum", "centred_square_sum_serial",
           "diagonal", "dense_permutation_statistics",
           "dense_permutation_statistics_serial", "centred_k_permutation_statistics",
           "centred_k_permutation_statistics_serial", "row_blocks"]

KERNEL_CODES = {"gaussian": 0, "laplace": 1, "linear": 2, "polynomial": 3, "distance": 4,
                "delta": 5}

# fastmath flags that keep IEEE semantics of exp/sqrt (no 'afn') but allow reassociation and
# vectorisation of the inner loops; tests check that results match the strict build to 1e-12.
_FAST = {"nnan", "ninf", "nsz", "arcp", "contract", "reassoc"}


def _jit_variant(fn, suffix, *, parallel=False, fastmath=True):
    """Compile a copy of ``fn`` named ``fn + suffix`` with the given flags.

    numba's on-disk cache keys entries by the function's name, bytecode and closure, not by
    its compile flags; without distinct names a serial and a parallel (or a strict and a
    fastmath) build of the same code would load each other's cached machine code.
    """
    clone = types_.FunctionType(fn.__code__, fn.__globals__, fn.__name__ + suffix,
                                fn.__defaults__, fn.__closure__)
    clone.__qualname__ = fn.__qualname__ + suffix
    clone.__doc__ = fn.__doc__
    return njit(parallel=parallel, cache=True, fastmath=_FAST if fastmath else False)(clone)


def _kval_py(code, at, i, j, degree, coef0):
    p = at.shape[0]
    if code == 5:
        return 1.0 if at[0, i] == at[0, j] else 0.0
    if code == 2 or code == 3:
        s = 0.0
        for k in range(p):
            s += at[k, i] * at[k, j]
        if code == 2:
            return s
        base = s + coef0
        out = 1.0
        for _ in range(degree):
            out *= base
        return out
    s = 0.0
    for k in range(p):
        d = at[k, i] - at[k, j]
        s += d * d
    if code == 0:
        return math.exp(-s)
    if code == 1:
        return math.exp(-math.sqrt(s))
    return -0.5 * math.sqrt(s)


_kval = njit(inline="always", cache=True)(_kval_py)


@njit(cache=True)
def diagonal(code, at, degree, coef0, shift):
    """The diagonal k(a_i, a_i) - shift (data transposed, shape (p, n))."""
    n = at.shape[1]
    out = np.empty(n)
    for i in range(n):
        out[i] = _kval(code, at, i, i, degree, coef0) - shift
    return out


@njit(cache=True)
def _neumaier_add(total, comp, m, value):
    """total[m] += value with Neumaier compensation in comp[m].

    Compiled WITHOUT fastmath, so the compensation survives even when the caller is a
    fastmath loop (LLVM fast-math flags are per instruction, so they do not leak in here).
    """
    t = total[m] + value
    if abs(total[m]) >= abs(value):
        comp[m] += (total[m] - t) + value
    else:
        comp[m] += (value - t) + total[m]
    total[m] = t


@intrinsic
def _bits_to_float(typingctx, value):
    """Reinterpret the bits of an int64 as a float64 (vectorisable, unlike math.ldexp)."""
    if isinstance(value, types.Integer) and value.bitwidth == 64:
        def codegen(context, builder, signature, args):
            return builder.bitcast(args[0], ir.DoubleType())
        return types.float64(value), codegen
    return None


_LOG2E = 1.4426950408889634
_LN2_HI = 0.6931471803691238  # ln 2 split for Cody-Waite range reduction
_LN2_LO = 1.9082149292705877e-10


@njit(inline="always", cache=True, fastmath=_FAST)
def _exp_neg(t):
    """exp(-t) for t >= 0 to ~2 ulp; vectorisable (no libm call).

    exp(-t) = 2^k exp(r), k = round(-t / ln 2), |r| <= ln(2)/2; exp(r) by its Taylor polynomial of
    degree 13 (truncation error < 5e-18). Arguments beyond 700 return exp(-700) ~ 1e-304 instead of
    a smaller number, which no HSIC sum can notice.
    """
    x = -min(t, 700.0)
    k = math.floor(x * _LOG2E + 0.5)
    r = (x - k * _LN2_HI) - k * _LN2_LO
    p = 1.0 / 6227020800.0
    p = p * r + 1.0 / 479001600.0
    p = p * r + 1.0 / 39916800.0
    p = p * r + 1.0 / 3628800.0
    p = p * r + 1.0 / 362880.0
    p = p * r + 1.0 / 40320.0
    p = p * r + 1.0 / 5040.0
    p = p * r + 1.0 / 720.0
    p = p * r + 1.0 / 120.0
    p = p * r + 1.0 / 24.0
    p = p * r + 1.0 / 6.0
    p = p * r + 0.5
    p = p * r + 1.0
    p = p * r + 1.0
    return p * _bits_to_float(np.int64(k + 1023.0) << 52)


def _make_segment(strict):
    # ``strict`` (a constant of the closure) picks libm's exp (strict build) or the vectorised
    # one: a bool, so that numba's on-disk cache key (which hashes the closure's contents) is
    # the same in every process; a jitted function in the closure would change it each time.
    def _segment(code, at, i, start, stop, degree, coef0, shift, out):
        """out[t] = k(a_i, a_{start+t}) - shift for t < stop - start; ``at`` is the data
        transposed (p, n)."""
        p = at.shape[0]
        m = stop - start
        if code == 5:
            c = at[0, i]
            for t in range(m):
                out[t] = (1.0 if at[0, start + t] == c else 0.0) - shift
            return
        for t in range(m):
            out[t] = 0.0
        if code == 2 or code == 3:
            for d in range(p):
                v = at[d, i]
                for t in range(m):
                    out[t] += v * at[d, start + t]
            if code == 2:
                for t in range(m):
                    out[t] -= shift
            else:
                for t in range(m):
                    base = out[t] + coef0
                    acc = 1.0
                    for _ in range(degree):
                        acc *= base
                    out[t] = acc - shift
            return
        for d in range(p):
            v = at[d, i]
            for t in range(m):
                diff = at[d, start + t] - v
                out[t] += diff * diff
        if code == 0:
            for t in range(m):
                out[t] = (_exp_neg_libm(out[t]) if strict else _exp_neg(out[t])) - shift
        elif code == 1:
            for t in range(m):
                d = math.sqrt(out[t])
                out[t] = (_exp_neg_libm(d) if strict else _exp_neg(d)) - shift
        else:
            for t in range(m):
                out[t] = -0.5 * math.sqrt(out[t]) - shift

    return _segment


def _make_row(strict):
    def _row(code, at, i, degree, coef0, shift, out):
        """out[t] = k(a_i, a_{i+1+t}) - shift for t < n-1-i (the pairs j > i of row i)."""
        if strict:
            _segment_exact(code, at, i, i + 1, at.shape[1], degree, coef0, shift, out)
        else:
            _segment_fast(code, at, i, i + 1, at.shape[1], degree, coef0, shift, out)

    return _row


@njit(inline="always", cache=True)
def _exp_neg_libm(t):
    return math.exp(-t)


_segment_fast = _jit_variant(_make_segment(False), "_fast")
_segment_exact = _jit_variant(_make_segment(True), "_exact", fastmath=False)
_row_fast = _jit_variant(_make_row(False), "_fast")
_row_exact = _jit_variant(_make_row(True), "_exact", fastmath=False)

_TILE = 2048
"""Columns per tile of the pass: the tile's data, kernel values and column sums stay in cache
while every row of a block visits it."""


def _make_pair_sums(strict):
    def _pair_sums(at, cx, bt, cy, degree, coef0, shift_x, shift_y, bounds):
        """Off-diagonal sums over i < j of K_ij L_ij, K_ij^2, L_ij^2 (per block, columns 0-2)
        and the per-block row sums of K and L without the diagonal.

        The pairs of a block of rows are visited tile by tile of :data:`_TILE` columns, each
        tile by every row of the block, so that the column sums (``rk[j] += k``) and the
        kernel values of a tile stay in cache. One-dimensional data with the gaussian,
        laplace or distance kernels take one fused loop per row and tile (kernel values and
        sums together, vectorised); the others fill a tile of kernel values first.
        """
        n = at.shape[1]
        fused = (at.shape[0] == 1 and bt.shape[0] == 1 and (cx == 0 or cx == 1 or cx == 4)
                 and (cy == 0 or cy == 1 or cy == 4))
        gauss_x = 1.0 if cx == 0 else 0.0
        gauss_y = 1.0 if cy == 0 else 0.0
        dist_x = 1.0 if cx == 4 else 0.0
        dist_y = 1.0 if cy == 4 else 0.0
        nb = bounds.size - 1
        rows_k = np.zeros((nb, n))
        rows_l = np.zeros((nb, n))
        totals = np.zeros((nb, 3))
        for blk in prange(nb):
            s = np.zeros(3)
            comp = np.zeros(3)
            buf_k = np.empty(_TILE)
            buf_l = np.empty(_TILE)
            rk = rows_k[blk]
            rl = rows_l[blk]
            first = bounds[blk]
            last = bounds[blk + 1]
            for j0 in range(first + 1, n, _TILE):
                j1 = min(j0 + _TILE, n)
                for i in range(first, min(last, j1 - 1)):
                    start = max(j0, i + 1)
                    m = j1 - start
                    kl = 0.0
                    kk = 0.0
                    ll = 0.0
                    if fused and cx == 0 and cy == 0:  # the default: gaussian kernels
                        ai = at[0, i]
                        bi = bt[0, i]
                        for t in range(m):
                            dx = at[0, start + t] - ai
                            arg = dx * dx
                            k = (_exp_neg_libm(arg) if strict else _exp_neg(arg)) - shift_x
                            dy = bt[0, start + t] - bi
                            arg = dy * dy
                            l = (_exp_neg_libm(arg) if strict else _exp_neg(arg)) - shift_y
                            buf_k[t] = k
                            buf_l[t] = l
                            kl += k * l
                            kk += k * k
                            ll += l * l
                    elif fused:
                        ai = at[0, i]
                        bi = bt[0, i]
                        for t in range(m):
                            # branch-free: exp(-d^2) (gaussian), exp(-|d|) (laplace) or
                            # -|d|/2 (distance) as 0/1 blends, so that the loop vectorises
                            dx = at[0, start + t] - ai
                            ax = abs(dx)
                            arg = gauss_x * dx * dx + (1.0 - gauss_x) * ax
                            e = _exp_neg_libm(arg) if strict else _exp_neg(arg)
                            k = dist_x * (-0.5 * ax) + (1.0 - dist_x) * e - shift_x
                            dy = bt[0, start + t] - bi
                            ay = abs(dy)
                            arg = gauss_y * dy * dy + (1.0 - gauss_y) * ay
                            e = _exp_neg_libm(arg) if strict else _exp_neg(arg)
                            l = dist_y * (-0.5 * ay) + (1.0 - dist_y) * e - shift_y
                            buf_k[t] = k
                            buf_l[t] = l
                            kl += k * l
                            kk += k * k
                            ll += l * l
                    else:
                        if strict:
                            _segment_exact(cx, at, i, start, j1, degree, coef0, shift_x, buf_k)
                            _segment_exact(cy, bt, i, start, j1, degree, coef0, shift_y, buf_l)
                        else:
                            _segment_fast(cx, at, i, start, j1, degree, coef0, shift_x, buf_k)
                            _segment_fast(cy, bt, i, start, j1, degree, coef0, shift_y, buf_l)
                        for t in range(m):
                            k = buf_k[t]
                            l = buf_l[t]
                            kl += k * l
                            kk += k * k
                            ll += l * l
                    # a second loop for the row and column sums: five reductions in one loop
                    # stop LLVM from vectorising it
                    ak = 0.0
                    al = 0.0
                    for t in range(m):
                        k = buf_k[t]
                        l = buf_l[t]
                        ak += k
                        al += l
                        rk[start + t] += k
                        rl[start + t] += l
                    rk[i] += ak
                    rl[i] += al
                    _neumaier_add(s, comp, 0, kl)
                    _neumaier_add(s, comp, 1, kk)
                    _neumaier_add(s, comp, 2, ll)
            for m3 in range(3):
                totals[blk, m3] = s[m3] + comp[m3]
        return totals, rows_k, rows_l

    return _pair_sums


# Small problems run serially: waking a thread pool costs more than the work below ~10^6 pairs.
pair_sums = _jit_variant(_make_pair_sums(False), "_parallel", parallel=True)
pair_sums_serial = _jit_variant(_make_pair_sums(False), "_serial")
pair_sums = fork_safe(pair_sums, pair_sums_serial)
pair_sums_exact = _jit_variant(_make_pair_sums(True), "_exact", fastmath=False)


def _centred_square_sum(at, cx, bt, cy, degree, coef0, shift_x, shift_y, mean_k, mean_l,
                        grand_k, grand_l, bounds):
    """sum_{i<j} (Kc_ij Lc_ij)^2 with Kc = HKH from row means and grand mean (gamma test)."""
    n = at.shape[1]
    nb = bounds.size - 1
    total = np.zeros(nb)
    for blk in prange(nb):
        s = np.zeros(1)
        comp = np.zeros(1)
        buf_k = np.empty(n)
        buf_l = np.empty(n)
        for i in range(bounds[blk], bounds[blk + 1]):
            _row_fast(cx, at, i, degree, coef0, shift_x, buf_k)
            _row_fast(cy, bt, i, degree, coef0, shift_y, buf_l)
            ck = grand_k - mean_k[i]
            cl = grand_l - mean_l[i]
            acc = 0.0
            for t in range(n - i - 1):
                j = i + 1 + t
                v = (buf_k[t] + ck - mean_k[j]) * (buf_l[t] + cl - mean_l[j])
                acc += v * v
            _neumaier_add(s, comp, 0, acc)
        total[blk] = s[0] + comp[0]
    return total


centred_square_sum = _jit_variant(_centred_square_sum, "_parallel", parallel=True)
centred_square_sum_serial = _jit_variant(_centred_square_sum, "_serial")
centred_square_sum = fork_safe(centred_square_sum, centred_square_sum_serial)


def _dense_permutation_statistics(kc, lmat, perms):
    """n HSIC_b = tr(Kc P L P^T) / n for each permutation (row of ``perms``) of y's indices.

    ``kc`` is the centred Gram matrix HKH of x (kept fixed), ``lmat`` the raw Gram matrix of y:
    tr(Kc H L' H) = tr(Kc L') because Kc is already doubly centred.
    """
    r = perms.shape[0]
    n = kc.shape[0]
    out = np.empty(r)
    for t in prange(r):
        p = perms[t]
        s = 0.0
        for i in range(n):
            pi = p[i]
            acc = 0.0
            for j in range(i + 1, n):
                acc += kc[i, j] * lmat[pi, p[j]]
            s += 2.0 * acc + kc[i, i] * lmat[pi, pi]
        out[t] = s / n
    return out


dense_permutation_statistics = _jit_variant(_dense_permutation_statistics, "_parallel",
                                            parallel=True)
dense_permutation_statistics_serial = _jit_variant(_dense_permutation_statistics, "_serial")
dense_permutation_statistics = fork_safe(dense_permutation_statistics,
                                         dense_permutation_statistics_serial)


def _centred_k_permutation_statistics(kc, bt, cy, degree, coef0, shift_y, perms):
    """n HSIC_b = tr(Kc L(y_perm)) / n for each permutation of y, with Kc = HKH held densely
    and L recomputed row by row from the permuted y (contiguous, vectorised; no gathers).

    A constant shift of L does not change the result: the rows of Kc sum to zero.
    """
    r = perms.shape[0]
    n = kc.shape[0]
    q = bt.shape[0]
    out = np.empty(r)
    for t in prange(r):
        perm = perms[t]
        yp = np.empty((q, n))
        for d in range(q):
            for i in range(n):
                yp[d, i] = bt[d, perm[i]]
        buf = np.empty(n)
        s = 0.0
        for i in range(n):
            _row_fast(cy, yp, i, degree, coef0, shift_y, buf)
            krow = kc[i]
            acc = 0.0
            for u in range(n - i - 1):
                acc += krow[i + 1 + u] * buf[u]
            s += 2.0 * acc + krow[i] * (_kval(cy, yp, i, i, degree, coef0) - shift_y)
        out[t] = s / n
    return out


centred_k_permutation_statistics = _jit_variant(_centred_k_permutation_statistics,
                                                "_parallel", parallel=True)
centred_k_permutation_statistics_serial = _jit_variant(_centred_k_permutation_statistics,
                                                       "_serial")
centred_k_permutation_statistics = fork_safe(centred_k_permutation_statistics,
                                             centred_k_permutation_statistics_serial)


def row_blocks(n: int, n_blocks: int) -> np.ndarray:
    """Row boundaries splitting the pairs i < j of n rows into blocks of about equal work."""
    n_blocks = max(1, min(int(n_blocks), n))
    i = np.arange(n + 1, dtype=np.float64)
    done = i * (n - 1) - i * (i - 1) / 2.0  # pairs in rows < i
    targets = np.linspace(0.0, done[-1], n_blocks + 1)
    bounds = np.searchsorted(done, targets, side="left").astype(np.int64)
    bounds[0], bounds[-1] = 0, n
    return np.unique(bounds)
