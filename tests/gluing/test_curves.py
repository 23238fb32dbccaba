"""Sheet outlines: arc length, heights and tangent angles against independent routes."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

from mathlab.gluing import Circle, Ellipse, Superellipse

L_2_1 = 2.42211205514  # quarter perimeter of the ellipse a = 2, b = 1 (spec, section 5)


def test_known_quarter_perimeter():
    assert Ellipse(2.0, 1.0).quarter_length == pytest.approx(L_2_1, abs=1e-11)
    assert Ellipse(2.0, 1.0).perimeter == pytest.approx(4 * L_2_1, abs=4e-11)


@pytest.mark.parametrize("a, b", [(2.0, 1.0), (1.0, 2.0), (10.0, 1.0), (1.0001, 1.0), (3.0, 3.0)])
def test_quarter_length_matches_quadrature_of_speed(a, b):
    speed = lambda t: math.hypot(a * math.sin(t), b * math.cos(t))  # noqa: E731
    expected = quad(speed, 0.0, math.pi / 2, epsabs=0, epsrel=1e-13)[0]
    assert Ellipse(a, b).quarter_length == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("a, b", [(2.0, 1.0), (1.0, 2.0), (7.0, 1.5)])
def test_arc_length_parametrisation_is_exact(a, b):
    """At arc length s the point is (a cos t, b sin t) with int_0^t |r'| = s (quad + brentq)."""
    e = Ellipse(a, b)
    s = np.linspace(0.0, e.quarter_length, 9)
    g, h = e.point(s)
    t = np.arctan2(h / b, g / a)
    speed = lambda u: math.hypot(a * math.sin(u), b * math.cos(u))  # noqa: E731
    arcs = [quad(speed, 0.0, ti, epsabs=1e-14, epsrel=1e-13)[0] for ti in t]
    np.testing.assert_allclose(arcs, s, rtol=0, atol=1e-13 * e.quarter_length)
    np.testing.assert_allclose((g / a) ** 2 + (h / b) ** 2, 1.0, atol=1e-15)
    # tangent angle: tan(phi) = (a/b) tan(t), h' = cos(phi) = b cos t / |r'(t)|
    inner = slice(1, -1)
    np.testing.assert_allclose(np.tan(e.tangent_angle(s))[inner], (a / b) * np.tan(t)[inner],
                               rtol=1e-12)
    np.testing.assert_allclose(e.dh(s), b * np.cos(t) / np.hypot(a * np.sin(t), b * np.cos(t)),
                               atol=1e-14)
    np.testing.assert_allclose(e.tangent_angle(s) + e.complement_angle(s), np.pi / 2,
                               atol=1e-15)


def test_ends_of_the_quarter_arc():
    e = Ellipse(2.0, 1.0)
    l = e.quarter_length
    assert e.point(0.0) == pytest.approx((2.0, 0.0), abs=1e-15)
    assert e.point(l) == pytest.approx((0.0, 1.0), abs=1e-15)
    assert e.tangent_angle(0.0) == pytest.approx(0.0, abs=1e-15)
    assert e.complement_angle(l) == pytest.approx(0.0, abs=1e-15)


def test_heights_have_derivative_cos_phi():
    """Central differences of h(s) agree with h'(s) = cos(phi(s))."""
    e = Ellipse(3.0, 1.0)
    s = np.linspace(0.1, e.quarter_length - 0.1, 7)
    d = 1e-5
    fd = (e.h(s + d) - e.h(s - d)) / (2 * d)
    np.testing.assert_allclose(fd, e.dh(s), atol=1e-9)


def test_circle_closed_form():
    c = Circle(1.5)
    s = np.linspace(0.0, c.quarter_length, 5)
    assert c.quarter_length == pytest.approx(0.75 * np.pi, rel=1e-15)
    np.testing.assert_allclose(c.h(s), 1.5 * np.sin(s / 1.5), atol=1e-15)
    e = Ellipse(1.5, 1.5)
    np.testing.assert_allclose(e.h(s), c.h(s), atol=1e-14)
    np.testing.assert_allclose(e.tangent_angle(s), c.tangent_angle(s), atol=1e-14)


