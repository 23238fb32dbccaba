"""Case A in closed form: the troposkien (skipping rope without gravity, Darrieus blade).

A rope of length L spins at angular speed omega about an axis through both of its ends, which
are a distance D = 2H apart. Without gravity the shape is (Nordmark & Essen 2007)

    r(zeta) = R sn(K zeta / H | m),        0 <= zeta <= 2H,   m = k^2,
    R / H   = 2k / ((1 - k^2) K),
    L / 2H  = 2E / ((1 - k^2) K) - 1,

with K = K(m), E = E(m) the complete elliptic integrals and zeta the distance along the axis
from the upper end. The arc length from the upper end follows from the identity
sqrt(1 + r'(zeta)^2) = (2 dn^2 / (1 - k^2) - 1) (with u = K zeta / H):

    s(u) = (H / K) (2 E(am u | m) / (1 - k^2) - u),

an incomplete elliptic integral of the second kind (``scipy.special.ellipeinc``), so the
curve is sampled at exact arc lengths without numerical quadrature.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq
from scipy.special import ellipe, ellipeinc, ellipj, ellipkm1

from .._validate import finite_result, positive
from . import _domain
from .curve import RopeCurve, count_sign_changes

__all__ = ["Troposkien", "troposkien", "troposkien_modulus"]

# Below this parameter 1 - m the complete integrals are evaluated through ellipkm1 so that the
# long-rope limit (m -> 1, K -> infinity) keeps full relative precision.
_M_SPLIT = 0.5


def _length_ratio_m(m: float) -> float:
    """L / (2H) as a function of the parameter m = k^2 (0 <= m <= 0.5)."""
    p = 1.0 - m
    return 2.0 * ellipe(m) / (p * ellipkm1(p)) - 1.0


def _length_ratio_p(p: float) -> float:
    """L / (2H) as a function of the complementary parameter p = 1 - m (p small)."""
    return 2.0 * ellipe(1.0 - p) / (p * ellipkm1(p)) - 1.0


# Smallest complementary parameter p = 1 - k^2 accepted: below it k = sqrt(1 - p) rounds to 1
# and the Jacobi functions, which take m = 1 - p, no longer see the rope's length.
_P_MIN = float(np.finfo(float).eps)


def _long_rope_limit() -> float:
    """Largest length / span representable: the ratio at p = _P_MIN (about 4.6e14)."""
    return _length_ratio_p(_P_MIN)


def _troposkien_parameters(ratio: float) -> tuple[float, float]:
    """Parameter m = k^2 and its complement p = 1 - m of the troposkien with length / span = ratio.

    For short ropes m is the unknown and p = 1 - m is exact; for long ropes p itself is the
    unknown (solved in log p, with K = ``ellipkm1(p)``), so that p keeps full relative
    precision however close k is to 1 and m = 1 - p is exact to rounding.
    """
    ratio = positive("length / span", ratio)
    if not ratio > 1.0:
        raise ValueError(f"length / span must be > 1 for a rope that bows; got {ratio!r}")
    if ratio <= _length_ratio_m(_M_SPLIT):
        f = lambda m: _length_ratio_m(m) - ratio  # noqa: E731
        m = brentq(f, 0.0, _M_SPLIT, xtol=1e-300, rtol=4 * np.finfo(float).eps, maxiter=500)
        return m, 1.0 - m
    limit = _long_rope_limit()
    if not ratio < limit:
        raise ValueError(f"length / span must be < {limit:.4g} (beyond it the elliptic modulus "
                         f"k = sqrt(1 - p) rounds to 1 in double precision, p < {_P_MIN:.3g}); "
                         f"got {ratio!r}")
    f = lambda p: _length_ratio_p(p) - ratio  # noqa: E731
    # Solve in log p: the root spans many decades as the rope gets long.
    lp = brentq(lambda x: f(math.exp(x)), math.log(_P_MIN), math.log(1.0 - _M_SPLIT),
                xtol=1e-300, rtol=4 * np.finfo(float).eps, maxiter=500)
    p = math.exp(lp)
    return 1.0 - p, p


def troposkien_modulus(ratio: float) -> float:
    """Elliptic modulus k of the troposkien with length / span = ``ratio``.

    Solves ``ratio = 2E(k^2) / ((1 - k^2) K(k^2)) - 1`` for k in (0, 1). The right side rises
    monotonically from 1 (k -> 0, a straight rope) to infinity (k -> 1), so the root is
    bracketed: on m = k^2 in (0, 1/2] or, for long ropes, on the complementary parameter
    p = 1 - m in (eps, 1/2), where K is evaluated as ``ellipkm1(p)`` to avoid the loss of
    precision near m = 1. (:func:`troposkien` keeps p itself: 1 - k^2 recomputed from k
    loses relative precision as k -> 1.)

    Parameters
    ----------
    ratio : float
        Length over span, > 1 and below about 4.6e14 (where k rounds to 1).

    Returns
    -------
    float
        The modulus k (not the parameter m = k^2).

    Raises
    ------
    ValueError
        If ``ratio`` is not > 1, or so large that k is indistinguishable from 1 in double
        precision (the message gives the limit).

    Examples
    --------
    >>> round(troposkien_modulus(1.913893162) ** 2, 8)
    0.5
    """
    m, _ = _troposkien_parameters(ratio)
    return math.sqrt(m)


@dataclass(frozen=True)
class Troposkien:
    """Closed-form troposkien (case A): shape of a rope spinning about the line through its ends.

    Attributes
    ----------
    length, span, omega, density : float
        Rope length L (m), distance D between the ends along the axis (m), angular speed
        (rad/s) and linear density (kg/m) it was computed from.
    k : float
        Elliptic modulus (parameter m = k^2); depends on L / D only.
    m1 : float
        Complementary parameter 1 - k^2 (scipy's ``m1``), carried at full relative precision
        for long ropes where k -> 1.
    radius : float
        Largest distance R from the axis (m), reached at mid-span.
    end_angle : float
        Angle between rope and axis at each end, 2 arctan(k) (radians).
    tension_mid, tension_end : float
        Tension (N) at mid-span, rho omega^2 R^2 (1 - k^2) / (4 k^2), and at the ends,
        rho omega^2 R^2 (1 + k^2) / (4 k^2).
    """

    length: float
    span: float
    omega: float
    density: float
    k: float
    m1: float
    radius: float
    end_angle: float
    tension_mid: float
    tension_end: float

    @property
    def _half_span(self) -> float:
        return 0.5 * self.span

    def _elliptic(self):
        p = self.m1
        return 1.0 - p, p, float(ellipkm1(p))

    def _axial(self, zeta):
        return _domain.interval_array("zeta", zeta, 0.0, self.span, "m (the span)")

    def radius_at(self, zeta):
        """r(zeta) = R sn(K zeta / H | k^2) at distances ``zeta`` (m) along the axis from the upper end.

        ``zeta`` (a number or an array) must lie in [0, span]; otherwise ValueError. The result
        is clipped to [0, R] (sn rounds to -3e-16 at the lower end).
        """
        return np.clip(self._radius(self._axial(zeta)), 0.0, self.radius)

    def _radius(self, zeta):
        m, _, K = self._elliptic()
        sn, _, _, _ = ellipj(K * zeta / self._half_span, m)
        return self.radius * sn

    def arc_length_at(self, zeta):
        """Arc length s (m) from the upper end to the point at axial distance ``zeta`` (m).

        s = (H / K) (2 E(am u | m) / (1 - k^2) - u) with u = K zeta / H, for ``zeta`` (a number
        or an array) in [0, span]; otherwise ValueError. The result is clipped to [0, L].
        """
        return np.clip(self._arc_length(self._axial(zeta)), 0.0, self.length)

    def _arc_length(self, zeta):
        m, p, K = self._elliptic()
        u = K * zeta / self._half_span
        _, _, _, phi = ellipj(u, m)
        return (self._half_span / K) * (2.0 * ellipeinc(phi, m) / p - u)

    def _zeta_from_arc_length(self, s):
        """Invert s(zeta) by safeguarded Newton iteration (ds/dzeta = 2 dn^2 / (1-k^2) - 1 >= 1).

        Each point stops once its Newton step (or its bracket, after a bisection) is below
        4e-16 span, so the cost stays a few iterations per point however many points there are.
        """
        m, p, K = self._elliptic()
        H = self._half_span
        s = np.asarray(s, dtype=float)
        zeta = s * (self.span / self.length)
        lo = np.zeros_like(s)
        hi = np.full_like(s, self.span)
        tol = 4e-16 * self.span
        active = np.arange(s.size)
        for _ in range(100):
            z = zeta[active]
            f = self._arc_length(z) - s[active]
            lo_a = np.where(f < 0, z, lo[active])
            hi_a = np.where(f > 0, z, hi[active])
            _, _, dn, _ = ellipj(K * z / H, m)
            step = f / (2.0 * dn * dn / p - 1.0)
            new = z - step
            small = np.abs(step) <= tol
            outside = ~small & ((new <= lo_a) | (new >= hi_a))
            new = np.where(outside, 0.5 * (lo_a + hi_a), new)
            zeta[active], lo[active], hi[active] = new, lo_a, hi_a
            active = active[~(small | (np.abs(new - z) <= tol))]
            if active.size == 0:
                return zeta
        raise ValueError(  # pragma: no cover - converges within a few steps for valid ratios
            f"troposkien curve: arc-length inversion did not converge for length / span = "
            f"{self.length!r} / {self.span!r} (last step {np.max(np.abs(step)):.3g} m)")

    def curve(self, n: int = 2001) -> RopeCurve:
        """Sample the rope at ``n`` equally spaced arc lengths from the upper end.

        The upper end is at (r, z) = (0, 0), the lower end at (0, -span); ``r >= 0``.
        Tension T(s) = T_end - rho omega^2 r^2 / 2 (energy integral with g = 0).

        The Jacobi functions (``scipy.special.ellipj``, ``ellipeinc``) take m = 1 - p rounded to
        double, so for very long ropes r near mid-span loses some relative accuracy (measured
        against mpmath at L/D = 1e10: 2e-12 for r at mid-span, 5e-16 for the arc length),
        while :attr:`radius` and the tensions stay exact to rounding (r is clipped to R).

        Returns
        -------
        RopeCurve
            ``case="troposkien"``, ``max_radius`` equal to :attr:`radius` (exact), and
            ``info`` holding ``k`` and ``end_angle``.

        Raises
        ------
        ValueError
            If ``n`` is not an integer from 2 to 1e6, or if the arc-length inversion fails to
            converge.
        """
        n = _domain.samples("n", n)
        s = np.linspace(0.0, self.length, n)
        zeta = self._zeta_from_arc_length(s)
        zeta[0], zeta[-1] = 0.0, self.span
        r = np.clip(self._radius(zeta), 0.0, self.radius)
        r[0] = r[-1] = 0.0
        tension = self.tension_end - 0.5 * self.density * self.omega ** 2 * r * r
        return RopeCurve(s=s, r=r, z=0.0 - zeta, tension=tension, case="troposkien",
                         length=self.length, omega=self.omega, g=0.0, density=self.density,
                         span=self.span, end_radius=0.0, nodes=count_sign_changes(r),
                         max_radius=self.radius,
                         info={"k": self.k, "end_angle": self.end_angle})

    def plot(self, ax=None, n: int = 2001, **kwargs):
        """Draw the curve (see :meth:`RopeCurve.plot`); return the Axes."""
        _domain.axes(ax)
        _domain.line_properties(kwargs)
        return self.curve(n).plot(ax=ax, **kwargs)


def troposkien(length, span, omega=1.0, density=1.0) -> Troposkien:
    """Shape of a rope spinning without gravity about the line through its two ends (case A).

    Solves L / (2H) = 2E / ((1 - k^2) K) - 1 for the elliptic modulus k (span D = 2H), then

        R = 2k H / ((1 - k^2) K),   end angle = 2 arctan k,
        T_mid = rho omega^2 R^2 (1 - k^2) / (4 k^2),   T_end = T_mid + rho omega^2 R^2 / 2.

    The shape depends on L / D only; omega and density only scale the tension.

    Parameters
    ----------
    length : float
        Rope length L (m), > span, with L / D below about 4.6e14 (where k rounds to 1).
    span : float
        Distance D between the two ends along the rotation axis (m), > 0.
    omega : float
        Angular speed (rad/s), > 0.
    density : float
        Linear density rho (kg/m), > 0.

    Every dimensional input lies in [1e-50, 1e50] (SI units), so that the tension
    rho omega^2 R^2 / (4 k^2) stays representable.

    Returns
    -------
    Troposkien
        Frozen result; ``.curve(n)`` samples it as a :class:`~mathlab.rope.RopeCurve`.

    Raises
    ------
    ValueError
        If a parameter is not a finite real in [1e-50, 1e50], ``span >= length``, or
        L / D is beyond the long-rope limit.

    References
    ----------
    .. [1] A. Nordmark and H. Essen, "The skipping rope curve", Eur. J. Phys. 28 (2007) 241-247.
    .. [2] Su Jianlin, "你跳绳的时候,想过绳子的形状曲线是怎样的吗?", kexue.fm, 2019-07-06.

    Examples
    --------
    >>> t = troposkien(length=2 * 1.913893162, span=2.0)
    >>> print(f"k^2 = {t.k**2:.6f}, R/H = {t.radius:.6f}, angle = {math.degrees(t.end_angle):.4f} deg")
    k^2 = 0.500000, R/H = 1.525520, angle = 70.5288 deg
    """
    length, span, omega, density = _domain.troposkien_args(length, span, omega, density)
    try:
        m, p = _troposkien_parameters(length / span)
    except ValueError as exc:
        raise ValueError(f"length / span = {length!r} / {span!r}: {exc}") from None
    k = math.sqrt(m)
    K = float(ellipkm1(p))
    H = 0.5 * span
    radius = 2.0 * k * H / (p * K)
    scale = density * omega ** 2 * radius ** 2 / (4.0 * m)
    finite_result("troposkien tension", scale * (1.0 + m))
    return Troposkien(length=length, span=span, omega=omega, density=density, k=k, m1=p,
                      radius=radius, end_angle=2.0 * math.atan(k),
                      tension_mid=scale * p, tension_end=scale * (1.0 + m))
