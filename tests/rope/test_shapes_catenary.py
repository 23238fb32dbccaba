"""Case E (catenary) in closed form, and the skipping rope's omega -> 0 limit."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

from mathlab.rope.shooting import _direct_perpendicular, catenary


@settings(max_examples=20, deadline=None)
@given(ratio=st.floats(1.0001, 30.0), span=st.floats(0.1, 10.0), g=st.floats(0.5, 20.0))
def test_length_arc_length_and_horizontal_tension(ratio, span, g):
    c = catenary(length=ratio * span, span=span, g=g, density=0.7, n=41)
    a, H = c.info["a"], span / 2
    # Length from the parameter (independent of the solver's formulation).
    assert 2 * a * math.sinh(H / a) == pytest.approx(ratio * span, rel=1e-10)
    assert c.max_radius == pytest.approx(a * (math.cosh(H / a) - 1), rel=1e-12)
    # Arc length of the sampled points by quadrature of sqrt(1 + r'(zeta)^2).
    for i in (10, 25):
        zeta = -c.z[i]
        s, _ = quad(lambda q: math.cosh((q - H) / a), 0, zeta, epsrel=1e-13)
        assert s == pytest.approx(c.s[i], rel=1e-9, abs=1e-12 * span)
    # Horizontal tension T dzeta/ds = rho g a is constant; T_end - T_low = rho g sag.
    dzeta_ds = 1 / np.cosh((-c.z - H) / a)
    np.testing.assert_allclose(c.tension * dzeta_ds, 0.7 * g * a, rtol=1e-9)
    assert c.tension[0] - c.tension.min() == pytest.approx(0.7 * g * c.max_radius, rel=1e-6)


def test_skipping_rope_tends_to_the_catenary_as_omega_goes_to_zero():
    ref = catenary(3.0, 2.0, n=101)
    errors, ratios = [], []
    for omega in (3.0, 1.5, 0.7):
        _, r, z, _ = _direct_perpendicular(3.0, 2.0, omega, 9.81, n=101)
        errors.append(np.max(np.abs(r - ref.r)))
        ratios.append(9.81 / (omega ** 2 * 3.0))
    assert errors[0] > errors[1] > errors[2]
    # First-order approach: error ~ 1 / (g / omega^2 L).
    assert 0.6 < (errors[1] * ratios[1]) / (errors[2] * ratios[2]) < 1.5


def test_bad_input():
    with pytest.raises(ValueError, match="g must be > 0"):
        catenary(3.0, 2.0, g=0.0)
    with pytest.raises(ValueError, match="span must be < length"):
        catenary(2.0, 3.0)
