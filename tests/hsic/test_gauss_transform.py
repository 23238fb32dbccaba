"""Fast Gauss transform: the interpolation lemma and the kernel bound checked numerically, the
sums and every estimator within their reported bounds of the O(n^2) pass (property test over
sizes, dimensions, bandwidths, ties, constant columns and huge offsets), tol honoured, and the
fast permutation and gamma tests against the pass over the pairs."""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from mathlab.hsic import HSICEstimate, hsic, hsic_test
from mathlab.hsic import _gauss_transform as gt
from mathlab.hsic.kernels import prepare_pair
from mathlab.hsic.nulls import centred_square_sum, fast_permutation_null, permutation_null
from mathlab.hsic.statistics import (ALGORITHMS, Target, error_bound, estimate, pair_sums,
                                     ratio_bound)

from ._pass_reference import centred_square_sum_by_pairs


def _pair(x, y, sx=None, sy=None, min_samples=2):
    return prepare_pair(x, y, kernel="gaussian", kernel_y=None, sigma=sx, sigma_y=sy,
                        degree=None, coef0=None, min_samples=min_samples)


@pytest.mark.parametrize("side, p", [(0.5, 6), (1.0, 8), (2.0, 12), (4.0, 20)])
def test_interpolation_bound_holds_in_one_dimension(side, p):
    """max over shifts t and points s of |g(t - s) - I_p g| <= interpolation_error(side, p)."""
    points, _ = gt.chebyshev_points(p)
    cmat = gt.basis_matrix(p)
    s = np.linspace(-1.0, 1.0, 801)
    cheb = np.cos(np.arange(p)[:, None] * np.arccos(s)[None, :])
    basis = cmat.T @ cheb  # l_k(s), shape (p, len(s))
    worst = 0.0
    for t in np.linspace(-8.0, 8.0, 641):
        exact = np.exp(-(t - 0.5 * side * s) ** 2)
        approx = np.exp(-(t - 0.5 * side * points) ** 2) @ basis
        worst = max(worst, float(np.max(np.abs(exact - approx))))
    assert worst <= gt.interpolation_error(side, p) + 1e-15
    assert worst >= 0.05 * gt.interpolation_error(side, p)  # and the bound is not loose


def test_basis_is_the_lagrange_basis():
    p = 9
    points, bary = gt.chebyshev_points(p)
    cheb = np.cos(np.arange(p)[:, None] * np.arccos(points)[None, :])
    np.testing.assert_allclose(gt.basis_matrix(p).T @ cheb, np.eye(p), atol=1e-14)


def test_kernel_bound_holds_for_point_pairs_in_two_dimensions():
    rng = np.random.default_rng(0)
    u = rng.uniform(-2.0, 2.0, size=(2, 400))
    for error in (1e-4, 1e-9):
        plan = gt.plan_grid(u.min(axis=1), u.max(axis=1), error, 400)
        assert plan.error <= error
        grid = gt.Grid(plan, u)
        worst = 0.0
        for j in range(0, 400, 40):  # k~(u_i, u_j) = (interpolated transform of a delta)
            w = np.zeros(400)
            w[j] = 1.0
            approx = grid.interpolate(grid.transform(grid.anterpolate(w)))
            exact = np.exp(-np.sum((u - u[:, j:j + 1]) ** 2, axis=0))
            worst = max(worst, float(np.max(np.abs(approx - exact))))
        assert worst <= plan.error


@st.composite
def gaussian_data(draw):
    n = draw(st.integers(min_value=4, max_value=150))
    dx, dy = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    kind = draw(st.sampled_from(["normal", "ties", "offset", "constant", "sorted"]))
    rng = np.random.default_rng(draw(st.integers(0, 2**31 - 1)))
    x = rng.normal(size=(n, dx))
    y = np.sin(2 * x[:, :1]) + 0.5 * rng.normal(size=(n, dy))
    if kind == "ties":
        x = rng.integers(0, 3, (n, dx)).astype(float)
    elif kind == "offset":
        x, y = 1e12 + x, -3e12 + 0.01 * y
    elif kind == "constant":
        x[:, 0] = 2.5
    elif kind == "sorted":
        x = np.sort(x, axis=0)
    return x, y


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(gaussian_data(), st.floats(min_value=-1.5, max_value=1.0),
       st.floats(min_value=-1.5, max_value=1.0), st.sampled_from([1e-4, 1e-8, 1e-12]))
