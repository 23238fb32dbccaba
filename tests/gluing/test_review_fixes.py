"""Edge cases from review: elongated sheets, superellipse exponents near 1 and large, pairs that
lie flat without being the same outline, non-convergence errors, and two independent
references (a superellipse pair and the ellipse-circle pair)."""

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.optimize import brentq
from scipy.special import ellipeinc

import mathlab.gluing.curves as curves
import mathlab.gluing.solid as solid_module
from mathlab.gluing import (Circle, Ellipse, GluingConvergenceError, Superellipse,
                            article_scheme, glue, glue_ellipses, gluing_margin)

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "gluing.py"


# -- 1. arc-length inversion at the rounding floor -------------------------------------------

@pytest.mark.parametrize("b, n", [(5.5, 10001), (7.0, 100001), (10.0, 100001), (15.0, 100001)])
def test_margin_of_elongated_minor_axis_pairs_never_raises(b, n):
    """ds/dt ~ a << b at the vertex: a step test in t could never be met there."""
    sheet = Ellipse(1.0, b)
    s, m = gluing_margin(sheet, n=n)
    assert np.all(np.isfinite(m)) and m[0] == 0.0 and m[-1] == 0.0
    assert m[1:-1].max() < 0.0  # bending along the minor axis fails everywhere inside
    # the parameter found for every s reproduces s through scipy's elliptic integral
    t = np.arctan2(sheet.h(s[::97]) / b, sheet.point(s[::97])[0] / 1.0)
    arc = b * ellipeinc(t, 1.0 - (1.0 / b) ** 2)
    np.testing.assert_allclose(arc, s[::97], rtol=0, atol=1e-12 * sheet.quarter_length)


def test_newton_limit_raises_a_documented_value_error(monkeypatch):
    monkeypatch.setattr(curves, "_NEWTON_MAXITER", 0)
    with pytest.raises(GluingConvergenceError, match="did not converge in 0 Newton steps") as info:
        Ellipse(2.0, 1.0).h(np.array([0.3, 1.1]))
    assert isinstance(info.value, ValueError) and info.value.iterations == 0
    assert info.value.residual > 0


# -- 2. superellipse exponents close to 1 ----------------------------------------------------

@pytest.mark.parametrize("a, b, p", [(4.0, 1.0, 1.02), (2.0, 1.0, 1.01), (2.0, 1.0, 1.0001),
                                     (1.0, 2.0, 1.001)])
def test_superellipse_too_close_to_one_is_refused_with_the_range(a, b, p):
    with pytest.raises(ValueError, match=rf"p = {p!r} is too close to 1 .* p must be in \[") as e:
        Superellipse(a, b, p)
    lowest = float(str(e.value).split("p must be in [")[1].split(",")[0])
    assert 1.0 < lowest < 2.0
    # the lower end of the reported range is accepted, just below it is not
    Superellipse(a, b, lowest * (1 + 1e-5))
    with pytest.raises(ValueError, match="too close to 1"):
        Superellipse(a, b, 1.0 + (lowest - 1.0) * 0.9)


def test_superellipse_near_the_lowest_exponent_agrees_with_an_independent_arc():
    p = 1.03  # a/b = 2 accepts p >= 1.0237
    se = Superellipse(2.0, 1.0, p)
    # x = a cos^(2/p) t, y = b sin^(2/p) t: quad copes with the integrable end singularities
    def speed(t):
        return (2 / p) * math.hypot(2.0 * math.cos(t) ** (2 / p - 1) * math.sin(t),
                                    math.sin(t) ** (2 / p - 1) * math.cos(t))

    length = quad(speed, 0.0, 0.5 * math.pi, epsabs=1e-13, epsrel=1e-12, limit=200,
                  points=[0.5, 1.0])[0]
    assert se.quarter_length == pytest.approx(length, rel=1e-11)
    solid = glue(se)
    assert 0.0 < solid.depth < 2.0 and solid.volume > 0.0


def test_cli_reports_an_unresolvable_exponent_in_one_line(tmp_path):
    result = subprocess.run([sys.executable, str(SCRIPT), "--sheet", "superellipse:2,1,1.001",
                             "--picture", "none"], capture_output=True, text=True, cwd=tmp_path,
                            timeout=120)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "p = 1.001" in result.stderr
    assert "Traceback" not in result.stderr


# -- 3. large exponents and quadrature non-convergence ---------------------------------------

