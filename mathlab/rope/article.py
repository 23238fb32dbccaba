"""Case F: the post's own ODE, integrated exactly as published (for reproducing its figures).

This is NOT the physical shape of a spinning rope; see :func:`article_curve` for what is wrong
with it and :func:`mathlab.rope.spinning_rope` / :func:`mathlab.rope.troposkien` for the
correct physics.
"""

from __future__ import annotations

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq, minimize_scalar

from . import _domain
from .curve import RopeCurve, count_sign_changes

__all__ = ["article_curve", "ArticleODEError"]

# Budget of right-hand-side evaluations for one integration (RK23 takes three per step; the
# post's own curves need about a hundred).
_MAX_EVALUATIONS = 1_000_000


class ArticleODEError(ValueError):
    """The post's ODE left its domain: abs(G) > 1 makes dy/ds = -sqrt(1 - G^2) imaginary."""


def article_curve(C1, omega=2.0, g=3.0, s_max=0.5, step=1e-4) -> RopeCurve:
    """Integrate the post's ODE as published (case F), to reproduce its two figures.

    The post's code integrates, from (x, y) = (1, 0) with x the radius and y the height,

        G = (C1 - g s) / ((1/2) omega^2 x^2 - g y),   dx/ds = G,   dy/ds = -sqrt(1 - G^2)

    with ``scipy.integrate.solve_ivp(method="RK23")`` at default tolerances, sampled at
    ``numpy.arange(0, s_max, step)`` (so the last sample is just short of ``s_max``). The
    published figures are C1 = 0 and C1 = 1 ("both ends fixed") with omega = 2, g = 3.

    Why this is not the physical answer (spec section 5):

    1. No Lagrange multiplier for the fixed length: with g = 0 the post's curve
       y = Integral dx / sqrt(beta^2 x^4 - 1) has negative tension and never reaches the axis;
       with the multiplier it is y = Integral dx / sqrt(beta^2 (c^2 - x^2)^2 - 1), the
       troposkien. The tension this curve implies, T = -phi = g y - (1/2) omega^2 x^2, is
       negative everywhere here (a rope cannot push); it is returned as ``tension``.
    2. The catenary is written a cosh(x - b) instead of a cosh((x - b)/a).
    3. The code assigns the first-integral ratio (C1 - g s)/phi, which is dy/ds, to dx/ds, so
       the figures do not solve the equations the post derived, and a free end (T = 0) makes
       the right side blow up.
    4. The shift y -> y - g/omega^2 does not reduce the skipping rope to g = 0: it leaves the
       ends off the effective axis (see :func:`mathlab.rope.skipping_rope`).

    Parameters
    ----------
    C1 : float
        Integration constant of the post's first integral phi dy/ds = -g s + C1,
        |C1| <= 1e50.
    omega : float
        Angular speed, in [1e-50, 1e50] (the post: 2).
    g : float
        Gravity, in [0, 1e50] (the post: 3). Units as in the post (dimensionless).
    s_max : float
        End of the arc-length interval, in [1e-50, 1e50] (the post: 0.5).
    step : float
        Sampling step of the output, 0 < step <= s_max, with at most 1e6 samples
        (the post: 1e-4, 5000 samples).

    Returns
    -------
    RopeCurve
        ``case="article"``, ``r = x``, ``z = y``, ``tension = -phi`` (the post's implied
        tension per unit density, negative), ``span=None``, ``length`` the last sampled arc
        length, ``end_radius`` the starting radius 1, ``max_radius`` the largest x of the
        solution (the samples and the dense output's maximum near where G changes sign, or an
        end), and ``info`` with ``C1``, ``s_of_max_radius`` (where that maximum is reached) and
        ``s_of_turning_point`` (the root of G = dx/ds nearest to it, located on the dense
        output; None if x has no interior maximum).

    Raises
    ------
    ValueError
        Bad parameters (the message names the parameter, its value and the allowed range).
    ArticleODEError
        If abs(G) > 1 somewhere on the interval (the square root would be NaN), or the
        integration needs more than 1e6 evaluations of the right-hand side.

    References
    ----------
    .. [1] Su Jianlin, "你跳绳的时候,想过绳子的形状曲线是怎样的吗?", kexue.fm, 2019-07-06.
    .. [2] A. Nordmark and H. Essen, "The skipping rope curve", Eur. J. Phys. 28 (2007) 241-247.

    Examples
    --------
    >>> c = article_curve(1.0)
    >>> print(f"end ({c.r[-1]:.5f}, {c.z[-1]:.5f}), max x {c.max_radius:.4f}")
    end (1.05704, -0.48857), max x 1.0687
    """
    C1, omega, g, s_max, step = _domain.article_args(C1, omega, g, s_max, step)
    half_w2 = 0.5 * omega * omega
    evaluations = 0

    def ratio(s, x, y):
        return (C1 - g * s) / (half_w2 * x * x - g * y)

    def rhs(s, state):
        nonlocal evaluations
        evaluations += 1
        if evaluations > _MAX_EVALUATIONS:
            raise ArticleODEError(f"the post's ODE needed more than {_MAX_EVALUATIONS} "
                                  f"evaluations of its right-hand side and reached only "
                                  f"s = {s:.6g} of s_max = {s_max!r} (C1 = {C1!r}, "
                                  f"omega = {omega!r}, g = {g!r})")
        G = ratio(s, state[0], state[1])
        if not abs(G) <= 1.0:
            raise ArticleODEError(f"the post's ODE leaves its domain at s = {s:.6g}: "
                                  f"|G| = {abs(G):.12g} > 1 (C1 = {C1!r}, omega = {omega!r}, "
                                  f"g = {g!r})")
        return [G, -np.sqrt(1.0 - G * G)]

    s = np.arange(0.0, s_max, step)
    sol = solve_ivp(rhs, (0.0, s_max), [1.0, 0.0], method="RK23", t_eval=s, dense_output=True)
    if sol.status != 0:  # pragma: no cover - defensive
        raise ArticleODEError(f"integration of the post's ODE failed: {sol.message}")
    x, y = sol.y
    tension = g * y - half_w2 * x * x
    s_best, x_best, s_turn = _largest_x(sol, s, x, ratio(s, x, y), ratio)
    return RopeCurve(s=s, r=x, z=y, tension=tension, case="article", length=float(s[-1]),
                     omega=omega, g=g, density=1.0, span=None, end_radius=float(x[0]),
                     nodes=count_sign_changes(x), max_radius=x_best,
                     info={"C1": C1, "s_of_max_radius": s_best,
                           "s_of_turning_point": s_turn, "step": step, "s_max": s_max})


