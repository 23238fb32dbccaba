"""numba kernel for the shooting solver of cases B and D (private).

An adaptive Dormand-Prince 5(4) integrator of the dimensionless rope equations (see
:mod:`mathlab.rope.shooting`), optionally with the variational equations for the shooting
Jacobian. It lands exactly on the requested arc lengths (no interpolation). The reference
implementation is ``scipy.integrate.solve_ivp`` (DOP853) in shooting.py; the tests compare them.

Status codes: 0 ok, 1 the rope went slack (T <= 0), 2 step limit reached, 3 step size underflow.
"""

from __future__ import annotations

import math

import numpy as np
from .._numba import njit

from ._dormand_prince import _MAX_FACTOR, _MIN_FACTOR, _SAFETY
from ._dormand_prince import A as _A
from ._dormand_prince import B as _B
from ._dormand_prince import E as _E


@njit(cache=True)
def _rhs(y, w, gp, ga, out):
    r = y[0]
    th = y[2]
    T = y[3]
    c = math.cos(th)
    sn = math.sin(th)
    fr = w * r + gp
    n = fr * sn + ga * c
    out[0] = c
    out[1] = sn
    out[2] = n / T
    out[3] = ga * sn - fr * c
    if y.shape[0] > 4:
        # Variational equations dS/ds = J S, S = d(r, z, theta, T)/d(theta0, T0) stored row-major.
        j20 = w * sn / T
        j22 = (fr * c - ga * sn) / T
        j23 = -n / (T * T)
        j30 = -w * c
        j32 = fr * sn + ga * c
        for k in range(2):
            s0 = y[4 + k]
            s2 = y[8 + k]
            s3 = y[10 + k]
            out[4 + k] = -sn * s2
            out[6 + k] = c * s2
            out[8 + k] = j20 * s0 + j22 * s2 + j23 * s3
            out[10 + k] = j30 * s0 + j32 * s2


@njit(cache=True)
def integrate(y0, grid, w, gp, ga, rtol, atol, max_steps):
    """Integrate from grid[0] through every grid point; return (states, status, steps)."""
    ny = y0.shape[0]
    npts = grid.shape[0]
    out = np.empty((npts, ny))
    out[0, :] = y0
    y = y0.copy()
    k = np.empty((7, ny))
    ytmp = np.empty(ny)
    ynew = np.empty(ny)
    s = grid[0]
    h = min(1e-2, grid[-1] - grid[0]) if npts > 1 else 0.0
    steps = 0
    for i in range(1, npts):
        target = grid[i]
        while s < target:
            if steps >= max_steps:
                return out, 2, steps
            last = False
            if s + h >= target:
                hh = target - s
                last = True
            else:
                hh = h
            _rhs(y, w, gp, ga, k[0])
            for st in range(1, 7):
                for m in range(ny):
                    acc = y[m]
                    for q in range(st):
                        acc += hh * _A[st, q] * k[q, m]
                    ytmp[m] = acc
                _rhs(ytmp, w, gp, ga, k[st])
            err = 0.0
            for m in range(ny):
                acc = y[m]
                e = 0.0
                for q in range(7):
                    acc += hh * _B[q] * k[q, m]
                    e += hh * _E[q] * k[q, m]
                ynew[m] = acc
                scale = atol + rtol * max(abs(y[m]), abs(acc))
                err += (e / scale) ** 2
            err = math.sqrt(err / ny)
            steps += 1
            if not (err <= 1.0):
                factor = (_MIN_FACTOR if not math.isfinite(err)
                          else max(_MIN_FACTOR, _SAFETY * err ** -0.2))
                h = hh * factor
                if h < 1e-14 * max(1.0, abs(s)):
                    return out, 3, steps
                continue
            s = target if last else s + hh
            for m in range(ny):
                y[m] = ynew[m]
            if y[3] <= 0.0:
                return out, 1, steps
            factor = _MAX_FACTOR if err == 0.0 else min(_MAX_FACTOR, _SAFETY * err ** -0.2)
            if not last or factor < 1.0:
                h = hh * factor
        out[i, :] = y
    return out, 0, steps