def test_large_exponent_tends_to_the_rectangle():
    """For p -> infinity the sheets are 2a x 2b rectangles: X = a - b, V = 4 b^2 (a - b),
    approached like 1/p (so the excess halves when p doubles)."""
    a, b = 2.0, 1.0
    solids = [glue(Superellipse(a, b, p)) for p in (250.0, 500.0, 1000.0)]
    excess_x = [s.depth - (a - b) for s in solids]
    excess_v = [s.volume - 4 * b * b * (a - b) for s in solids]
    assert all(0 < e < 0.02 for e in excess_x) and all(0 < e < 0.1 for e in excess_v)
    for e in (excess_x, excess_v):
        assert e[0] / e[1] == pytest.approx(2.0, rel=0.02)
        assert e[1] / e[2] == pytest.approx(2.0, rel=0.02)


def test_exponent_beyond_the_supported_range_is_refused():
    with pytest.raises(ValueError, match=r"p must be in \(1, 1000\] .*; got 5000.0"):
        Superellipse(2.0, 1.0, 5000.0)


def test_quadrature_non_convergence_is_a_value_error(monkeypatch):
    monkeypatch.setattr(solid_module, "_MAX_REFINE", 0)
    with pytest.raises(GluingConvergenceError, match="did not converge after 0 refinements") \
            as info:
        glue_ellipses(2.0, 1.0)
    assert isinstance(info.value, ValueError) and info.value.what == "glue"


# -- 4. flat pairs that are not the same object ----------------------------------------------

@pytest.mark.parametrize("sheet, other", [
    (Ellipse(1.0, 1.0), Circle(1.0)),
    (Superellipse(1.0, 1.0, 2.0), Circle(1.0)),
    (Ellipse(2.0, 1.0), Ellipse(1.0, 2.0)),
    (Superellipse(2.0, 1.0, 4.0), Superellipse(1.0, 2.0, 4.0)),
])
def test_flat_pairs_give_the_flat_double_disc(sheet, other):
    solid = glue(sheet, other)
    assert solid.depth == 0.0 and solid.volume == 0.0 and solid.min_margin == 0.0
    # independently: the plain margin 1 - h1'(s)^2 - h2'(l - s)^2 vanishes to rounding
    s = np.linspace(0.0, sheet.quarter_length, 201)
    plain = 1.0 - sheet.dh(s) ** 2 - other.dh(other.quarter_length - s) ** 2
    assert np.max(np.abs(plain)) < 1e-13


def test_round_superellipse_and_circle_are_not_flat():
    """a = b with p != 2 is not a circle: glued to the circle of equal perimeter it fails."""
    square = Superellipse(1.0, 1.0, 4.0)
    s, m = gluing_margin(square, Circle(2 * square.quarter_length / math.pi), n=101)
    assert np.abs(m).max() > 1e-3


# -- 6. independent references ---------------------------------------------------------------

def _superellipse_p4_reference(a, b):
    """l, X, V for two congruent |x/a|^4 + |y/b|^4 = 1 sheets, in the curve parameter t.

    x = a cos(t)^(1/2), y = b sin(t)^(1/2), with t = (pi/2) sin(tau)^2 so that the t^(-1/2)
    end singularities of ds/dt become smooth; s -> tau by brentq on the quad arc length.
    """
    def cos_sin(tau):  # cos t and sin t, each without cancellation near its zero
        return (math.sin(0.5 * math.pi * math.cos(tau) ** 2),
                math.sin(0.5 * math.pi * math.sin(tau) ** 2))

    def speed(tau):
        c, s = cos_sin(tau)
        dtdtau = math.pi * math.sin(tau) * math.cos(tau)
        return 0.5 * math.hypot(a * s / math.sqrt(c), b * c / math.sqrt(s)) * dtdtau

    def arc(tau):
        return quad(speed, 0.0, tau, epsabs=1e-14, epsrel=1e-13, limit=200)[0]

    def direction(tau):  # (cos phi, sin phi) = (dy/ds, -dx/ds)
        c, s = cos_sin(tau)
        norm = math.hypot(a * s ** 1.5, b * c ** 1.5)
        return b * c ** 1.5 / norm, a * s ** 1.5 / norm

    l = arc(0.5 * math.pi)

    def parts(tau):
        s = arc(tau)
        other = brentq(lambda v: arc(v) - (l - s), 0.0, 0.5 * math.pi, xtol=1e-15, rtol=1e-15)
        (cos1, sin1), (cos2, sin2) = direction(tau), direction(other)
        # 1 - cos1^2 - cos2^2 = sin1^2 - cos2^2 = sin2^2 - cos1^2: the difference of the two
        # small numbers at either end
        margin = ((sin1 - cos2) * (sin1 + cos2) if s < 0.5 * l
                  else (sin2 - cos1) * (sin2 + cos1))
        root = math.sqrt(max(margin, 0.0)) * speed(tau)
        heights = b * math.sqrt(cos_sin(tau)[1]) * b * math.sqrt(cos_sin(other)[1])
        return root, 4.0 * heights * root

    depth = quad(lambda u: parts(u)[0], 0, 0.5 * math.pi, epsabs=1e-14, epsrel=1e-13,
                 limit=200)[0]
    volume = quad(lambda u: parts(u)[1], 0, 0.5 * math.pi, epsabs=1e-14, epsrel=1e-13,
                  limit=200)[0]
    return l, depth, volume


