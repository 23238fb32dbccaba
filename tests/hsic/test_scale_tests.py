"""approximate_test (what hsic_test runs for method rff / nystrom / block): calibration, power."""

import inspect

import numpy as np
import pytest

from mathlab.hsic.approx_test import approximate_test
from mathlab.hsic.result import HSICTestResult


def test_signature_is_the_contract_with_hsic_test():
    params = inspect.signature(approximate_test).parameters
    expected = ["x", "y", "method", "n_permutations", "random_state", "kernel", "kernel_y",
                "sigma", "sigma_y", "n_features", "n_inducing", "block_size"]
    assert list(params) == expected
    assert all(params[p].kind is inspect.Parameter.KEYWORD_ONLY for p in expected[2:])


@pytest.mark.parametrize("method", ["rff", "nystrom"])
def test_permutation_tests_are_calibrated(method):
    reps, alpha = 250, 0.05
    rejections = 0
    for s in range(reps):
        rng = np.random.default_rng(9000 + s)
        x, y = rng.normal(size=(80, 2)), rng.exponential(size=80)
        res = approximate_test(x, y, method=method, n_permutations=99, random_state=s,
                               kernel="gaussian", kernel_y=None, sigma=1.5, sigma_y=0.8,
                               n_features=32, n_inducing=20, block_size=20)
        rejections += res.reject(alpha)
    sd = np.sqrt(alpha * (1 - alpha) / reps)
    assert abs(rejections / reps - alpha) < 3 * sd


def test_permutation_statistic_and_null_are_consistent():
    rng = np.random.default_rng(1)
    x = rng.normal(size=200)
    y = np.abs(x) + 0.3 * rng.normal(size=200)
    res = approximate_test(x, y, method="rff", n_permutations=300, random_state=0,
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
    from mathlab.hsic.approx_test import _perm_statistic, _reduced_centred
    from mathlab.hsic.approx import RFFMap

    rng = np.random.default_rng(2)
    x, y = rng.normal(size=(50, 1)), rng.normal(size=(50, 1))
    phi, psi = RFFMap.draw(1, 16, 1.0, 0)(x), RFFMap.draw(1, 16, 1.0, 1)(y)
    perm = rng.permutation(50)
    pc, qc = phi - phi.mean(0), psi[perm] - psi[perm].mean(0)
    direct = np.sum((pc.T @ qc / 50) ** 2) * 50
    reduced = _perm_statistic(_reduced_centred(phi), _reduced_centred(psi), perm)
    assert reduced == pytest.approx(direct, rel=1e-10)


def test_block_method_delegates_and_seeds():
    rng = np.random.default_rng(3)
    x = rng.normal(size=600)
    kw = dict(n_permutations=10, random_state=4, kernel="laplace", kernel_y=None, sigma=None,
              sigma_y=None, n_features=8, n_inducing=8, block_size=30)
    res = approximate_test(x, x ** 2, method="block", **kw)
    assert res.method == "block" and res.kernel_y == "laplace" and res.details["n_blocks"] == 20
    assert res.statistic == approximate_test(x, x ** 2, method="block", **kw).statistic


@pytest.mark.parametrize("kwargs, message", [
    ({"method": "exact"}, "method must be one of 'rff', 'nystrom', 'block'"),
    ({"method": "rff", "kernel": "laplace"}, "kernel must be one of 'gaussian' for method='rff'"),
    ({"method": "nystrom", "kernel_y": "linear"}, "kernel_y must be one of"),
    ({"method": "rff", "n_permutations": 0}, "n_permutations must be an integer >= 1"),
    ({"method": "rff", "n_features": 5}, "must be even"),
])
def test_bad_arguments(kwargs, message):
    x = np.arange(30.0)
    with pytest.raises(ValueError, match=message):
        approximate_test(x, np.cos(x), **kwargs)
