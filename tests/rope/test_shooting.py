"""Cases B and D by shooting: agreement with the closed form, energy integral, independent routes."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq

from mathlab.rope import skipping_rope, spinning_rope, troposkien
from mathlab.rope.shooting import QuasiStaticWarning, ShootingError, _direct_perpendicular


@pytest.mark.parametrize("method", ["numba", "scipy"])
@pytest.mark.parametrize("length, span, omega", [(3.0, 2.0, 2.0), (1.2, 1.0, 7.0)])
def test_zero_gravity_reproduces_troposkien(length, span, omega, method):
    c = spinning_rope(length, span, omega, n=201, method=method)
    t = troposkien(length, span, omega)
    ref = t.curve(201)
    np.testing.assert_allclose(c.s, ref.s, rtol=0, atol=1e-14)
    np.testing.assert_allclose(c.r, ref.r, rtol=0, atol=1e-9 * length)
    np.testing.assert_allclose(c.z, ref.z, rtol=0, atol=1e-9 * length)
    np.testing.assert_allclose(c.tension, ref.tension, rtol=1e-9)
    assert c.max_radius == pytest.approx(t.radius, rel=1e-9)
    assert c.info["theta0"] == pytest.approx(t.end_angle - math.pi / 2, abs=1e-9)
    assert c.nodes == 0 and c.residual < 1e-9 * length


@pytest.mark.parametrize("method", ["numba", "scipy"])
@pytest.mark.parametrize("ratio", [1.3, 2.0, 2.3667070536333137, 2.9])
@pytest.mark.parametrize("n", [41, 201])
def test_max_radius_on_a_sample_of_a_symmetric_rope(ratio, n, method):
    # With g = 0 and an odd n, the widest point (r' = cos(theta) = 0) falls exactly on the
    # middle sample, where rounding decides the sign of r'; this once crashed brentq.
    c = spinning_rope(ratio, 1.0, 1.0, n=n, method=method)
    assert c.max_radius == pytest.approx(troposkien(ratio, 1.0).radius, rel=1e-9)


@pytest.mark.parametrize("g", [1.0, 4.0])
def test_gravity_energy_integral_and_end_tensions(g):
    rho, omega, length, span = 0.3, 2.0, 3.0, 2.0
    c = spinning_rope(length, span, omega, g=g, density=rho, n=401)
    # T = c + rho g z - rho omega^2 r^2 / 2 all along the rope (not used by the solver).
    energy = c.tension - rho * g * c.z + 0.5 * rho * omega ** 2 * c.r ** 2
    np.testing.assert_allclose(energy, energy[0], rtol=1e-9)
    assert c.info["tension_top"] - c.info["tension_bottom"] == pytest.approx(rho * g * span,
                                                                             rel=1e-9)
    assert c.r[0] == 0 and abs(c.r[-1]) < 1e-9 and c.z[-1] == pytest.approx(-span, abs=1e-9)
    assert np.all(c.tension > 0)
    # Gravity pulls the rope down: the lowest point is below the lower end.
    assert c.z.min() < -span


@pytest.mark.parametrize("g, end_radius", [(2.0, 0.0), (5.0, 0.0), (1.0, 0.2)])
def test_numba_kernel_agrees_with_solve_ivp_reference(g, end_radius):
    a = spinning_rope(3.0, 2.0, 2.0, g=g, end_radius=end_radius, n=301, method="numba")
    b = spinning_rope(3.0, 2.0, 2.0, g=g, end_radius=end_radius, n=301, method="scipy")
    np.testing.assert_allclose(a.r, b.r, atol=1e-10)
    np.testing.assert_allclose(a.z, b.z, atol=1e-10)
    np.testing.assert_allclose(a.tension, b.tension, rtol=1e-9)
    assert a.max_radius == pytest.approx(b.max_radius, rel=1e-10)


def test_max_radius_is_located_not_sampled():
    coarse = spinning_rope(3.0, 2.0, 2.0, g=2.0, n=7)
    fine = spinning_rope(3.0, 2.0, 2.0, g=2.0, n=4001)
    assert coarse.max_radius == pytest.approx(fine.max_radius, rel=1e-9)
    assert coarse.max_radius > coarse.r.max() + 1e-4   # the samples miss the maximum
    assert fine.max_radius >= fine.r.max() - 1e-12


def test_off_axis_ends_bow_outward():
    c = spinning_rope(3.0, 2.0, 2.0, end_radius=0.3, n=201)
    assert c.r[0] == pytest.approx(0.3) and c.r[-1] == pytest.approx(0.3, abs=1e-9)
    assert np.all(c.r >= 0.3 - 1e-9) and c.max_radius > 0.3
    energy = c.tension + 0.5 * c.omega ** 2 * c.r ** 2
    np.testing.assert_allclose(energy, energy[0], rtol=1e-9)


def test_skipping_rope_agrees_with_direct_perpendicular_gravity():
    length, span, omega, g = 3.0, 2.0, 4 * math.pi, 9.81
    c = skipping_rope(length, span, omega, g=g, n=201)
    s, r, z, T = _direct_perpendicular(length, span, omega, g, n=201, method="scipy")
    np.testing.assert_allclose(c.r, r, atol=1e-9)
    np.testing.assert_allclose(c.z, z, atol=1e-9)
    np.testing.assert_allclose(c.tension, T, rtol=1e-9)
    assert c.r[0] == 0 and abs(c.r[-1]) < 1e-9
    # Uniform load (catenary, omega -> 0) and load proportional to r (troposkien, g = 0)
    # bracket the sag: with L/D = 1.5 the catenary sags LESS than the troposkien.
    u = brentq(lambda u: math.sinh(u) / u - length / span, 1e-6, 10.0, xtol=1e-14)
    a = (span / 2) / u
    catenary_sag = a * (math.cosh(u) - 1)
    assert catenary_sag < c.max_radius < troposkien(length, span).radius
    assert c.info["axis_offset"] == pytest.approx(g / omega ** 2)


def test_skipping_rope_without_gravity_is_the_troposkien():
    c = skipping_rope(3.0, 2.0, 5.0, g=0.0, n=101)
    np.testing.assert_allclose(c.r, troposkien(3.0, 2.0).curve(101).r, atol=1e-9)


def test_skipping_rope_warns_outside_quasi_static_regime():
    with pytest.warns(QuasiStaticWarning, match="quasi-static"):
        c = skipping_rope(3.0, 2.0, 2.0, g=9.81, n=51)
    assert c.info["gravity_ratio"] > 0.2
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        skipping_rope(3.0, 2.0, 20.0, g=9.81, n=51)


def test_strong_gravity_raises_with_diagnostics():
    with pytest.raises(ShootingError, match="collapsed onto the axis"):
        spinning_rope(3.0, 2.0, 2.0, g=7.2, n=51)


@pytest.mark.parametrize("kwargs, match", [
    ({"length": 2.0, "span": 2.0, "omega": 1.0}, "span must be < length"),
    ({"length": 2.0, "span": 1.0, "omega": 0.0}, "omega must be > 0"),
    ({"length": 2.0, "span": 1.0, "omega": 1.0, "g": -1.0}, "g must be >= 0"),
    ({"length": 2.0, "span": 1.0, "omega": 1.0, "end_radius": float("inf")}, "end_radius"),
    ({"length": 2.0, "span": 1.0, "omega": 1.0, "n": 1}, "n must be"),
    ({"length": 2.0, "span": 1.0, "omega": 1.0, "method": "rk4"}, "method must be one of"),
])
def test_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        spinning_rope(**kwargs)


@settings(max_examples=15, deadline=None)
@given(ratio=st.floats(1.1, 3.0), q=st.floats(0.0, 0.3), scale=st.floats(0.2, 5.0),
       end=st.floats(0.0, 0.3))
def test_energy_integral_and_scaling_hold_everywhere(ratio, q, scale, end):
    # Reference rope: D = 1, omega = 1; gravity g = q omega^2 L, ends at end_radius = end * D.
    a = spinning_rope(ratio, 1.0, 1.0, g=q * ratio, end_radius=end, n=41)
    energy = a.tension - a.g * a.z + 0.5 * a.r ** 2
    np.testing.assert_allclose(energy, energy[0], rtol=1e-9, atol=1e-12)
    assert a.info["tension_top"] - a.info["tension_bottom"] == pytest.approx(a.g, rel=1e-8,
                                                                             abs=1e-12)
    assert np.all(a.r >= end - 1e-9)            # the branch that bows away from the axis
    # Same g/(omega^2 L), everything scaled by `scale`: the shape scales, T by scale^2 omega^2.
    omega = 1.7
    b = spinning_rope(ratio * scale, scale, omega, g=q * omega ** 2 * ratio * scale,
                      end_radius=end * scale, n=41)
    np.testing.assert_allclose(b.r, a.r * scale, atol=1e-9 * scale)
    np.testing.assert_allclose(b.z, a.z * scale, atol=1e-9 * scale)
    np.testing.assert_allclose(b.tension, a.tension * scale ** 2 * omega ** 2, rtol=1e-8)


def test_far_off_axis_ends():
    c = spinning_rope(3.0, 2.0, 2.0, end_radius=1.5, n=201)
    assert c.r[-1] == pytest.approx(1.5, abs=1e-9) and c.z[-1] == pytest.approx(-2.0, abs=1e-9)
    assert c.max_radius > 1.5 and np.all(c.tension > 0)


@pytest.mark.parametrize("ratio, q", [(1.2, 0.45), (1.2, 0.55), (1.2, 0.57), (1.5, 0.5),
                                      (2.0, 0.46), (3.0, 0.415)])
def test_gravity_close_to_the_branch_end_is_solved_not_reported_as_collapse(ratio, q):
    # Near the end of the bowed branch the continuation predictor overshoots onto the mirror
    # branch (theta0 < -pi/2) or onto the doubled rope on the axis; those steps must be refused
    # and halved, not taken for a collapse. The bowed blade still exists here (width down to
    # ~1e-4 D), with positive tension, the energy integral and T_top - T_bottom = rho g D.
    length, span, omega = ratio, 1.0, 1.0
    g = q * omega ** 2 * length
    c = spinning_rope(length, span, omega, g=g, n=401)
    assert c.residual < 1e-11 * length
    assert np.all(c.tension > 0)
    assert c.info["theta0"] > -0.5 * math.pi
    assert np.all(c.r[1:-1] > 0) and c.max_radius > 0
    energy = c.tension - g * c.z + 0.5 * omega ** 2 * c.r ** 2
    np.testing.assert_allclose(energy, energy[0], rtol=1e-9)
    assert c.info["tension_top"] - c.info["tension_bottom"] == pytest.approx(g * span, rel=1e-9)


def test_blade_narrows_continuously_towards_the_branch_end():
    # Just past the reviewer's overshoot point the width keeps shrinking monotonically in g:
    # the solver follows one branch (a jump to another solution would break the ordering).
    widths = [spinning_rope(1.5, 1.0, 1.0, g=q * 1.5, n=101).max_radius
              for q in (0.44, 0.47, 0.5, 0.52)]
    assert all(a > b > 0 for a, b in zip(widths, widths[1:]))
