"""sympy derivation of the rope's Euler-Lagrange equations, with and without the length multiplier.

The post varies S = Integral phi ds with phi = (1/2) omega^2 x^2 - g y (x the radius, y the
height). A rope of fixed length needs a Lagrange multiplier lambda: S = Integral (phi + lambda) ds.
Writing ds = sqrt(x'(t)^2 + y'(t)^2) dt for an arbitrary parameter t makes the length constraint
part of the functional, and ``sympy.calculus.euler.euler_equations`` gives the equations. The
tension is T = -(phi + lambda); the post's choice lambda = 0 makes it negative.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp
from sympy.calculus.euler import euler_equations

__all__ = ["EulerLagrange", "euler_lagrange"]


@dataclass(frozen=True)
class EulerLagrange:
    """The Euler-Lagrange equations of the rope functional (sympy objects, printable).

    Attributes
    ----------
    multiplier : bool
        Whether the length multiplier lambda is included.
    lagrangian : sympy.Expr
        (phi + lambda) sqrt(x'^2 + y'^2) in terms of the parameter t (lambda = 0 without it).
    equations : tuple of sympy.Eq
        The two Euler-Lagrange equations (for x(t) and y(t)), each ``Eq(expr, 0)``. With t the
        arc length they read d/ds((phi + lambda) x') = omega^2 x and
        d/ds((phi + lambda) y') = -g, i.e. the force balance d(T t)/ds + f = 0 with
        T = -(phi + lambda).
    arc_length_equations : tuple of sympy.Eq
        The same equations written for the arc length s (|v| = 1), unevaluated so they print
        as in a textbook: d/ds((phi + lambda) x') = omega^2 x and d/ds((phi + lambda) y') = -g,
        in terms of x(s), y(s).
    tension : sympy.Expr
        T = -(phi + lambda).
    slope_g0 : sympy.Eq
        For g = 0, the first integral of the graph form y(x) solved for the squared slope:
        ``Eq(y'(x)^2, ...)``; A is the first-integral constant. Without the multiplier it is
        1 / (beta^2 x^4 - 1), with it 1 / (beta^2 (c^2 - x^2)^2 - 1), where beta = omega^2/(2A)
        and c^2 = -2 lambda / omega^2.
    symbols : dict
        The sympy symbols and functions used: ``t, s, x, y, omega, g, lam, A`` (``lam`` is None
        without the multiplier) and ``X, Y`` (the graph-form variable x and function y(x)).
    """

    multiplier: bool
    lagrangian: sp.Expr
    equations: tuple
    arc_length_equations: tuple
    tension: sp.Expr
    slope_g0: sp.Eq
    symbols: dict

    def __str__(self) -> str:
        lines = [f"L = {self.lagrangian}"]
        lines.append("Euler-Lagrange equations with t = arc length s:")
        lines += [f"  {eq.lhs} = {eq.rhs}" for eq in self.arc_length_equations]
        lines.append(f"T = {self.tension}")
        lines.append(f"g = 0: {self.slope_g0.lhs} = {self.slope_g0.rhs}")
        return "\n".join(lines)


def euler_lagrange(multiplier: bool = True) -> EulerLagrange:
    """Euler-Lagrange equations of the spinning-rope functional, derived with sympy.

    Functional: S = Integral (phi + lambda) sqrt(x'(t)^2 + y'(t)^2) dt with
    phi = (1/2) omega^2 x^2 - g y (x: distance from the axis, y: height, gravity -g along y).
    ``multiplier=False`` sets lambda = 0, as the post does.

    Parameters
    ----------
    multiplier : bool
        Include the Lagrange multiplier lambda for the fixed rope length.

    Returns
    -------
    EulerLagrange
        Frozen result holding the Lagrangian, the two equations (``sympy.Eq(expr, 0)``), the
        tension -(phi + lambda) and, for g = 0, the squared slope dy/dx of the graph form;
        ``print(result)`` shows them.

    Raises
    ------
    ValueError
        If ``multiplier`` is not a bool.

    References
    ----------
    .. [1] A. Nordmark and H. Essen, "The skipping rope curve", Eur. J. Phys. 28 (2007) 241-247.
    .. [2] Su Jianlin, "你跳绳的时候,想过绳子的形状曲线是怎样的吗?", kexue.fm, 2019-07-06.

    Examples
    --------
    >>> el = euler_lagrange(multiplier=False)
    >>> X, A, w = (el.symbols[k] for k in ("X", "A", "omega"))
    >>> beta = w**2 / (2 * A)
    >>> sp.simplify(el.slope_g0.rhs - 1 / (beta**2 * X**4 - 1))
    0
    """
    if not isinstance(multiplier, bool):
        raise ValueError(f"multiplier must be True or False; got {multiplier!r}")
    t = sp.Symbol("t", real=True)
    omega, g, A = sp.symbols("omega g A", positive=True)
    lam = sp.Symbol("lambda", real=True) if multiplier else None
    x, y = sp.Function("x"), sp.Function("y")
    phi = omega ** 2 * x(t) ** 2 / 2 - g * y(t)
    weight = phi + (lam if multiplier else 0)
    lagrangian = weight * sp.sqrt(sp.diff(x(t), t) ** 2 + sp.diff(y(t), t) ** 2)
    equations = tuple(euler_equations(lagrangian, [x(t), y(t)], t))
    # With t = s the speed is 1 and d/ds (dL/dx') - dL/dx = 0 takes the textbook form.
    s = sp.Symbol("s", real=True)
    weight_s = weight.subs({x(t): x(s), y(t): y(s)})
    arc_length_equations = (
        sp.Eq(sp.Derivative(weight_s * sp.diff(x(s), s), s), sp.diff(weight_s, x(s))),
        sp.Eq(sp.Derivative(weight_s * sp.diff(y(s), s), s), sp.diff(weight_s, y(s))),
    )

    # g = 0, graph form y(x): F = (omega^2 X^2/2 + lambda) sqrt(1 + y'^2) does not contain y,
    # so dF/dy' = A is a first integral; solve it for y'^2.
    X = sp.Symbol("X", positive=True)
    Y = sp.Function("Y")
    p = sp.Symbol("p", real=True)
    weight0 = omega ** 2 * X ** 2 / 2 + (lam if multiplier else 0)
    F = weight0 * sp.sqrt(1 + p ** 2)
    slope_sq = sp.solve(sp.Eq(sp.diff(F, p) ** 2, A ** 2), p ** 2)
    if len(slope_sq) != 1:  # pragma: no cover - the equation is linear in p^2
        raise RuntimeError("unexpected first integral")
    slope_g0 = sp.Eq(sp.diff(Y(X), X) ** 2, sp.simplify(slope_sq[0]))
    symbols = {"t": t, "s": s, "x": x, "y": y, "omega": omega, "g": g, "lam": lam, "A": A, "X": X,
               "Y": Y}
    return EulerLagrange(multiplier=multiplier, lagrangian=lagrangian, equations=equations,
                         arc_length_equations=arc_length_equations, tension=-weight, slope_g0=slope_g0, symbols=symbols)