def test_gauss_transform_within_its_bound(data, log_sx, log_sy, tol):
    x, y = data
    spread_x = max(float(np.max(np.ptp(x, axis=0))), 1e-3)
    spread_y = max(float(np.max(np.ptp(y, axis=0))), 1e-3)
    pair = _pair(x, y, spread_x * 10.0**log_sx, spread_y * 10.0**log_sy)
    if gt._joint_plan(pair, Target(tol=tol), check_cost=False) is None:
        return  # more grid nodes than allowed (tiny bandwidths): the algorithm does not apply
    ref = pair_sums(pair, fastmath=False)
    got = gt.sums(pair, Target(tol=tol))
    b = got.bounds
    slack = 1e-12 * pair.n * pair.n  # rounding, kernel values are <= 1
    assert abs(got.s_kl - ref.s_kl) <= b.s_kl + slack
    assert abs(got.s_kk - ref.s_kk) <= b.s_kk + slack
    assert abs(got.s_ll - ref.s_ll) <= b.s_ll + slack
    assert np.max(np.abs(got.rows_k - ref.rows_k)) <= b.rows_k + 1e-12 * pair.n
    assert np.max(np.abs(got.rows_l - ref.rows_l)) <= b.rows_l + 1e-12 * pair.n
    for estimator in ("biased", "unbiased", "biased_n1"):
        bound = error_bound(got, estimator)
        assert abs(estimate(got, estimator) - estimate(ref, estimator)) <= bound + 1e-13
        vx, vy = estimate(ref.swap("x"), estimator), estimate(ref.swap("y"), estimator)
        if vx > 1e-8 and vy > 1e-8:
            gx, gy = estimate(got.swap("x"), estimator), estimate(got.swap("y"), estimator)
            norm = estimate(got, estimator) / math.sqrt(gx * gy)
            exact = estimate(ref, estimator) / math.sqrt(vx * vy)
            rb = ratio_bound(estimate(got, estimator), bound, gx,
                             error_bound(got.swap("x"), estimator), gy,
                             error_bound(got.swap("y"), estimator))
            a = abs(estimate(ref, estimator)) + 1e-300
            rounding = abs(exact) * 1e-14 * (1.0 / a + 1.0 / vx + 1.0 / vy) + 1e-12
            assert abs(norm - exact) <= rb + rounding


def test_true_error_and_tol_against_the_pass_over_pairs():
    rng = np.random.default_rng(1)
    x = rng.normal(size=3000)
    y = np.sin(x) + 0.5 * rng.normal(size=3000)
    exact = hsic(x, y, algorithm="pairs")
    for tol in (1e-5, 1e-10):
        est = hsic(x, y, algorithm="gauss_transform", tol=tol, return_details=True)
        assert isinstance(est, HSICEstimate) and est.algorithm == "gauss_transform"
        assert est.error_bound <= tol * abs(est.value)
        assert abs(est.value - exact) <= est.error_bound + 1e-15
        assert est.details["kernel_error"] > 0 and est.details["p"] >= 2
    assert "gauss_transform" in repr(est) and float(est) == est.value
    two_d = hsic(np.c_[x, y], np.c_[y, x**2], normalize=True, return_details=True,
                 algorithm="gauss_transform", tol=1e-6)
    assert abs(two_d.value - hsic(np.c_[x, y], np.c_[y, x**2], normalize=True,
                                  algorithm="pairs")) <= two_d.error_bound + 1e-14


def test_auto_prefers_the_pairs_for_small_samples_and_dimensions_above_three():
    rng = np.random.default_rng(2)
    small = _pair(rng.normal(size=50), rng.normal(size=50))
    assert ALGORITHMS["gauss_transform"].applies(small, Target())
    assert not ALGORITHMS["gauss_transform"].faster(small, Target())
    assert hsic(rng.normal(size=50), rng.normal(size=50), return_details=True).algorithm == \
        "pairs"
    x4 = rng.normal(size=(5000, 4))
    assert gt._joint_plan(_pair(x4, x4[:, 0]), Target(), check_cost=False) is None
    big = rng.normal(size=20000)
    assert hsic(big, big + rng.normal(size=20000), return_details=True).algorithm == \
        "gauss_transform"
    with pytest.raises(ValueError, match="tol must be in"):
        hsic(big, big, tol=0.0)


