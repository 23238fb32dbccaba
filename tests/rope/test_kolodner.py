"""Kolodner's heavy rotating string (case C): specification tests.

Every number is checked against something independent of the shooting code under test:
Bessel zeros and a separately shot linear eigenproblem for the critical speeds, Kolodner's
theorem for the mode counts, the energy integral for the top tension, scipy's solve_ivp and
solve_bvp for the shapes, and exact scalings.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_bvp, solve_ivp
from scipy.optimize import brentq
from scipy.special import j0, j1, jn_zeros

from mathlab.rope import RopeCurve, critical_speeds, hanging_modes
from mathlab.rope.curve import count_sign_changes
from mathlab.rope import _kernels_kolodner as kernels
from mathlab.rope.kolodner import BifurcationDiagram, bifurcation_diagram
from mathlab.rope.shooting import ShootingError

G = 9.81
CRIT = critical_speeds(7, 1.0, 1.0)  # omega_n / sqrt(g/L) = j_{0,n} / 2


def scaled(w, length=1.0, g=G):
    """An omega given in units of sqrt(g/L)."""
    return w * math.sqrt(g / length)


def _rhs(sigma, y, lam):
    """Kolodner's system written independently of the package (limits at sigma = 0)."""
    u, p = y[0], y[1]
    if sigma == 0.0 and u == 0.0:
        return np.array([p, -lam * p / math.sqrt(1 + p * p), 1 / math.sqrt(1 + p * p)])
    q = math.sqrt(u * u + sigma * sigma)
    return np.array([p, -lam * u / q, sigma / q])


def _reference_state(a, lam, sigma=1.0):
    sol = solve_ivp(_rhs, (0.0, sigma), [0.0, a, 0.0], method="DOP853", rtol=1e-13,
                    atol=1e-16 * a, args=(lam,))
    assert sol.success
    return sol.y[:, -1]


# ----------------------------------------------------------------------------- critical speeds

def test_critical_speeds_are_bessel_zeros_over_two():
    w = critical_speeds(6, length=2.0, g=3.0)
    assert np.all(np.diff(w) > 0)
    np.testing.assert_allclose(j0(2 * w / math.sqrt(3.0 / 2.0)), 0.0, atol=1e-13)
    # McMahon's asymptotic zero (n - 1/4) pi for large n
    big = critical_speeds(200, 1.0, 1.0)[-1] * 2
    assert abs(big - (200 - 0.25) * math.pi) < 1e-3


def test_critical_speeds_from_the_linearised_problem_by_shooting():
    # U'' + lam U / sigma = 0, U(0) = 0, U'(1) = 0: eigenvalues lam_n = (omega_n)^2 L / g.
    def top_slope(lam):
        def rhs(s, y):
            return [y[1], -lam * (y[1] if s == 0.0 else y[0] / s)]
        sol = solve_ivp(rhs, (0, 1), [0.0, 1.0], method="DOP853", rtol=1e-13, atol=1e-15)
        return sol.y[1, -1]

    w = critical_speeds(4, length=1.0, g=1.0)
    for n, wn in enumerate(w):
        lo, hi = (wn * 0.97) ** 2, (wn * 1.03) ** 2
        lam = brentq(top_slope, lo, hi, xtol=1e-14)
        assert math.sqrt(lam) == pytest.approx(wn, rel=1e-10), n


def test_critical_speeds_from_the_nonlinear_branches():
    # Pitchfork: a^2 is linear in omega near omega_n; extrapolate the solver's own branch to 0.
    for n in (1, 3):
        wn = CRIT[n - 1]
        omegas = wn * (1 + np.array([1e-5, 2e-5, 3e-5]))
        d = bifurcation_diagram(omegas, length=1.0, g=1.0)
        a2 = d.shooting_parameter[:, n - 1] ** 2
        slope, intercept = np.polyfit(omegas, a2, 1)
        assert -intercept / slope == pytest.approx(wn, rel=1e-8)


@pytest.mark.parametrize("count", [0, -1, 1.5, "3", None])
def test_critical_speeds_reject_bad_count(count):
    with pytest.raises(ValueError, match="count"):
        critical_speeds(count, 1.0)


