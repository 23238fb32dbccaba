"""Kolodner's heavy string with a point mass at its free end (tip_mass).

References: the bare string (tip_mass = 0 is the same computation), an independent shooting
of the linearised problem with solve_ivp, the chain's small oscillations (mode_stability of
the vertical rope), the conical pendulum, Kolodner's count, and the energy integral.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from mathlab.rope import RopeCurve, critical_speeds, hanging_modes
from mathlab.rope.kolodner import bifurcation_diagram
from mathlab.rope.motion import simulate_rope
from mathlab.rope.stability import mode_stability

G = 9.81


def test_no_tip_mass_is_the_bare_string_exactly():
    for omega in (7.0, 12.0, 30.0):
        bare, zero = hanging_modes(omega, 1.3, density=0.4), hanging_modes(
            omega, 1.3, density=0.4, tip_mass=0.0)
        assert len(bare) == len(zero)
        for a, b in zip(bare, zero):
            for name in ("s", "r", "z", "tension"):
                assert np.array_equal(getattr(a, name), getattr(b, name))
            assert a.max_radius == b.max_radius and a.info["a"] == b.info["a"]
    assert np.array_equal(critical_speeds(5, 2.0), critical_speeds(5, 2.0, tip_mass=0.0))


def _linear_top(lam, mu):
    """r at the top of (V r')' + lam r = 0, V = sigma + mu, from the free end (r = 1,
    V r' = -mu lam r: the mass's inertia), integrated independently."""
    def rhs(s, y):
        return [y[1] / (s + mu), -lam * y[0]]          # y = (r, V r')
    sol = solve_ivp(rhs, (0.0, 1.0), [1.0, -mu * lam], method="DOP853", rtol=1e-13,
                    atol=1e-15)
    return sol.y[0, -1]


@pytest.mark.parametrize("mu", [0.05, 1.0, 20.0])
def test_critical_speeds_solve_the_linearised_problem(mu):
    w = critical_speeds(3, 1.0, 1.0, tip_mass=mu)
    for wn in w:
        lam = brentq(_linear_top, (0.99 * wn) ** 2, (1.01 * wn) ** 2, args=(mu,), xtol=1e-14)
        assert math.sqrt(lam) == pytest.approx(wn, rel=1e-10)
    assert np.all(np.diff(w) > 0)


def test_critical_speeds_are_the_hanging_chains_frequencies():
    # Small oscillations of the hanging chain with the same tip mass, from the chain's
    # linearisation: omega_n is each doubly degenerate frequency, to O(1/links^2).
    mass, length = 0.3, 1.0
    exact = critical_speeds(2, length, G, tip_mass=mass)
    s = np.linspace(0.0, length, 201)
    errors = []
    for links in (20, 40):
        rope = RopeCurve(s=s, r=np.zeros_like(s), z=-s, tension=G * (length - s + mass),
                         case="hanging", length=length, omega=0.0, g=G, density=1.0,
                         span=None, end_radius=0.0, nodes=0, max_radius=0.0,
                         info={"tip_mass": mass})
        st = mode_stability(rope, links=links)
        freq = np.unique(np.round(np.abs(st.eigenvalues.imag), 8))[:2]
        errors.append(np.abs(freq / exact - 1.0))
    assert np.all(errors[0] < 2e-2)
    assert np.all(np.log2(errors[0] / errors[1]) > 1.8)


def test_a_heavy_tip_makes_a_conical_pendulum():
    w1 = critical_speeds(1, 2.0, G, tip_mass=1e4, density=0.5)[0]
    assert w1 == pytest.approx(math.sqrt(G / 2.0), rel=1e-4)
    # above it, the rope is nearly a straight line at cos(theta) = g / (omega^2 L)
    omega = 2.0 * math.sqrt(G / 2.0)
    (mode,) = hanging_modes(omega, 2.0, G, density=0.5, tip_mass=1e4)
    theta = math.acos(G / (omega ** 2 * 2.0))
    assert mode.r[-1] == pytest.approx(2.0 * math.sin(theta), rel=1e-4)
    assert mode.z[-1] == pytest.approx(-2.0 * math.cos(theta), rel=1e-4)
    np.testing.assert_allclose(mode.r, mode.s * math.sin(theta), atol=1e-3)
    # and the tip mass lowers omega_1 monotonically from the bare string's 1.2024 sqrt(g/L)
    first = [critical_speeds(1, 1.0, 1.0, tip_mass=m)[0] for m in (0.0, 0.1, 1.0, 10.0, 1e3)]
    assert np.all(np.diff(first) < 0) and first[-1] > 1.0


@pytest.mark.parametrize("mass", [0.2, 3.0])
def test_kolodners_count_and_the_energy_integral_hold_with_a_tip_mass(mass):
    density, length = 0.5, 1.0
    w = critical_speeds(5, length, G, tip_mass=mass, density=density)
    for n in range(1, 4):
        omega = 0.5 * (w[n - 1] + w[n])
        modes = hanging_modes(omega, length, G, density=density, tip_mass=mass)
        assert [m.nodes for m in modes] == list(range(n))
        for m in modes:
            a = m.info["a"]
            assert m.tension[-1] == pytest.approx(mass * G * math.sqrt(1 + a * a), rel=1e-10)
            # T = c + rho g z - rho omega^2 r^2 / 2 along the rope
            energy = m.tension - density * G * m.z + 0.5 * density * omega ** 2 * m.r ** 2
            np.testing.assert_allclose(energy, energy[0], rtol=1e-9)
            assert m.max_radius >= np.max(np.abs(m.r)) - 1e-12
            assert m.max_radius <= np.max(np.abs(m.r)) + 1e-4
            assert m.info["tip_mass"] == pytest.approx(mass)


def test_a_higher_mode_with_a_tip_mass_is_widest_inside():
    w = critical_speeds(3, 1.0, G, tip_mass=0.5)
    modes = hanging_modes(0.5 * (w[1] + w[2]), 1.0, G, tip_mass=0.5, samples=4001)
    m = modes[1]
    inner = np.max(np.abs(m.r[1:-1]))
    assert inner > 1.5 * m.r[-1]
    assert m.max_radius == pytest.approx(inner, rel=1e-6)


def test_the_chain_with_a_tip_mass_holds_mode_one():
    mass = 0.5
    w = critical_speeds(2, 1.0, G, tip_mass=mass)
    omega = 0.5 * (w[0] + w[1])
    mode = hanging_modes(omega, 1.0, G, tip_mass=mass)[0]
    drift = []
    for links in (16, 32):
        m = simulate_rope(1.0, None, omega, free_end=True, tip_mass=mass, links=links,
                          initial=mode, t_end=2 * 2 * math.pi / omega)
        drift.append(np.max(np.abs(m.turning_positions - m.turning_positions[0])))
        assert np.ptp(m.energy) < 1e-7 * np.max(np.abs(m.energy))
    assert drift[1] < 0.35 * drift[0]


@pytest.mark.parametrize("kw, match", [({"tip_mass": -1.0}, "tip_mass"),
                                        ({"tip_mass": float("nan")}, "tip_mass"),
                                        ({"tip_mass": 1e13}, "tip_mass")])
def test_bad_tip_mass_is_refused(kw, match):
    with pytest.raises(ValueError, match=match):
        hanging_modes(10.0, 1.0, **kw)
    with pytest.raises(ValueError, match=match):
        critical_speeds(2, 1.0, **kw)


def test_bifurcation_diagram_is_unchanged():
    d = bifurcation_diagram(np.array([1.0, 2.0, 3.0]), length=1.0, g=1.0)
    assert d.mode_count.tolist() == [0, 1, 2]
