"""HSIC independence tests: Gretton's gamma formulas transcribed independently, permutation
bookkeeping, the spectral null's mean, calibration under independence and power."""

import numpy as np
import pytest
from scipy import stats

from mathlab.hsic import gram, hsic, hsic_test
from mathlab.hsic.kernels import prepare_pair
from mathlab.hsic.nulls import permutation_null


def _gretton_gamma(x, y, sx, sy):
    """Transcription of hsicTestGamma.m (Gretton et al. 2008) with dense matrices."""
    n = len(x)
    k, l = gram(x, sigma=sx), gram(y, sigma=sy)
    h = np.eye(n) - np.ones((n, n)) / n
    kc, lc = h @ k @ h, h @ l @ h
    stat = np.sum(kc.T * lc) / n
    var = (kc * lc / 6) ** 2
    var = (var.sum() - np.trace(var)) / n / (n - 1)
    var = var * 72 * (n - 4) * (n - 5) / n / (n - 1) / (n - 2) / (n - 3)
    k0, l0 = k - np.diag(np.diag(k)), l - np.diag(np.diag(l))
    mux, muy = k0.sum() / n / (n - 1), l0.sum() / n / (n - 1)
    mean = (1 + mux * muy - mux - muy) / n
    alpha, beta = mean**2 / var, var * n / mean
    return stat, alpha, beta, stats.gamma.sf(stat, alpha, scale=beta)


@pytest.mark.parametrize("dependent", [False, True])
def test_gamma_test_matches_gretton_transcription(dependent):
    rng = np.random.default_rng(1)
    x = rng.normal(size=80)
    y = x**2 + rng.normal(size=80) if dependent else rng.normal(size=80)
    res = hsic_test(x, y, sigma=0.9, sigma_y=1.3, method="gamma_gretton")
    stat, alpha, beta, p = _gretton_gamma(x, y, 0.9, 1.3)
    assert res.statistic == pytest.approx(stat, rel=1e-10)
    assert res.details["shape"] == pytest.approx(alpha, rel=1e-10)
    assert res.details["scale"] == pytest.approx(beta, rel=1e-10)
    assert res.pvalue == pytest.approx(p, rel=1e-9)
    assert res.hsic == pytest.approx(hsic(x, y, sigma=0.9, sigma_y=1.3), rel=1e-10)
    assert (res.sigma, res.sigma_y, res.n, res.null_distribution) == (0.9, 1.3, 80, None)


@pytest.mark.parametrize("method", ["gamma", "gamma_gretton"])
def test_gamma_pvalue_uses_survival_function(method):
    x = np.linspace(-1, 1, 400)
    res = hsic_test(x, x**2, method=method)
    assert 0.0 < res.pvalue < 1e-30  # 1 - cdf would round to exactly 0


@pytest.mark.parametrize("method", ["gamma", "gamma_gretton"])
def test_gamma_numba_path_matches_dense_callable_path(method):
    rng = np.random.default_rng(2)
    x, y = rng.normal(size=150), rng.normal(size=150)
    rbf = lambda a, b: np.exp(-((a - b.T) ** 2) / 2.0)  # noqa: E731
    a = hsic_test(x, y, sigma=1.0, sigma_y=1.0, method=method)
    b = hsic_test(x, y, kernel=rbf, method=method)
    assert a.pvalue == pytest.approx(b.pvalue, rel=1e-9)
    assert a.details["shape"] == pytest.approx(b.details["shape"], rel=1e-10)


def test_permutation_pvalue_formula_and_reproducibility():
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=50), rng.normal(size=50)
    res = hsic_test(x, y, method="permutation", n_permutations=199, random_state=7)
    assert res.statistic == pytest.approx(50 * hsic(x, y), rel=1e-10)
    assert res.null_distribution.shape == (199,)
    assert res.pvalue == (1 + np.sum(res.null_distribution >= res.statistic)) / 200
    again = hsic_test(x, y, method="permutation", n_permutations=199, random_state=7)
    assert np.array_equal(again.null_distribution, res.null_distribution)
    # each null value is n * HSIC_b of x against a permutation of y
    perm = np.random.default_rng(7).permuted(np.arange(50)[None, :], axis=1)[0]
    assert res.null_distribution[0] == pytest.approx(50 * hsic(x, y[perm], sigma=res.sigma,
                                                               sigma_y=res.sigma_y), rel=1e-10)


