"""The rope in motion (simulate_rope): the chain of rigid links against independent references.

References: the numpy right-hand side with scipy's solve_ivp (same model, same tolerance), the
conservation laws (Jacobi integral in the turning frame, lab energy), the static solvers
(troposkien closed form, Kolodner's modes, the chain's own equilibrium by collocation), and
the measured order of the chain's approach to the continuum.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from mathlab.rope import _chain, _kernels_motion, critical_speeds, hanging_modes, troposkien
from mathlab.rope.motion import RopeMotion, RopeMotionError, simulate_rope
from mathlab.rope.periodic import chain_equilibrium

L, D = 3.0, 2.0


def _chain_with_everything(links, free_end):
    return _chain.make_chain(links, free_end=free_end, end_radius=0.05,
                             span=None if free_end else D / L, omega=1.0,
                             gravity=np.array([0.07, 0.0, -0.02]), rotating=True, drag=0.3,
                             linear_drag=0.05, still_air=True, tip_mass=0.2 if free_end else 0.0)


@pytest.mark.parametrize("free_end", [False, True])
def test_kernel_right_hand_side_matches_the_numpy_reference(free_end):
    rng = np.random.default_rng(1)
    links = 17
    chain = _chain_with_everything(links, free_end)
    c = troposkien(L, D).curve(401)
    q = _chain.curve_positions(c.s, c.r + 0.05, c.z, 0.3 * np.sin(c.s), links, L)
    q = _chain.project(q + 1e-3 * rng.standard_normal(q.shape) * (chain.inv_mass > 0)[:, None],
                       chain)
    u = _chain.project_velocity(q, rng.standard_normal(q.shape), chain)
    y = np.concatenate([q.ravel(), u.ravel()])
    dy, tau = np.empty_like(y), np.empty(links)
    _kernels_motion.rhs(0.7, y, chain.inv_mass, chain.params, dy, tau,
                        _kernels_motion.workspace(links))
    ref, ref_tau = _chain.rhs(0.7, y, chain)
    np.testing.assert_allclose(dy, ref, atol=1e-11 * np.max(np.abs(ref)))
    np.testing.assert_allclose(tau, ref_tau, rtol=1e-11)


def test_stepper_agrees_with_solve_ivp_on_the_same_model():
    links = 12
    chain = _chain_with_everything(links, False)
    c = troposkien(L, D).curve(401)
    q = _chain.project(_chain.curve_positions(c.s, c.r + 0.05, c.z, 0 * c.s, links, L), chain)
    y0 = np.concatenate([q.ravel(), np.zeros(q.size)])
    grid = np.linspace(0.0, 2 * math.pi, 5)
    rtol = 1e-9
    states, _, status, _, _ = _kernels_motion.integrate(y0, grid, chain.inv_mass, chain.params,
                                                        rtol, rtol * 1e-2, 10**6, 1e-3)
    assert status == 0
    sol = solve_ivp(lambda t, y: _chain.rhs(t, y, chain)[0], (0.0, grid[-1]), y0,
                    method="DOP853", rtol=1e-12, atol=1e-14, t_eval=grid)
    assert np.max(np.abs(states - sol.y.T)) < 1e-6


def test_jacobi_integral_is_conserved_without_drag():
    # A Darrieus blade (vertical axis), kicked: the motion is far from the equilibrium.
    links = 24
    base = simulate_rope(L, D, 2.0, g=3.0, axis="vertical", links=links, t_end=1e-3,
                         samples=2)
    rng = np.random.default_rng(3)
    kick = 0.3 * rng.standard_normal((links + 1, 3))
    kick[[0, -1]] = 0.0
    m = simulate_rope(L, D, 2.0, g=3.0, axis="vertical", links=links, t_end=6.0,
                      initial=base.positions[0], velocity=kick, rtol=1e-10)
    assert np.ptp(m.turning_positions[:, links // 2]) > 0.01       # it really moves
    assert np.ptp(m.energy) < 1e-8 * np.max(np.abs(m.energy))
    assert m.constraint_error < 1e-9


def test_lab_energy_is_conserved_with_the_hands_on_a_horizontal_axis():
    # Hands on the axis do not move in the lab, so nothing drives the rope; gravity turns in
    # the turning frame, so the Jacobi integral is not conserved, the lab energy is.
    m = simulate_rope(L, D, 4 * math.pi, links=30, t_end=1.0, rtol=1e-10)
    assert np.ptp(m.lab_energy) < 1e-8 * np.max(np.abs(m.lab_energy))
    assert np.ptp(m.energy) > 1e-3 * np.max(np.abs(m.energy))


def test_damping_relative_to_the_turning_frame_only_dissipates():
    base = simulate_rope(L, D, 2.0, g=3.0, axis="vertical", links=16, t_end=1e-3, samples=2)
    kick = np.zeros((17, 3))
    kick[1:-1, 1] = 0.5
    m = simulate_rope(L, D, 2.0, g=3.0, axis="vertical", links=16, t_end=4.0,
                      initial=base.positions[0], velocity=kick, linear_drag=0.2, air="turning")
    assert np.all(np.diff(m.energy) < 1e-9 * abs(m.energy[0]))
    assert m.energy[-1] < m.energy[0] - 1e-3 * abs(m.energy[0])


def _drift(curve_fn, links_list, **kw):
    out = []
    for links in links_list:
        m = simulate_rope(links=links, initial=curve_fn(), **kw)
        q = m.turning_positions
        out.append(float(np.max(np.abs(q - q[0]))))
    return np.array(out)


def test_troposkien_stays_put_and_the_chain_converges_at_order_two():
    # The chain oscillates about its own equilibrium, O(1/links^2) away from the continuum:
    # the largest excursion over a few slow periods measures that distance.
    omega = 4 * math.pi
    links = [16, 32, 64]
    drift = _drift(lambda: troposkien(L, D, omega).curve(2001), links, length=L, span=D,
                   omega=omega, g=0.0, t_end=3 * 2 * math.pi / omega)
    # (the clean order-2 measurement of that distance is in test_chain.py)
    order = -np.polyfit(np.log(links), np.log(drift), 1)[0]
    assert 1.8 < order < 2.6, order
    assert drift[-1] < 2e-3 * L


def test_kolodner_mode_one_stays_put_and_converges_at_order_two():
    w = critical_speeds(2, 1.0)
    omega = 0.5 * (w[0] + w[1])
    mode = hanging_modes(omega, 1.0)[0]
    links = [16, 32, 64]
    drift = _drift(lambda: mode, links, length=1.0, omega=omega, free_end=True,
                   t_end=3 * 2 * math.pi / omega)
    order = -np.polyfit(np.log(links), np.log(drift), 1)[0]
    assert 1.8 < order < 2.6, order


def test_the_chains_own_equilibrium_stays_put_to_solver_accuracy():
    # Independent route to the chain's equilibrium: Fourier collocation (Newton) at one time.
    links, omega, g = 20, 2.0, 3.0
    chain = _chain.make_chain(links, free_end=False, end_radius=0.0, span=D / L, omega=1.0,
                              gravity=np.array([0.0, 0.0, -g / (omega ** 2 * L)]),
                              rotating=False)
    c = troposkien(L, D, omega).curve(2001)
    q, _, _, _ = chain_equilibrium(chain, c.s, c.r, c.z, c.tension / (omega ** 2 * L ** 2), L)
    m = simulate_rope(L, D, omega, g=g, axis="vertical", links=links, initial=q * L,
                      t_end=2 * math.pi / omega, rtol=1e-10)
    assert np.max(np.abs(m.turning_positions - m.turning_positions[0])) < 1e-8 * L


def test_tension_tends_to_the_troposkien_tension_at_order_two():
    # Started from the chain's equilibrium, the tensions solved by the stepper tend to the
    # closed form T(s) = T_end - rho omega^2 r^2 / 2 at the links' midpoints.
    omega, rho = 3.0, 0.4
    t = troposkien(L, D, omega, density=rho)
    c = t.curve(4001)
    errors = []
    for links in (16, 32):
        chain = _chain.make_chain(links, free_end=False, end_radius=0.0, span=D / L, omega=1.0,
                                  gravity=np.zeros(3), rotating=False)
        q, _, _, _ = chain_equilibrium(chain, c.s, c.r, c.z, c.tension / (rho * omega ** 2
                                                                          * L ** 2), L)
        m = simulate_rope(L, D, omega, g=0.0, density=rho, links=links, t_end=1e-3,
                          samples=2, initial=_chain.to_lab(q, 0.0, "horizontal") * L)
        mid = (np.arange(links) + 0.5) * L / links
        errors.append(np.max(np.abs(m.tension[0] - np.interp(mid, c.s, c.tension)))
                      / t.tension_end)
    assert errors[0] < 0.02
    assert 3.5 < errors[0] / errors[1] < 4.5


def test_shape_at_is_the_state_at_that_phase():
    omega = 4 * math.pi
    m = simulate_rope(L, D, omega, links=20, t_end=1.5 * 2 * math.pi / omega, samples=13)
    # a phase on a sample: the sample itself
    i = 10
    c = m.shape_at(m.phase[i])
    q = m.turning_positions[i]
    np.testing.assert_allclose(c.z, q[:, 2], atol=1e-12)
    np.testing.assert_allclose(np.abs(c.r), np.hypot(q[:, 0], q[:, 1]), atol=1e-12)
    # between samples: the stepper continued from the sample before matches a run to that time
    phase = 0.3
    c = m.shape_at(phase)
    t_star = c.info["time"]
    assert t_star == pytest.approx((2 * math.pi + phase) / omega)
    direct = simulate_rope(L, D, omega, links=20, t_end=t_star, samples=2)
    qd = direct.turning_positions[-1]
    np.testing.assert_allclose(c.z, qd[:, 2], atol=1e-7)
    np.testing.assert_allclose(c.phi[1:-1], -np.arctan2(qd[1:-1, 1], qd[1:-1, 0]), atol=1e-6)
    assert c.case == "motion" and c.span == D


def test_positions_are_in_the_lab_frame():
    omega = 2.0
    m = simulate_rope(L, D, omega, g=0.0, links=10, t_end=math.pi / omega, samples=3,
                      initial=troposkien(L, D, omega).curve(2001))
    mid = m.positions[:, 5]
    # horizontal axis along lab x; the troposkien's middle starts straight down and is
    # straight up half a turn later
    assert mid[0, 2] < -0.9 and mid[-1, 2] > 0.9
    np.testing.assert_allclose(m.positions[:, 0], 0.0, atol=1e-12)
    np.testing.assert_allclose(m.positions[:, -1, 0], -D, atol=1e-12)
    speed = np.linalg.norm(m.velocities[0, 5])
    assert speed == pytest.approx(omega * np.hypot(*m.turning_positions[0, 5, :2]), rel=1e-9)


def test_repr_is_short():
    m = simulate_rope(L, D, 4 * math.pi, links=8, t_end=0.01, samples=3)
    assert isinstance(m, RopeMotion)
    text = repr(m)
    assert "RopeMotion(" in text and len(text) < 300 and "[" not in text


def test_animation_is_a_gif(tmp_path):
    m = simulate_rope(L, D, 4 * math.pi, links=8, t_end=0.5, samples=5)
    path = m.animate(tmp_path / "rope.gif", frames=4, dpi=30)
    assert path.read_bytes()[:6] in (b"GIF89a", b"GIF87a")
    with pytest.raises(ValueError, match=".gif or .mp4"):
        m.animate(tmp_path / "rope.avi")


def test_step_budget_is_enforced():
    with pytest.raises(RopeMotionError, match="max_steps"):
        simulate_rope(L, D, 4 * math.pi, links=20, max_steps=10)


@pytest.mark.parametrize("kw, match", [
    ({"length": -1.0}, "length"),
    ({"span": 3.5}, "span must be < length"),
    ({"span": None}, "span"),
    ({"omega": float("nan")}, "omega"),
    ({"omega": 0.0, "axis": "vertical"}, "omega must be > 0"),
    ({"links": 1}, "links"),
    ({"links": 5000}, "links"),
    ({"axis": "diagonal"}, "axis"),
    ({"air": "wind"}, "air"),
    ({"drag": -0.1}, "drag"),
    ({"t_end": 1e9}, "t_end"),
    ({"samples": 1}, "samples"),
    ({"samples": 100_000, "links": 1000}, "samples"),
    ({"rtol": 1e-2}, "rtol"),
    ({"tip_mass": 0.1}, "tip_mass needs a free end"),
    ({"free_end": True}, "span must be None"),
    ({"free_end": "yes", "span": None}, "free_end"),
    ({"initial": np.zeros((3, 3))}, "initial"),
    ({"initial": np.full((11, 3), np.nan), "links": 10}, "initial"),
    ({"velocity": np.zeros((2, 3))}, "velocity"),
])
def test_bad_input_is_refused_at_the_door(kw, match):
    args = {"length": L, "span": D, "omega": 4 * math.pi, "links": 10} | kw
    with pytest.raises(ValueError, match=match):
        simulate_rope(**args)


def test_initial_curve_of_another_rope_is_refused():
    with pytest.raises(ValueError, match="length"):
        simulate_rope(L, D, 2.0, initial=troposkien(2 * L, D).curve(101), links=10)
    with pytest.raises(ValueError, match="free end"):
        simulate_rope(L, D, 2.0, initial=hanging_modes(20.0, L)[0], links=10)
