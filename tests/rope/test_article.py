"""Case F: the post's own ODE, its published values, and what is wrong with it."""

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from mathlab.rope import article_curve
from mathlab.rope.article import ArticleODEError


def test_regression_values_of_the_post():
    # Values of the post's code quoted in the spec.
    a = article_curve(0.0)
    assert (a.r[-1], a.z[-1]) == pytest.approx((0.85994, -0.47384), abs=5e-6)
    b = article_curve(1.0)
    assert (b.r[-1], b.z[-1]) == pytest.approx((1.05704, -0.48857), abs=5e-6)
    assert b.max_radius == pytest.approx(1.0687, abs=1e-4)
    # dx/ds = G = (C1 - g s)/phi vanishes at s = C1/g = 1/3.
    assert b.info["s_of_turning_point"] == pytest.approx(1 / 3, abs=1e-9)
    assert b.info["s_of_max_radius"] == pytest.approx(1 / 3, abs=1e-3)


@pytest.mark.parametrize("C1", [0.5, 1.0, 1.4])
def test_max_radius_is_the_largest_value_of_the_solution(C1):
    # The RK23 interpolant peaks slightly away from G = 0, so the value at the root of G
    # (1.068729031 for C1 = 1) was below the largest sample (1.068729036).
    c = article_curve(C1)
    assert c.max_radius >= c.r.max()
    assert c.max_radius == pytest.approx(c.r.max(), abs=1e-7)
    # The same integration (sampling does not change RK23's steps) read 50 times finer.
    fine = article_curve(C1, step=2e-6)
    assert c.max_radius >= fine.r.max() - 1e-14


def test_agrees_with_a_tight_integration_of_the_same_ode():
    # The post's RK23 at default tolerance is close to the exact solution of its own ODE.
    def rhs(s, y):
        G = (1.0 - 3 * s) / (2 * y[0] ** 2 - 3 * y[1])
        return [G, -np.sqrt(1 - G * G)]

    ref = solve_ivp(rhs, (0, 0.4999), [1, 0], method="DOP853", rtol=1e-12, atol=1e-12)
    b = article_curve(1.0)
    assert b.r[-1] == pytest.approx(ref.y[0, -1], abs=1e-4)
    assert b.z[-1] == pytest.approx(ref.y[1, -1], abs=1e-4)


def test_implied_tension_is_negative_error_1():
    for C1 in (0.0, 1.0):
        c = article_curve(C1)
        np.testing.assert_allclose(c.tension, 3.0 * c.z - 2.0 * c.r ** 2)
        assert np.all(c.tension < 0)


def test_the_code_does_not_solve_the_posts_own_first_integral_error_3():
    # The derived first integral is phi dy/ds = C1 - g s; the code makes phi dx/ds = C1 - g s.
    c = article_curve(1.0)
    phi = -c.tension
    dyds = np.gradient(c.z, c.s)
    dxds = np.gradient(c.r, c.s)
    target = 1.0 - 3.0 * c.s
    assert np.max(np.abs(phi * dxds - target)[5:-5]) < 5e-3
    assert np.max(np.abs(phi * dyds - target)) > 0.5


def test_raises_instead_of_nan_when_the_root_goes_imaginary():
    with pytest.raises(ArticleODEError, match=r"\|G\| = 2\.5 > 1"):
        article_curve(5.0)


@pytest.mark.parametrize("kwargs, match", [
    ({"C1": float("nan")}, "C1 must be a finite"),
    ({"C1": 0.0, "omega": 0.0}, "omega must be > 0"),
    ({"C1": 0.0, "step": 1.0}, "step must be in"),
    ({"C1": 0.0, "g": -1.0}, "g must be >= 0"),
])
def test_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        article_curve(**kwargs)
