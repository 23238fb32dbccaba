"""sympy Euler-Lagrange equations: force balance with the multiplier, the post's first integrals."""

import pytest
import sympy as sp

from mathlab.rope import euler_lagrange


@pytest.mark.parametrize("multiplier", [True, False])
def test_equations_are_the_force_balance_with_tension_minus_phi_plus_lambda(multiplier):
    el = euler_lagrange(multiplier=multiplier)
    t, x, y, w, g = (el.symbols[k] for k in ("t", "x", "y", "omega", "g"))
    lam = el.symbols["lam"] if multiplier else 0
    # Independent statement of the force balance d(T tangent)/ds + f = 0 with
    # f = (omega^2 x, -g), T = -(phi + lambda), d/ds = (1/v) d/dt, tangent = (x', y')/v.
    T = -(w ** 2 * x(t) ** 2 / 2 - g * y(t) + lam)
    v = sp.sqrt(x(t).diff(t) ** 2 + y(t).diff(t) ** 2)
    balance_x = sp.diff(T * x(t).diff(t) / v, t) / v + w ** 2 * x(t)
    balance_y = sp.diff(T * y(t).diff(t) / v, t) / v - g
    assert sp.simplify(el.tension - T) == 0
    eq_x, eq_y = (eq.lhs - eq.rhs for eq in el.equations)
    # Euler-Lagrange = v * (force balance), component by component, checked exactly at
    # rational points (sympy's simplify cannot always cancel the square roots by itself).
    derivs = [x(t).diff(t, 2), y(t).diff(t, 2), x(t).diff(t), y(t).diff(t), x(t), y(t)]
    params = [w, g] + ([lam] if multiplier else [])
    points = [(1, -2, 1, 2, 3, -1, 2, 5, 7), (sp.Rational(1, 3), 4, -2, 1, 1, 2, 3, 1, -5),
              (0, 0, 3, 4, 2, 2, 1, 1, 1)]
    for point in points:
        values = dict(zip(derivs + params, [sp.Rational(p) for p in point]))
        for el_eq, balance in ((eq_x, balance_x), (eq_y, balance_y)):
            assert sp.nsimplify(sp.simplify((el_eq - v * balance).subs(values))) == 0
            # ... and the check can fail: the force balance without the v factor does not match.
            if point[2:4] != (3, 4):
                assert sp.simplify((el_eq - balance).subs(values)) != 0


def test_first_integral_without_multiplier_is_the_posts_beta2_x4_minus_1():
    el = euler_lagrange(multiplier=False)
    X, A, w = (el.symbols[k] for k in ("X", "A", "omega"))
    beta = w ** 2 / (2 * A)
    assert sp.simplify(el.slope_g0.rhs - 1 / (beta ** 2 * X ** 4 - 1)) == 0


def test_first_integral_with_multiplier_is_beta2_c2_minus_x2_squared_minus_1():
    el = euler_lagrange(multiplier=True)
    X, A, w, lam = (el.symbols[k] for k in ("X", "A", "omega", "lam"))
    beta = w ** 2 / (2 * A)
    c2 = -2 * lam / w ** 2
    assert sp.simplify(el.slope_g0.rhs - 1 / (beta ** 2 * (c2 - X ** 2) ** 2 - 1)) == 0
    assert lam in el.lagrangian.free_symbols
    assert "lambda" in str(el)


def test_without_multiplier_no_lambda_appears():
    el = euler_lagrange(multiplier=False)
    assert el.symbols["lam"] is None
    assert not any(s.name == "lambda" for s in el.lagrangian.free_symbols)


def test_bad_input():
    with pytest.raises(ValueError, match="multiplier must be True or False"):
        euler_lagrange(multiplier="yes")


@pytest.mark.parametrize("multiplier", [True, False])
def test_arc_length_form_agrees_with_the_general_equations_at_unit_speed(multiplier):
    el = euler_lagrange(multiplier=multiplier)
    t, s, x, y = (el.symbols[k] for k in ("t", "s", "x", "y"))
    params = [el.symbols["omega"], el.symbols["g"]] + ([el.symbols["lam"]] if multiplier else [])
    # Unit speed (x'^2 + y'^2 = 1) and its derivative (x' x'' + y' y'' = 0).
    for kappa, (x0, y0) in [(2, (1, -1)), (sp.Rational(-1, 3), (sp.Rational(1, 2), 3))]:
        state = [x0, y0, sp.Rational(3, 5), sp.Rational(4, 5), sp.Rational(4, 5) * kappa,
                 sp.Rational(-3, 5) * kappa]
        values = dict(zip(params, [3, 2, -5][:len(params)]))
        general = [(eq.lhs - eq.rhs) for eq in el.equations]
        arc = [(eq.lhs - eq.rhs).doit() for eq in el.arc_length_equations]
        for g_expr, a_expr in zip(general, arc):
            g_val = g_expr.subs({x(t).diff(t, 2): state[4], y(t).diff(t, 2): state[5],
                                 x(t).diff(t): state[2], y(t).diff(t): state[3],
                                 x(t): state[0], y(t): state[1]}).subs(values)
            a_val = a_expr.subs({x(s).diff(s, 2): state[4], y(s).diff(s, 2): state[5],
                                 x(s).diff(s): state[2], y(s).diff(s): state[3],
                                 x(s): state[0], y(s): state[1]}).subs(values)
            # euler_equations writes dL/dq - d/dt dL/dq' = 0; the arc form is its negative.
            assert sp.simplify(g_val + a_val) == 0
            assert a_val != 0