@pytest.mark.parametrize("kernel", ["gaussian", "distance", "delta"])
def test_permutation_dense_and_streaming_paths_agree(kernel):
    rng = np.random.default_rng(4)
    x, y = rng.integers(0, 5, 90).astype(float), rng.normal(size=90)
    pair = prepare_pair(x, y, kernel=kernel, kernel_y="gaussian")
    obs_d, null_d = permutation_null(pair, 30, np.random.default_rng(5), dense=True)
    obs_s, null_s = permutation_null(pair, 30, np.random.default_rng(5), dense=False)
    assert obs_d == pytest.approx(obs_s, rel=1e-10)
    assert np.allclose(null_d.draws, null_s.draws, rtol=1e-10, atol=0)


def test_permutation_with_callable_kernel_matches_builtin():
    """The callable path gathers a dense L; the built-in path recomputes L from permuted y."""
    rng = np.random.default_rng(9)
    x, y = rng.normal(size=70), rng.normal(size=70)
    rbf = lambda a, b: np.exp(-((a - b.T) ** 2) / 2.0)  # noqa: E731
    a = hsic_test(x, y, method="permutation", n_permutations=300, random_state=2,
                  sigma=1.0, sigma_y=1.0)
    b = hsic_test(x, y, method="permutation", n_permutations=300, random_state=2,
                  kernel=rbf)
    assert np.allclose(a.null_distribution, b.null_distribution, rtol=1e-10, atol=0)
    assert a.pvalue == b.pvalue


def test_spectral_null_mean_and_statistic():
    rng = np.random.default_rng(6)
    x, y = rng.normal(size=60), rng.normal(size=60)
    res = hsic_test(x, y, method="spectral", n_permutations=4000, random_state=0)
    assert res.statistic == pytest.approx(60 * hsic(x, y), rel=1e-10)
    h = np.eye(60) - 1 / 60
    expected_mean = (np.trace(h @ gram(x) @ h) * np.trace(h @ gram(y) @ h)) / 60**2
    sd = res.null_distribution.std() / np.sqrt(4000)
    assert abs(res.null_distribution.mean() - expected_mean) < 4 * sd


def _rejection_rate(method, reps, n, seed):
    rng = np.random.default_rng(seed)
    rejected = 0
    for r in range(reps):
        x, y = rng.normal(size=n), rng.standard_t(4, size=n)
        res = hsic_test(x, y, method=method, n_permutations=199, random_state=r)
        rejected += res.pvalue <= 0.05
    return rejected / reps


@pytest.mark.parametrize("method, n", [("gamma", 60), ("gamma_gretton", 60), ("permutation", 40),
                                       ("spectral", 40)])
def test_calibrated_under_independence(method, n):
    reps = 400
    rate = _rejection_rate(method, reps, n, seed=100)
    sd = np.sqrt(0.05 * 0.95 / reps)
    assert abs(rate - 0.05) < 3 * sd, rate


def test_power_where_pearson_fails():
    rng = np.random.default_rng(8)
    hsic_hits = pearson_hits = 0
    for _ in range(30):
        x = rng.uniform(-1, 1, 100)
        y = x**2 + 0.1 * rng.normal(size=100)     # dependent, uncorrelated
        hsic_hits += hsic_test(x, y).pvalue <= 0.05
        pearson_hits += stats.pearsonr(x, y).pvalue <= 0.05
    assert hsic_hits == 30
    assert pearson_hits <= 6


def test_result_reject_and_fields():
    x = np.linspace(0, 1, 30)
    res = hsic_test(x, np.cos(6 * x), method="permutation", random_state=0)
    assert res.reject() and res.method == "permutation" and res.kernel == "gaussian"
    assert res.details == {"n_permutations": 1000, "dense": True}