@pytest.mark.parametrize("kw", [{"length": 0.0}, {"length": float("nan")}, {"g": -1.0}])
def test_critical_speeds_reject_bad_parameters(kw):
    args = {"count": 2, "length": 1.0, "g": 9.81} | kw
    with pytest.raises(ValueError, match=next(iter(kw))):
        critical_speeds(**args)


# ----------------------------------------------------------------------------- mode counts

def test_no_mode_at_or_below_the_first_critical_speed():
    w1 = critical_speeds(1, 1.0)[0]
    for omega in (0.0, 0.3 * w1, w1 * (1 - 1e-9), w1):
        assert hanging_modes(omega, 1.0) == []


def test_mode_count_follows_kolodners_theorem_between_critical_speeds():
    # exactly n modes for omega_n < omega <= omega_{n+1}, near both ends and in between
    points, expected = [], []
    for n in range(1, 6):
        lo, hi = CRIT[n - 1], CRIT[n]
        for w in (lo * (1 + 1e-6), lo + 0.3 * (hi - lo), lo + 0.7 * (hi - lo), hi * (1 - 1e-6)):
            points.append(w)
            expected.append(n)
    d = bifurcation_diagram(np.array(points), length=1.0, g=1.0)
    assert d.mode_count.tolist() == expected
    # every reported branch exists (r_free > 0) exactly for j <= n, and is 0 (the vertical
    # rope) beyond
    assert np.all(np.isfinite(d.free_radius))
    for i, n in enumerate(expected):
        assert np.all(d.free_radius[i, :n] > 0) and np.all(d.exists[i, :n])
        assert np.all(d.free_radius[i, n:] == 0) and not np.any(d.exists[i, n:])


def test_exactly_at_a_critical_speed_the_new_branch_is_the_vertical_rope():
    w = critical_speeds(3, length=1.0)
    assert len(hanging_modes(w[1], 1.0, samples=51)) == 1
    assert len(hanging_modes(w[2], 1.0, samples=51)) == 2
    assert len(hanging_modes(w[2] * (1 + 1e-7), 1.0, samples=51)) == 3


def test_modes_are_sorted_and_mode_j_crosses_the_axis_j_minus_1_times():
    modes = hanging_modes(scaled(8.0), 1.0)
    assert len(modes) == 5
    assert [m.nodes for m in modes] == [0, 1, 2, 3, 4]
    assert [m.info["mode"] for m in modes] == [1, 2, 3, 4, 5]
    for m in modes:
        # independent count of the axis crossings on the samples
        interior = m.r[1:-1]
        assert np.count_nonzero(np.diff(np.sign(interior)) != 0) == m.info["mode"] - 1


def test_the_count_of_sign_changes_of_u_prime_is_monotone_in_a():
    # The property the complete search rests on (Kolodner): N(a) falls from n to 0.
    lam = 7.3 ** 2
    a = np.geomspace(1e-6, 1.0, 300) * lam
    counts = [kernels.shoot(x, lam, 1e-10, 1e-14 * x, 10**6)[3] for x in a]
    assert counts[0] == int(np.count_nonzero(jn_zeros(0, 10) < 2 * 7.3))
    assert counts[-1] == 0
    assert np.all(np.diff(counts) <= 0)


# ----------------------------------------------------------------------------- one curve

@pytest.fixture(scope="module")
def modes_at_5():
    return hanging_modes(scaled(5.0, 1.5, 9.81), 1.5, g=9.81, density=0.7)


def test_curve_geometry_and_boundary_conditions(modes_at_5):
    assert len(modes_at_5) == 3
    for m in modes_at_5:
        assert isinstance(m, RopeCurve)
        assert m.case == "hanging" and m.span is None and m.end_radius == 0.0
        assert m.s[0] == 0.0 and m.s[-1] == 1.5 and np.all(np.diff(m.s) > 0)
        assert m.r[0] == 0.0 and m.z[0] == 0.0
        assert m.r[-1] > 0
        assert np.all(m.z[1:] < 0)
        assert m.tension[-1] == 0.0 and np.all(m.tension[:-1] > 0)
        assert m.residual < 1e-12
        assert m.iterations > 0
        assert m.info["lambda"] == pytest.approx(25.0)
        assert m.info["free_radius"] == m.r[-1]


