"""The real skipping rope's periodic motion (periodic_skipping_rope).

Checked against: the time stepper (one revolution, and the shape at an intermediate phase),
the troposkien (g = 0), the chain's quasi-static snapshot and skipping_rope, and the linear
response of the troposkien to gravity turning in its frame, computed independently in the
frequency domain from the linearised equations.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.linalg as la

from mathlab.rope import _chain, _kernels_motion, troposkien
from mathlab.rope.periodic import PeriodicRope, chain_equilibrium, periodic_skipping_rope
from mathlab.rope.stability import _linearisation, _null_space

L, D = 3.0, 2.0


@pytest.fixture(scope="module")
def default_rope():
    return periodic_skipping_rope(L, D, 4 * math.pi, links=32, harmonics=15)


def test_the_motion_is_periodic_under_the_time_stepper(default_rope):
    p = default_rope
    assert isinstance(p, PeriodicRope)
    assert p.periodicity_error < 1e-5 * L
    assert p.residual < 1e-9


def test_shape_between_collocation_phases_matches_the_time_stepper(default_rope):
    p = default_rope
    omega = p.omega
    chain = _chain.make_chain(p.links, free_end=False, end_radius=0.0, span=D / L, omega=1.0,
                              gravity=np.array([9.81 / (omega ** 2 * L), 0.0, 0.0]),
                              rotating=True)
    # state at phase 0 from the collocation solution (positions and Fourier velocities)
    q0 = p.positions[0] / L
    k = np.fft.fftfreq(p.harmonics, d=1.0 / p.harmonics)
    u0 = np.real(np.tensordot(1j * k, np.fft.fft(p.positions / L, axis=0), (0, 0))) / p.harmonics
    y0 = np.concatenate([q0.ravel(), u0.ravel()])
    phase = 1.234
    states, _, status, _, _ = _kernels_motion.integrate(
        y0, np.array([0.0, phase]), chain.inv_mass, chain.params, 1e-11, 1e-13, 10**6, 1e-3)
    assert status == 0
    q = states[-1, :3 * (p.links + 1)].reshape(-1, 3) * L
    c = p.shape_at(phase)
    assert np.max(np.abs(c.z - q[:, 2])) < 1e-5 * L
    assert np.max(np.abs(np.abs(c.r) - np.hypot(q[:, 0], q[:, 1]))) < 1e-5 * L


def test_without_gravity_it_is_the_troposkien_held_still():
    p = periodic_skipping_rope(L, D, 3.0, g=0.0, links=32, harmonics=5)
    np.testing.assert_allclose(p.positions, np.broadcast_to(p.positions[0], p.positions.shape),
                               atol=1e-12)
    t = troposkien(L, D, 3.0)
    # the chain's radius converges to the closed form like 1 / links^2
    q = periodic_skipping_rope(L, D, 3.0, g=0.0, links=64, harmonics=5)
    e32, e64 = abs(p.max_radius - t.radius), abs(q.max_radius - t.radius)
    assert e32 < 2e-3 * L and 3.6 < e32 / e64 < 4.4
    np.testing.assert_allclose(p.hand_tension, t.tension_end, rtol=1e-2)
    assert p.snapshot_error < 1e-12 and p.gravity_ratio == 0.0 and p.harmonics == 5


def test_the_hands_tension_varies_over_a_turn_and_is_symmetric(default_rope):
    p = default_rope
    T = p.hand_tension[:, 0]
    # highest at the bottom (gravity adds to the centrifugal pull), lowest near the top
    assert np.argmax(T) == 0
    assert abs(p.phases[np.argmin(T)] - math.pi) < 2 * math.pi / p.harmonics
    # both hands pull alike, and the motion is symmetric under time reversal
    np.testing.assert_allclose(p.hand_tension[:, 0], p.hand_tension[:, 1], rtol=1e-6)
    np.testing.assert_allclose(T[1:], T[1:][::-1], rtol=1e-6)
    # the rope falls ahead of the frame and climbs behind it, planar at the bottom
    assert abs(p.lag[0]) < 1e-9 and np.all(p.lag[1:p.harmonics // 2 + 1] < 0)


def _linear_response(links, ratio):
    """Displacement at phase 0 of the troposkien chain forced by gravity turning at -omega
    (frequency domain), and the quasi-static displacement, per unit g / (omega^2 L)."""
    chain = _chain.make_chain(links, free_end=False, end_radius=0.0, span=D / L, omega=1.0,
                              gravity=np.zeros(3), rotating=False)
    c = troposkien(L, D, 1.0).curve(4001)
    q, tau, _, _ = chain_equilibrium(chain, c.s, c.r, c.z, c.tension / L ** 2, L)
    mats = _linearisation(chain, q, tau)
    m, G, K, J = mats["M"], mats["G"], mats["K"], mats["J"]
    Z = _null_space(J)
    nf = m.size // 3
    force = np.tile([1.0, -1j, 0.0], nf) * m            # m g (cos t, -sin t, 0) = Re[F e^{-it}]
    A = Z.T @ (-np.diag(m) - 1j * G + K) @ Z
    dyn = Z @ la.solve(A, Z.T @ force)
    # the rigid turn about the axis costs no energy: drop that null direction (rcond)
    qs = Z @ la.lstsq(Z.T @ K @ Z, Z.T @ force.real, cond=1e-9)[0]
    return q, dyn.real.reshape(nf, 3) * ratio, qs.reshape(nf, 3) * ratio


def test_small_gravity_matches_the_linear_response_and_the_snapshot_misses_it():
    # The response is near-resonant (the troposkien has a mode at 0.98 omega in its frame),
    # which magnifies the nonlinear correction: about 60 g / (omega^2 L), 0.7 % here.
    omega = 48 * math.pi
    links = 24
    ratio = 9.81 / (omega ** 2 * L)
    p = periodic_skipping_rope(L, D, omega, links=links, harmonics=9)
    q0, dyn, qs = _linear_response(links, ratio)
    moved = p.positions[0, 1:-1] / L - q0[1:-1]
    scale = np.max(np.abs(dyn))
    assert np.max(np.abs(moved - dyn)) < 1.2e-2 * scale
    # the quasi-static snapshot gets the effect of gravity wrong by ~20 % however fast
    miss = np.max(np.linalg.norm(dyn - qs, axis=1)) / np.max(np.linalg.norm(qs, axis=1))
    assert p.snapshot_error / p.snapshot_deflection == pytest.approx(miss, rel=0.05)
    assert 0.15 < miss < 0.3


def test_tends_to_the_snapshot_as_gravity_becomes_small():
    ratios, errors = [], []
    for omega in (8 * math.pi, 16 * math.pi, 32 * math.pi):
        p = periodic_skipping_rope(L, D, omega, links=16, harmonics=7)
        ratios.append(p.gravity_ratio)
        errors.append(p.snapshot_error / p.max_radius)
    # snapshot_error / R -> 0 in proportion to g / (omega^2 R) (the ratio falls 4 times)
    errors, ratios = np.array(errors), np.array(ratios)
    assert np.all(errors[1:] < errors[:-1] / 3.5)
    assert np.all(errors / ratios < 0.5)
    assert errors[-1] / ratios[-1] == pytest.approx(errors[-2] / ratios[-2], rel=0.2)


def test_chain_snapshot_tends_to_skipping_rope():
    # The snapshot the motion is compared with is the chain's own; it tends to the continuum.
    from mathlab.rope import skipping_rope

    omega = 4 * math.pi
    c = skipping_rope(L, D, omega)
    errors = []
    for links in (16, 32):
        chain = _chain.make_chain(links, free_end=False, end_radius=0.0, span=D / L,
                                  omega=1.0, gravity=np.array([9.81 / (omega ** 2 * L), 0, 0]),
                                  rotating=False)
        q, _, _, _ = chain_equilibrium(chain, c.s, c.r, c.z, c.tension / (omega * L) ** 2, L)
        ref = _chain.curve_positions(c.s, c.r, c.z, c.phi, links, L)
        errors.append(np.max(np.abs(q - ref)))
    assert 3.6 < errors[0] / errors[1] < 4.4


def test_drag_makes_the_rope_lag_behind_the_hands():
    p = periodic_skipping_rope(L, D, 4 * math.pi, drag=0.005, end_radius=0.05, links=16,
                               harmonics=9)
    assert np.mean(p.lag) > 0.05                       # behind the hands on average
    assert p.periodicity_error < 1e-3 * L
    q = periodic_skipping_rope(L, D, 4 * math.pi, drag=0.0, end_radius=0.05, links=16,
                               harmonics=9)
    assert abs(np.mean(q.lag)) < 1e-9                  # without drag: ahead as much as behind
    # drag takes power: the hands' tension is no longer symmetric in time
    T = p.hand_tension[:, 0]
    assert np.max(np.abs(T[1:] - T[1:][::-1])) > 1e-3 * np.max(T)


def test_repr_and_shape_at():
    p = periodic_skipping_rope(L, D, 4 * math.pi, links=12, harmonics=5)
    assert "PeriodicRope(" in repr(p) and "[" not in repr(p)
    c = p.shape_at(2 * math.pi)
    np.testing.assert_allclose(c.z, p.positions[0, :, 2], atol=1e-12)
    assert c.case == "periodic" and c.info["phase"] == pytest.approx(0.0, abs=1e-12)
    assert p.max_radius >= np.max(p.radius) - 1e-12
    assert 0.0 <= p.max_radius_phase < 2 * math.pi


@pytest.mark.parametrize("kw, match", [
    ({"span": 4.0}, "span"),
    ({"omega": 0.0}, "omega"),
    ({"drag": 0.01}, "end_radius > 0"),
    ({"end_radius": 2.0}, "end_radius"),
    ({"links": 4}, "links"),
    ({"harmonics": 8}, "odd"),
    ({"harmonics": 41}, "harmonics"),
    ({"g": -1.0}, "g"),
])
def test_bad_input_is_refused(kw, match):
    args = {"length": L, "span": D, "omega": 4 * math.pi} | kw
    with pytest.raises(ValueError, match=match):
        periodic_skipping_rope(**args)


def test_more_harmonics_near_resonance_and_the_periodicity_check_warns(monkeypatch):
    import mathlab.rope.periodic as periodic

    # at 1.5 turns per second the response is nearly resonant: 15 phases are not enough
    p = periodic_skipping_rope(L, D, 3 * math.pi, links=16, harmonics=15)
    assert p.harmonics == 31 and p.periodicity_error < 1e-4 * L
    monkeypatch.setattr(periodic, "_PERIODIC_TOL", 1e-14)
    with pytest.warns(periodic.PeriodicityWarning, match="time stepper leaves"):
        periodic_skipping_rope(L, D, 4 * math.pi, links=12, harmonics=5)
