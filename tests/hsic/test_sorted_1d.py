"""O(n log n) sums for 1-D distance and Laplace kernels: equal to the O(n^2) pass to rounding
(property test over sizes, bandwidths, ties, constant columns, order and huge offsets), the
weighted forms against dense matrices, dcor's distance covariance, and the fast permutation and
gamma tests against the pass over the pairs."""

import dcor
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from mathlab.hsic import hsic, hsic_test
from mathlab.hsic import _sorted_1d
from mathlab.hsic.kernels import prepare_pair
from mathlab.hsic.nulls import centred_square_sum
from mathlab.hsic.statistics import ALGORITHMS, Target, estimate, pair_sums

from ._pass_reference import centred_square_sum_by_pairs

KINDS = ["distance", "laplace"]
FIELDS = ("s_kl", "s_kk", "s_ll")


def _pair(x, y, kx, ky, sx=None, sy=None, min_samples=2):
    return prepare_pair(x, y, kernel=kx, kernel_y=ky, sigma=sx, sigma_y=sy, degree=None,
                        coef0=None, min_samples=min_samples)


def _raw_gram(side):
    """The raw kernel as the sorted sums define it: exp(-|dx|/sigma) or -|dx|/2."""
    x = side.data[:, 0]
    d = np.abs(x[:, None] - x[None, :])
    return np.exp(-d / side.kernel.sigma) if side.name == "laplace" else -0.5 * d


def _assert_same_sums(pair):
    ref = pair_sums(pair, fastmath=False)
    got = _sorted_1d.sums(pair)
    n = pair.n
    k, l = _raw_gram(pair.x), _raw_gram(pair.y)
    # rounding scale of each field: the sums of absolute values of its terms
    scale = {"s_kl": np.abs(k * l).sum(), "s_kk": (k * k).sum(), "s_ll": (l * l).sum()}
    for name in FIELDS:
        assert abs(getattr(got, name) - getattr(ref, name)) <= 1e-12 * (scale[name] + 1e-300)
    for name, g in (("rows_k", k), ("rows_l", l)):
        tol = 1e-12 * (np.abs(g).sum(axis=1).max() + abs(getattr(ref, "shift" + name[-2:])) * n)
        assert np.max(np.abs(getattr(got, name) - getattr(ref, name))) <= tol + 1e-300
    assert got.shift_k == ref.shift_k and got.shift_l == ref.shift_l
    np.testing.assert_array_equal(got.diag_k, ref.diag_k)
    for estimator in ("biased", "biased_n1") + (("unbiased",) if n >= 4 else ()):
        a, b = estimate(got, estimator), estimate(ref, estimator)
        # relative to the Cauchy-Schwarz scale sqrt(HSIC(x,x) HSIC(y,y)) >= |HSIC(x,y)|, with
        # a floor at the kernels' magnitude (a constant variable has HSIC(x, x) = 0)
        cs = np.sqrt(abs(estimate(ref.swap("x"), estimator) * estimate(ref.swap("y"), estimator)))
        assert abs(a - b) <= 1e-11 * cs + 1e-13 * np.abs(k).max() * np.abs(l).max() + 1e-300


samples = st.integers(min_value=2, max_value=160)


@st.composite
def data_1d(draw):
    n = draw(samples)
    kind = draw(st.sampled_from(["normal", "ties", "sorted", "reversed", "offset", "constant"]))
    rng = np.random.default_rng(draw(st.integers(0, 2**31 - 1)))
    x = rng.normal(size=n)
    y = np.sin(2 * x) + 0.5 * rng.normal(size=n)
    if kind == "ties":
        x, y = rng.integers(0, 3, n).astype(float), rng.integers(0, 2, n).astype(float)
    elif kind == "sorted":
        x, y = np.sort(x), np.sort(y)
    elif kind == "reversed":
        x, y = np.sort(x)[::-1].copy(), np.sort(y).copy()
    elif kind == "offset":
        x, y = 1e12 + x, -3e12 + 0.01 * y
    elif kind == "constant":
        x = np.full(n, 2.5)
    return x, y


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data_1d(), st.sampled_from(KINDS), st.sampled_from(KINDS),
       st.floats(min_value=-3, max_value=3), st.floats(min_value=-3, max_value=3))
def test_sorted_sums_equal_the_pass_over_pairs(data, kx, ky, log_sx, log_sy):
    x, y = data
    spread = max(np.ptp(x), np.ptp(y), 1e-3)
    sx = spread * 10.0**log_sx if kx == "laplace" else None
    sy = spread * 10.0**log_sy if ky == "laplace" else None
    _assert_same_sums(_pair(x, y, kx, ky, sx, sy))