@pytest.mark.parametrize("a, b", [(2.0, 1.0), (1.0, 3.0), (50.0, 1.0), (1.0, 50.0)])
def test_superellipse_with_p_2_is_the_ellipse(a, b):
    """Two unrelated methods: Gauss-Legendre on graded panels vs elliptic integrals."""
    se, e = Superellipse(a, b, 2.0), Ellipse(a, b)
    assert se.quarter_length == pytest.approx(e.quarter_length, rel=1e-14)
    s = np.linspace(0.0, e.quarter_length, 101)
    np.testing.assert_allclose(se.h(s), e.h(s), atol=1e-14)
    np.testing.assert_allclose(se.tangent_angle(s), e.tangent_angle(s), atol=1e-14)


@pytest.mark.parametrize("p", [1.2, 1.5, 3.0, 6.0])
def test_superellipse_arc_length_against_quad(p):
    """Arc length by scipy's adaptive quad in the polar-like parameter (singular ends)."""
    a, b = 2.0, 1.0

    def speed(t):
        c, s = math.cos(t), math.sin(t)
        dx = a * (2 / p) * c ** (2 / p - 1) * s
        dy = b * (2 / p) * s ** (2 / p - 1) * c
        return math.hypot(dx, dy)

    expected = quad(speed, 0.0, math.pi / 2, epsabs=0, epsrel=1e-12, limit=400,
                    points=[math.pi / 4])[0]
    se = Superellipse(a, b, p)
    assert se.quarter_length == pytest.approx(expected, rel=1e-10)
    s = np.linspace(0.0, se.quarter_length, 31)
    g, h = se.point(s)
    np.testing.assert_allclose(np.abs(g / a) ** p + np.abs(h / b) ** p, 1.0, atol=1e-14)
    # arc length between samples is at least the chord and close to it
    chords = np.hypot(np.diff(g), np.diff(h))
    assert np.all(chords <= np.diff(s) + 1e-14)
    assert np.all(chords >= 0.99 * np.diff(s))


@settings(max_examples=25, deadline=None)
@given(a=st.floats(0.2, 5.0), b=st.floats(0.2, 5.0), c=st.floats(0.1, 10.0))
def test_scaling_of_ellipse_arc(a, b, c):
    e, big = Ellipse(a, b), Ellipse(c * a, c * b)
    assert big.quarter_length == pytest.approx(c * e.quarter_length, rel=1e-13)
    frac = np.array([0.1, 0.5, 0.9])
    np.testing.assert_allclose(big.h(frac * big.quarter_length),
                               c * e.h(frac * e.quarter_length), rtol=1e-12, atol=1e-14 * c)


@settings(max_examples=25, deadline=None)
@given(a=st.floats(0.2, 5.0), b=st.floats(0.2, 5.0))
def test_swapping_axes_reverses_the_arc(a, b):
    """The (b, a) ellipse traversed from its vertex is the (a, b) one traversed backwards."""
    e, f = Ellipse(a, b), Ellipse(b, a)
    assert f.quarter_length == pytest.approx(e.quarter_length, rel=1e-13)
    s = np.linspace(0.0, e.quarter_length, 11)
    np.testing.assert_allclose(f.tangent_angle(s), e.complement_angle(s[::-1]), atol=1e-13)


def test_boundary_point_walks_the_whole_outline():
    e = Ellipse(2.0, 1.0)
    sigma = np.linspace(0.0, e.perimeter, 4001)
    x, y = e.boundary_point(sigma)
    np.testing.assert_allclose((x / 2) ** 2 + y ** 2, 1.0, atol=1e-14)
    polygon = np.hypot(np.diff(x), np.diff(y)).sum()
    assert polygon == pytest.approx(e.perimeter, rel=1e-6)
    assert polygon < e.perimeter
    quarter = e.quarter_length
    assert e.boundary_point(quarter)[0] == pytest.approx(0.0, abs=1e-14)
    assert e.boundary_point(2 * quarter)[0] == pytest.approx(-2.0, abs=1e-14)


@pytest.mark.parametrize("make, match", [
    (lambda: Ellipse(-1.0, 1.0), "a must be > 0"),
    (lambda: Ellipse(1.0, float("nan")), "b must be a finite real number"),
    (lambda: Circle(0.0), "radius must be > 0"),
    (lambda: Superellipse(1.0, 1.0, 1.0), "p must be > 1"),
    (lambda: Ellipse(2.0, 1.0).h(3.0), r"s must lie in \[0, 2.42"),
])
def test_bad_input_names_the_parameter(make, match):
    with pytest.raises(ValueError, match=match):
        make()
