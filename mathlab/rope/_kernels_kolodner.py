"""numba kernels for Kolodner's heavy rotating string (private).

The state is ``(U, P, Z)`` with ``P = U'`` and ``Z' = sigma / sqrt(U^2 + sigma^2)``, integrated in
``sigma`` (arc length from the free end over the rope length) for

    U'' = -lam * U / sqrt(U^2 + sigma^2).

With a point mass mu (in units of the rope's mass) at the free end the vertical tension is
sigma + mu instead of sigma: every ``sigma`` in the square roots becomes ``sigma + mu``, and the
shooting starts from U(0) = mu U'(0) (the horizontal pull that holds the mass on its circle);
for mu = 0 the arithmetic is exactly that of the string alone.

At ``sigma = 0`` with ``U = 0`` the right-hand sides take their limits along ``U ~ P * sigma``:
``U / sqrt(U^2 + sigma^2) -> P / sqrt(1 + P^2)`` and ``sigma / sqrt(U^2 + sigma^2) ->
1 / sqrt(1 + P^2)``. Both are smooth functions of ``(U / sigma, sigma)``, so the solution is
regular at the free end and an adaptive explicit Runge-Kutta method can start there; only its
first stage touches ``sigma = 0``.

The integrator is the Dormand-Prince 5(4) pair (the tableau of Dormand & Prince 1980, also used
by ``scipy.integrate.RK45``) with local extrapolation and the usual step-size controller.
Everything is written on scalars: three components do not pay for array temporaries.
"""

from __future__ import annotations

import math

import numpy as np
from .._numba import njit

from ._dormand_prince import (_A21, _A31, _A32, _A41, _A42, _A43, _A51, _A52, _A53, _A54,
                              _A61, _A62, _A63, _A64, _A65, _B1, _B3, _B4, _B5, _B6, _C2, _C3,
                              _C4, _C5, _E1, _E3, _E4, _E5, _E6, _E7, _MAX_FACTOR, _MIN_FACTOR,
                              _SAFETY)


@njit(cache=True, inline="always")
def _rhs(sigma, u, p, lam, mu):
    """Return (U', P', Z') at ``sigma``; the limits are used at ``U = sigma + mu = 0``."""
    v = sigma + mu
    q = math.sqrt(u * u + v * v)
    if q == 0.0:
        w = 1.0 / math.sqrt(1.0 + p * p)
        return p, -lam * p * w, w
    return p, -lam * u / q, v / q


