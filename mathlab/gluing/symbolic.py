"""sympy check of the post's lemma and of the tangent-angle form of the gluing margin.

What is verified symbolically, for the ellipse x = a cos t, y = b sin t:

1. Margin identity: 1 - cos(A)^2 - cos(B)^2 = -cos(A + B) cos(A - B) for all angles A, B.
2. Tangent angle: with ds/dt = sqrt(a^2 sin^2 t + b^2 cos^2 t), h'(s) = b cos t / (ds/dt)
   satisfies h'^2 = 1 / (1 + (a/b)^2 tan^2 t), i.e. tan(phi) = (a/b) tan(t).
3. Speed increasing: d/dt (ds/dt)^2 = 2 (a^2 - b^2) sin t cos t (identity), and this is
   > 0 for t in (0, pi/2) and a > b > 0 (sign).
4. Curvature decreasing: kappa = a b / (ds/dt)^3 > 0 and
   d kappa / dt = -3 a b (a^2 - b^2) sin t cos t / (ds/dt)^5 (identity), which is < 0 for
   t in (0, pi/2) and a > b > 0 (sign).
5. The post's lemma, (dy/dx)^2 at s0 <= (dx/dy)^2 at l - s0, and the margin condition
   m(s0) >= 0 are both equivalent to tan(t1) tan(t2) >= (b/a)^2, t1 = t(s0), t2 = t(l - s0):
   with T_i = tan t_i > 0, (dx/dy)^2 - (dy/dx)^2 = (a^4 T1^2 T2^2 - b^4) / (a^2 b^2 T1^2) and
   m = (a^4 T1^2 T2^2 - b^4) / ((b^2 + a^2 T1^2)(b^2 + a^2 T2^2)) (identities), i.e. both
   are the same factor a^2 T1 T2 - b^2 times positive expressions (sign).

Signs are proved by sympy's assumptions after writing a = b + d with b, d > 0 and
sin t = S, cos t = C (or tan t_i = T_i) as positive symbols and factoring: every factor is
then a positive symbol or a sum of positive terms. Not checked symbolically is the elementary
step from 4 to 5: kappa = dphi/ds decreasing makes phi concave in s, with phi(0) = 0 and
phi(l) = pi/2, so phi(s) >= (pi/2) s / l and phi(s0) + phi(l - s0) >= pi/2, which gives
tan(phi1) tan(phi2) >= 1, i.e. a^2 T1 T2 >= b^2 (the tests check it numerically).

Also derived: the small-s behaviour of the margin, m(s) = (kappa0^2 - kappa1^2) s^2 + O(s^3)
with kappa0 = a / b^2 (vertex) and kappa1 = b / a^2 (co-vertex), from the series of
-cos(phi(s) + phi(l - s)) cos(phi(s) - phi(l - s)) with phi(s) = kappa0 s + O(s^2),
phi(l - s) = pi/2 - kappa1 s + O(s^2); and the nearly circular limit b = 1, a = 1 + eps:
s(t) = t + eps (t/2 - sin(2t)/4), phi(s) = s + eps (-s/2 + 3 sin(2s)/4), l = pi/2 + eps pi/4
and m(s) = (3 eps / 2) sin^2(2s) + O(eps^2), whence X = sqrt(3 eps / 2).

References
----------
Su Jianlin, "思考:两个椭圆片能粘合成一个立体吗?", kexue.fm, 2019-07-21.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # sympy is imported when the check runs, not with the package
    import sympy as sp

__all__ = ["SymbolicCheck", "symbolic_check"]


@dataclass(frozen=True)
class SymbolicCheck:
    """Outcome of :func:`symbolic_check`: each flag is True when sympy proved the statement.

    The ``*_expr`` fields hold the simplified expressions that were inspected.
    """

    margin_identity: bool
    tangent_angle: bool
    speed_increasing: bool
    curvature_decreasing: bool
    lemma_reduction: bool
    small_s_expansion: bool
    circular_limit: bool
    speed_derivative_expr: sp.Expr
    curvature_derivative_expr: sp.Expr
    lemma_expr: sp.Expr
    margin_series_expr: sp.Expr
    circular_margin_expr: sp.Expr

    @property
    def all_hold(self) -> bool:
        return all((self.margin_identity, self.tangent_angle, self.speed_increasing,
                    self.curvature_decreasing, self.lemma_reduction, self.small_s_expansion,
                    self.circular_limit))


def symbolic_check() -> SymbolicCheck:
    """Verify the margin identity, tan(phi) = (a/b) tan(t), the monotonicity (identities and
    signs) behind the lemma, the lemma's reduction, the small-s expansion and the nearly
    circular limit of the margin (see the module notes for exactly what is proved).

    Returns
    -------
    SymbolicCheck

    Examples
    --------
    >>> symbolic_check().all_hold
    True
    """
    import sympy as sp

    A, B = sp.symbols("A B", real=True)
    identity = sp.simplify(sp.expand_trig(1 - sp.cos(A) ** 2 - sp.cos(B) ** 2
                                          + sp.cos(A + B) * sp.cos(A - B)))
    a, b, t = sp.symbols("a b t", positive=True)
    speed2 = a ** 2 * sp.sin(t) ** 2 + b ** 2 * sp.cos(t) ** 2
    slope2 = (b * sp.cos(t)) ** 2 / speed2
    tangent = sp.simplify(slope2 - 1 / (1 + (a / b) ** 2 * sp.tan(t) ** 2))

    d_speed2 = sp.simplify(sp.diff(speed2, t))
    speed_ok = (sp.simplify(d_speed2 - 2 * (a ** 2 - b ** 2) * sp.sin(t) * sp.cos(t)) == 0
                and _positive_for_a_above_b(sp, d_speed2, a, b, t))

    kappa = a * b / speed2 ** sp.Rational(3, 2)
    d_kappa = sp.simplify(sp.diff(kappa, t) * speed2 ** sp.Rational(5, 2))
    kappa_ok = (sp.simplify(d_kappa + 3 * a * b * (a ** 2 - b ** 2) * sp.sin(t) * sp.cos(t)) == 0
                and _positive_for_a_above_b(sp, kappa, a, b, t)
                and _positive_for_a_above_b(sp, -d_kappa, a, b, t))

    lemma, lemma_ok = _lemma_reduction(sp)

    s, k0, k1, c0, c1 = sp.symbols("s kappa0 kappa1 c0 c1", real=True)
    phi_start = k0 * s + c0 * s ** 2
    phi_end = sp.pi / 2 - k1 * s + c1 * s ** 2
    margin = -sp.cos(phi_start + phi_end) * sp.cos(phi_start - phi_end)
    series = sp.simplify(sp.series(margin, s, 0, 3).removeO())
    series_ok = sp.simplify(series - (k0 ** 2 - k1 ** 2) * s ** 2) == 0

    circular, circular_ok = _circular_limit(sp)
    return SymbolicCheck(margin_identity=identity == 0, tangent_angle=tangent == 0,
                         speed_increasing=bool(speed_ok), curvature_decreasing=bool(kappa_ok),
                         lemma_reduction=lemma_ok,
                         small_s_expansion=bool(series_ok), circular_limit=circular_ok,
                         speed_derivative_expr=d_speed2, curvature_derivative_expr=d_kappa,
                         lemma_expr=lemma,
                         margin_series_expr=series, circular_margin_expr=circular)


def _circular_limit(sp):
    """First-order margin of the ellipse (1 + eps, 1); returns (d m / d eps at 0, check)."""
    eps, t, s, u = sp.symbols("epsilon t s u", real=True)
    speed = sp.sqrt((1 + eps) ** 2 * sp.sin(t) ** 2 + sp.cos(t) ** 2)
    arc1 = sp.integrate(sp.simplify(sp.diff(speed, eps).subs(eps, 0)), (t, 0, u))
    t_of_s = s - eps * arc1.subs(u, s)              # inverse of s = t + eps arc1(t)
    phi1 = sp.simplify(sp.diff(sp.atan((1 + eps) * sp.tan(t_of_s)), eps).subs(eps, 0))
    quarter = sp.pi / 2 + eps * arc1.subs(u, sp.pi / 2)
    phi_s = s + eps * phi1
    phi_rest = (quarter - s) + eps * phi1.subs(s, sp.pi / 2 - s)
    margin = -sp.cos(phi_s + phi_rest) * sp.cos(phi_s - phi_rest)
    first = sp.simplify(sp.diff(margin, eps).subs(eps, 0))
    ok = (sp.simplify(margin.subs(eps, 0)) == 0
          and sp.simplify(first - sp.Rational(3, 2) * sp.sin(2 * s) ** 2) == 0)
    return first, bool(ok)


def _positive_for_a_above_b(sp, expr, a, b, t):
    """True if sympy proves ``expr`` > 0 for all t in (0, pi/2) and a > b > 0.

    Writes a = b + d and sin t = S, cos t = C with b, d, S, C positive symbols, then factors:
    sympy's assumptions decide the sign of each factor (None, i.e. not proved, gives False).
    """
    d, base, S, C = sp.symbols("d b_ S C", positive=True)
    replaced = sp.expand_trig(expr).subs({sp.sin(t): S, sp.cos(t): C})
    replaced = replaced.subs({a: base + d, b: base})
    if replaced.has(t):  # something other than sin t, cos t remained: not decided here
        return False
    return sp.factor(replaced).is_positive is True


def _lemma_reduction(sp):
    """The post's lemma and the margin condition both reduce to a^2 T1 T2 >= b^2.

    With T_i = tan t_i > 0 and tan(phi_i) = (a/b) T_i (statement 2 of the module notes):
    (dy/dx)^2 at s0 is cot^2(phi1), (dx/dy)^2 at l - s0 is tan^2(phi2), and
    m = 1 - cos^2(phi1) - cos^2(phi2) with cos^2 = 1 / (1 + tan^2). Returns the lemma's gap
    tan^2(phi2) - cot^2(phi1) (factored) and whether both identities and the positivity of
    the cofactors were proved.
    """
    a, b, T1, T2 = sp.symbols("a b T1 T2", positive=True)
    tan1, tan2 = a / b * T1, a / b * T2
    gap = sp.factor(tan2 ** 2 - 1 / tan1 ** 2)
    margin = sp.factor(1 - 1 / (1 + tan1 ** 2) - 1 / (1 + tan2 ** 2))
    key = a ** 2 * T1 * T2 - b ** 2
    gap_ok = sp.simplify(gap - (a ** 4 * T1 ** 2 * T2 ** 2 - b ** 4)
                         / (a ** 2 * b ** 2 * T1 ** 2)) == 0
    margin_ok = sp.simplify(margin - (a ** 4 * T1 ** 2 * T2 ** 2 - b ** 4)
                            / ((b ** 2 + a ** 2 * T1 ** 2) * (b ** 2 + a ** 2 * T2 ** 2))) == 0
    cofactors_positive = all(sp.factor(sp.cancel(expr / key)).is_positive is True
                             for expr in (gap, margin))
    return gap, bool(gap_ok and margin_ok and cofactors_positive)
