"""Steady 3-D shape of a rope spinning about a vertical axis in still air (quadratic drag).

In the frame turning at omega the rope is at rest, but it moves through the still air at
w = omega e_z x x. Drag acts on the normal part of that velocity,
f_d = -c |w_n| w_n per unit length (c = rho_air C_D d / 2), so the rope lags behind the plane of
its ends and becomes a 3-D curve. With the tangent t = x', the force balance
(T t)' + f = 0, f = rho omega^2 (x, y, 0) - rho g e_z + f_d, reads

    x' = t,   T' = -f . t,   T t' = -(f - (f . t) t),

integrated over the arc length from the upper end. The initial tangent (two angles) and
tension are found by Newton's method so that the other end lands where it is held, with
continuation in c from the planar solution of :func:`~mathlab.rope.spinning_rope`.
A rope whose ends are on the axis cannot be held steady against drag (its ends exert no
torque about the axis), so the ends must be off it; and ends on circles of radius e can only
supply a torque of order e T, so beyond a critical drag (where the rope's middle trails about
90 degrees behind its ends) the steady branch folds back and there is no steady shape.

Internally lengths are in units of L, tensions in rho omega^2 L^2 and c in rho / L.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.integrate import solve_ivp, trapezoid
from scipy.optimize import minimize_scalar

from ._continuation import follow
from .curve import RopeCurve, count_sign_changes
from .shooting import ShootingError

__all__ = ["steady_drag_shape"]

_RTOL = 1e-11
_ATOL = 1e-12
_TOL = 1e-10            # end miss (units of L) accepted by Newton
_MAX_NEWTON = 8        # a continuation step needing more is refused and halved
_MAX_STEPS = 60         # continuation steps
_FD = 1e-7              # finite-difference step of the shooting Jacobian


def _rhs(s, y, ga, c):
    x0, x1, t0, t1, t2, T = y[0], y[1], y[3], y[4], y[5], y[6]
    # w = e_z x x (units omega L), its part normal to the tangent, and the drag on it
    w0, w1 = -x1, x0
    wt = w0 * t0 + w1 * t1
    n0, n1, n2 = w0 - wt * t0, w1 - wt * t1, -wt * t2
    k = c * math.sqrt(n0 * n0 + n1 * n1 + n2 * n2)
    f0, f1, f2 = x0 - k * n0, x1 - k * n1, -ga - k * n2
    ft = f0 * t0 + f1 * t1 + f2 * t2
    return [t0, t1, t2, -(f0 - ft * t0) / T, -(f1 - ft * t1) / T, -(f2 - ft * t2) / T, -ft]


def _slack(s, y, ga, c):
    return y[6]


_slack.terminal = True


def _tangent(theta, psi):
    return np.array([math.cos(theta) * math.cos(psi), -math.cos(theta) * math.sin(psi),
                     math.sin(theta)])


def _shoot(p, e, ga, c, dense=False, t_eval=None):
    theta, psi, T0 = p
    y0 = np.concatenate([[e, 0.0, 0.0], _tangent(theta, psi), [T0]])
    return solve_ivp(_rhs, (0.0, 1.0), y0, method="DOP853", rtol=_RTOL, atol=_ATOL,
                     args=(ga, c), events=_slack, dense_output=dense, t_eval=t_eval)


def _miss(p, e, d, ga, c):
    if not p[2] > 0:
        return None
    sol = _shoot(p, e, ga, c)
    if sol.status != 0 or sol.t[-1] < 1.0:
        return None
    return sol.y[:3, -1] - np.array([e, 0.0, -d])


def _newton(p0, e, d, ga, c):
    p = np.array(p0, dtype=float)
    r = _miss(p, e, d, ga, c)
    if r is None:
        raise ShootingError("the starting guess gives a slack rope")
    norm = first = float(np.max(np.abs(r)))
    for it in range(_MAX_NEWTON + 1):
        if norm <= _TOL:
            return p, norm, it
        if it == _MAX_NEWTON or (it >= 3 and norm > 1e-2 * first):
            break                                   # not converging quadratically: refuse
        J = np.empty((3, 3))
        for j in range(3):
            dp = np.zeros(3)
            dp[j] = _FD * max(1.0, abs(p[j]))
            rp = _miss(p + dp, e, d, ga, c)
            if rp is None:
                raise ShootingError("the rope goes slack next to the current guess")
            J[:, j] = (rp - r) / dp[j]
        step = np.linalg.lstsq(J, -r, rcond=None)[0]
        shrink = max(1.0, abs(step[0]) / 0.2, abs(step[1]) / 0.2, -step[2] / (0.5 * p[2]))
        step /= shrink
        lam = 1.0
        while lam >= 1.0 / 64:
            trial = p + lam * step
            rt = _miss(trial, e, d, ga, c)
            if rt is not None and np.max(np.abs(rt)) < (1.0 - 1e-4 * lam) * norm:
                break
            lam *= 0.5
        else:
            raise ShootingError(f"line search failed, end miss {norm:.3g} L")
        p, r, norm = trial, rt, float(np.max(np.abs(rt)))
    raise ShootingError(f"Newton stalled after {it} iterations (end miss {norm:.3g} L)")


def _lag_of(p, e, ga, c):
    """Largest lag (rad, unwrapped) along the rope shot with parameters p."""
    sol = _shoot(p, e, ga, c, t_eval=np.linspace(0.0, 1.0, 201))
    return float(np.max(np.unwrap(-np.arctan2(sol.y[1], sol.y[0]))))


def steady_drag_shape(planar: RopeCurve, drag, *, n=2001) -> RopeCurve:
    """The steady shape with drag coefficient ``drag`` (N s^2/m^3), from a planar solution.

    ``planar`` is :func:`~mathlab.rope.spinning_rope`'s drag-free curve of the same rope
    (ends off the axis). Arguments are validated by the caller.
    """
    L, omega, rho = planar.length, planar.omega, planar.density
    e, d = planar.end_radius / L, planar.span / L
    ga = planar.g / (omega * omega * L)
    c_target = drag * L / rho
    tscale = rho * omega * omega * L * L
    p = np.array([planar.info["theta0"], 0.0, planar.info["tension_top"] / tscale])
    # continuation in the drag coefficient from the planar rope
    try:
        p, miss, iterations, steps = follow(
            lambda t, guess: _newton(guess, e, d, ga, t * c_target), p, error=ShootingError,
            max_steps=_MAX_STEPS, min_step=2e-3, what="drag")
    except ShootingError as exc:
        lag = math.degrees(_lag_of(exc.last, e, ga, exc.reached * c_target))
        raise ShootingError(
            f"no steady shape with drag {drag!r} N s^2/m^3: the steady branch ends near drag "
            f"{exc.reached * drag:.6g}, where the rope's middle trails about {lag:.0f} "
            "degrees behind the plane of its ends; the ends, on circles of radius "
            f"end_radius, cannot supply more torque and the rope would wind up about the "
            f"axis ({exc})") from None
    s = np.linspace(0.0, 1.0, n)
    sol = _shoot(p, e, ga, c_target, dense=True, t_eval=s)
    if sol.status != 0 or sol.y.shape[1] != n:  # pragma: no cover - Newton integrated it
        raise ShootingError("final integration of the drag shape failed: " + sol.message)
    x, y, z, T = sol.y[0], sol.y[1], sol.y[2], sol.y[6]
    r = np.hypot(x, y) * np.where(x < 0, -1.0, 1.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        phi = np.where(x != 0, -np.arctan(y / np.where(x != 0, x, 1.0)), 0.0)
    # the widest point, polished on the dense output
    i = int(np.argmax(np.hypot(x, y)))
    lo, hi = s[max(i - 1, 0)], s[min(i + 1, n - 1)]
    res = minimize_scalar(lambda q: -math.hypot(*sol.sol(q)[:2]), bounds=(lo, hi),
                          method="bounded", options={"xatol": 1e-13})
    widest = max(float(np.max(np.hypot(x, y))), -float(res.fun))
    # torque about the axis the ends must supply against the drag (N m)
    def torque_density(q):
        st = sol.sol(q)
        xx, tt = st[:3], st[3:6]
        w = np.array([-xx[1], xx[0], 0.0])
        wn = w - np.dot(w, tt) * tt
        fd = -c_target * np.linalg.norm(wn) * wn
        return xx[0] * fd[1] - xx[1] * fd[0]

    density = np.array([torque_density(q) for q in s])
    torque = -float(trapezoid(density, s)) * rho * omega ** 2 * L ** 3
    info = dict(planar.info, theta0=float(p[0]), psi0=float(p[1]),
                tension_top=float(T[0] * tscale), tension_bottom=float(T[-1] * tscale),
                drag=float(drag), drive_torque=torque, drive_power=torque * omega,
                lag_max=float(np.max(phi)), drag_steps=steps, drag_iterations=iterations)
    info.pop("energy_constant", None)
    return RopeCurve(s=s * L, r=r * L, z=z * L, tension=T * tscale, case="spinning",
                     length=L, omega=omega, g=planar.g, density=rho, span=planar.span,
                     end_radius=planar.end_radius, nodes=count_sign_changes(r),
                     max_radius=widest * L, residual=miss * L, iterations=iterations,
                     info=info, phi=phi)