def test_curve_is_inextensible(modes_at_5):
    # (dr/ds)^2 + (dz/ds)^2 = 1: the polygon through the samples is as long as the rope
    for m in modes_at_5:
        fine = hanging_modes(m.omega, m.length, g=m.g, samples=20001)[m.info["mode"] - 1]
        chord = np.sum(np.hypot(np.diff(fine.r), np.diff(fine.z)))
        assert chord == pytest.approx(m.length, rel=1e-8)


def test_top_tension_energy_integral(modes_at_5):
    # T_top = rho g depth + rho omega^2 r_free^2 / 2 (T = 0 at the free end)
    for m in modes_at_5:
        depth = -m.z[-1]
        expected = m.density * m.g * depth + 0.5 * m.density * m.omega**2 * m.r[-1] ** 2
        assert m.tension[0] == pytest.approx(expected, rel=1e-10)
        # and at every sample: T = rho g (z - z_free) + rho omega^2 (r_free^2 - r^2) / 2
        along = (m.density * m.g * (m.z - m.z[-1])
                 + 0.5 * m.density * m.omega**2 * (m.r[-1] ** 2 - m.r**2))
        np.testing.assert_allclose(m.tension, along, rtol=0, atol=1e-9 * m.tension[0])


def test_force_balance_in_the_tangent_direction(modes_at_5):
    # T' = rho (g sin(theta) - omega^2 r cos(theta)) with (cos, sin) = (dr/ds, dz/ds)
    for m in modes_at_5:
        ds = m.s[1] - m.s[0]
        dT = np.gradient(m.tension, ds, edge_order=2)
        dr = np.gradient(m.r, ds, edge_order=2)
        dz = np.gradient(m.z, ds, edge_order=2)
        rhs = m.density * (m.g * dz - m.omega**2 * m.r * dr)
        inner = slice(5, -5)
        np.testing.assert_allclose(dT[inner], rhs[inner], atol=1e-4 * np.max(np.abs(rhs)))


def test_lyapunov_function_decreases_from_the_free_end(modes_at_5):
    # W = U'^2/2 + lam (sqrt(U^2 + sigma^2) - sigma) satisfies W' = lam (sigma/sqrt(...) - 1)
    # <= 0 in sigma; rebuilt here from the returned r and tension alone.
    for m in modes_at_5:
        lam = m.omega**2 * m.length / m.g
        sigma = 1 - m.s / m.length
        up = lam * m.r / m.length
        q = m.tension / (m.density * m.g * m.length)
        w = up**2 / 2 + lam * (q - sigma)
        # from the top (sigma = 1) to the free end (sigma = 0) W must not decrease
        assert np.all(np.diff(w) >= -1e-9 * w.max())
        assert w[-1] == pytest.approx((lam * m.r[-1] / m.length) ** 2 / 2, rel=1e-12)
        assert m.max_radius == pytest.approx(m.r[-1], rel=1e-13)


def test_max_radius_is_the_farthest_point_not_a_sample():
    modes = hanging_modes(scaled(6.5), 1.0, samples=41)
    fine = hanging_modes(scaled(6.5), 1.0, samples=40001)
    for coarse, dense in zip(modes, fine):
        assert coarse.max_radius >= np.max(np.abs(coarse.r)) - 1e-15
        assert coarse.max_radius == pytest.approx(np.max(np.abs(dense.r)), rel=1e-8)
        assert coarse.max_radius == pytest.approx(dense.max_radius, rel=1e-11)


def test_shape_matches_solve_ivp_reference_shooting():
    lam = 5.0**2
    for m in hanging_modes(scaled(5.0), 1.0):
        a = m.info["a"]
        u1, p1, z1 = _reference_state(a, lam)
        assert abs(p1) / lam < 1e-10                       # the top is on the axis
        assert z1 + m.z[-1] == pytest.approx(0.0, abs=1e-10)  # the same depth
        # reference root of U'(1; a) = 0 near a, independently refined
        root = brentq(lambda x: _reference_state(x, lam)[1], a * (1 - 1e-6), a * (1 + 1e-6),
                      xtol=1e-15)
        assert a == pytest.approx(root, rel=1e-10)