@pytest.mark.parametrize("kwargs, match", [
    ({"method": "exact"}, "method must be one of"),
    ({"n_permutations": 0}, "n_permutations must be an integer >= 1"),
    ({"random_state": -1, "method": "permutation"}, "random_state"),
    ({"method": "rff", "degree": 2}, "not supported"),
])
def test_bad_arguments(kwargs, match):
    x = np.arange(10.0)
    with pytest.raises(ValueError, match=match):
        hsic_test(x, x**2, **kwargs)


def test_too_few_or_too_many_samples():
    with pytest.raises(ValueError, match="at least 6 samples"):
        hsic_test(np.arange(5.0), np.arange(5.0) ** 2)
    x = np.random.default_rng(0).normal(size=3001)
    with pytest.raises(ValueError, match="at most 3000 samples"):
        hsic_test(x, x, method="spectral", kernel="laplace")
    with pytest.raises(ValueError, match="degenerate"):
        hsic_test(np.arange(10.0), np.ones(10), kernel_y="linear")


def test_permutation_pvalue_of_binary_data_does_not_depend_on_the_kernel():
    """On binary x and y every kernel's statistic is a function of the 2 x 2 table alone, so
    permutations giving the observed table tie with T. Summed in another order they can land an
    ulp below T; they must still count (without a tolerance the Gaussian kernel gave 0.056)."""
    x = np.repeat([0.0, 1.0], 10)
    y = np.array([0.0] * 8 + [1.0] * 2 + [0.0] * 3 + [1.0] * 7)  # table [[8, 2], [3, 7]]
    pvalues = {}
    for kernel, kw in [("delta", {}), ("linear", {}),
                       ("gaussian", {"sigma": 1.0, "sigma_y": 1.0})]:
        res = hsic_test(x, y, kernel=kernel, method="permutation", n_permutations=4000,
                        random_state=0, **kw)
        pvalues[kernel] = res.pvalue
    assert pvalues["delta"] == pvalues["linear"] == pvalues["gaussian"]
    # the same permutations decide by the table itself (integer arithmetic, no rounding)
    rng = np.random.default_rng(0)
    perms = rng.permuted(np.broadcast_to(np.arange(20), (4000, 20)), axis=1)
    # margins are fixed (10 and 9 ones), so T grows with |cell(1, 1) - 10 * 9 / 20|
    ones_together = (y[perms] * x).sum(axis=1)
    ties_or_more = np.count_nonzero(np.abs(ones_together - 4.5) >= abs(7 - 4.5))
    assert pvalues["delta"] == (1 + ties_or_more) / 4001
    # ... and is close to Fisher's exact two-sided p-value of the table
    assert pvalues["delta"] == pytest.approx(stats.fisher_exact([[8, 2], [3, 7]])[1], abs=0.01)


def test_shared_pvalue_counts_rounding_ties_only():
    from mathlab.hsic._pvalue import permutation_pvalue

    t = 0.1 + 0.2  # 0.30000000000000004
    null = np.array([0.3, 0.3 * (1 - 1e-6), 0.31, 0.1])  # one rounding tie, one real loss
    assert permutation_pvalue(t, null) == pytest.approx(3 / 5)
    assert permutation_pvalue(t, np.array([t])) == 1.0
    assert permutation_pvalue(-1.0, np.array([-1.0 - 1e-14, -2.0])) == pytest.approx(2 / 3)


def test_polynomial_parameters_are_recorded():
    x = np.linspace(-1, 1, 40)
    res = hsic_test(x, x ** 3, kernel="polynomial", degree=3, coef0=0.5)
    assert res.details["degree"] == 3 and res.details["coef0"] == 0.5
    res = hsic_test(x, x ** 3, kernel="linear", kernel_y="polynomial", method="permutation",
                    n_permutations=9, random_state=0)
    assert (res.details["degree"], res.details["coef0"]) == (2, 1.0)  # the defaults
    assert "degree" not in hsic_test(x, x ** 3).details
