"""Exact HSIC: identities and hand cases of spec section 2, the one-pass numba sums against the
dense reference tr(KHLH)/n^2 (and Song et al.'s U-statistic), exact routes at n > 55,000."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy.stats import ortho_group

from mathlab.hsic import gram, hsic, hsic_test
from mathlab.hsic.kernels import hsic_from_gram, prepare_pair
from mathlab.hsic.statistics import hsic_biased, hsic_unbiased, pair_sums

KERNELS = ["gaussian", "laplace", "linear", "polynomial", "distance"]
ESTIMATORS = ["biased", "unbiased", "biased_n1"]


def _dependent(n, seed, p=1):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, p))
    y = np.sin(2 * x[:, :1]) + 0.5 * rng.normal(size=(n, 1))
    return x, y


def _definition(k, l, estimator):
    """HSIC straight from the matrix definitions (independent of the one-pass formulas)."""
    n = k.shape[0]
    h = np.eye(n) - 1.0 / n
    if estimator != "unbiased":
        return np.trace(k @ h @ l @ h) / (n**2 if estimator == "biased" else (n - 1) ** 2)
    kt, lt = k - np.diag(np.diag(k)), l - np.diag(np.diag(l))
    one = np.ones(n)
    return (np.trace(kt @ lt) + one @ kt @ one * (one @ lt @ one) / ((n - 1) * (n - 2))
            - 2 / (n - 2) * one @ kt @ lt @ one) / (n * (n - 3))


def test_hand_case_linear_012():
    assert hsic([0, 1, 2], [0, 1, 2], kernel="linear") == pytest.approx(4 / 9, rel=1e-15)
    # the (n-1)^2 divisor is an explicit option: 4/9 * 9/4
    assert hsic([0, 1, 2], [0, 1, 2], kernel="linear", estimator="biased_n1") == \
        pytest.approx(1.0, rel=1e-15)


@pytest.mark.parametrize("n", [5, 37, 300])
@pytest.mark.parametrize("kernel", KERNELS)
def test_numba_pass_matches_dense_definition(kernel, n):
    x, y = _dependent(n, seed=n, p=2)
    for estimator in ESTIMATORS:
        k, l = gram(x, kernel), gram(y, kernel)
        expected = _definition(k, l, estimator)
        assert hsic(x, y, kernel=kernel, estimator=estimator) == pytest.approx(expected, rel=1e-10)
        assert hsic_from_gram(k, l, estimator) == pytest.approx(expected, rel=1e-10)


@pytest.mark.parametrize("kernel", ["gaussian", "laplace"])
def test_parallel_pass_matches_dense_reference(kernel):
    """n = 2500 runs the multi-threaded pass (per-block accumulators) and sums 3 million pairs."""
    x, y = _dependent(2500, seed=13)
    k, l = gram(x, kernel), gram(y, kernel)
    for estimator in ("biased", "unbiased"):
        assert hsic(x, y, kernel=kernel, estimator=estimator) == pytest.approx(
            hsic_from_gram(k, l, estimator), rel=1e-10)
    assert hsic(x, y, kernel=kernel, normalize=True) == pytest.approx(
        hsic_from_gram(k, l) / np.sqrt(hsic_from_gram(k, k) * hsic_from_gram(l, l)), rel=1e-10)


def test_delta_and_mixed_kernels_match_dense():
    rng = np.random.default_rng(4)
    labels = rng.choice(["red", "green", "blue"], size=200)
    y = (labels == "red") + 0.7 * rng.normal(size=200)
    value = hsic(labels, y, kernel="delta", kernel_y="gaussian", sigma_y=0.8, estimator="unbiased")
    expected = _definition(gram(labels, "delta"), gram(y, sigma=0.8), "unbiased")
    assert value == pytest.approx(expected, rel=1e-10)


def test_callable_kernel_matches_builtin():
    x, y = _dependent(120, seed=3)
    rbf = lambda a, b: np.exp(-((a - b.T) ** 2) / 2.0)  # noqa: E731  (sigma = 1, 1-D data)
    for estimator in ESTIMATORS:
        assert hsic(x, y, kernel=rbf, estimator=estimator) == pytest.approx(
            hsic(x, y, sigma=1.0, sigma_y=1.0, estimator=estimator), rel=1e-10)


def test_fastmath_build_matches_strict_build():
    x, y = _dependent(2000, seed=5, p=3)
    for kernel in KERNELS:
        pair = prepare_pair(x, y, kernel=kernel, min_samples=4)
        fast, strict = (pair_sums(pair, fastmath=f) for f in (True, False))
        for f in (hsic_biased, hsic_unbiased):
            assert f(fast) == pytest.approx(f(strict), rel=1e-12)


def test_linear_hsic_is_squared_frobenius_norm_of_cross_covariance():
    rng = np.random.default_rng(6)
    x = rng.normal(size=(250, 3)) + 100.0     # an offset must not matter
    y = x[:, :2] @ rng.normal(size=(2, 4)) + rng.normal(size=(250, 4))
    xc, yc = x - x.mean(0), y - y.mean(0)
    cross = xc.T @ yc / len(x)
    assert hsic(x, y, kernel="linear") == pytest.approx(np.sum(cross**2), rel=1e-12)


def test_unbiased_does_not_depend_on_the_diagonal():
    x, y = _dependent(60, seed=7)
    bump = np.random.default_rng(0).uniform(0, 5, 60)

    def kernel(a, b):
        k = np.exp(-((a - b.T) ** 2) / 2.0)
        return k + np.diag(bump) if a is b else k

    assert hsic(x, y, kernel=kernel, estimator="unbiased") == pytest.approx(
        hsic(x, y, sigma=1.0, sigma_y=1.0, estimator="unbiased"), rel=1e-12)
    assert hsic(x, y, kernel=kernel) != pytest.approx(hsic(x, y, sigma=1.0, sigma_y=1.0))


@pytest.mark.parametrize("kernel", KERNELS + ["delta"])
def test_normalised_self_hsic_is_one(kernel):
    x = np.random.default_rng(8).integers(0, 6, size=(80, 2)).astype(float)
    for estimator in ESTIMATORS:
        assert hsic(x, x, kernel=kernel, normalize=True, estimator=estimator) == \
            pytest.approx(1.0, rel=1e-12)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(6, 60),
       kernel=st.sampled_from(KERNELS), estimator=st.sampled_from(ESTIMATORS))
def test_joint_permutation_leaves_hsic_unchanged(seed, n, kernel, estimator):
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=(n, 2)), rng.normal(size=n)
    perm = rng.permutation(n)
    assert hsic(x[perm], y[perm], kernel=kernel, estimator=estimator) == pytest.approx(
        hsic(x, y, kernel=kernel, estimator=estimator), rel=1e-9, abs=1e-13)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), scale=st.floats(0.01, 100.0),
       shift=st.floats(-100.0, 100.0))
def test_linear_cka_invariant_to_scaling_rotation_and_translation(seed, scale, shift):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(40, 3))
    y = x @ rng.normal(size=(3, 2)) + rng.normal(size=(40, 2))
    q = ortho_group.rvs(3, random_state=seed % 2**31)
    before = hsic(x, y, kernel="linear", normalize=True)
    after = hsic(scale * x @ q + shift, y, kernel="linear", normalize=True)
    assert after == pytest.approx(before, rel=1e-9)


def test_distance_kernel_matches_dcor():
    dcor = pytest.importorskip("dcor")
    x, y = _dependent(300, seed=9)
    x, y = x.ravel(), y.ravel()
    assert dcor.distance_covariance_sqr(x, y, method="naive") == pytest.approx(
        4 * hsic(x, y, kernel="distance"), rel=1e-10)
    assert dcor.u_distance_covariance_sqr(x, y, method="naive") == pytest.approx(
        4 * hsic(x, y, kernel="distance", estimator="unbiased"), rel=1e-10)
    assert dcor.distance_correlation_sqr(x, y, method="naive") == pytest.approx(
        hsic(x, y, kernel="distance", normalize=True), rel=1e-10)


def test_matches_hyppo_with_pinned_bandwidth():
    """hyppo's Hsic statistic is the normalised UNBIASED HSIC with gamma = 1/(2 med_x^2) for
    both variables (hyppo.tools.compute_kern, then Dcorr(bias=False) on 1 - K)."""
    from hyppo.independence import Hsic

    from mathlab.hsic import median_heuristic

    x, y = _dependent(200, seed=10, p=2)
    med = median_heuristic(x)
    ours = hsic(x, y, sigma=med, sigma_y=med, estimator="unbiased", normalize=True)
    assert Hsic().statistic(x, y) == pytest.approx(ours, rel=1e-9)
    assert Hsic(gamma=0.3).statistic(x, y) == pytest.approx(
        hsic(x, y, sigma=np.sqrt(1 / 0.6), sigma_y=np.sqrt(1 / 0.6), estimator="unbiased",
             normalize=True), rel=1e-9)


N_LARGE = 56_000  # n^4 > 2^63: integer counters would overflow


def test_delta_kernel_at_large_n_matches_exact_contingency_table():
    """HSIC_b with delta kernels is sum_ab (p_ab - p_a p_b)^2; computed here in exact rationals."""
    rng = np.random.default_rng(11)
    a = rng.integers(0, 4, N_LARGE)
    b = (a + rng.integers(0, 3, N_LARGE)) % 5
    counts = np.zeros((4, 5), dtype=np.int64)
    np.add.at(counts, (a, b), 1)
    n = Fraction(N_LARGE)
    ra, rb = counts.sum(1), counts.sum(0)
    exact = sum((Fraction(int(counts[i, j])) / n - Fraction(int(ra[i]) * int(rb[j])) / n**2) ** 2
                for i in range(4) for j in range(5))
    assert hsic(a, b, kernel="delta") == pytest.approx(float(exact), rel=1e-10)


def test_linear_kernel_at_large_n_matches_cross_covariance():
    rng = np.random.default_rng(12)
    x = rng.normal(size=(N_LARGE, 2)) + 3.0
    y = np.c_[x[:, 0] * 0.3 + rng.normal(size=N_LARGE)]
    xc, yc = x - x.mean(0), y - y.mean(0)
    exact = np.sum((np.sum(xc[:, :, None] * yc[:, None, :], axis=0, dtype=np.longdouble)
                    / N_LARGE) ** 2)
    assert hsic(x, y, kernel="linear") == pytest.approx(float(exact), rel=1e-10)


def _gaussian_rows(a, b, sigma):
    d = np.subtract.outer(a, b)
    np.multiply(d, d, out=d)
    d *= -0.5 / (sigma * sigma)
    return np.exp(d, out=d)


def _gaussian_hsic_reference(x, y, sigma, sigma_y, chunk=500):
    """Biased and unbiased HSIC of 1-D samples from Gram rows made chunk by chunk in numpy.

    Per-row sums are float64 (pairwise summation); everything across rows is accumulated in
    long double, and the formulas combine the sums in long double, so the reference carries no
    error of the one-pass accumulation it checks.
    """
    n = x.size
    rk, rl, skl = np.empty(n), np.empty(n), np.empty(n)
    for s in range(0, n, chunk):
        k, l_ = _gaussian_rows(x[s:s + chunk], x, sigma), _gaussian_rows(y[s:s + chunk], y, sigma_y)
        rk[s:s + chunk], rl[s:s + chunk] = k.sum(axis=1), l_.sum(axis=1)
        skl[s:s + chunk] = np.einsum("ij,ij->i", k, l_)
    ld = np.longdouble
    rk, rl = rk.astype(ld), rl.astype(ld)
    total = lambda v: np.sum(v, dtype=ld)  # noqa: E731
    s_kl, t_k, t_l, cross = total(skl.astype(ld)), total(rk), total(rl), total(rk * rl)
    m = ld(n)
    biased = (s_kl - 2 / m * cross + t_k * t_l / m**2) / m**2
    # unbiased: zero diagonals (k(x, x) = 1 exactly)
    rk0, rl0 = rk - 1, rl - 1
    s0, t_k0, t_l0 = s_kl - m, t_k - m, t_l - m
    unbiased = (s0 + t_k0 * t_l0 / ((m - 1) * (m - 2)) - 2 / (m - 2) * total(rk0 * rl0)) / (
        m * (m - 3))
    return float(biased), float(unbiased)


def test_gaussian_hsic_at_large_n_matches_chunked_long_double_reference():
    rng = np.random.default_rng(0)
    n = 20_000
    x = rng.normal(size=n)
    y = np.sin(2 * x) + 0.5 * rng.normal(size=n) + 100.0  # an offset the pass must not feel
    biased, unbiased = _gaussian_hsic_reference(x, y, 0.7, 0.9)
    assert hsic(x, y, sigma=0.7, sigma_y=0.9) == pytest.approx(biased, rel=1e-13)
    assert hsic(x, y, sigma=0.7, sigma_y=0.9, estimator="unbiased") == pytest.approx(
        unbiased, rel=1e-13)


@pytest.mark.parametrize("kwargs, match", [
    ({"estimator": "v"}, "estimator must be one of"),
    ({"kernel": "rbf"}, "kernel must be one of"),
    ({"kernel_y": "cosine"}, "kernel_y must be one of"),
    ({"sigma_y": 0.0}, "sigma_y must be > 0"),
    ({"kernel": "linear", "sigma": 1.0}, "sigma is only used"),
    ({"degree": 3}, "only used by the polynomial"),
    ({"normalize": "yes"}, "normalize must be True or False"),
])
def test_bad_arguments(kwargs, match):
    x, y = _dependent(20, seed=0)
    with pytest.raises(ValueError, match=match):
        hsic(x, y, **kwargs)


def test_overflow_raises_instead_of_returning_nan():
    x = np.linspace(1e10, 2e10, 20)
    with pytest.raises(ValueError, match="not finite"):
        hsic(x, x, kernel="polynomial", degree=40)
    with pytest.raises(ValueError, match="not finite"):
        hsic_test(x, x, kernel="polynomial", degree=40)


def test_bad_samples():
    with pytest.raises(ValueError, match="same number of samples; got 5 and 4"):
        hsic(np.arange(5.0), np.arange(4.0))
    # the length mismatch is reported before any property of the data (x constant, labels)
    with pytest.raises(ValueError, match="same number of samples; got 10 and 9"):
        hsic(np.ones(10), np.arange(9.0))
    with pytest.raises(ValueError, match="same number of samples; got 10 and 9"):
        hsic(np.ones((10, 2)), np.arange(9.0), kernel="delta", kernel_y="linear")
    with pytest.raises(ValueError, match="at least 2 samples"):
        hsic([1.0], [2.0], kernel="linear")
    with pytest.raises(ValueError, match="at least 4 samples"):
        hsic([1.0, 2, 3], [2.0, 1, 3], estimator="unbiased")
    with pytest.raises(ValueError, match="x must contain only finite"):
        hsic([1.0, np.nan, 3], [1.0, 2, 3])
    with pytest.raises(ValueError, match="y is constant"):
        hsic([1.0, 2, 3, 4], [5.0, 5, 5, 5])
    with pytest.raises(ValueError, match=r"HSIC\(y, y\) > 0"):
        hsic([1.0, 2, 3, 4], [5.0, 5, 5, 5], kernel="linear", normalize=True)