def test_shape_matches_solve_bvp():
    # Second method: collocation on the boundary-value problem from a rough initial guess
    # (mode j's linear Bessel shape U' = A J0(j_{0,j} sqrt(sigma)) at 90% of the amplitude),
    # on [sigma0, 1] with the two-term series U = a sigma + b sigma^2,
    # b = -lam a / (2 sqrt(1 + a^2)), as the free-end condition.
    lam = 3.5**2
    sigma0 = 1e-4
    for m in hanging_modes(scaled(3.5), 1.0):
        kz = jn_zeros(0, m.info["mode"])[-1]       # mode j's shape at its critical speed
        sigma = np.linspace(sigma0, 1, 300)
        x = kz * np.sqrt(sigma)
        amp = 0.9 * m.info["a"]
        guess = np.vstack([amp * 2 * np.sqrt(sigma) / kz * j1(x), amp * j0(x), sigma])

        def fun(s, y):
            q = np.hypot(y[0], s)
            return np.vstack([y[1], -lam * y[0] / q, s / q])

        def bc(ya, yb):
            a = ya[1]
            b = -lam * a / math.sqrt(1 + a * a) / 2
            a = a - 2 * b * sigma0
            return np.array([ya[0] - (a * sigma0 + b * sigma0**2), yb[1],
                             ya[2] - sigma0 / math.sqrt(1 + a * a)])

        sol = solve_bvp(fun, bc, sigma, guess, tol=1e-10, max_nodes=100000)
        assert sol.success, sol.message
        keep = m.s <= m.length * (1 - sigma0)
        sig = 1 - m.s[keep] / m.length
        r_bvp = sol.sol(sig)[1] / lam
        z_bvp = sol.sol(sig)[2] - sol.sol(1.0)[2]
        np.testing.assert_allclose(m.r[keep], r_bvp, atol=1e-8)
        np.testing.assert_allclose(m.z[keep], z_bvp, atol=1e-8)


def test_scaling_with_length_gravity_and_density():
    # r/L, z/L depend on omega / sqrt(g/L) only; T scales with rho g L
    base = hanging_modes(scaled(4.0, 1.0, 9.81), 1.0, g=9.81, density=1.0, samples=301)
    other = hanging_modes(scaled(4.0, 3.0, 1.62), 3.0, g=1.62, density=2.5, samples=301)
    assert len(base) == len(other) == 2
    for b, o in zip(base, other):
        np.testing.assert_allclose(o.r / 3.0, b.r, atol=1e-12)
        np.testing.assert_allclose(o.z / 3.0, b.z, atol=1e-12)
        np.testing.assert_allclose(o.tension / (2.5 * 1.62 * 3.0), b.tension / 9.81,
                                   atol=1e-12)
        assert o.max_radius / 3.0 == pytest.approx(b.max_radius, rel=1e-12)


@settings(max_examples=25, deadline=None)
@given(a=st.floats(1e-4, 60.0), w=st.floats(0.5, 9.5))
def test_numba_integrator_matches_solve_ivp(a, w):
    lam = w * w
    a = min(a, lam)
    u1, p1, z1, *_ , ok = kernels.shoot(a, lam, 1e-12, 1e-15 * a, 10**6)
    assert ok
    ref = _reference_state(a, lam)
    scale = np.array([max(abs(ref[0]), 1e-3 * a), max(abs(ref[1]), 1e-3 * a), 1.0])
    np.testing.assert_array_less(np.abs(np.array([u1, p1, z1]) - ref) / scale, 1e-9)


@settings(max_examples=15, deadline=None)
@given(a=st.floats(1e-3, 30.0), w=st.floats(0.5, 8.0))
def test_shooting_is_odd_in_a(a, w):
    lam = w * w
    plus = kernels.shoot(a, lam, 1e-12, 1e-15 * a, 10**6)
    minus = kernels.shoot(-a, lam, 1e-12, 1e-15 * a, 10**6)
    assert minus[1] == pytest.approx(-plus[1], rel=1e-12, abs=1e-14 * a)
    assert minus[2] == pytest.approx(plus[2], rel=1e-12)


def test_sample_agrees_with_shoot_at_the_top():
    lam = 30.0
    states, crossings, steps, ok = kernels.sample(3.0, lam, np.linspace(0, 1, 11), 1e-12,
                                                  1e-15, 10**6)
    u1, p1, z1, crossings1, *_ = kernels.shoot(3.0, lam, 1e-12, 1e-15, 10**6)
    assert ok and steps > 0 and crossings == crossings1
    np.testing.assert_allclose(states[-1], [u1, p1, z1], rtol=1e-10)


