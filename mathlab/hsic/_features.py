"""numba kernels for HSIC at scale (private).

One hot loop lives here: evaluating the random-Fourier-feature matrix ``[cos(theta), sin(theta)]``
for millions of rows (serial and GIL-free: callers run chunks in parallel threads). numpy's float64 ``cos``/``sin`` are scalar libm calls on machines without
AVX-512 (tens of ns per value), which would dominate the cost of RFF HSIC. The kernel below
evaluates both with one range reduction and two short polynomials that LLVM vectorises.

Accuracy: the argument is reduced modulo pi/2 with a three-part Cody-Waite split of pi/2 (the
first two parts carry 33 significant bits, so ``k * part`` is exact for |k| < 2**20); the
reduced argument r lies in [-pi/4, pi/4] where Taylor polynomials of degree 15 (sin) and 16
(cos) are accurate to ~5e-17. The result matches ``numpy.cos``/``numpy.sin`` to a few units in
the last place for |theta| <= ``MAX_REDUCED_ARGUMENT``; callers fall back to numpy beyond that.
The reference implementation kept for the tests is :func:`rff_features_reference`.
"""

from __future__ import annotations

import math

import numpy as np

from .._numba import njit

__all__ = ["MAX_REDUCED_ARGUMENT", "rff_features", "rff_features_reference"]

# pi/2 = _PIO2_HI + _PIO2_MID + _PIO2_LO (hi and mid have 33 significant bits).
_PIO2_HI = 1.5707963267341256
_PIO2_MID = 6.077100506303966e-11
_PIO2_LO = 2.0222662487959506e-21
_TWO_OVER_PI = 2.0 / math.pi

#: Largest |theta| for which the fast kernel's range reduction is exact enough (k < 2**20).
MAX_REDUCED_ARGUMENT = 1.0e5

# Taylor coefficients in Horner order: sin r = r (1 + r^2 (S1 + r^2 (S2 + ...))), likewise cos.
_S = tuple((-1.0) ** k / math.factorial(2 * k + 1) for k in range(1, 8))   # r^3 .. r^15
_C = tuple((-1.0) ** k / math.factorial(2 * k) for k in range(1, 9))       # r^2 .. r^16
(_S1, _S2, _S3, _S4, _S5, _S6, _S7) = _S
(_C1, _C2, _C3, _C4, _C5, _C6, _C7, _C8) = _C


# Fast-math flags that keep the Cody-Waite reduction intact: no reassociation.
_FASTMATH = {"nsz", "arcp", "contract", "afn", "nnan", "ninf"}


@njit(cache=True, nogil=True, fastmath=_FASTMATH)
def _sincos_rows(theta, scale, shift, out):
    n, m = theta.shape
    for i in range(n):
        row = theta[i]
        out_cos = out[i, :m]
        out_sin = out[i, m:2 * m]
        for j in range(m):
            t = row[j]
            k = np.rint(t * _TWO_OVER_PI)
            r = ((t - k * _PIO2_HI) - k * _PIO2_MID) - k * _PIO2_LO
            r2 = r * r
            s = r + r * r2 * (_S1 + r2 * (_S2 + r2 * (_S3 + r2 * (_S4 + r2 * (
                _S5 + r2 * (_S6 + r2 * _S7))))))
            c = 1.0 + r2 * (_C1 + r2 * (_C2 + r2 * (_C3 + r2 * (_C4 + r2 * (
                _C5 + r2 * (_C6 + r2 * (_C7 + r2 * _C8)))))))
            # quadrant q = k mod 4: (sin, cos)(t) = (s, c), (c, -s), (-s, -c), (-c, s)
            q = np.int64(k) & 3
            odd = np.float64(q & 1)
            sin_sign = 1.0 - 2.0 * np.float64((q >> 1) & 1)
            cos_sign = 1.0 - 2.0 * np.float64(((q + 1) >> 1) & 1)
            out_cos[j] = scale * cos_sign * (s * odd + c * (1.0 - odd)) - shift[j]
            out_sin[j] = scale * sin_sign * (c * odd + s * (1.0 - odd)) - shift[m + j]


# Below this many arguments numpy is used (the kernel's dispatch costs more than it saves).
_KERNEL_MIN_SIZE = 20_000


def rff_features(x: np.ndarray, freqs: np.ndarray, scale: float, shift: np.ndarray | None = None,
                 *, augment: bool = False, out: np.ndarray | None = None,
                 work: np.ndarray | None = None) -> np.ndarray:
    """Return ``scale * [cos(x @ freqs), sin(x @ freqs)] - shift``, shape (n, 2 m) (+1 column).

    With ``augment=True`` a last column of ones is appended, so that one matrix product of two
    augmented blocks yields the cross-product sum, both column sums and the row count.
    ``out`` (n, 2 m [+1]) and ``work`` (n, m) are optional preallocated buffers: reusing them
    across chunks avoids page-faulting fresh memory for every chunk.
    Uses the numba kernel for large inputs whose |x @ freqs| <= MAX_REDUCED_ARGUMENT, numpy
    otherwise.
    """
    x = np.asarray(x, dtype=np.float64)
    freqs = np.asarray(freqs, dtype=np.float64)
    n = x.shape[0]
    m = freqs.shape[1]
    width = 2 * m + (1 if augment else 0)
    shift = np.zeros(2 * m) if shift is None else np.ascontiguousarray(shift, dtype=np.float64)
    if out is None:
        out = np.empty((n, width))
    if augment:
        out[:, -1] = 1.0
    if x.shape[1] == 1:  # an outer product: broadcasting beats a rank-1 matrix product
        theta = np.multiply(x, freqs, out=None if work is None else work)
    else:
        theta = np.matmul(x, freqs, out=None if work is None else work)
    # |theta_ij| <= sum_d max_i |x_id| |freqs_dj|: a bound from p numbers per column of x
    bound = float(np.max(np.abs(x).max(axis=0) @ np.abs(freqs))) if n else 0.0
    if theta.size < _KERNEL_MIN_SIZE or bound > MAX_REDUCED_ARGUMENT:
        np.multiply(np.cos(theta), scale, out=out[:, :m])
        np.multiply(np.sin(theta), scale, out=out[:, m:2 * m])
        out[:, :2 * m] -= shift
    else:
        _sincos_rows(theta, float(scale), shift, out)
    return out


def rff_features_reference(x: np.ndarray, freqs: np.ndarray, scale: float) -> np.ndarray:
    """Pure numpy reference for :func:`rff_features` (no shift, no augmentation)."""
    theta = np.asarray(x, dtype=np.float64) @ np.asarray(freqs, dtype=np.float64)
    return scale * np.hstack([np.cos(theta), np.sin(theta)])
