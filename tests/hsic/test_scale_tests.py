"""hsic_test with method rff / nystrom / block: calibration, power, bookkeeping."""

import inspect

import numpy as np
import pytest

from mathlab.hsic import hsic_test
from mathlab.hsic.independence import METHODS
from mathlab.hsic.result import HSICTestResult


def test_every_method_option_is_a_keyword_of_hsic_test():
    params = inspect.signature(hsic_test).parameters
    for method in METHODS.values():
        assert all(params[o].kind is inspect.Parameter.KEYWORD_ONLY for o in method.options)
    assert list(METHODS) == ["gamma", "gamma_gretton", "permutation", "spectral", "rff",
                             "nystrom", "block"]


@pytest.mark.parametrize("method", ["rff", "nystrom"])
def test_permutation_tests_are_calibrated(method):
    reps, alpha = 250, 0.05
    rejections = 0
    for s in range(reps):
        rng = np.random.default_rng(9000 + s)
        x, y = rng.normal(size=(80, 2)), rng.exponential(size=80)
        res = hsic_test(x, y, method=method, n_permutations=99, random_state=s,
                               kernel="gaussian", kernel_y=None, sigma=1.5, sigma_y=0.8,
                               n_features=32, n_inducing=20, block_size=20)
        rejections += res.reject(alpha)
    sd = np.sqrt(alpha * (1 - alpha) / reps)
    assert abs(rejections / reps - alpha) < 3 * sd


def test_nystrom_test_is_calibrated_in_high_dimension():
    """Inducing rows have feature norm 1 in both variables; if they were tested, the observed
    pairing would align large-norm rows and the test would be liberal (mean p-value 0.38 in this
    setting). Under independence p is uniform on {1/100, ..., 1}: mean 0.505."""
    reps, n, m = 150, 200, 50
    pvalues = []
    for s in range(reps):
        rng = np.random.default_rng(7000 + s)
        x, y = rng.normal(size=(n, 20)), rng.normal(size=(n, 20))
        res = hsic_test(x, y, method="nystrom", n_permutations=99, random_state=s,
                               n_inducing=m)
        pvalues.append(res.pvalue)
    pvalues = np.array(pvalues)
    se = pvalues.std(ddof=1) / np.sqrt(reps)
    assert abs(pvalues.mean() - 0.505) < 3 * se


def test_nystrom_test_uses_only_rows_that_are_not_inducing_points():
    from mathlab.hsic.features import NystromMap

    rng = np.random.default_rng(5)
    x, y = rng.normal(size=(60, 2)), rng.normal(size=(60, 1))
    res = hsic_test(x, y, method="nystrom", n_permutations=20, random_state=11,
                           sigma=1.3, sigma_y=0.9, n_inducing=15)
    assert res.n == 60 and res.details["rows_tested"] == 45 and res.details["n_inducing"] == 15
    assert res.statistic == pytest.approx(45 * res.hsic, rel=1e-12)
    # the same split drawn by hand: the first 15 of one permutation induce, the rest are tested
    order = np.random.default_rng(11).permutation(60)
    idx, rest = np.sort(order[:15]), np.sort(order[15:])
    phi = NystromMap.from_inducing(x[idx], 1.3)(x[rest])
    psi = NystromMap.from_inducing(y[idx], 0.9)(y[rest])
    pc, qc = phi - phi.mean(0), psi - psi.mean(0)
    assert res.hsic == pytest.approx(np.sum((pc.T @ qc / 45) ** 2), rel=1e-9)


def test_nystrom_test_needs_rows_left_to_test():
    x = np.arange(30.0)
    with pytest.raises(ValueError, match=r"n_inducing must be at most n - 4 = 26 .* got "
                                         r"n_inducing=256"):
        hsic_test(x, np.cos(x), method="nystrom")  # the default m = 256 > n
    with pytest.raises(ValueError, match="n_inducing=27"):
        hsic_test(x, np.cos(x), method="nystrom", n_inducing=27)
    res = hsic_test(x, np.cos(x), method="nystrom", n_inducing=26, n_permutations=9)
    assert res.details["rows_tested"] == 4


def test_permutation_statistic_and_null_are_consistent():
    rng = np.random.default_rng(1)
    x = rng.normal(size=200)
    y = np.abs(x) + 0.3 * rng.normal(size=200)
    res = hsic_test(x, y, method="rff", n_permutations=300, random_state=0,
                           n_features=64)
    assert isinstance(res, HSICTestResult) and res.method == "rff"
    assert res.statistic == pytest.approx(200 * res.hsic, rel=1e-12)
    assert res.null_distribution.shape == (300,)
    assert res.pvalue == pytest.approx((1 + np.sum(res.null_distribution >= res.statistic)) / 301)
    assert res.pvalue < 0.01 and res.details["n_features"] == 64
    # the rank reduction does not change the statistic: compare with hsic_rff's value
    from mathlab.hsic import hsic_rff

    assert res.hsic == pytest.approx(hsic_rff(x, y, n_features=64, random_state=0), rel=1e-9)


def test_permuted_statistic_equals_explicit_permutation():
    from mathlab.hsic.features import RFFMap
    from mathlab.hsic.nulls import _perm_statistic, reduced_centred

    rng = np.random.default_rng(2)
    x, y = rng.normal(size=(50, 1)), rng.normal(size=(50, 1))
    phi, psi = RFFMap.draw(1, 16, 1.0, 0)(x), RFFMap.draw(1, 16, 1.0, 1)(y)
    perm = rng.permutation(50)
    pc, qc = phi - phi.mean(0), psi[perm] - psi[perm].mean(0)
    direct = np.sum((pc.T @ qc / 50) ** 2) * 50
    reduced = _perm_statistic(reduced_centred(phi), reduced_centred(psi), perm)
    assert reduced == pytest.approx(direct, rel=1e-10)


def test_block_method_delegates_and_seeds():
    rng = np.random.default_rng(3)
    x = rng.normal(size=600)
    kw = dict(n_permutations=10, random_state=4, kernel="laplace", kernel_y=None, sigma=None,
              sigma_y=None, n_features=8, n_inducing=8, block_size=20)
    res = hsic_test(x, x ** 2, method="block", **kw)
    assert res.method == "block" and res.kernel_y == "laplace" and res.details["n_blocks"] == 30
    assert res.statistic == hsic_test(x, x ** 2, method="block", **kw).statistic


@pytest.mark.parametrize("kwargs, message", [
    ({"method": "exact"}, "method must be one of 'gamma', 'gamma_gretton', 'permutation'"),
    ({"method": "rff", "kernel": "laplace"}, "kernel must be one of 'gaussian' for method='rff'"),
    ({"method": "nystrom", "kernel_y": "linear"}, "kernel_y must be one of"),
    ({"method": "rff", "n_permutations": 0}, "n_permutations must be an integer >= 1"),
    ({"method": "rff", "n_features": 5}, "must be even"),
])
def test_bad_arguments(kwargs, message):
    x = np.arange(30.0)
    with pytest.raises(ValueError, match=message):
        hsic_test(x, np.cos(x), **kwargs)