# ----------------------------------------------------------------------------- diagram

def test_bifurcation_diagram_matches_the_solve_ivp_reference():
    omegas = np.array([1.5, 3.0, 4.5, 6.0, 9.2])
    fast = bifurcation_diagram(omegas, 2.0, 1.0 * 2.0)
    ref = bifurcation_diagram(omegas, 2.0, 2.0, method="solve_ivp")
    assert fast.method == "numba" and ref.method == "solve_ivp"
    np.testing.assert_array_equal(fast.mode_count, ref.mode_count)
    np.testing.assert_array_equal(fast.exists, ref.exists)
    np.testing.assert_allclose(fast.free_radius, ref.free_radius, rtol=1e-9)
    rk45 = bifurcation_diagram(omegas[2:3], 2.0, 2.0, method="solve_ivp_rk45")
    np.testing.assert_allclose(rk45.free_radius, fast.free_radius[2:3, :3], rtol=1e-9)


def test_bifurcation_diagram_agrees_with_hanging_modes():
    omegas = scaled(np.array([2.2, 5.1]))
    d = bifurcation_diagram(omegas, 1.0, G)
    assert isinstance(d, BifurcationDiagram)
    for i, w in enumerate(omegas):
        modes = hanging_modes(w, 1.0, samples=11)
        np.testing.assert_allclose(d.free_radius[i, :len(modes)], [m.r[-1] for m in modes],
                                   rtol=1e-13)
    np.testing.assert_allclose(d.scaled_omega, [2.2, 5.1])
    np.testing.assert_allclose(d.scaled_critical_speeds, CRIT[:4])
    assert d.integrations > 0
    with pytest.raises(ValueError):
        d.free_radius[0, 0] = 1.0
    assert d.plot().get_xlabel()


def test_high_speed_limit_free_end_radius_is_length_over_2j_minus_1():
    # As g / (omega^2 L) -> 0 the string is straight radial runs in the centrifugal field:
    # from the top out to the free-end radius R and across the axis j - 1 times, each run
    # of length R or 2R, so L = (2 j - 1) R. The error must shrink as omega grows.
    d = bifurcation_diagram(np.array([20.0, 40.0]), 1.0, 1.0)
    j = np.arange(1, 7)
    err = np.abs(d.scaled_radius[:, :6] * (2 * j - 1) - 1)
    assert np.all(err[1] < err[0])
    assert np.all(err[1] < 1e-2)
    assert err[1, 0] < 1e-6


@pytest.mark.parametrize("kw, name", [
    ({"omega": -1.0}, "omega"), ({"omega": float("nan")}, "omega"),
    ({"length": 0.0}, "length"), ({"g": 0.0}, "g"), ({"density": -2.0}, "density"),
    ({"samples": 2}, "samples"),
])
def test_hanging_modes_rejects_bad_input(kw, name):
    args = {"omega": 5.0, "length": 1.0} | kw
    with pytest.raises(ValueError, match=name):
        hanging_modes(**args)


def test_bifurcation_diagram_rejects_bad_input():
    with pytest.raises(ValueError, match="omega"):
        bifurcation_diagram([1.0, -2.0])
    with pytest.raises(ValueError, match="omega"):
        bifurcation_diagram([[1.0]])
    with pytest.raises(ValueError, match="method"):
        bifurcation_diagram([1.0], method="rk4")


def test_shooting_error_is_a_value_error():
    assert issubclass(ShootingError, ValueError)


# ----------------------------------------------------------------------------- benchmark script

def _run_bench(*args):
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_rope.py"
    return subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True,
                          timeout=300)


def test_benchmark_script_runs_and_reports_agreement():
    out = _run_bench("--omegas", "6", "--stride", "3", "--repeat", "1", "--no-rk45")
    assert out.returncode == 0, out.stderr
    line = next(row for row in out.stdout.splitlines() if "solve_ivp DOP853" in row)
    fields = line.split()
    assert float(fields[-2]) < 1e-9          # max relative difference of r_free
    assert fields[-1] == "True"              # same mode counts