@pytest.mark.parametrize("n", [2, 3, 33, 64, 65, 1000])
def test_block_boundaries(n):
    """Sizes around the leaf blocks (32 points) and the merge levels."""
    rng = np.random.default_rng(n)
    x, y = rng.normal(size=n), rng.normal(size=n)
    for kx in KINDS:
        for ky in KINDS:
            _assert_same_sums(_pair(x, y, kx, ky, 0.7 if kx == "laplace" else None,
                                    1.3 if ky == "laplace" else None))


def test_distance_covariance_of_dcor():
    """dcor's fast distance covariance (V-statistic) is 4 HSIC_b with the distance kernel."""
    rng = np.random.default_rng(5)
    x = rng.standard_t(3, size=5000)
    y = x**2 + rng.normal(size=5000)
    est = hsic(x, y, kernel="distance", return_details=True)
    assert est.algorithm == "sorted" and est.error_bound == 0.0
    for method in ("mergesort", "avl"):
        ref = dcor.distance_covariance_sqr(x, y, method=method)
        assert 4 * est.value == pytest.approx(ref, rel=1e-11)


@pytest.mark.parametrize("kx, ky", [(a, b) for a in KINDS for b in KINDS])
def test_bilinear_forms_against_dense(kx, ky):
    rng = np.random.default_rng(2)
    n = 90
    x = np.round(rng.normal(size=n), 1)  # ties
    y = x**2 + rng.normal(size=n)
    pair = _pair(x, y, kx, ky, 0.8 if kx == "laplace" else None, 1.5 if ky == "laplace" else None)
    k, l = _raw_gram(pair.x), _raw_gram(pair.y)
    w, z = rng.normal(size=n), rng.normal(size=n)
    form = _sorted_1d.bilinear(pair)
    for a in range(3):
        for b in range(3):
            m = k**a * l**b
            np.fill_diagonal(m, 0.0)
            value, bound = form(a, b, w, z)
            scale = np.abs(w) @ np.abs(m) @ np.abs(z)
            assert bound == 0.0
            assert abs(value - w @ m @ z) <= 1e-12 * scale


@pytest.mark.parametrize("kx, ky", [("distance", "distance"), ("laplace", "distance")])
def test_gamma_test_matches_the_pass_over_pairs(kx, ky):
    rng = np.random.default_rng(3)
    x = rng.normal(size=700)
    y = np.cos(x) + rng.normal(size=700)
    pair = _pair(x, y, kx, ky, min_samples=6)
    sums = pair_sums(pair)
    ref = centred_square_sum_by_pairs(pair, sums)
    value, bound = centred_square_sum(_sorted_1d.bilinear(pair), sums)
    assert value == pytest.approx(ref, rel=1e-10) and bound == 0.0
    fast = hsic_test(x, y, kernel=kx, kernel_y=ky, method="gamma_gretton")
    assert fast.details["algorithm"] == "sorted"


def test_permutation_test_matches_the_pass_over_pairs():
    """Same permutations (same seed), same null statistics to rounding, same p-value."""
    rng = np.random.default_rng(4)
    x = rng.normal(size=300)
    y = 0.2 * x + rng.normal(size=300)
    pair = _pair(x, y, "laplace", "distance", 0.9)
    sums = _sorted_1d.sums(pair)
    cross, bound = _sorted_1d.permutations(pair, sums)
    perm = rng.permutation(300)
    ref = pair_sums(pair.with_y(pair.y.take(perm)))
    assert bound == 0.0
    assert estimate(sums.permuted(perm, cross(perm)), "biased") == pytest.approx(
        estimate(ref, "biased"), rel=1e-11)
    fast = hsic_test(x, y, kernel="laplace", kernel_y="distance", sigma=0.9,
                     method="permutation", n_permutations=99, random_state=7)
    assert fast.details["algorithm"] == "sorted"
    from mathlab.hsic.nulls import permutation_null

    stat, null = permutation_null(pair, 99, np.random.default_rng(7), dense=True)
    assert fast.statistic == pytest.approx(stat, rel=1e-11)
    np.testing.assert_allclose(fast.null_distribution, null.values, rtol=1e-9)
    assert fast.pvalue == null.pvalue(stat)


def test_auto_chooses_sorted_only_where_it_applies():
    x = np.linspace(0, 1, 50)
    pair = _pair(x, x**2, "distance", "laplace")
    assert ALGORITHMS["sorted"].applies(pair, Target())
    assert not ALGORITHMS["sorted"].applies(_pair(np.c_[x, x], x, "distance", "distance"),
                                            Target())
    assert not ALGORITHMS["sorted"].applies(_pair(x, x, "distance", "gaussian"), Target())
    with pytest.raises(ValueError, match="does not apply"):
        hsic(np.c_[x, x], x, kernel="distance", algorithm="sorted")