def test_superellipse_p4_against_an_independent_quadrature():
    l, depth, volume = _superellipse_p4_reference(2.0, 1.0)
    solid = glue(Superellipse(2.0, 1.0, 4.0))
    assert solid.quarter_length == pytest.approx(l, rel=1e-13)
    assert solid.depth == pytest.approx(depth, rel=2e-13)
    assert solid.volume == pytest.approx(volume, rel=2e-13)


def test_ellipse_circle_pair_against_an_independent_quadrature():
    """Circle radius R = 2l/pi: h2(l - s) = R sin((l - s)/R) in closed form; the ellipse in t."""
    a, b = 2.0, 1.0
    m = 1.0 - (a / b) ** 2
    arc = lambda t: b * ellipeinc(t, m)  # noqa: E731
    l = arc(0.5 * math.pi)
    radius = 2.0 * l / math.pi
    speed = lambda t: math.hypot(a * math.sin(t), b * math.cos(t))  # noqa: E731

    def parts(t):
        rest = l - arc(t)
        d1, d2 = b * math.cos(t) / speed(t), math.cos(rest / radius)
        root = math.sqrt(max(1.0 - d1 * d1 - d2 * d2, 0.0)) * speed(t)
        return root, 4.0 * b * math.sin(t) * radius * math.sin(rest / radius) * root

    depth = quad(lambda t: parts(t)[0], 0, 0.5 * math.pi, epsabs=1e-14, epsrel=1e-13,
                 limit=200)[0]
    volume = quad(lambda t: parts(t)[1], 0, 0.5 * math.pi, epsabs=1e-14, epsrel=1e-13,
                  limit=200)[0]
    solid = glue(Ellipse(a, b), Circle(radius))
    assert solid.depth == pytest.approx(depth, rel=1e-12)
    assert solid.volume == pytest.approx(volume, rel=1e-12)
    # and the reviewer's independent values agree with this reference
    assert (depth, volume) == pytest.approx((1.0693093336943629, 2.98001475525676), rel=1e-12)


# -- 8. input bounds -------------------------------------------------------------------------

@pytest.mark.parametrize("call", [lambda: Ellipse(1e300, 1.0), lambda: glue_ellipses(1.0, 1e-300),
                                  lambda: Superellipse(1e-200, 1.0, 3.0),
                                  lambda: article_scheme(1e300, 1.0, 0.1)])
def test_overflowing_aspect_ratio_is_refused(call):
    with pytest.raises(ValueError, match=r"a/b must lie in \[1e-100, 1e100\]"):
        call()


def test_article_step_has_a_lower_bound():
    with pytest.raises(ValueError, match=r"step must be in \[1e-07 b, b/10\].*got 1e-09"):
        article_scheme(2.0, 1.0, step=1e-9)


@pytest.mark.parametrize("args, message", [
    (["--mesh-n", "2", "--stl", "s.stl"], "--mesh-n must be an integer >= 4"),
    (["--mm-per-unit", "0", "--pattern", "p.pdf"], "--mm-per-unit must be > 0"),
    (["--picture", "solid.gif"], "--picture file must end in .png, .pdf or .svg"),
])
def test_cli_checks_options_before_doing_any_work(tmp_path, args, message):
    result = subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True,
                            text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 2 and message in result.stderr
    assert result.stdout == "" and not list(tmp_path.iterdir())