def test_benchmark_script_rejects_bad_arguments_in_one_line():
    out = _run_bench("--omegas", "1")
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr


def test_returned_quantities_are_converged_to_1e_9(monkeypatch):
    # Self-convergence: tightening every tolerance tenfold changes nothing beyond 1e-9.
    import mathlab.rope.kolodner as kolodner_module

    omega = scaled(6.5)
    base = hanging_modes(omega, 1.0, samples=201)
    monkeypatch.setattr(kolodner_module, "_RTOL", 1e-13)
    monkeypatch.setattr(kolodner_module, "_SECANT_RTOL", 1e-12)
    tight = hanging_modes(omega, 1.0, samples=201)
    assert len(base) == len(tight) == 4
    for b, t in zip(base, tight):
        assert b.info["a"] == pytest.approx(t.info["a"], rel=1e-9)
        assert b.max_radius == pytest.approx(t.max_radius, rel=1e-9)
        assert b.tension[0] == pytest.approx(t.tension[0], rel=1e-9)
        scale = b.max_radius
        np.testing.assert_allclose(b.r, t.r, rtol=0, atol=1e-9 * scale)
        np.testing.assert_allclose(b.z, t.z, rtol=0, atol=1e-9)


def test_integrator_tableau_is_dormand_prince():
    # The typed coefficients against scipy's RK45 (same pair; scipy's E has the other sign)
    from scipy.integrate import RK45

    k = kernels
    np.testing.assert_allclose([k._C2, k._C3, k._C4, k._C5], RK45.C[1:5], rtol=1e-15)
    a = [[k._A21], [k._A31, k._A32], [k._A41, k._A42, k._A43],
         [k._A51, k._A52, k._A53, k._A54], [k._A61, k._A62, k._A63, k._A64, k._A65]]
    for i, row in enumerate(a, start=1):
        np.testing.assert_allclose(row, RK45.A[i, :i], rtol=1e-15)
    np.testing.assert_allclose([k._B1, 0, k._B3, k._B4, k._B5, k._B6], RK45.B, rtol=1e-15)
    np.testing.assert_allclose([k._E1, 0, k._E3, k._E4, k._E5, k._E6, k._E7], -RK45.E,
                               rtol=1e-14)
    # The array form used by the shooting kernel (cases B and D) is the same pair.
    from mathlab.rope import _kernels_shooting as shooting_kernel

    np.testing.assert_allclose(shooting_kernel._A[:6, :5], RK45.A[:6, :5], rtol=1e-15, atol=0)
    np.testing.assert_allclose(shooting_kernel._A[6], RK45.B, rtol=1e-15, atol=0)
    np.testing.assert_allclose(shooting_kernel._B[:6], RK45.B, rtol=1e-15, atol=0)
    np.testing.assert_allclose(shooting_kernel._E, -RK45.E, rtol=1e-14, atol=0)


def test_integrator_gives_up_instead_of_hanging():
    assert kernels.shoot(1.0, 10.0, 1e-12, 1e-15, 10)[-1] is False      # too few steps
    assert kernels.shoot(math.nan, 10.0, 1e-12, 1e-15, 10**6)[-1] is False


def test_step_budget_exhaustion_raises_with_diagnostics(monkeypatch):
    import mathlab.rope.kolodner as kolodner_module

    monkeypatch.setattr(kolodner_module, "_MAX_STEPS", 20)
    with pytest.raises(ShootingError, match=r"exceeded 20 steps \(a = .*lambda = "):
        hanging_modes(scaled(3.0), 1.0)


def test_nodes_are_exact_even_where_the_samples_cannot_resolve_them():
    # At omega = 20 sqrt(g/L) the top mode's first node lies closer to the free end than the
    # spacing of 61 samples: nodes come from the integrator's steps, and the sampled polyline
    # shows one crossing fewer there.
    modes = hanging_modes(scaled(20.0), 1.0, samples=61)
    assert len(modes) == 12
    assert [m.nodes for m in modes] == list(range(12))
    assert count_sign_changes(modes[-1].r) == 10
    dense = hanging_modes(scaled(20.0), 1.0, samples=2001)
    assert [count_sign_changes(m.r) for m in dense] == list(range(12))
