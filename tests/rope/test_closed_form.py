"""Case A closed form: spec reference values, identities, limits and scale invariance."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad
from scipy.special import ellipe, ellipj, ellipk

from mathlab.rope import Troposkien, troposkien
from mathlab.rope.closed_form import troposkien_modulus

SQRT_HALF = 1 / math.sqrt(2)


def test_spec_reference_values_at_k_one_over_sqrt2():
    # Spec: k = 1/sqrt(2) gives R/H = 1.525519527, L/(2H) = 1.913893162, end angle 70.5287794 deg.
    t = troposkien(length=2 * 1.913893162, span=2.0)
    assert t.k == pytest.approx(SQRT_HALF, rel=1e-9)
    assert t.radius == pytest.approx(1.525519527, rel=1e-9)
    assert math.degrees(t.end_angle) == pytest.approx(70.5287794, rel=1e-9)


def test_modulus_inverts_the_length_relation():
    # Forward relation evaluated independently with ellipk/ellipe.
    for k in [1e-4, 0.1, 0.5, SQRT_HALF, 0.9, 0.999, 0.9999999]:
        m = k * k
        ratio = 2 * ellipe(m) / ((1 - m) * ellipk(m)) - 1
        assert troposkien_modulus(ratio) == pytest.approx(k, rel=1e-9)


def test_curve_matches_r_of_zeta_and_quadrature_of_arc_length():
    t = troposkien(length=3.0, span=2.0)
    c = t.curve(101)
    # Independent arc length: quadrature of sqrt(1 + r'(zeta)^2) of the sn-form with finite
    # differences would be circular; instead integrate ds = sqrt(dr^2 + dzeta^2) with quad on
    # r(zeta) = R sn(K zeta/H) differentiated analytically: r' = R K/H cn dn.
    m = t.k ** 2
    K = ellipk(m)
    H = t.span / 2

    def speed(zeta):
        _, cn, dn, _ = ellipj(K * zeta / H, m)
        return math.sqrt(1 + (t.radius * K / H * cn * dn) ** 2)

    for i in [7, 30, 50, 80]:
        zeta = -c.z[i]
        s_quad, _ = quad(speed, 0, zeta, epsabs=1e-13, epsrel=1e-13)
        assert s_quad == pytest.approx(c.s[i], rel=1e-10)
    assert c.s[-1] == pytest.approx(3.0, rel=1e-14)
    assert c.z[0] == 0 and c.z[-1] == -2.0
    assert np.all(c.r >= 0) and c.r[0] == 0 and c.r[-1] == 0


def test_half_span_identity_and_symmetry():
    t = troposkien(length=5.0, span=2.0)
    # Spec: r(H/2) = R / sqrt(1 + sqrt(1 - k^2)).
    assert t.radius_at(0.5) == pytest.approx(t.radius / math.sqrt(1 + math.sqrt(1 - t.k ** 2)),
                                              rel=1e-12)
    c = t.curve(201)
    np.testing.assert_allclose(c.r, c.r[::-1], atol=1e-12)
    np.testing.assert_allclose(c.z, -2.0 - c.z[::-1], atol=1e-12)
    assert c.r[100] == pytest.approx(t.radius, rel=1e-12)


@settings(max_examples=15, deadline=None)
@given(ratio=st.floats(1.001, 50.0), omega=st.floats(0.1, 100.0), density=st.floats(0.01, 10.0))
def test_tension_identity_and_energy_integral(ratio, omega, density):
    t = troposkien(length=ratio, span=1.0, omega=omega, density=density)
    # T_end - T_mid = rho omega^2 R^2 / 2 (energy integral with g = 0).
    assert t.tension_end - t.tension_mid == pytest.approx(
        0.5 * density * omega ** 2 * t.radius ** 2, rel=1e-10)
    c = t.curve(51)
    # Force balance without gravity: the axial tension component T dz/ds is constant, = -T_mid.
    # dz/ds from the geometry of r(zeta) = R sn(K zeta / H): dz/ds = -1/sqrt(1 + r'(zeta)^2).
    m = t.k ** 2
    K, H = ellipk(m), 0.5
    _, cn, dn, _ = ellipj(K * -c.z / H, m)
    dzds = -1 / np.sqrt(1 + (t.radius * K / H * cn * dn) ** 2)
    assert np.all(c.tension > 0)
    np.testing.assert_allclose(c.tension * dzds, -t.tension_mid, rtol=1e-9)


@settings(max_examples=20, deadline=None)
@given(ratio=st.floats(1.01, 20.0), scale=st.floats(0.01, 100.0), omega=st.floats(0.1, 10.0))
def test_shape_depends_on_length_over_span_only(ratio, scale, omega):
    a = troposkien(length=ratio, span=1.0)
    b = troposkien(length=ratio * scale, span=scale, omega=omega)
    assert b.k == pytest.approx(a.k, rel=1e-12)
    assert b.radius == pytest.approx(a.radius * scale, rel=1e-12)
    assert b.end_angle == pytest.approx(a.end_angle, rel=1e-12)


def test_straight_rope_limit():
    # L -> D: k -> 0, small-k expansion L/D = 1 + k^2 + O(k^4), R -> 4 k H / pi.
    t = troposkien(length=1 + 1e-8, span=1.0)
    assert t.k == pytest.approx(1e-4, rel=1e-5)
    assert t.radius == pytest.approx(4 * t.k * 0.5 / math.pi, rel=1e-6)
    assert math.isfinite(t.tension_mid) and t.tension_mid > 0


def test_long_rope_limit_is_finite():
    t = troposkien(length=1e4, span=1.0)
    assert 0 < 1 - t.k < 1e-4
    # For L >> D the rope is two straight radii: R -> L/2.
    assert t.radius == pytest.approx(5e3, rel=1e-3)


def test_result_is_frozen():
    t = troposkien(3.0, 2.0)
    assert isinstance(t, Troposkien)
    with pytest.raises(AttributeError):
        t.k = 0.1


@pytest.mark.parametrize("kwargs, match", [
    ({"length": -1.0, "span": 1.0}, "length must be > 0"),
    ({"length": 1.0, "span": 1.0}, "span must be < length"),
    ({"length": 1.0, "span": 2.0}, "span must be < length"),
    ({"length": float("nan"), "span": 1.0}, "length must be a finite"),
    ({"length": 2.0, "span": 1.0, "omega": 0.0}, "omega must be > 0"),
    ({"length": 2.0, "span": 1.0, "density": -1.0}, "density must be > 0"),
])
def test_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        troposkien(**kwargs)


def test_curve_rejects_bad_n():
    with pytest.raises(ValueError, match="n must be an integer >= 2"):
        troposkien(3.0, 2.0).curve(1)


def _mpmath_troposkien(ratio):
    """R/H and T_mid/(rho omega^2 H^2) at 60 digits, solving for p = 1 - k^2 with mpmath."""
    mp = pytest.importorskip("mpmath")
    with mp.workdps(60):
        q = mp.mpf(ratio)

        def f(lp):
            p = mp.exp(lp)
            return 2 * mp.ellipe(1 - p) / (p * mp.ellipk(1 - p)) - 1 - q

        p = mp.exp(mp.findroot(f, mp.log(2 / (q * mp.log(q)))))
        m = 1 - p
        radius = 2 * mp.sqrt(m) / (p * mp.ellipk(m))
        return float(radius), float(radius ** 2 * p / (4 * m))


@pytest.mark.parametrize("ratio", [1e6, 1e8, 1e10])
def test_long_rope_radius_and_tension_match_mpmath(ratio):
    # p = 1 - k^2 is solved for and carried directly, so R and T_mid keep full precision as
    # k -> 1 (rebuilding p as (1 - k)(1 + k) lost 8e-9 at L/D = 1e8 and 3.7e-6 at 1e10).
    radius, tension_mid = _mpmath_troposkien(ratio)
    t = troposkien(length=2.0 * ratio, span=2.0)      # H = 1
    assert t.radius == pytest.approx(radius, rel=1e-13)
    assert t.tension_mid == pytest.approx(tension_mid, rel=1e-13)
    assert t.m1 == pytest.approx((1 - t.k) * (1 + t.k), rel=1e-3)
    c = t.curve(11)
    assert np.all(np.isfinite(c.r)) and c.max_radius == t.radius


@pytest.mark.parametrize("ratio", [1e15, 1e16, 1e20])
def test_rope_too_long_for_double_precision_raises(ratio):
    # Beyond L/D ~ 4.6e14, k = sqrt(1 - p) rounds to 1: a ValueError, never NaN.
    with pytest.raises(ValueError, match=r"length / span = .* must be < 4\.6"):
        troposkien(length=ratio, span=1.0)
    with pytest.raises(ValueError, match="length / span must be <"):
        troposkien_modulus(ratio)


def test_longest_representable_rope_is_finite():
    t = troposkien(length=4e14, span=1.0)
    c = t.curve(21)
    assert 0 < t.m1 < 1e-15 and math.isfinite(t.radius) and t.tension_mid > 0
    assert np.all(np.isfinite(c.r)) and np.all(np.isfinite(c.z))