@njit(cache=True)
def integrate(u, p, z, s0, s1, lam, rtol, atol, h, max_steps, mu=0.0):
    """Integrate the state from ``s0`` to ``s1 > s0`` with error control.

    Returns ``(u, p, z, crossings, steps, h, ok)``: the state at ``s1``, the number of sign
    changes of ``P`` between accepted steps (``P(s0)`` included), the accepted steps, the
    last proposed step (to continue with) and ``ok = False`` if ``max_steps`` attempted
    steps (accepted or rejected) were not enough, or the step size collapsed or became NaN.
    """
    crossings = 0
    steps = 0
    attempts = 0
    s = s0
    k1u, k1p, k1z = _rhs(s, u, p, lam, mu)
    if h <= 0.0:
        h = 1e-3 * (s1 - s0)
    while s < s1:
        attempts += 1
        if attempts > max_steps or not h > 1e-15 * (s1 - s0):
            return u, p, z, crossings, steps, h, False
        last = s + h >= s1
        hh = s1 - s if last else h
        k2u, k2p, k2z = _rhs(s + _C2 * hh, u + hh * _A21 * k1u, p + hh * _A21 * k1p, lam, mu)
        k3u, k3p, k3z = _rhs(s + _C3 * hh,
                             u + hh * (_A31 * k1u + _A32 * k2u),
                             p + hh * (_A31 * k1p + _A32 * k2p), lam, mu)
        k4u, k4p, k4z = _rhs(s + _C4 * hh,
                             u + hh * (_A41 * k1u + _A42 * k2u + _A43 * k3u),
                             p + hh * (_A41 * k1p + _A42 * k2p + _A43 * k3p), lam, mu)
        k5u, k5p, k5z = _rhs(s + _C5 * hh,
                             u + hh * (_A51 * k1u + _A52 * k2u + _A53 * k3u + _A54 * k4u),
                             p + hh * (_A51 * k1p + _A52 * k2p + _A53 * k3p + _A54 * k4p), lam,
                             mu)
        k6u, k6p, k6z = _rhs(s + hh,
                             u + hh * (_A61 * k1u + _A62 * k2u + _A63 * k3u + _A64 * k4u
                                       + _A65 * k5u),
                             p + hh * (_A61 * k1p + _A62 * k2p + _A63 * k3p + _A64 * k4p
                                       + _A65 * k5p), lam, mu)
        un = u + hh * (_B1 * k1u + _B3 * k3u + _B4 * k4u + _B5 * k5u + _B6 * k6u)
        pn = p + hh * (_B1 * k1p + _B3 * k3p + _B4 * k4p + _B5 * k5p + _B6 * k6p)
        zn = z + hh * (_B1 * k1z + _B3 * k3z + _B4 * k4z + _B5 * k5z + _B6 * k6z)
        sn = s1 if last else s + hh
        k7u, k7p, k7z = _rhs(sn, un, pn, lam, mu)
        eu = hh * (_E1 * k1u + _E3 * k3u + _E4 * k4u + _E5 * k5u + _E6 * k6u + _E7 * k7u)
        ep = hh * (_E1 * k1p + _E3 * k3p + _E4 * k4p + _E5 * k5p + _E6 * k6p + _E7 * k7p)
        ez = hh * (_E1 * k1z + _E3 * k3z + _E4 * k4z + _E5 * k5z + _E6 * k6z + _E7 * k7z)
        du = eu / (atol + rtol * max(abs(u), abs(un)))
        dp = ep / (atol + rtol * max(abs(p), abs(pn)))
        dz = ez / (atol + rtol * max(abs(z), abs(zn)))
        err = math.sqrt((du * du + dp * dp + dz * dz) / 3.0)
        if err <= 1.0:
            if (pn < 0.0) != (p < 0.0):
                crossings += 1
            s, u, p, z = sn, un, pn, zn
            k1u, k1p, k1z = k7u, k7p, k7z
            steps += 1
            factor = _MAX_FACTOR if err == 0.0 else min(_MAX_FACTOR,
                                                        _SAFETY * err ** -0.2)
            if not last or factor < 1.0:
                h = hh * factor
        else:
            h = hh * max(_MIN_FACTOR, _SAFETY * err ** -0.2)
    return u, p, z, crossings, steps, h, True


@njit(cache=True)
def shoot(a, lam, rtol, atol, max_steps, mu=0.0):
    """Integrate from the free end (U = mu a, U' = a, Z = 0) to sigma = 1.

    Returns ``(U(1), U'(1), Z(1), crossings, steps, ok)``.
    """
    h0 = 0.05 / (1.0 + math.sqrt(lam))
    u, p, z, crossings, steps, h, ok = integrate(mu * a, a, 0.0, 0.0, 1.0, lam, rtol, atol, h0,
                                                 max_steps, mu)
    return u, p, z, crossings, steps, ok


@njit(cache=True)
def sample(a, lam, sigmas, rtol, atol, max_steps, mu=0.0):
    """States (U, U', Z) at the increasing abscissae ``sigmas`` (``sigmas[0] == 0``).

    Returns ``(states, crossings, steps, ok)`` with ``states`` of shape ``(len(sigmas), 3)``
    and ``crossings`` the sign changes of U' between all accepted steps, which resolve the
    oscillation even where the samples do not (near the free end at large lambda).
    """
    n = sigmas.shape[0]
    out = np.empty((n, 3))
    u, p, z = mu * a, a, 0.0
    out[0, 0], out[0, 1], out[0, 2] = u, p, z
    h = 0.05 / (1.0 + math.sqrt(lam))
    total = 0
    crossings = 0
    for i in range(1, n):
        u, p, z, c, steps, h, ok = integrate(u, p, z, sigmas[i - 1], sigmas[i], lam, rtol, atol,
                                             h, max_steps - total, mu)
        total += steps
        crossings += c
        if not ok:
            return out, crossings, total, False
        out[i, 0], out[i, 1], out[i, 2] = u, p, z
    return out, crossings, total, True
