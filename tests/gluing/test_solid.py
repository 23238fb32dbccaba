"""Gluing: margin, depth, volume and the seam against closed forms and second routes."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad
from scipy.optimize import brentq
from scipy.special import ellipeinc

from mathlab.gluing import (Circle, Ellipse, GluingError, Superellipse, glue, glue_ellipses,
                            gluing_margin)


def _reference(a, b):
    """X and V by adaptive quadrature in the ellipse parameter t, with brentq for s -> t.

    Independent of mathlab's route: the margin is the plain 1 - h'(s)^2 - h'(l - s)^2 and the
    inverse arc length is found by bracketing on scipy's incomplete elliptic integral.
    """
    m = 1.0 - (a / b) ** 2
    arc = lambda t: b * ellipeinc(t, m)  # noqa: E731
    l = arc(math.pi / 2)
    speed = lambda t: math.hypot(a * math.sin(t), b * math.cos(t))  # noqa: E731

    def parts(t):
        s = arc(t)
        u = brentq(lambda v: arc(v) - (l - s), 0.0, math.pi / 2, xtol=1e-16, rtol=1e-15)
        d1 = b * math.cos(t) / speed(t)
        d2 = b * math.cos(u) / speed(u)
        root = math.sqrt(max(1.0 - d1 * d1 - d2 * d2, 0.0)) * speed(t)
        return root, 4.0 * b * math.sin(t) * b * math.sin(u) * root

    depth = quad(lambda t: parts(t)[0], 0, math.pi / 2, epsabs=1e-14, epsrel=1e-12, limit=200)[0]
    volume = quad(lambda t: parts(t)[1], 0, math.pi / 2, epsabs=1e-14, epsrel=1e-12,
                  limit=200)[0]
    return l, depth, volume


@pytest.mark.parametrize("a, b", [(2.0, 1.0), (1.3, 1.0), (5.0, 2.0), (40.0, 1.0),
                                  (1.0001, 1.0)])
def test_depth_and_volume_by_a_second_quadrature(a, b):
    l, depth, volume = _reference(a, b)
    solid = glue_ellipses(a, b)
    assert solid.quarter_length == pytest.approx(l, rel=1e-13)
    assert solid.depth == pytest.approx(depth, rel=1e-10)
    assert solid.volume == pytest.approx(volume, rel=1e-10)
    assert solid.depth_error < 1e-12 and solid.volume_error < 1e-12


def test_margin_small_s_expansion():
    """m(s) ~ (kappa0^2 - kappa1^2) s^2 with kappa0 = a/b^2, kappa1 = b/a^2."""
    a, b = 2.0, 1.0
    s, m = gluing_margin(Ellipse(a, b), n=400_001)
    coefficient = (a / b ** 2) ** 2 - (b / a ** 2) ** 2
    for k in (1, 2, 4):
        assert m[k] / s[k] ** 2 == pytest.approx(coefficient, rel=1e-3)
        assert m[-1 - k] / s[k] ** 2 == pytest.approx(coefficient, rel=1e-3)  # symmetric


def test_margin_matches_plain_formula_away_from_the_ends():
    a, b = 3.0, 2.0
    e = Ellipse(a, b)
    s, m = gluing_margin(e, n=101)
    plain = 1.0 - e.dh(s) ** 2 - e.dh(e.quarter_length - s) ** 2
    np.testing.assert_allclose(m, plain, atol=1e-14)


@settings(max_examples=20, deadline=None)
@given(ratio=st.floats(1.0 + 1e-6, 20.0), n=st.integers(3, 300))
def test_margin_is_never_negative_for_a_greater_than_b(ratio, n):
    _, m = gluing_margin(Ellipse(ratio, 1.0), n=n)
    assert np.all(m >= 0.0)


@settings(max_examples=20, deadline=None)
@given(a=st.floats(0.3, 6.0), b=st.floats(0.3, 6.0))
def test_swapping_axes_negates_the_margin(a, b):
    _, m = gluing_margin(Ellipse(a, b), n=51)
    _, swapped = gluing_margin(Ellipse(b, a), n=51)
    np.testing.assert_allclose(swapped, -m, atol=1e-14)


def test_bending_along_the_minor_axis_is_refused():
    with pytest.raises(GluingError, match=r"worst -0\.7595\d* at s = 1\.21") as info:
        glue_ellipses(1.0, 2.0)
    error = info.value
    _, m = gluing_margin(Ellipse(2.0, 1.0), n=2001)
    assert error.margin == pytest.approx(-m.max(), rel=1e-6)
    assert error.s == pytest.approx(error.quarter_length / 2, rel=1e-3)
    assert isinstance(error, ValueError)


@settings(max_examples=15, deadline=None)
@given(a=st.floats(0.5, 4.0), ratio=st.floats(1.05, 6.0), c=st.floats(0.2, 5.0))
def test_scaling(a, ratio, c):
    """(a, b) -> (c a, c b): l and X scale by c, V by c^3."""
    small, big = glue_ellipses(a * ratio, a), glue_ellipses(c * a * ratio, c * a)
    assert big.quarter_length == pytest.approx(c * small.quarter_length, rel=1e-12)
    assert big.depth == pytest.approx(c * small.depth, rel=1e-11)
    assert big.volume == pytest.approx(c ** 3 * small.volume, rel=1e-11)


@pytest.mark.parametrize("sheet", [Circle(1.5), Ellipse(1.5, 1.5), Superellipse(1.5, 1.5, 4.0)])
def test_round_sheets_lie_flat(sheet):
    solid = glue(sheet)
    assert solid.depth == 0.0 and solid.volume == 0.0 and solid.min_margin == 0.0
    s, x, y, z = solid.seam(11)
    assert np.all(x == 0.0)


def test_ellipse_glues_to_circle_of_equal_perimeter():
    e = Ellipse(2.0, 1.0)
    circle = Circle(2.0 * e.quarter_length / np.pi)
    solid = glue(e, circle)
    assert solid.min_margin > 0.0
    # the seam is a unit-speed curve whose ends sit on the vertices of both sheets
    s, x, y, z = solid.seam(20001)
    speed = np.sqrt(np.gradient(x, s) ** 2 + np.gradient(y, s) ** 2 + np.gradient(z, s) ** 2)
    np.testing.assert_allclose(speed[1:-1], 1.0, atol=1e-6)
    assert (y[0], z[0]) == pytest.approx((0.0, circle.radius), abs=1e-12)
    assert (y[-1], z[-1]) == pytest.approx((1.0, 0.0), abs=1e-12)
    assert x[-1] == pytest.approx(solid.depth, rel=1e-12)
    # volume by the rectangle cross-sections on the seam grid (second route)
    area = 4.0 * y * z
    assert np.trapezoid(area, x) == pytest.approx(solid.volume, rel=1e-6)


def test_seam_of_congruent_ellipses():
    solid = glue_ellipses(2.0, 1.0)
    s, x, y, z = solid.seam(1001)
    assert x[-1] == pytest.approx(solid.depth, rel=1e-10)
    e = solid.sheet
    np.testing.assert_allclose(y, e.h(s), atol=1e-13)
    np.testing.assert_allclose(z, e.h(solid.quarter_length - s), atol=1e-13)
    assert np.all(np.diff(x) > 0)


def test_superellipse_pair_that_fails_says_where():
    square = Superellipse(2.0, 2.0, 4.0)
    circle = Circle(2.0 * square.quarter_length / np.pi)
    s, m = gluing_margin(square, circle, n=4001)
    with pytest.raises(GluingError, match="negative for s in") as info:
        glue(square, circle)
    assert info.value.margin == pytest.approx(m.min(), abs=1e-5)
    assert info.value.s == pytest.approx(s[np.argmin(m)], abs=2e-3)
    assert info.value.margin < -0.2


def test_congruent_superellipses_glue():
    solid = glue(Superellipse(2.0, 1.0, 4.0))
    s, x, y, z = solid.seam(4001)
    assert x[-1] == pytest.approx(solid.depth, rel=1e-8)
    assert np.trapezoid(4.0 * y * z, x) == pytest.approx(solid.volume, rel=1e-5)


def test_unequal_perimeters_are_refused():
    with pytest.raises(ValueError, match=r"perimeters must be equal; got 9\.688\d* .* 6\.283"):
        glue(Ellipse(2.0, 1.0), Circle(1.0))


@pytest.mark.parametrize("call, match", [
    (lambda: glue_ellipses(0.0, 1.0), "a must be > 0"),
    (lambda: glue_ellipses(2.0, float("inf")), "b must be a finite"),
    (lambda: gluing_margin(Ellipse(2.0, 1.0), n=1), "n must be an integer >= 2"),
    (lambda: glue_ellipses(2.0, 1.0).seam(2), "n must be an integer >= 4"),
    (lambda: glue("ellipse"), "sheet must be an Ellipse, Circle or Superellipse"),
])
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_min_margin_sits_next_to_the_ends():
    """For congruent ellipses the margin grows from 0 at both ends, so the smallest interior
    value on the 2001-point check grid is one step from an end: (kappa0^2 - kappa1^2) h^2."""
    a, b = 2.0, 1.0
    solid = glue_ellipses(a, b)
    h = solid.quarter_length / 2000
    assert solid.min_margin == pytest.approx(((a / b ** 2) ** 2 - (b / a ** 2) ** 2) * h * h,
                                             rel=1e-2)
    assert min(solid.min_margin_at, solid.quarter_length - solid.min_margin_at) == \
        pytest.approx(h, rel=1e-9)


def test_result_is_frozen():
    import dataclasses

    solid = glue_ellipses(2.0, 1.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        solid.depth = 0.0


def test_generic_path_reproduces_the_ellipse():
    """Superellipse p = 2 goes through Gauss-Legendre arcs and 40-level graded quadrature."""
    generic, exact = glue(Superellipse(2.0, 1.0, 2.0)), glue_ellipses(2.0, 1.0)
    assert generic.depth == pytest.approx(exact.depth, rel=1e-12)
    assert generic.volume == pytest.approx(exact.volume, rel=1e-12)


@pytest.mark.parametrize("b", [1.0, 2.5])
@pytest.mark.parametrize("eps", [1e-4, 1e-6, 1e-9])
def test_nearly_circular_limit(b, eps):
    """a = b (1 + eps): phi(s) = s/b - eps s/(2b) + (3 eps/4) sin(2s/b) + O(eps^2), so
    m(s) = (3 eps / 2) sin^2(2 s / b), X = b sqrt(3 eps / 2), V = (pi / 2) b^3 sqrt(3 eps / 2)."""
    solid = glue_ellipses(b * (1.0 + eps), b)
    root = math.sqrt(1.5 * (solid.sheet.a / b - 1.0))  # eps as represented in binary
    assert abs(solid.depth - b * root) <= 3 * eps * b * root + solid.depth_error
    assert abs(solid.volume - 0.5 * math.pi * b ** 3 * root) <= \
        3 * eps * b ** 3 * root + solid.volume_error
    assert solid.depth_error < 1e-4 * b * root


def test_nearly_flat_pairs_report_their_rounding_floor():
    """Below eps ~ 1e-9 rounding of the margin dominates; depth_error must cover the
    deviation from the closed-form limit X = sqrt(3 eps / 2) and stay small relative to X."""
    for eps in (1e-12, 1e-13):
        solid = glue_ellipses(1.0 + eps, 1.0)
        expected = math.sqrt(1.5 * (solid.sheet.a - 1.0))  # a as represented in binary
        assert abs(solid.depth - expected) <= solid.depth_error
        assert solid.depth_error < 0.05 * expected