def test_permutation_and_gamma_tests_match_the_pass_over_pairs():
    rng = np.random.default_rng(3)
    x = rng.normal(size=400)
    y = 0.15 * x + rng.normal(size=400)
    pair = _pair(x, y, 0.9, 1.1, min_samples=6)
    fast_stat, fast = fast_permutation_null(pair, 60, np.random.default_rng(11),
                                            ALGORITHMS["gauss_transform"])
    stat, null = permutation_null(pair, 60, np.random.default_rng(11), dense=True)
    bound = fast.details()["statistic_bound"]
    assert fast.details()["algorithm"] == "gauss_transform" and bound < 1e-6 * stat
    assert abs(fast_stat - stat) <= bound + 1e-12
    assert np.max(np.abs(fast.values - null.values)) <= bound + 1e-12
    assert fast.pvalue(fast_stat) == null.pvalue(stat)
    # gamma: the centred square sum from Gauss transforms within its bound
    ref = centred_square_sum_by_pairs(pair, pair_sums(pair))
    approx = gt.sums(pair, Target())
    value, sq_bound = centred_square_sum(gt.bilinear(pair, approx), approx)
    assert abs(value - ref) <= sq_bound + 1e-9 * ref


def test_spectral_test_from_the_grid():
    """Eigenvalues of HKH from the grid within n E of the dense ones; the spectral test with
    them gives the dense test's null to within that bound (same draws)."""
    from mathlab.hsic.kernels import centre
    from mathlab.hsic.nulls import spectral_null

    rng = np.random.default_rng(6)
    n = 1200
    x = rng.normal(size=n)
    y = 0.1 * x + rng.normal(size=n)
    pair = _pair(x, y, min_samples=6)
    lam, bound = gt.centred_eigenvalues(pair.x, 1e-10)
    dense = np.clip(np.linalg.eigvalsh(centre(pair.x.gram())), 0.0, None)[::-1]
    assert np.max(np.abs(lam[:50] - dense[:50])) <= bound
    fast = hsic_test(x, y, method="spectral", n_permutations=500, random_state=2)
    assert fast.details["algorithm"] == "gauss_transform"
    kc, lc = centre(pair.x.gram()), centre(pair.y.gram())
    ref = spectral_null(kc, lc, 500, np.random.default_rng(2))
    assert abs(fast.statistic - float(np.sum(kc * pair.y.gram())) / n) <= \
        fast.details["statistic_bound"] + 1e-12
    np.testing.assert_allclose(fast.null_distribution, ref.values, rtol=1e-8)


def test_accumulator_on_a_fixed_grid_merges_and_splits_over_dask():
    import dask.array as da

    from mathlab.hsic import HSICAccumulator

    rng = np.random.default_rng(8)
    x = np.clip(rng.normal(size=(3000, 2)), -4, 4)
    y = np.clip(x[:, 0] ** 2 + rng.normal(size=3000), -3, 20)
    exact = hsic(x, y, sigma=1.5, sigma_y=3.0, algorithm="pairs")

    def build():
        return HSICAccumulator.gauss_transform([-4, -4], [4, 4], 1.5, 3.0, lower_y=-3,
                                               upper_y=20, kernel_error=1e-9)

    parts = [build(), build()]
    parts[0].update(x[:1000], y[:1000])
    parts[1].update(x[1000:], y[1000:])
    merged = parts[1].merge(parts[0])
    assert merged.n == 3000 and "gauss_transform" in repr(merged)
    assert abs(merged.statistic() - exact) <= merged.error_bound() + 1e-14
    lazy = build()
    lazy.update(da.from_array(x, chunks=(700, 2)), da.from_array(y, chunks=700))
    assert lazy.statistic() == pytest.approx(merged.statistic(), rel=1e-12)
    with pytest.raises(ValueError, match="outside the accumulator's box"):
        build().update(x * 2, y)
    with pytest.raises(ValueError, match="different feature maps"):
        merged.merge(HSICAccumulator.gauss_transform(-4, 4, 1.5, 3.0, lower_y=-3, upper_y=20))
    with pytest.raises(ValueError, match="no feature cross-covariance"):
        merged.cross_covariance()
    with pytest.raises(ValueError, match="upper > lower"):
        HSICAccumulator.gauss_transform(1, 0, 1.0)


def test_committed_fast_timings_feed_the_timing_figure(tmp_path):
    from mathlab.hsic.figures import FAST_CSV, read_fast_timings

    table = read_fast_timings(FAST_CSV)
    assert set(table.methods()) == {"gauss_transform", "sorted", "dcor"}
    n, seconds = table.series("gauss_transform")
    assert n.max() == 1e7 and np.all(seconds > 0)
    # the sorted distance-kernel sums beat dcor at n = 1e6 by the measured margin
    n_s, t_s = table.series("sorted")
    n_d, t_d = table.series("dcor")
    assert t_d[n_d == 1e6][0] > 2 * t_s[n_s == 1e6][0]
    assert read_fast_timings(tmp_path / "absent.csv").methods() == []
