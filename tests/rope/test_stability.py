"""Stability of the equilibria (mode_stability) against independent references.

A finite-difference Hessian of the chain's effective potential on its constraint manifold,
the growth of a small perturbation in the time stepper, the hanging chain's small-oscillation
frequencies (j_{0,n} / 2) sqrt(g / L), the exact frame change for a vertical rope, Sturm's
count of the out-of-plane modes, and Kelvin-Tait-Chetaev.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.linalg as la
from scipy.special import jn_zeros

from mathlab.rope import (RopeCurve, _chain, catenary, critical_speeds, hanging_modes,
                          spinning_rope, troposkien)
from mathlab.rope.motion import simulate_rope
from mathlab.rope.periodic import chain_equilibrium
from mathlab.rope.stability import ModeStability, _linearisation, _null_space, _problem, \
    mode_stability

G = 9.81


@pytest.fixture(scope="module")
def three_modes():
    w = critical_speeds(4, 1.0)
    return hanging_modes(0.5 * (w[2] + w[3]), 1.0)


def test_mode_n_has_n_minus_1_downhill_directions_in_and_out_of_its_plane(three_modes,
                                                                          three_stabilities):
    assert len(three_modes) == 3
    for m, st in zip(three_modes, three_stabilities):
        n = m.info["mode"]
        assert isinstance(st, ModeStability)
        assert st.downhill_in_plane == n - 1
        assert st.downhill_out_of_plane == n - 1
        assert st.downhill == 2 * (n - 1)
        assert st.neutral == 1                       # the turn about the axis
        assert st.stable == (n == 1)
        # Kelvin-Tait-Chetaev: with damping, one growing solution per downhill direction
        assert int(np.sum(st.damped_eigenvalues.real > 1e-6)) == st.downhill
        assert (st.growth_rate > 1e-6) == (n > 1)


@pytest.fixture(scope="module")
def three_stabilities(three_modes):
    return [mode_stability(m, links=30) for m in three_modes]


def test_the_out_of_plane_zero_mode_is_the_radius(three_modes, three_stabilities):
    # Out of the plane, (T y')' + rho omega^2 y = 0 is solved by y = r (a turn about the
    # axis); r has n - 1 nodes, so by Sturm it is the n-th eigenfunction: n - 1 below zero.
    for m, st in zip(three_modes, three_stabilities):
        k = st.stiffness_out_of_plane
        n = m.info["mode"]
        assert np.all(k[:n - 1] < 0) and abs(k[n - 1]) < 1e-6 * abs(k).max() and k[n] > 0


def test_stiffness_matches_a_finite_difference_hessian_of_the_effective_potential():
    w = critical_speeds(3, 1.0)
    mode = hanging_modes(0.5 * (w[1] + w[2]), 1.0)[1]
    links = 10
    chain, _, tension = _problem(mode, links, 0.01)
    q, _, _, _ = chain_equilibrium(chain, mode.s, mode.r, mode.z, tension, mode.length)
    free = chain.inv_mass > 0
    mass = chain.mass[free]

    def potential(x):
        return float(np.sum(mass * (-0.5 * chain.omega ** 2 * (x[free, 0] ** 2 + x[free, 1] ** 2)
                                    - x[free] @ chain.gravity)))

    nf = int(free.sum())
    d = np.diff(q, axis=0)
    J = np.zeros((links, 3 * nf))
    pos = np.cumsum(free) - 1
    for k in range(links):
        for node, sign in ((k, -1.0), (k + 1, 1.0)):
            if free[node]:
                J[k, 3 * pos[node]:3 * pos[node] + 3] = sign * d[k]
    Z = _null_space(J)

    def on_manifold(eta):
        x = q.copy()
        x[free] += (Z @ eta).reshape(nf, 3)
        return _chain.project(x, chain)

    n, h = Z.shape[1], 1e-4
    E = np.eye(n) * h
    H = np.empty((n, n))
    for i in range(n):
        for j in range(i + 1):
            H[i, j] = H[j, i] = (potential(on_manifold(E[i] + E[j]))
                                 - potential(on_manifold(E[i] - E[j]))
                                 - potential(on_manifold(E[j] - E[i]))
                                 + potential(on_manifold(-E[i] - E[j]))) / (4 * h * h)
    M = Z.T @ (np.repeat(mass, 3)[:, None] * Z)
    fd = la.eigh(0.5 * (H + H.T), M, eigvals_only=True)
    st = mode_stability(mode, links=links)
    analytic = np.sort(np.concatenate([st.stiffness_in_plane, st.stiffness_out_of_plane]))
    analytic = analytic / (mode.omega ** 2)             # back to units of omega^2
    np.testing.assert_allclose(fd, analytic, atol=1e-4 * np.max(np.abs(analytic)))
    assert int(np.sum(fd < -1e-3)) == st.downhill == 2


def test_growth_rate_matches_the_time_stepper():
    # Mode 2 between omega_2 and omega_3 is held by gyroscopic forces alone: damping relative
    # to the turning frame makes it grow at the rate of the damped eigenvalue.
    w = critical_speeds(3, 1.0)
    omega = 0.5 * (w[1] + w[2])
    mode = hanging_modes(omega, 1.0)[1]
    links, damping = 16, 1.0
    st = mode_stability(mode, links=links, damping=damping)
    assert st.stable_undamped and not st.stable
    chain, _, tension = _problem(mode, links, damping)
    q, _, _, _ = chain_equilibrium(chain, mode.s, mode.r, mode.z, tension, 1.0)
    rng = np.random.default_rng(0)
    kick = 1e-10 * rng.standard_normal(q.shape)
    kick[0] = 0.0
    turn = 2 * math.pi / omega
    m = simulate_rope(1.0, None, omega, free_end=True, links=links, initial=q + kick,
                      linear_drag=damping * omega, air="turning", t_end=8 * turn,
                      samples=8 * 48 + 1, rtol=1e-12)
    dev = np.max(np.linalg.norm(m.turning_positions - q, axis=2), axis=1)
    # envelope: the largest deviation in each turn, once the fastest mode dominates
    env = dev[1:].reshape(8, 48).max(axis=1)[2:]
    t = (np.arange(8)[2:] + 0.5) * turn
    assert env[-1] < 1e-3                                    # still linear
    rate = np.polyfit(t, np.log(env), 1)[0]
    assert rate == pytest.approx(st.growth_rate, rel=0.01)


def _vertical_rope(omega, length=1.0, n=201):
    s = np.linspace(0.0, length, n)
    return RopeCurve(s=s, r=np.zeros(n), z=-s, tension=G * (length - s), case="hanging",
                     length=length, omega=omega, g=G, density=1.0, span=None, end_radius=0.0,
                     nodes=0, max_radius=0.0, info={"mode": 0})


def test_hanging_chain_frequencies_tend_to_bessel_zeros_at_order_two():
    exact = jn_zeros(0, 3) / 2 * math.sqrt(G)
    errors = []
    for links in (20, 40):
        st = mode_stability(_vertical_rope(0.0), links=links)
        freq = np.unique(np.round(np.abs(st.eigenvalues.imag), 9))[:3]
        errors.append(np.abs(freq / exact - 1))
        assert st.downhill == 0 and st.stable
    errors = np.array(errors)
    assert np.all(errors[0] < 5e-2)
    assert np.all(np.abs(np.log2(errors[0] / errors[1]) - 2) < 0.1)


def test_vertical_rope_in_the_turning_frame_is_the_lab_motion_seen_turning():
    # A straight vertical rope is axisymmetric: in the frame turning at omega each lab
    # frequency omega_n appears as omega_n + omega and omega_n - omega.
    links = 20
    lab = mode_stability(_vertical_rope(0.0), links=links)
    lab_freq = np.unique(np.round(np.abs(lab.eigenvalues.imag), 7))
    omega = 2.0 * math.sqrt(G)                  # between omega_1 and omega_2
    turning = mode_stability(_vertical_rope(omega), links=links)
    expected = np.sort(np.concatenate([lab_freq + omega, np.abs(lab_freq - omega)]))
    got = np.sort(np.abs(turning.eigenvalues.imag))[::2]
    np.testing.assert_allclose(got, expected, rtol=1e-6)
    # omega_1 < omega: one downhill direction in each of the two planes
    assert turning.downhill == 2 and not turning.stable


def test_troposkien_darrieus_blade_and_catenary_are_stable():
    for curve in (troposkien(3.0, 2.0, 4 * math.pi).curve(2001),
                  spinning_rope(3.0, 2.0, 2.0, g=3.0),
                  spinning_rope(3.0, 2.0, 2.0, g=0.3 * 2.0 ** 2 * 3.0)):
        st = mode_stability(curve, links=24)
        assert st.downhill == 0 and st.stable and st.stable_undamped
        assert st.neutral == 1
    st = mode_stability(catenary(3.0, 2.0), links=24)
    assert st.downhill == 0 and st.stable and st.neutral == 0


def test_a_rope_on_the_far_side_of_the_axis_is_a_saddle():
    # With the ends off the axis, spinning_rope follows the branch bowed away from it; the
    # rope with its ends off the axis has no turning symmetry, so nothing is neutral.
    st = mode_stability(spinning_rope(3.0, 2.0, 2.0, end_radius=0.2), links=24)
    assert st.neutral == 0 and st.stable


def test_a_chain_without_an_equilibrium_next_to_the_curve_is_reported():
    # At g / (omega^2 L) = 0.45 (L/D = 1.5) the continuous blade is 0.1 m wide; the 24-link
    # chain's bowed branch has already collapsed onto the axis there.
    blade = spinning_rope(3.0, 2.0, 2.0, g=0.45 * 2.0 ** 2 * 3.0)
    with pytest.raises(ValueError, match="use more links"):
        mode_stability(blade, links=24)


def test_repr_and_results_are_read_only(three_stabilities):
    st = three_stabilities[1]
    text = repr(st)
    assert "downhill=2" in text and "[" not in text
    with pytest.raises(ValueError):
        st.eigenvalues[0] = 0


@pytest.mark.parametrize("make, match", [
    (lambda: __import__("mathlab.rope", fromlist=["skipping_rope"]).skipping_rope(
        3.0, 2.0, 4 * math.pi), "not an equilibrium"),
    (lambda: __import__("mathlab.rope", fromlist=["article_curve"]).article_curve(1.0),
     "case"),
    (lambda: "not a curve", "RopeCurve"),
])
def test_non_equilibria_are_refused(make, match):
    with pytest.raises(ValueError, match=match):
        mode_stability(make())


@pytest.mark.parametrize("kw, match", [({"links": 4}, "links"), ({"links": 1000}, "links"),
                                        ({"damping": 0.0}, "damping"),
                                        ({"damping": 2.0}, "damping")])
def test_bad_options_are_refused(three_modes, kw, match):
    with pytest.raises(ValueError, match=match):
        mode_stability(three_modes[0], **kw)