def _largest_x(sol, s, x, G, ratio):
    """Largest x of the integrated solution, where it is reached, and the nearest root of G.

    Candidates: every sample (so the result is never below ``x.max()``) and, for each interior
    maximum (where dx/ds = G changes sign from + to -), the root of G and the maximum of the
    dense-output interpolant over the integrator steps around it. The RK23 interpolant
    is only third-order accurate, so its peak sits slightly away from G = 0 (by about 1e-9 in x
    for the post's C1 = 1); taking the larger value keeps ``max_radius >= r.max()``.
    """
    i_best = int(np.argmax(x))
    s_best, x_best, roots = float(s[i_best]), float(x[i_best]), []
    for i in np.flatnonzero((G[:-1] > 0) & (G[1:] <= 0)):
        q = brentq(lambda t: ratio(t, *sol.sol(t)), s[i], s[i + 1], xtol=1e-14)
        roots.append(float(q))
        # The interpolant is flat near its peak, which may lie a step or two away from the
        # root: scan the integrator steps around it finely, then polish the best point.
        ts = sol.sol.ts
        j = int(np.clip(np.searchsorted(ts, q), 1, len(ts) - 1))
        grid = np.linspace(ts[max(j - 3, 0)], ts[min(j + 2, len(ts) - 1)], 4001)
        xs = sol.sol(grid)[0]
        k = int(np.argmax(xs))
        res = minimize_scalar(lambda t: -sol.sol(t)[0], method="bounded",
                              bounds=(grid[max(k - 1, 0)], grid[min(k + 1, len(grid) - 1)]),
                              options={"xatol": 1e-14})
        for t in (q, float(grid[k]), float(res.x)):
            xt = float(sol.sol(t)[0])
            if xt > x_best:
                s_best, x_best = float(t), xt
    s_turn = min(roots, key=lambda q: abs(q - s_best)) if roots else None
    return s_best, x_best, s_turn
