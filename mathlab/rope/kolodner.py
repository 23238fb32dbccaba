"""Case C: Kolodner's heavy rotating string (Li Yongle's problem), all of its modes.

A uniform string of length L and linear density rho hangs from a point on a vertical axis and
turns about it at angular speed omega; its lower end is free. Measure arc length from the FREE
end, sigma = (L - s) / L, and write U for the horizontal tension over rho g L and
lambda = omega^2 L / g. The vertical tension component is rho g L sigma (the weight below), and
the force balance becomes Kolodner's problem

    U'' + lambda U / sqrt(U^2 + sigma^2) = 0,   U(0) = 0 (free end),   U'(1) = 0 (top on the axis),

with r / L = U'(sigma) / lambda, dz / dsigma = L sigma / sqrt(U^2 + sigma^2) and
T = rho g L sqrt(U^2 + sigma^2). (The spec writes r / L = -U' / lambda: the sign of U is a
convention that only selects the mirror image; here a = U'(0) > 0 so the free end is at r > 0.)

Solutions are found by shooting on a = U'(0). Two facts make the search complete:

* ``U'(1)`` is odd in ``a`` (a = 0 is the vertical rope) and, since ``|U''| <= lambda``,
  ``U'(1) >= a - lambda``: every non-trivial root lies in ``(0, lambda)``.
* The number N(a) of sign changes of U' on (0, 1] is n (the number of critical speeds below
  omega, from the linearisation U' = a J0(2 sqrt(lambda sigma))) at small a and 0 at
  a = lambda, and it changes only when a zero of U' leaves through sigma = 1, that is at a
  root of U'(1). Kolodner's theorem (exactly n roots, the j-th with j - 1 interior zeros of U')
  means N falls monotonically, by one at each root.

So instead of a fixed grid in a, which could step over the close roots of the near-threshold
branches (their a vanishes like sqrt(omega - omega_n)), the search bisects the integer N(a)
until every bracket holds a drop of exactly one, then refines each root (brentq at the
scanning tolerance, secant steps at full accuracy). Monotonicity is checked at every bisection
step, and the number of roots against the theorem; a violation raises
:class:`~mathlab.rope.shooting.ShootingError` with the numbers.

References
----------
I. I. Kolodner, "Heavy rotating string -- a nonlinear eigenvalue problem", Comm. Pure Appl.
Math. 8 (1955) 395-408.
Su Jianlin, "你跳绳的时候,想过绳子的形状曲线是怎样的吗?", 2019-07-06,
https://kexue.fm/archives/6784 (it starts from this problem, posed by Li Yongle).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq
from scipy.special import j0, j1, jn_zeros, y0, y1

from .._validate import choice, integer, nonnegative, positive
from . import _domain
from . import _kernels_kolodner as _k
from .curve import RopeCurve, count_sign_changes
from .shooting import ShootingError

__all__ = ["critical_speeds", "hanging_modes", "bifurcation_diagram", "BifurcationDiagram"]

_RTOL = 1e-12          # integrator tolerance for the returned quantities
_RTOL_SCAN = 1e-6      # integrator tolerance while counting sign changes
_MAX_STEPS = 1_000_000
_MAX_BISECTIONS = 200
_MAX_SECANT = 12
_SECANT_RTOL = 1e-11   # secant steps below this (relative) end the polishing
_A_MIN = 1e-6          # first trial a / lambda for the small-amplitude end of the search
_A_FLOOR = 1e-13       # smallest a / lambda tried before giving up on a near-threshold branch
_THRESHOLD_RTOL = 1e-9  # within this of omega_n (relative) branch n may be unresolvable

# A shooter maps (a, lam, rtol) to (U(1), U'(1), Z(1), crossings of U' on (0, 1], steps).
Shooter = Callable[[float, float, float], tuple]


# --------------------------------------------------------------------------- critical speeds

def critical_speeds(count, length, g=9.81, *, tip_mass=0.0, density=1.0):
    r"""Angular speeds at which the heavy string's non-vertical modes branch off.

    .. math:: \omega_n = \frac{j_{0,n}}{2} \sqrt{g / L},

    where :math:`j_{0,n}` is the n-th positive zero of the Bessel function :math:`J_0`
    (linearising Kolodner's equation gives r ~ J0(2 sqrt(lambda sigma))).

    With a point mass M at the free end (mu = M / (rho L)) the linearised problem is
    (V r')' + lambda r = 0 with V = sigma + mu, r = 0 at the top and r' = -lambda r at the
    free end; its solutions r = A J0(z) + B Y0(z), z = 2 sqrt(lambda (sigma + mu)), give the
    critical speeds as the roots lambda_n = omega_n^2 L / g of

    .. math:: (Y_1(z_0) - \tfrac{z_0}{2} Y_0(z_0)) J_0(z_1)
              - (J_1(z_0) - \tfrac{z_0}{2} J_0(z_0)) Y_0(z_1) = 0,
              \quad z_0 = 2\sqrt{\lambda\mu},\ z_1 = 2\sqrt{\lambda(1 + \mu)}.

    A mass much heavier than the rope makes it a conical pendulum: omega_1 -> sqrt(g / L).

    Parameters
    ----------
    count : int
        How many critical speeds, from 1 to 100000.
    length : float
        Rope length L in m, in [1e-50, 1e50].
    g : float, optional
        Gravitational acceleration in m/s^2, in [1e-50, 1e50].
    tip_mass : float, optional
        Point mass at the free end (kg), >= 0 and at most 1e12 times the rope's mass; 0 (the
        default) is the bare string, computed exactly as without this argument.
    density : float, optional
        Linear density rho (kg/m), > 0; only used with a tip mass (mu = M / (rho L)).

    Returns
    -------
    ndarray
        omega_1 < ... < omega_count in rad/s.

    Raises
    ------
    ValueError
        If an argument is outside those ranges, or the tip mass is negative or out of range.

    References
    ----------
    Kolodner (1955); Su Jianlin (2019), see the module docstring.

    Examples
    --------
    >>> w = critical_speeds(3, length=1.0, g=1.0)
    >>> [round(float(x), 6) for x in w]
    [1.202413, 2.760039, 4.326864]
    >>> round(float(critical_speeds(1, 1.0, 1.0, tip_mass=1e6)[0]), 5)   # conical pendulum
    1.0
    """
    count = integer("count", count, minimum=1, maximum=_domain.MAX_CRITICAL_SPEEDS)
    length = _domain.scale("length", length, "m")
    g = _domain.scale("g", g, "m/s^2")
    mu = _tip_ratio(tip_mass, density, length)
    if mu == 0.0:
        return jn_zeros(0, count) / 2.0 * math.sqrt(g / length)
    return np.sqrt(_tip_critical_lambdas(count, mu) * g / length)


_MAX_TIP_RATIO = 1e12


def _tip_ratio(tip_mass, density, length):
    """mu = tip_mass / (rho L), validated."""
    tip_mass = nonnegative("tip_mass", tip_mass)
    density = positive("density", density)
    mu = tip_mass / (density * length)
    if mu > _MAX_TIP_RATIO:
        raise ValueError(f"tip_mass must be at most {_MAX_TIP_RATIO:g} times the rope's mass "
                         f"(= {_MAX_TIP_RATIO * density * length:.6g} kg); got {tip_mass!r}")
    return mu


def _tip_mode(lam, mu):
    """(A, B, z0, z1) of the linearised tip-mass problem, r = A J0(z) + B Y0(z)."""
    z0 = 2.0 * math.sqrt(lam * mu)
    z1 = 2.0 * math.sqrt(lam * (1.0 + mu))
    a = float(y1(z0) - 0.5 * z0 * y0(z0))
    b = -float(j1(z0) - 0.5 * z0 * j0(z0))
    norm = math.hypot(a, b)
    return a / norm, b / norm, z0, z1


def _tip_top(lam, mu):
    """r at the top of the linearised tip-mass problem (zero at a critical speed)."""
    a, b, _, z1 = _tip_mode(lam, mu)
    return a * float(j0(z1)) + b * float(y0(z1))


def _tip_count(lam, mu):
    """Zeros of the linearised r inside the rope: the critical speeds below sqrt(lam)."""
    if lam <= 0.0:
        return 0
    a, b, z0, z1 = _tip_mode(lam, mu)
    # zeros of cylinder functions are more than 2 apart in z: a step of 0.05 resolves them
    z = np.linspace(z0, z1, max(64, int((z1 - z0) / 0.05) + 2))
    r = a * j0(z) + b * y0(z)
    return int(np.count_nonzero(np.signbit(r[1:]) != np.signbit(r[:-1])))


def _tip_critical_lambdas(count, mu):
    """The first ``count`` roots lambda_n of the tip-mass determinant, by bisection on the
    zero count (Sturm) and brentq on r(top)."""
    hi = 1.0
    while _tip_count(hi, mu) < count:
        hi *= 2.0
        if hi > 1e12:  # pragma: no cover - guarded by the range of mu and count
            raise ShootingError(f"critical_speeds: could not bracket {count} critical speeds "
                                f"with tip mass ratio {mu!r}")
    brackets, stack = [], [(0.0, 0, hi, _tip_count(hi, mu), 0)]
    while stack:
        lo, n_lo, up, n_up, depth = stack.pop()
        if n_up == n_lo or n_lo >= count:
            continue
        if n_up - n_lo == 1:
            brackets.append((lo, up, n_up))
            continue
        if depth > _MAX_BISECTIONS:  # pragma: no cover - zeros are simple (Sturm-Liouville)
            raise ShootingError("critical_speeds: could not separate the critical speeds")
        mid = 0.5 * (lo + up)
        n_mid = _tip_count(mid, mu)
        stack += [(lo, n_lo, mid, n_mid, depth + 1), (mid, n_mid, up, n_up, depth + 1)]
    roots = []
    for lo, up, n in sorted(brackets, key=lambda b: b[2])[:count]:
        lo = max(lo, 1e-300)
        roots.append(brentq(_tip_top, lo, up, args=(mu,), xtol=1e-300,
                            rtol=4 * np.finfo(float).eps, maxiter=500))
    return np.array(roots)


@functools.lru_cache(maxsize=16)
def _bessel_zeros(count):
    """The first ``count`` positive zeros of J0 (cached: jn_zeros is slow to call)."""
    zeros = jn_zeros(0, count)
    zeros.setflags(write=False)
    return zeros


def _theorem_count(lam, mu=0.0):
    """Number of critical speeds strictly below sqrt(lam) (in units of sqrt(g/L))."""
    if mu > 0.0:
        return _tip_count(lam, mu)
    x = 2.0 * math.sqrt(lam)
    count = 32
    while True:
        zeros = _bessel_zeros(count)
        n = int(np.count_nonzero(zeros < x))
        if n < count:
            return n
        count *= 2


# --------------------------------------------------------------------------- shooting

def _shoot_numba(a, lam, rtol, mu=0.0):
    u1, p1, z1, crossings, steps, ok = _k.shoot(a, lam, rtol, 1e-3 * rtol * a, _MAX_STEPS, mu)
    if not ok:
        raise ShootingError(f"hanging_modes: the integrator exceeded {_MAX_STEPS} steps "
                            f"(a = {a!r}, lambda = {lam!r}, rtol = {rtol!r})")
    return u1, p1, z1, crossings, steps


def _rhs_reference(sigma, y, lam):
    """Right-hand side of (U, U', Z) for solve_ivp, with the limits at U = sigma = 0."""
    u, p = y[0], y[1]
    q = math.hypot(u, sigma)
    if q == 0.0:
        w = 1.0 / math.sqrt(1.0 + p * p)
        return np.array([p, -lam * p * w, w])
    return np.array([p, -lam * u / q, sigma / q])


def _shoot_reference(a, lam, rtol, method="DOP853"):
    """The plain ``scipy.integrate.solve_ivp`` shooter: reference for tests and benchmarks."""
    sol = solve_ivp(_rhs_reference, (0.0, 1.0), [0.0, a, 0.0], method=method, rtol=rtol,
                    atol=1e-3 * rtol * a, args=(lam,))
    if not sol.success:
        raise ShootingError(f"hanging_modes: solve_ivp failed ({sol.message}; a = {a!r}, "
                            f"lambda = {lam!r})")
    p = sol.y[1]
    crossings = int(np.count_nonzero(np.signbit(p[1:]) != np.signbit(p[:-1])))
    u1, p1, z1 = sol.y[:, -1]
    return float(u1), float(p1), float(z1), crossings, sol.t.size - 1


_SHOOTERS = {
    "numba": _shoot_numba,
    "solve_ivp": _shoot_reference,
    "solve_ivp_rk45": functools.partial(_shoot_reference, method="RK45"),
}


@dataclass(frozen=True)
class _Root:
    mode: int          # 1-based: mode j has j - 1 nodes
    a: float           # U'(0)
    p1: float          # U'(1) at the root (the top residual times lambda)
    iterations: int    # shooting integrations spent on this root (bisection + brentq)


def _count_at(shooter, a, lam, counts):
    if a not in counts:
        counts[a] = shooter(a, lam, _RTOL_SCAN)[3]
    return counts[a]


def _mode_parameters(omega, lam, shooter: Shooter, mu=0.0) -> list[_Root]:
    """All roots a of U'(1; a) = 0 in (0, lambda), sorted by mode (nodes) ascending."""
    expected = _theorem_count(lam / (1.0 + _THRESHOLD_RTOL) ** 2, mu)
    if expected == 0:
        return []
    counts: dict[float, int] = {}
    hi = lam
    n_hi = _count_at(shooter, hi, lam, counts)
    if n_hi != 0:
        raise ShootingError(f"hanging_modes: U' changes sign {n_hi} times at a = lambda = "
                            f"{lam!r}; expected none (|U''| <= lambda)")
    # The small-amplitude count is the linear one (zeros of J0(2 sqrt(lambda sigma))); it
    # decides the near-threshold branches, so it is taken at full accuracy.
    lo = _A_MIN * lam
    n_lo = counts[lo] = shooter(lo, lam, _RTOL)[3]
    while n_lo < expected and lo > _A_FLOOR * lam:
        lo *= 1e-2
        n_lo = counts[lo] = shooter(lo, lam, _RTOL)[3]
    # Within a relative _THRESHOLD_RTOL of omega_{n+1} the count may include branch n + 1.
    window = _theorem_count(lam * (1.0 + _THRESHOLD_RTOL) ** 2, mu) > expected
    if n_lo != expected and not (window and n_lo == expected + 1):
        raise ShootingError(
            f"hanging_modes: at omega = {omega!r} (lambda = {lam!r}) Kolodner's theorem gives "
            f"{expected} modes but U' changes sign {n_lo} times at a = {lo!r}")

    # Bisect the integer N(a) until each bracket holds exactly one drop.
    brackets = []
    stack = [(lo, n_lo, hi, n_hi, 0)]
    while stack:
        a0, n0, a1, n1, depth = stack.pop()
        if n0 == n1:
            continue
        if n0 - n1 == 1:
            brackets.append((a0, a1, n0, depth))
            continue
        if depth >= _MAX_BISECTIONS:
            raise ShootingError(f"hanging_modes: could not separate the roots in a in "
                                f"[{a0!r}, {a1!r}] (sign changes {n0} -> {n1}) at omega = "
                                f"{omega!r}")
        mid = math.sqrt(a0 * a1) if a1 > 8.0 * a0 else 0.5 * (a0 + a1)
        nm = _count_at(shooter, mid, lam, counts)
        if not n1 <= nm <= n0:
            raise ShootingError(f"hanging_modes: the sign-change count of U' is not monotone in "
                                f"a at omega = {omega!r}: N({a0!r}) = {n0}, N({mid!r}) = {nm}, "
                                f"N({a1!r}) = {n1}")
        stack.append((a0, n0, mid, nm, depth + 1))
        stack.append((mid, nm, a1, n1, depth + 1))

    roots = []
    for a0, a1, mode, depth in brackets:
        if mode > expected:
            continue  # a branch within _THRESHOLD_RTOL of its critical speed: unresolvable
        a, p1, calls = _refine_root(shooter, omega, lam, mode, a0, a1)
        roots.append(_Root(mode=mode, a=a, p1=p1, iterations=depth + calls))
    roots.sort(key=lambda root: root.mode)
    return roots


def _refine_root(shooter, omega, lam, mode, a0, a1):
    """Root of U'(1; a) in a bracket [a0, a1] from the count bisection.

    A brentq at the scan tolerance (cheap, and consistent with the counts that made the
    bracket) is polished by secant steps at full accuracy; if those do not settle within the
    bracket, a brentq at full accuracy on the (widened if need be) bracket takes over.
    Returns ``(a, U'(1) at a, integrations)``.
    """
    calls = 0

    def slope(a, rtol):
        nonlocal calls
        calls += 1
        return shooter(a, lam, rtol)[1]

    def fail(what):
        return ShootingError(f"hanging_modes: {what} for mode {mode} at omega = {omega!r} "
                             f"(lambda = {lam!r}, a in [{a0!r}, {a1!r}])")

    f0, f1 = slope(a0, _RTOL_SCAN), slope(a1, _RTOL_SCAN)
    if f0 * f1 <= 0.0:
        guess = brentq(slope, a0, a1, args=(_RTOL_SCAN,), xtol=1e-6 * a1, rtol=1e-6,
                       maxiter=200)
        x0, x1 = guess, guess * (1.0 + 1e-7)
        g0, g1 = slope(x0, _RTOL), slope(x1, _RTOL)
        for _ in range(_MAX_SECANT):
            if g1 == g0:
                break
            x2 = x1 - g1 * (x1 - x0) / (g1 - g0)
            if not a0 <= x2 <= a1:
                break
            if abs(x2 - x1) <= _SECANT_RTOL * x1:
                return x1, g1, calls
            x0, g0, x1, g1 = x1, g1, x2, slope(x2, _RTOL)

    # Fallback: full-accuracy brentq; widen the bracket if an end flips at full accuracy.
    f0, f1 = slope(a0, _RTOL), slope(a1, _RTOL)
    for _ in range(60):
        if f0 * f1 <= 0.0:
            break
        if abs(f0) < abs(f1):
            a0 = max(a0 - (a1 - a0), 0.5 * a0)
            f0 = slope(a0, _RTOL)
        else:
            a1 = min(a1 + (a1 - a0), lam)
            f1 = slope(a1, _RTOL)
    else:
        raise fail("no sign change of U'(1)")
    a, res = brentq(slope, a0, a1, args=(_RTOL,), xtol=1e-15 * a1,
                    rtol=4 * np.finfo(float).eps, maxiter=200, full_output=True, disp=False)
    if not res.converged:
        raise fail(f"brentq did not converge ({res.flag} after {res.iterations} iterations)")
    return float(a), slope(a, _RTOL), calls


# --------------------------------------------------------------------------- curves

def _interior_sign_changes(crossings, a, u_top):
    """Sign changes of U' strictly inside (0, 1) from the integrator's count on (0, 1].

    At a solution U'(1) = 0 up to round-off, so the count may include a spurious last flip.
    Just below the top U' ~ -U''(1) (1 - sigma) has the sign of U(1) (as U'' = -lam U / ...),
    which fixes the parity: sign(U'(1-)) = sign(a) (-1)^nodes.
    """
    below_top_positive = u_top > 0.0
    if ((crossings % 2 == 0) == (a > 0.0)) == below_top_positive:
        return crossings
    return crossings - 1


def _curve(root, omega, lam, length, g, density, samples, mu=0.0):
    """RopeCurve of one mode (mu: tip mass over the rope's mass)."""
    s = np.linspace(0.0, length, samples)   # from the top
    sig = 1.0 - s / length                   # from 1 (top) down to exactly 0 (free end)
    sigmas = np.ascontiguousarray(sig[::-1])
    # The integrator lands on every sample: the step budget grows with them.
    budget = _MAX_STEPS + samples
    states, crossings, _, ok = _k.sample(root.a, lam, sigmas, _RTOL, 1e-3 * _RTOL * root.a,
                                         budget, mu)
    if not ok:
        raise ShootingError(f"hanging_modes: the integrator exceeded {budget} steps while "
                            f"sampling mode {root.mode} (a = {root.a!r}, lambda = {lam!r})")
    u, p, zz = states[::-1].T          # reorder from the top (sigma = 1) to the free end
    r = length * p / lam
    z = length * (zz - zz[0])
    tension = density * g * length * np.hypot(u, sig + mu)
    r[0] = 0.0                         # the top is on the axis (|U'(1)| is the residual)
    nodes = _interior_sign_changes(crossings, states[0, 1], states[-1, 0])
    if nodes != root.mode - 1 or count_sign_changes(r) > nodes:
        raise ShootingError(f"hanging_modes: mode {root.mode} at omega = {omega!r} has "
                            f"{nodes} sign changes of r; expected {root.mode - 1}")
    # |r| peaks where U'' = 0, i.e. at the zeros of U, or at an end. Along a solution
    # W = U'^2 / 2 + lam (sqrt(U^2 + sigma^2) - sigma) has W' = lam (sigma / sqrt(...) - 1) <= 0,
    # W = U'^2 / 2 at a zero of U and W(0) = a^2 / 2, so the free end is the farthest point.
    # With a tip mass W(0) = a^2 / 2 + lam mu (sqrt(1 + a^2) - 1) exceeds a^2 / 2 and an
    # interior peak can be farther out: the zeros of U are then located and compared.
    max_radius = length * abs(root.a) / lam
    if mu > 0.0:
        max_radius = max(max_radius, _interior_peak(root.a, lam, sigmas, states, mu) * length)
    info = {
        "mode": root.mode,
        "a": root.a,
        "lambda": lam,
        "free_radius": float(r[-1]),
        "depth": float(-z[-1]),
        "top_tension": float(tension[0]),
        "tip_mass": mu * density * length,
        "top_slope": root.p1,
    }
    return RopeCurve(s=s, r=r, z=z, tension=tension, case="hanging", length=length,
                     omega=omega, g=g, density=density, span=None, end_radius=0.0,
                     nodes=nodes, max_radius=float(max_radius),
                     residual=abs(root.p1) / lam, iterations=root.iterations, info=info)




def _interior_peak(a, lam, sigmas, states, mu):
    """Largest |U'| / lam at the zeros of U inside the rope (the peaks of |r| / L)."""
    best = 0.0
    u = states[:, 0]
    for i in np.flatnonzero(np.signbit(u[1:]) != np.signbit(u[:-1])):
        s0, y = sigmas[i], states[i]

        def u_at(q, s0=s0, y=y):
            if q == s0:
                return y[0]
            return _k.integrate(y[0], y[1], y[2], s0, q, lam, _RTOL, 1e-3 * _RTOL * a, 0.0,
                                _MAX_STEPS, mu)[0]

        q = brentq(u_at, s0, sigmas[i + 1], xtol=1e-15)
        p = y[1] if q == s0 else _k.integrate(y[0], y[1], y[2], s0, q, lam, _RTOL,
                                              1e-3 * _RTOL * a, 0.0, _MAX_STEPS, mu)[1]
        best = max(best, abs(p) / lam)
    return best


def hanging_modes(omega, length, g=9.81, density=1.0, *, samples=2001, tip_mass=0.0):
    r"""All non-vertical equilibria of a heavy string turning about a vertical axis.

    The top of the string is fixed on the axis and its lower end is free (Li Yongle's problem;
    Kolodner 1955). With sigma the arc length from the free end over L and
    lambda = omega^2 L / g, the horizontal tension U (in units of rho g L) solves

    .. math:: U'' + \lambda \frac{U}{\sqrt{U^2 + \sigma^2}} = 0, \quad U(0) = 0, \quad
              U'(1) = 0,

    and r / L = U' / lambda, dz / dsigma = L sigma / sqrt(U^2 + sigma^2),
    T = rho g L sqrt(U^2 + sigma^2). Every root a = U'(0) of the shooting problem is found
    (see the module docstring for why none can be missed) and checked against Kolodner's
    theorem: for omega_n < omega <= omega_{n+1} there are exactly n modes, the j-th crossing
    the axis j - 1 times.

    Exactly at a critical speed omega = omega_n the n-th branch has zero amplitude (it is the
    vertical rope), so n - 1 modes are returned. Within a relative 1e-9 above omega_n the n-th
    branch's amplitude, which grows like sqrt(omega - omega_n), may be below what the shooting
    can resolve; it is then reported as vertical (n - 1 modes) rather than raising.

    With a point mass M at the free end (``tip_mass``; mu = M / (rho L)) the vertical tension
    is rho g L (sigma + mu), so sigma becomes sigma + mu in the square roots, and the free end
    starts from U(0) = mu U'(0), the horizontal pull that keeps the mass on its circle; the
    critical speeds are those of :func:`critical_speeds` with the same tip mass (a mass much
    heavier than the rope tends to the conical pendulum, omega_1 -> sqrt(g / L)), and the
    same complete search applies.

    Parameters
    ----------
    omega : float
        Angular speed in rad/s, >= 0, with lambda = omega^2 L / g <= 1e5 (omega up to
        316 sqrt(g/L), 201 modes; the cost grows like lambda).
    length : float
        Rope length L in m, > 0.
    g : float, optional
        Gravitational acceleration in m/s^2, > 0 (points down, along -z).
    density : float, optional
        Linear density rho in kg/m, > 0 (only scales the tension).
    samples : int, optional
        Number of points along each curve, from 3 to 1e6, and at most 1e7 over all modes.
    tip_mass : float, optional
        Point mass at the free end in kg, >= 0 and at most 1e12 times the rope's mass; 0 (the
        default) is the bare string, computed exactly as without this argument.

    Every dimensional input lies in [1e-50, 1e50] (SI units; omega may be 0).

    Returns
    -------
    list of RopeCurve
        Sorted by number of axis crossings (``nodes``, 0 first); empty when omega <= omega_1.
        Each runs from the fixed top (s = 0, r = 0, z = 0; z < 0 below) to the free end
        (s = length, tension 0, or M g sqrt(1 + a^2) with a tip mass), mirrored so that r at
        the free end is > 0. ``max_radius`` is exactly the free-end radius L a / lambda:
        W = U'^2/2 + lambda (sqrt(U^2 + sigma^2) - sigma) never increases along sigma, equals
        a^2/2 at the free end and U'^2/2 where abs(U') peaks inside (at the zeros of U), so no
        point is farther out (with a tip mass the zeros of U are located and compared too).
        ``residual`` is abs(r(top)) / L from the shooting, ``iterations`` the shooting
        integrations spent on the mode, and ``info`` holds ``mode`` (j), ``a`` (= U'(0)),
        ``lambda``, ``free_radius``, ``depth`` (of the free end below the top),
        ``top_tension`` and ``tip_mass``.

    Raises
    ------
    ValueError
        For an argument outside those ranges (the message names it, its value and the
        range), or a tip mass out of range.
    ShootingError
        (a ValueError) If the mode search contradicts Kolodner's theorem or an integration or
        root search does not converge; the message carries the numbers.

    Notes
    -----
    The shooting integrator is an adaptive Dormand-Prince 5(4) in numba (relative tolerance
    1e-12); the free-end radii agree with the same search run on ``scipy.integrate.solve_ivp``
    (DOP853) to about 1e-11. Near a critical speed the branch is a pitchfork, so the relative
    accuracy of a small amplitude degrades like 1e-12 / (a / lambda)^2.

    The cost grows with lambda: there are about 2 sqrt(lambda) / pi modes, and each shooting
    takes O(sqrt(lambda)) steps, so a call costs O(lambda) (a few ms at omega = 5 sqrt(g/L),
    about half a second at omega = 80 sqrt(g/L), where there are 51 modes).

    References
    ----------
    I. I. Kolodner, Comm. Pure Appl. Math. 8 (1955) 395-408.
    Su Jianlin, "你跳绳的时候,想过绳子的形状曲线是怎样的吗?" (2019-07-06),
    https://kexue.fm/archives/6784.

    Examples
    --------
    >>> from mathlab.rope import critical_speeds, hanging_modes
    >>> w2, w3 = critical_speeds(3, length=1.0)[1:]
    >>> modes = hanging_modes(0.5 * (w2 + w3), length=1.0)
    >>> [m.nodes for m in modes]
    [0, 1]
    >>> m = modes[0]
    >>> print(f"{m.r[-1]:.6f} {m.z[-1]:.6f} {m.tension[-1]:.1f}")
    0.993634 -0.110450 0.0
    """
    omega, length, g, density, samples = _domain.hanging_args(omega, length, g, density, samples)
    mu = _tip_ratio(tip_mass, density, length)
    lam = omega * omega * length / g
    if mu == 0.0:
        roots = _mode_parameters(omega, lam, _shoot_numba)
    else:
        roots = _mode_parameters(omega, lam, functools.partial(_shoot_numba, mu=mu), mu)
    return [_curve(root, omega, lam, length, g, density, samples, mu) for root in roots]


# --------------------------------------------------------------------------- diagram

@dataclass(frozen=True)
class BifurcationDiagram:
    """Free-end radius of every mode of the heavy rotating string against omega.

    Attributes
    ----------
    omega : ndarray, shape (m,)
        Angular speeds in rad/s.
    length, g : float
        Rope length (m) and gravity (m/s^2).
    critical_speeds : ndarray
        omega_1 .. omega_{k+1} in rad/s, where k is the largest mode count in the diagram.
    free_radius : ndarray, shape (m, k)
        ``free_radius[i, j - 1]``: r at the free end (m, > 0) of mode j at ``omega[i]``;
        0 where that branch does not exist (omega <= omega_j: mode j is then the vertical
        rope it branches from; :attr:`exists` tells the two apart).
    shooting_parameter : ndarray, shape (m, k)
        U'(0) of each mode (0 where absent), from which r_free = L a / lambda.
    mode_count : ndarray of int, shape (m,)
        Number of non-vertical modes at each omega.
    method : str
        "numba", "solve_ivp" or "solve_ivp_rk45": which integrator the shooting used.
    integrations : int
        Total number of shooting integrations.
    """

    omega: np.ndarray
    length: float
    g: float
    critical_speeds: np.ndarray
    free_radius: np.ndarray
    shooting_parameter: np.ndarray
    mode_count: np.ndarray
    method: str
    integrations: int

    def __post_init__(self):
        for name in ("omega", "critical_speeds", "free_radius", "shooting_parameter",
                     "mode_count"):
            getattr(self, name).setflags(write=False)

    @property
    def scaled_omega(self):
        """omega / sqrt(g / L) (dimensionless)."""
        return self.omega / math.sqrt(self.g / self.length)

    @property
    def scaled_critical_speeds(self):
        """omega_n / sqrt(g / L) = j_{0,n} / 2."""
        return self.critical_speeds / math.sqrt(self.g / self.length)

    @property
    def scaled_radius(self):
        """free_radius / L (dimensionless; 0 where a branch is absent)."""
        return self.free_radius / self.length

    @property
    def exists(self):
        """Boolean mask, shape (m, k): ``exists[i, j - 1]`` iff mode j exists at ``omega[i]``."""
        return np.arange(self.free_radius.shape[1]) < self.mode_count[:, None]

    def plot(self, ax=None):
        """Draw r_free / L against omega / sqrt(g / L); return the Axes (None: a new figure)."""
        from .plot_kolodner import plot_bifurcation

        return plot_bifurcation(self, ax=_domain.axes(ax))


def bifurcation_diagram(omega, length=1.0, g=9.81, *, method="numba"):
    r"""Free-end radius of every mode of the heavy rotating string for each omega.

    Runs the complete mode search of :func:`hanging_modes` (all roots a = U'(0) of Kolodner's
    shooting problem, checked against the theorem) at each omega, without sampling the
    curves. The free-end radius of mode j is r_free = L a_j / lambda with
    lambda = omega^2 L / g; it grows from 0 like sqrt(omega - omega_j) at the critical speed
    omega_j (a pitchfork).

    Parameters
    ----------
    omega : array_like, 1-D
        Angular speeds in rad/s, each >= 0 with omega^2 L / g <= 1e5 (as in
        :func:`hanging_modes`); at most 10000 of them, and the sum of their omega^2 L / g at
        most 1e6 (the cost grows like it: about a minute).
    length : float, optional
        Rope length L in m, in [1e-50, 1e50].
    g : float, optional
        Gravitational acceleration in m/s^2, in [1e-50, 1e50].
    method : {"numba", "solve_ivp", "solve_ivp_rk45"}, optional
        Integrator for the shooting: the numba Dormand-Prince kernel, or the plain
        ``scipy.integrate.solve_ivp`` reference with the same search and tolerances
        (method DOP853, or its default RK45); the references are for tests and benchmarks.

    Returns
    -------
    BifurcationDiagram

    Raises
    ------
    ValueError
        For bad arguments; ShootingError (a ValueError) as in :func:`hanging_modes`.

    References
    ----------
    Kolodner (1955); Su Jianlin (2019), see the module docstring.

    Examples
    --------
    >>> import numpy as np
    >>> d = bifurcation_diagram(np.array([1.0, 2.0, 3.0]), length=1.0, g=1.0)
    >>> d.mode_count.tolist()
    [0, 1, 2]
    >>> print(np.round(d.scaled_radius[2], 6))
    [0.987568 0.149734]
    """
    omega = _domain.real_array("omega", omega, ndim=1, min_length=1)
    if omega.size > _domain.DIAGRAM_MAX_SPEEDS:
        raise ValueError(f"omega must have at most {_domain.DIAGRAM_MAX_SPEEDS} speeds; got "
                         f"{omega.size}")
    if np.any(omega < 0):
        bad = float(omega[np.argmax(omega < 0)])
        raise ValueError(f"omega must be >= 0 everywhere; got {bad!r}")
    length = _domain.scale("length", length, "m")
    g = _domain.scale("g", g, "m/s^2")
    for i in np.flatnonzero(omega > _domain.SCALE_MAX)[:1]:
        _domain.scale("omega", float(omega[i]), "rad/s", zero=True,
                      names={"omega": f"omega[{i}]"})
    lam_all = omega ** 2 * length / g
    for i in np.flatnonzero(lam_all > _domain.LAMBDA_MAX)[:1]:
        _domain.kolodner_lambda(float(omega[i]), length, g, names={"omega": f"omega[{i}]"})
    total = float(np.sum(lam_all))
    if total > _domain.DIAGRAM_LAMBDA_SUM_MAX:
        raise ValueError(f"the sum of omega^2 L / g over the speeds is {total:.4g}; it must be "
                         f"<= {_domain.DIAGRAM_LAMBDA_SUM_MAX:g} (the cost grows like it, about "
                         f"a minute at the limit): pass fewer or slower speeds")
    method = choice("method", method, tuple(_SHOOTERS))
    shooter = _SHOOTERS[method]
    calls = [0]

    def counted(a, lam, rtol):
        calls[0] += 1
        return shooter(a, lam, rtol)

    results = []
    for w in omega:
        lam = float(w) ** 2 * length / g
        results.append((lam, _mode_parameters(float(w), lam, counted)))
    k = max(len(roots) for _, roots in results)
    a = np.zeros((omega.size, k))
    for i, (lam, roots) in enumerate(results):
        for root in roots:
            a[i, root.mode - 1] = root.a
    mode_count = np.array([len(roots) for _, roots in results], dtype=int)
    exists = np.arange(k) < mode_count[:, None]
    radius = np.zeros_like(a)
    np.divide(length * a, lam_all[:, None], out=radius, where=exists)
    return BifurcationDiagram(
        omega=omega.copy(), length=length, g=g,
        critical_speeds=critical_speeds(k + 1, length, g),
        free_radius=radius, shooting_parameter=a, mode_count=mode_count,
        method=method, integrations=calls[0])
