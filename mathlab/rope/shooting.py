"""Cases B and D by shooting: spinning ropes under gravity, and the real skipping rope.

State along the arc length s from the upper end: (r, z, theta, T), tangent (cos theta, sin theta)
in the rotating (r, z) plane. With body force per length rho (omega^2 r + g_perp) e_r - rho g e_z
the force balance d(T t)/ds + f = 0 reads

    r' = cos theta,   z' = sin theta,
    T' = rho (g sin theta - (omega^2 r + g_perp) cos theta),
    T theta' = rho ((omega^2 r + g_perp) sin theta + g cos theta).

``g`` (along the axis) is case B; ``g_perp`` (a uniform force perpendicular to the axis, in the
rope's plane) is only used internally as an independent route to case D. The unknown initial
angle theta0 and tension T0 are found by Newton's method on the two end conditions, with the
exact Jacobian from the variational equations integrated alongside, and with continuation in
(g, end_radius) starting from the closed-form troposkien (g = 0, end_radius = 0).

Internally lengths are in units of L and tensions in units of rho omega^2 L^2.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, replace

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq
from scipy.special import factorial

from .._validate import choice, finite_result, nonnegative
from . import _domain, _kernels_shooting
from .closed_form import troposkien
from .curve import RopeCurve, count_sign_changes

__all__ = ["spinning_rope", "skipping_rope", "catenary", "ShootingError", "QuasiStaticWarning"]

_RTOL = 1e-12
_ATOL = 1e-13
_TOL = 1e-11          # end-condition residual (units of L) accepted by Newton
_MAX_NEWTON = 30
_MAX_STEPS = 200      # continuation steps
_MIN_DT = 1e-3        # smallest continuation step before giving up
_QUASI_STATIC_LIMIT = 0.2
_MAX_KERNEL_STEPS = 200_000
_S0 = [0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0]   # initial sensitivities d y / d(theta0, T0)
_UNIT = np.array([0.0, 1.0])
METHODS = ("numba", "scipy")
_MAX_DTHETA = 0.2     # largest Newton step in the initial angle (rad) ...
_ANGLE_SCALE = 0.5    # ... scaled down for ropes whose end angle is below this (L/D < 1.07)
_MAX_NEWTON_STEP = 8  # a continuation step needing more Newton iterations is refined
_AXIS_TOL = 1e-7      # theta0 + pi/2 (rad) below which the rope lies on the axis
_NEAR_AXIS = 1e-3     # theta0 + pi/2 (rad) below which a stalled continuation is a collapse
_THINNED = 0.1        # ... if also below this fraction of the gravity-free rope's end angle


_COLLAPSE = ("no bowed equilibrium at {t:.6g} of the way to g/(omega^2 L) = {ga:.6g}, "
             "end_radius/L = {e:.6g}: the rope has collapsed onto the axis, hanging doubled "
             "with a slack point (gravity too strong for this omega; see Kolodner's critical "
             "speeds)")


class ShootingError(ValueError):
    """The shooting solver did not converge; the message carries the diagnostics.

    A subclass of ValueError so that command-line front ends report it in one line.
    """


class QuasiStaticWarning(UserWarning):
    """``skipping_rope`` was asked for a state where g is not small against omega^2 R."""


@dataclass(frozen=True)
class _Problem:
    """Dimensionless problem: body force (w r + gp, -ga), ends at r = e, z = 0 and z = -d.

    ``dtheta`` is the largest Newton step in the initial angle: _MAX_DTHETA, or less for a
    nearly taut rope, whose whole end angle is smaller than that.
    """

    w: float
    gp: float
    ga: float
    e: float
    d: float
    method: str = "numba"
    dtheta: float = _MAX_DTHETA


def _rhs(s, y, w, gp, ga):
    r, _, th, T = y[:4]
    c, sn = math.cos(th), math.sin(th)
    fr = w * r + gp
    n = fr * sn + ga * c
    out = np.empty_like(y)
    out[0] = c
    out[1] = sn
    out[2] = n / T
    out[3] = ga * sn - fr * c
    if y.shape[0] > 4:
        # Variational equations: dS/ds = J S for the sensitivities S = d y / d(theta0, T0).
        S = y[4:].reshape(4, 2)
        J = np.array([
            [0.0, 0.0, -sn, 0.0],
            [0.0, 0.0, c, 0.0],
            [w * sn / T, 0.0, (fr * c - ga * sn) / T, -n / (T * T)],
            [-w * c, 0.0, fr * sn + ga * c, 0.0],
        ])
        out[4:] = (J @ S).ravel()
    return out


def _slack(s, y, w, gp, ga):
    return y[3]


_slack.terminal = True
_slack.direction = -1


def _integrate(prob: _Problem, theta0: float, t0: float, *, jacobian=True, t_eval=None,
               dense=False):
    y0 = [prob.e, 0.0, theta0, t0]
    if jacobian:
        y0 += [0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0]
    return solve_ivp(_rhs, (0.0, 1.0), y0, method="DOP853", rtol=_RTOL, atol=_ATOL,
                     args=(prob.w, prob.gp, prob.ga), events=_slack, t_eval=t_eval,
                     dense_output=dense)


def _kernel(prob: _Problem, y0, grid):
    """numba integration through ``grid``; returns (states, status).

    The step budget grows with the grid, which the integrator lands on point by point.
    """
    grid = np.asarray(grid, dtype=float)
    states, status, _ = _kernels_shooting.integrate(
        np.asarray(y0, dtype=float), grid, prob.w, prob.gp, prob.ga,
        _RTOL, _ATOL, _MAX_KERNEL_STEPS + grid.shape[0])
    return states, status


def _residual(prob: _Problem, x):
    """End-condition residual and its Jacobian, or (None, None) if the rope goes slack."""
    if not x[1] > 0:
        return None, None
    if prob.method == "numba":
        states, status = _kernel(prob, [prob.e, 0.0, x[0], x[1]] + _S0, _UNIT)
        if status != 0:
            return None, None
        yend = states[-1]
    else:
        sol = _integrate(prob, x[0], x[1])
        if sol.status != 0 or sol.t[-1] < 1.0:
            return None, None
        yend = sol.y[:, -1]
    res = np.array([yend[0] - prob.e, yend[1] + prob.d])
    S = yend[4:].reshape(4, 2)
    return res, S[:2]


def _newton(prob: _Problem, x0):
    """Damped Newton on (theta0, T0); returns (x, |residual|, iterations) or raises ShootingError."""
    x = np.array(x0, dtype=float)
    res, jac = _residual(prob, x)
    if res is None:
        raise ShootingError("initial guess gives a slack rope")
    norm = float(np.max(np.abs(res)))
    for it in range(1, _MAX_NEWTON + 1):
        if norm <= _TOL:
            return x, norm, it - 1
        try:
            step = np.linalg.solve(jac, -res)
        except np.linalg.LinAlgError as exc:
            raise ShootingError(f"singular shooting Jacobian at iteration {it}") from exc
        if not np.all(np.isfinite(step)):
            raise ShootingError(f"singular shooting Jacobian at iteration {it}")
        # Trust region: keep the angle step below dtheta and T0 positive, so that Newton
        # cannot jump to another branch (e.g. the rope folded on the axis).
        shrink = max(abs(step[0]) / prob.dtheta, -step[1] / (0.5 * x[1]), 1.0)
        step = step / shrink
        lam = 1.0
        while lam >= 1e-4:
            trial = x + lam * step
            tres, tjac = _residual(prob, trial)
            if tres is not None and np.max(np.abs(tres)) < (1.0 - 1e-4 * lam) * norm:
                break
            lam *= 0.5
        else:
            raise ShootingError(f"line search failed at iteration {it}, residual {norm:.3g}")
        x, res, jac = trial, tres, tjac
        norm = float(np.max(np.abs(res)))
    if norm <= _TOL:
        return x, norm, _MAX_NEWTON
    raise ShootingError(f"Newton did not converge in {_MAX_NEWTON} iterations, "
                        f"residual {norm:.3g}")


def _continuation(target: _Problem, x_start):
    """Follow the solution from (gp, ga, e) = 0 to ``target`` with adaptive steps.

    A step is refused (and halved) when Newton fails, needs many iterations, turns the initial
    angle by more than 2 dtheta (or, for a nearly taut rope, changes theta0 + pi/2 by more
    than a factor of two), or lands on the axis or beyond it: theta0 <= -pi/2 is
    either the mirror branch (the rope bowed to the other side, reached when the predictor
    overshoots) or the collapsed rope hanging doubled on the axis, which solves the equations
    for every g > 0 and so attracts long steps even where the bowed branch still exists. The
    bowed branch ends by thinning onto the axis (theta0 -> -pi/2, R -> 0, the minimum tension
    -> 0 at the fold): reported as a collapse only when the steps fall below _MIN_DT with the
    last accepted rope within _NEAR_AXIS of the axis and thinned to below _THINNED of the
    gravity-free rope's end angle (a nearly taut rope starts close to the axis without having
    collapsed), otherwise as a stalled continuation.
    """
    start = replace(target, gp=0.0, ga=0.0, e=0.0)

    def at(t):
        return replace(target, gp=t * target.gp, ga=t * target.ga, e=t * target.e)

    x, norm, iters = _newton(start, x_start)
    near_axis = min(_NEAR_AXIS, _THINNED * (x[0] + 0.5 * math.pi))
    total = iters
    if (target.gp, target.ga, target.e) == (0.0, 0.0, 0.0):
        return x, norm, total, 0
    t, dt, x_prev, t_prev = 0.0, 0.25, None, None
    for steps in range(1, _MAX_STEPS + 1):
        t_next = min(1.0, t + dt)
        guess = x if x_prev is None else x + (x - x_prev) * (t_next - t) / (t - t_prev)
        try:
            x_new, norm, iters = _newton(at(t_next), guess)
            if x_new[0] <= -0.5 * math.pi + _AXIS_TOL:
                raise ShootingError(f"step {t:.6g} -> {t_next:.6g} landed on the axis or the "
                                    f"mirror branch (theta0 + pi/2 = "
                                    f"{x_new[0] + 0.5 * math.pi:.3g} rad)")
            # A nearly taut rope has its whole end angle within the trust region, and the
            # doubled rope on the axis next to it: there the angle may change by a factor of
            # two per step at most.
            angle, new_angle = x[0] + 0.5 * math.pi, x_new[0] + 0.5 * math.pi
            jump = (target.dtheta < _MAX_DTHETA
                    and not 0.5 * angle <= new_angle <= 2.0 * angle)
            if iters > _MAX_NEWTON_STEP or abs(x_new[0] - x[0]) > 2 * target.dtheta or jump:
                raise ShootingError(f"step {t:.6g} -> {t_next:.6g} too large "
                                    f"({iters} Newton iterations, "
                                    f"angle change {abs(x_new[0] - x[0]):.3g} rad)")
        except ShootingError as exc:
            dt *= 0.5
            if dt < _MIN_DT:
                if x[0] + 0.5 * math.pi < near_axis:
                    raise ShootingError(
                        _COLLAPSE.format(t=t, ga=target.ga, e=target.e)
                        + f"; the last bowed rope, at {t:.6g} of the way, has theta0 + pi/2 = "
                        f"{x[0] + 0.5 * math.pi:.3g} rad, and the next step ({exc})") from None
                raise ShootingError(f"continuation stalled at {t:.6g} of the way to "
                                    f"g/(omega^2 L) = {target.ga:.6g}, "
                                    f"end_radius/L = {target.e:.6g}: {exc}") from None
            continue
        total += iters
        x_prev, t_prev, x, t = x, t, x_new, t_next
        if t >= 1.0:
            return x, norm, total, steps
        dt = min(2.0 * dt, 1.0)
    raise ShootingError(f"continuation needed more than {_MAX_STEPS} steps "
                        f"(reached {t:.6g} of the way)")


def _solve(prob: _Problem, n: int):
    """Solve the dimensionless problem; return samples and diagnostics."""
    tro = troposkien(1.0, prob.d)
    x0 = (tro.end_angle - 0.5 * math.pi, tro.tension_end)
    prob = replace(prob, dtheta=_MAX_DTHETA * min(1.0, tro.end_angle / _ANGLE_SCALE))
    x, norm, iters, steps = _continuation(prob, x0)
    s = np.linspace(0.0, 1.0, n)
    if prob.method == "numba":
        states, status = _kernel(prob, [prob.e, 0.0, x[0], x[1]], s)
        if status != 0:  # pragma: no cover - Newton already integrated this successfully
            raise ShootingError(f"final integration failed (kernel status {status})")
        y = states.T

        def state_at(q, i):
            return _kernel(prob, states[i], [s[i], q])[0][-1]
    else:
        sol = _integrate(prob, x[0], x[1], jacobian=False, t_eval=s, dense=True)
        if sol.status != 0 or sol.y.shape[1] != n:  # pragma: no cover - as above
            raise ShootingError("final integration failed: " + sol.message)
        y = sol.y

        def state_at(q, i):
            return sol.sol(q)
    # Extremes of r: where r' = cos(theta) changes sign, located to solver tolerance.
    cos_th = np.cos(y[2])
    r_extremes = [abs(y[0, 0]), abs(y[0, -1])]
    for i in np.flatnonzero(np.signbit(cos_th[1:]) != np.signbit(cos_th[:-1])):
        def cos_at(q, i=i):
            return math.cos(state_at(q, i)[2])

        ca, cb = cos_at(s[i]), cos_at(s[i + 1])
        if np.signbit(ca) != np.signbit(cb):
            sm = brentq(cos_at, s[i], s[i + 1], xtol=1e-15)
        else:
            # The samples disagree in sign only by rounding: r' = cos(theta) vanishes at a
            # sample (a symmetric rope sampled at its middle), and re-integrating to it lands
            # on the other side of zero. The extremum is that sample, to solver tolerance.
            sm = s[i] if abs(ca) <= abs(cb) else s[i + 1]
        r_extremes.append(abs(state_at(sm, i)[0]))
    return {"s": s, "y": y, "x": x, "residual": norm, "iterations": iters,
            "continuation_steps": steps, "max_r": max(r_extremes)}


def spinning_rope(length, span, omega, g=0.0, density=1.0, end_radius=0.0, *,
                  n=2001, method="numba", drag=0.0) -> RopeCurve:
    """Rope spinning about a vertical axis with both ends fixed, under gravity (cases A, B).

    Both ends are at distance ``end_radius`` from the axis, the upper end at z = 0 and the lower
    end at z = -span; gravity g points along -z. Solves the force balance

        r' = cos(theta),  z' = sin(theta),
        T' = rho (g sin(theta) - omega^2 r cos(theta)),
        T theta' = rho (omega^2 r sin(theta) + g cos(theta))

    over s in [0, L] from the upper end by shooting on (theta0, T0) (Newton with the exact
    Jacobian from the variational equations, rtol = 1e-12), with continuation in g and
    end_radius from the closed-form troposkien.

    Branch: for ``end_radius > 0`` a second family of equilibria swings through the axis to the
    other side; continuation from the troposkien returns the branch that bows AWAY from the axis
    (r > end_radius in the middle, r > 0 everywhere for small g).

    Parameters
    ----------
    length : float
        Rope length L (m), > span, with 1 + 1e-10 <= L / D <= 1e6 (the shooting solver's range;
        use :func:`troposkien` for a tauter or longer rope without gravity).
    span : float
        Axial distance D between the ends (m), > 0.
    omega : float
        Angular speed (rad/s), > 0.
    g : float
        Gravitational acceleration along -z (m/s^2), >= 0, with g / (omega^2 L) <= 1 (the bowed
        branch ends below 0.65). g = 0 is case A (troposkien).
    density : float
        Linear density rho (kg/m), > 0; scales the tension only.
    end_radius : float
        Distance of both ends from the axis (m), >= 0 and at most 100 R, R the width of the
        same rope without gravity (:attr:`Troposkien.radius`).
    n : int
        Number of samples, equally spaced in arc length, 2 to 1e6.

    Every dimensional input lies in [1e-50, 1e50] (SI units; g and end_radius may be 0).
    method : {"numba", "scipy"}
        Integrator: a compiled Dormand-Prince 5(4) kernel (default, about 50 times faster) or
        ``scipy.integrate.solve_ivp`` with DOP853 (the reference). Both land on the samples.
    drag : float
        Quadratic normal-drag coefficient c (N s^2 / m^3), >= 0: the rope moves through still
        air and feels f = -c |w_n| w_n per unit length, w_n the normal part of its velocity
        omega e_z x x (c = rho_air C_D d / 2, about 0.006 for d = 8 mm). The steady shape is
        then 3-D, lagging behind the plane of the ends (``phi``); it is found by shooting on
        the initial tangent and tension (scipy's DOP853, see :mod:`mathlab.rope.drag`) from
        the planar solution. Needs ``end_radius > 0``: ends on the axis exert no torque
        about it and cannot hold the rope against drag.

    Returns
    -------
    RopeCurve
        ``case="spinning"``; ``s`` from the upper end; ``max_radius`` located where
        cos(theta) = 0 to solver tolerance; ``residual`` is the end-condition error (m);
        ``info`` holds ``theta0`` (rad, angle of the tangent with +r at the upper end),
        ``tension_top``, ``tension_bottom`` (N), ``energy_constant`` c of
        T = c + rho g z - rho omega^2 r^2 / 2 evaluated at the upper end, and
        ``continuation_steps``. With drag, ``phi`` is the lag of each point behind the plane
        of the ends, ``energy_constant`` is absent (drag does work) and ``info`` adds
        ``psi0`` (the initial tangent's azimuth), ``drive_torque`` (N m, what the ends
        supply), ``drive_power`` (W) and ``lag_max`` (rad).

    Raises
    ------
    ValueError
        Bad parameters (not finite reals in range, span >= length) or outside the ranges above;
        the message names the parameter, its value and the allowed range.
    ShootingError
        If Newton or the continuation fails (message gives how far it got and the residual),
        or if gravity is too strong: the bowed branch thins onto the axis (width below 1e-4 D
        near g/(omega^2 L) = 0.57, 0.52, 0.47, 0.42 for L/D = 1.2, 1.5, 2, 3) and ends in the
        rope hanging doubled on the axis, reported as a collapse; or if the drag is too
        strong for a steady shape (the rope's middle trails about 90 degrees behind the ends
        and the branch folds back).

    References
    ----------
    .. [1] A. Nordmark and H. Essen, "The skipping rope curve", Eur. J. Phys. 28 (2007) 241-247.
    .. [2] Su Jianlin, "你跳绳的时候,想过绳子的形状曲线是怎样的吗?", kexue.fm, 2019-07-06.

    Examples
    --------
    >>> c = spinning_rope(length=3.0, span=2.0, omega=2.0, g=1.0, n=201)
    >>> round(c.info["tension_top"] - c.info["tension_bottom"], 6)  # = rho g D
    2.0
    """
    length, span, omega, g, density, end_radius, n = _domain.spinning_args(
        length, span, omega, g, density, end_radius, n)
    method = choice("method", method, METHODS)
    drag = nonnegative("drag", drag)
    if drag > 0 and end_radius == 0:
        raise ValueError("drag > 0 needs end_radius > 0: ends on the axis exert no torque "
                         "about it, so nothing could hold the rope steady against drag")
    return _spinning(length, span, omega, g, density, end_radius, n, method, drag)


def _spinning(length, span, omega, g, density, end_radius, n, method, drag=0.0):
    """:func:`spinning_rope` on validated arguments."""
    scale = omega * omega * length
    prob = _Problem(w=1.0, gp=0.0, ga=g / scale, e=end_radius / length, d=span / length,
                    method=method)
    out = _solve(prob, n)
    planar = _to_curve(out, "spinning", length, span, omega, g, density, end_radius)
    if drag == 0:
        return planar
    from .drag import steady_drag_shape

    return steady_drag_shape(planar, drag, n=n)


def _to_curve(out, case, length, span, omega, g, density, end_radius):
    y = out["y"]
    tscale = density * omega * omega * length * length
    r, z, T = y[0] * length, y[1] * length, y[3] * tscale
    for what, values in (("radius", r), ("axial coordinate", z), ("tension", T)):
        finite_result(f"{case} rope {what}", values)
    if not np.all(T > 0):  # pragma: no cover - the slack event makes this unreachable
        raise ShootingError("solution has non-positive tension")
    c = T[0] - density * g * z[0] + 0.5 * density * omega ** 2 * r[0] ** 2
    info = {"theta0": float(out["x"][0]), "tension_top": float(T[0]),
            "tension_bottom": float(T[-1]), "energy_constant": float(c),
            "continuation_steps": out["continuation_steps"]}
    return RopeCurve(s=out["s"] * length, r=r, z=z, tension=T, case=case, length=length,
                     omega=omega, g=g, density=density, span=span, end_radius=end_radius,
                     nodes=count_sign_changes(r), max_radius=out["max_r"] * length,
                     residual=out["residual"] * length, iterations=out["iterations"], info=info)


def skipping_rope(length, span, omega, g=9.81, density=1.0, *, n=2001,
                  method="numba") -> RopeCurve:
    """A real skipping rope (case D): horizontal axis, snapshot when the rope is at its lowest.

    Gravity is then perpendicular to the axis and points away from it, in the rope's plane, so
    the body force per length is rho (omega^2 r + g) e_r = rho omega^2 (r + g/omega^2) e_r:
    the problem is case A about an effective axis shifted by a = g/omega^2 AWAY from the rope
    (above the hands), with both ends at distance a from it. It is solved by
    :func:`spinning_rope` with ``end_radius = a`` and reported relative to the hands.

    Coordinates (sign convention): ``z`` runs along the hands' axis from the first hand (z = 0)
    to the second (z = -span); ``r`` is the displacement from the hands' axis in the direction
    of gravity (down) at this instant, so the rope hangs at r > 0. ``end_radius`` is 0.

    Validity: quasi-static. Gravity turns with respect to the rope once per revolution, which
    the steady co-rotating balance ignores; the snapshot is meaningful only while gravity is a
    small correction, g << omega^2 R (R = ``max_radius``). ``info["gravity_ratio"]`` holds
    g / (omega^2 R), and a :class:`QuasiStaticWarning` is issued when it exceeds 0.2. Far
    outside that regime (a slow spin, e.g. omega = 0.2 rad/s for L = 3 m, D = 2 m, or a
    nearly taut rope, whose width R is small) the shifted axis lies more than 100 widths of
    the rope away, where the continuation in the axis offset is not supported: a ValueError
    says so and gives the smallest omega; use :func:`catenary` there, the omega -> 0 limit.

    Parameters
    ----------
    length : float
        Rope length L (m), > span, with 1 + 1e-10 <= L / D <= 1e6.
    span : float
        Distance D between the hands (m), > 0.
    omega : float
        Angular speed (rad/s), > 0, with g / (omega^2 R) <= 100 where R is the width of the
        same rope without gravity (:attr:`Troposkien.radius`): the axis offset g / omega^2 is
        at most 100 R.
    g : float
        Gravitational acceleration (m/s^2), >= 0.
    density : float
        Linear density rho (kg/m), > 0.
    n : int
        Number of samples, equally spaced in arc length, 2 to 1e6.
    method : {"numba", "scipy"}
        Integrator, as in :func:`spinning_rope`.

    Every dimensional input lies in [1e-50, 1e50] (SI units; g may be 0).

    Returns
    -------
    RopeCurve
        ``case="skipping"``; tension T = c - rho omega^2 (r + g/omega^2)^2 / 2;
        ``info`` holds ``axis_offset`` (= g/omega^2, m) and ``gravity_ratio``.

    Raises
    ------
    ValueError
        Bad parameters, or outside the ranges above (for a nearly taut rope, or a slow spin,
        g / (omega^2 R) > 100: the message gives the smallest omega and points to
        :func:`catenary`).
    ShootingError
        If the shooting solver fails.

    References
    ----------
    .. [1] A. Nordmark and H. Essen, "The skipping rope curve", Eur. J. Phys. 28 (2007) 241-247.
    .. [2] Su Jianlin, "你跳绳的时候,想过绳子的形状曲线是怎样的吗?", kexue.fm, 2019-07-06.

    Examples
    --------
    >>> c = skipping_rope(length=3.0, span=2.0, omega=2 * math.pi * 2, n=201)
    >>> print(f"sag {c.max_radius:.4f} m, g/(omega^2 R) = {c.info['gravity_ratio']:.3f}")
    sag 1.0296 m, g/(omega^2 R) = 0.060
    """
    length, span, omega, g, density, n = _domain.skipping_args(length, span, omega, g,
                                                               density, n)
    method = choice("method", method, METHODS)
    offset = g / (omega * omega)
    base = _spinning(length, span, omega, 0.0, density, offset, n, method)
    r = base.r - offset
    sag = base.max_radius - offset
    ratio = g / (omega * omega * sag)
    if ratio > _QUASI_STATIC_LIMIT:
        warnings.warn(f"skipping_rope: g/(omega^2 R) = {ratio:.3g} > {_QUASI_STATIC_LIMIT}; the "
                      "quasi-static snapshot is not a good model here (spin faster)",
                      QuasiStaticWarning, stacklevel=2)
    info = dict(base.info, axis_offset=offset, gravity_ratio=ratio)
    return replace(base, r=r, case="skipping", g=g, end_radius=0.0, nodes=count_sign_changes(r),
                   max_radius=sag, info=info)


def _direct_perpendicular(length, span, omega, g, n=2001, method="scipy"):
    """Case D by direct shooting with gravity as a uniform force perpendicular to the axis.

    Independent route used by the tests: no axis shift, ends on the hands' axis.
    Returns the dimensional (s, r, z, T) with density 1.
    """
    scale = omega * omega * length
    prob = _Problem(w=1.0, gp=g / scale, ga=0.0, e=0.0, d=span / length, method=method)
    out = _solve(prob, n)
    y = out["y"]
    return out["s"] * length, y[0] * length, y[1] * length, y[3] * scale * length


def _sinhc_minus_one(u):
    """sinh(u)/u - 1 without cancellation for small u."""
    if u < 0.1:
        k = np.arange(1, 8)
        return float(np.sum(u ** (2 * k) / factorial(2 * k + 1)))
    return math.sinh(u) / u - 1.0


def catenary(length, span, g=9.81, density=1.0, *, n=2001) -> RopeCurve:
    """A rope hanging between two points at the same height (case E, omega = 0), closed form.

    Same coordinates as :func:`skipping_rope`, its omega -> 0 limit: ``z`` runs along the line
    of the ends from 0 to -span, ``r`` is the sag below that line (along gravity). With
    zeta = -z, H = span/2 and the catenary parameter a (L = 2a sinh(H/a)):

        r(zeta) = a (cosh(H/a) - cosh((zeta - H)/a)),
        s(zeta) = a (sinh(H/a) + sinh((zeta - H)/a)),
        T = rho g a cosh((zeta - H)/a) = rho g (a cosh(H/a) - r).

    The post writes a cosh(x - b), dropping the scale a inside the cosh (its error 2).

    Parameters
    ----------
    length : float
        Rope length L (m), > span.
    span : float
        Distance D between the ends (m), > 0.
    g : float
        Gravitational acceleration (m/s^2), > 0.
    density : float
        Linear density rho (kg/m), > 0.
    n : int
        Number of samples, equally spaced in arc length, 2 to 1e6.

    Every dimensional input lies in [1e-50, 1e50] (SI units).

    Returns
    -------
    RopeCurve
        ``case="catenary"``, ``omega=0``, ``max_radius`` the sag a (cosh(H/a) - 1) and
        ``info["a"]`` the catenary parameter (m).

    Raises
    ------
    ValueError
        Bad parameters.

    References
    ----------
    .. [1] Su Jianlin, "你跳绳的时候,想过绳子的形状曲线是怎样的吗?", kexue.fm, 2019-07-06.

    Examples
    --------
    >>> c = catenary(length=3.0, span=2.0, n=101)
    >>> print(f"a = {c.info['a']:.6f} m, sag = {c.max_radius:.6f} m")
    a = 0.616473 m, sag = 1.005267 m
    """
    length, span, g, density, n = _domain.catenary_args(length, span, g, density, n)
    excess = (length - span) / span                 # sinh(u)/u - 1 with u = H/a
    hi = 1.0
    while _sinhc_minus_one(hi) < excess:
        hi *= 2.0
    u = brentq(lambda q: _sinhc_minus_one(q) - excess, 0.0, hi, xtol=1e-300,
               rtol=4 * np.finfo(float).eps, maxiter=500)
    H = 0.5 * span
    a = H / u
    s = np.linspace(0.0, length, n)
    # Invert s(zeta) in closed form: zeta = H + a asinh(s/a - sinh(u)).
    w = np.arcsinh(s / a - math.sinh(u))
    zeta = H + a * w
    zeta[0], zeta[-1] = 0.0, span
    r = a * (math.cosh(u) - np.cosh(w))
    r[0] = r[-1] = 0.0
    tension = density * g * a * np.cosh(w)
    return RopeCurve(s=s, r=r, z=0.0 - zeta, tension=tension, case="catenary", length=length,
                     omega=0.0, g=g, density=density, span=span, end_radius=0.0,
                     nodes=count_sign_changes(r), max_radius=a * (math.cosh(u) - 1.0),
                     info={"a": a})
