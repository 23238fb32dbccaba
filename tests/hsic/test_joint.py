"""dHSIC: d = 2 is HSIC_b, the statistic against explicit tensor embeddings (linear kernels),
a dense reference and hyppo's dHsic, the exact null mean, the three nulls, calibration and
power on a pairwise-independent but jointly dependent triple, and input validation."""

import math
import warnings

import numpy as np
import pytest

from mathlab.hsic import hsic, hsic_test
from mathlab.hsic._null_moments import CalibrationWarning
from mathlab.hsic.joint import _exact_mean, _grams, _prepare, dhsic, dhsic_from_grams, dhsic_test


def _xor_triple(n, rng):
    a, b = rng.normal(size=n), rng.normal(size=n)
    return a, b, np.sign(a * b) * np.abs(rng.normal(size=n))


@pytest.mark.parametrize("kernel", ["gaussian", "laplace", "linear", "polynomial", "distance"])
def test_two_variables_is_hsic_biased(kernel):
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(70, 2)), rng.exponential(size=70)
    assert dhsic(x, y, kernel=kernel) == pytest.approx(hsic(x, y, kernel=kernel), rel=1e-10)


def test_linear_kernels_equal_the_explicit_tensor_embedding():
    """With linear kernels dHSIC_b = || mean_a (x_a1 (x) x_a2 (x) x_a3) - x1bar (x) x2bar (x)
    x3bar ||^2 (uncentred data: the linear kernel's embedding is the identity map)."""
    rng = np.random.default_rng(1)
    v = [rng.normal(size=(40, 2)) + 1, rng.normal(size=(40, 3)), rng.lognormal(size=(40, 1))]
    joint = np.einsum("ai,aj,ak->ijk", *v) / 40
    product = np.einsum("i,j,k->ijk", *(a.mean(axis=0) for a in v))
    expected = float(np.sum((joint - product) ** 2))
    grams = [a @ a.T for a in v]
    assert dhsic_from_grams(grams) == pytest.approx(expected, rel=1e-10)
    assert dhsic(*v, kernel="linear") == pytest.approx(expected, rel=1e-10)
    # unlike HSIC (d = 2), dHSIC of three variables changes when one is translated
    assert dhsic(v[0] - 1, v[1], v[2], kernel="linear") != pytest.approx(expected, rel=1e-3)


def test_mixed_kernels_and_bandwidths_match_the_dense_definition():
    rng = np.random.default_rng(2)
    a, b, c = rng.normal(size=50), rng.integers(0, 3, 50), rng.normal(size=(50, 2))
    value = dhsic(a, b, c, kernel=["gaussian", "delta", "laplace"], sigma=[0.8, None, 1.3])
    ka = np.exp(-(a[:, None] - a[None]) ** 2 / (2 * 0.8**2))
    kb = (b[:, None] == b[None]).astype(float)
    kc = np.exp(-np.sqrt(((c[:, None] - c[None]) ** 2).sum(-1)) / 1.3)
    n = 50
    expected = (np.sum(ka * kb * kc) / n**2 + ka.mean() * kb.mean() * kc.mean()
                - 2 / n * np.sum(ka.mean(1) * kb.mean(1) * kc.mean(1)))
    assert value == pytest.approx(expected, rel=1e-12)


def test_matches_hyppo_dhsic_with_a_pinned_gaussian_kernel():
    hyppo = pytest.importorskip("hyppo.d_variate")
    rng = np.random.default_rng(3)
    v = [rng.normal(size=(60, 2)), rng.normal(size=(60, 1)), rng.exponential(size=(60, 3))]
    sigma = 1.7
    ours = dhsic(*v, sigma=sigma)
    theirs = hyppo.dHsic(gamma=1 / (2 * sigma**2)).statistic(*v)
    assert ours == pytest.approx(theirs, rel=1e-10)


def test_exact_null_mean_against_monte_carlo_of_permutations():
    rng = np.random.default_rng(4)
    v = (rng.normal(size=40), rng.lognormal(size=(40, 2)), rng.standard_t(3, 40))
    grams = _grams(_prepare(v, ["gaussian", "linear", "distance"], None, None, None,
                            min_samples=2))
    draws = []
    for _ in range(6000):
        moved = [grams[0]] + [k[np.ix_(p, p)] for k in grams[1:] for p in [rng.permutation(40)]]
        draws.append(dhsic_from_grams(moved))
    draws = np.array(draws)
    assert abs(_exact_mean(grams) - draws.mean()) < 4 * draws.std() / math.sqrt(draws.size)


def test_the_three_nulls_detect_joint_but_not_pairwise_dependence():
    rng = np.random.default_rng(5)
    a, b, c = _xor_triple(200, rng)
    for method in ("permutation", "bootstrap", "gamma"):
        res = dhsic_test(a, b, c, method=method, n_permutations=200, random_state=0)
        assert res.pvalue < 0.01, method
        assert res.statistic == pytest.approx(200 * dhsic(a, b, c), rel=1e-12)
        assert res.details["d"] == 3 and res.n == 200
    # each pair is independent
    for u, w in ((a, b), (a, c), (b, c)):
        assert hsic_test(u, w, method="permutation", n_permutations=200,
                         random_state=0).pvalue > 0.01


def test_permutation_null_bookkeeping_and_reproducibility():
    rng = np.random.default_rng(6)
    v = [rng.normal(size=30) for _ in range(3)]
    res = dhsic_test(*v, n_permutations=99, random_state=3)
    again = dhsic_test(*v, n_permutations=99, random_state=3)
    assert np.array_equal(res.null_distribution, again.null_distribution)
    assert res.pvalue == (1 + np.sum(res.null_distribution >= res.statistic)) / 100
    # the first draw permutes variables 2 and 3 with the generator's first two permutations
    g = np.random.default_rng(3)
    p1, p2 = g.permutation(30), g.permutation(30)
    sig = [res.sigma, res.sigma_y, res.details["sigmas"][2]]
    first = 30 * dhsic(v[0], v[1][p1], v[2][p2], sigma=sig)
    assert res.null_distribution[0] == pytest.approx(first, rel=1e-10)


def test_gamma_for_two_variables_is_the_calibrated_hsic_gamma():
    rng = np.random.default_rng(7)
    x, y = rng.normal(size=80), rng.exponential(size=80)
    a = dhsic_test(x, y, method="gamma")
    b = hsic_test(x, y)
    assert a.pvalue == pytest.approx(b.pvalue, rel=1e-12)
    assert a.statistic == pytest.approx(b.statistic, rel=1e-12)


def test_size_under_joint_independence():
    """d = 3 Gaussian kernels, n = 60: the gamma approximation (exact mean, Pfister et al.'s
    variance) and the permutation test (few permutations) at alpha = 0.05."""
    rng = np.random.default_rng(8)
    reps = 150
    rejected = {"gamma": 0, "permutation": 0}
    for r in range(reps):
        v = (rng.normal(size=60), rng.exponential(size=60), rng.uniform(size=60))
        for method in rejected:
            rejected[method] += dhsic_test(*v, method=method, n_permutations=49,
                                           random_state=r).pvalue <= 0.05
    sd = math.sqrt(0.05 * 0.95 / reps)
    for method, count in rejected.items():
        assert abs(count / reps - 0.05) < 3 * sd, (method, count)


@pytest.mark.parametrize("args, kwargs, match", [
    ((np.arange(10.0),), {}, "between 2 and 64 variables"),
    ((np.arange(10.0), np.arange(9.0)), {}, "same number of samples"),
    ((np.arange(10.0), np.arange(10.0)), {"kernel": ["gaussian"]}, "one per variable"),
    ((np.arange(10.0), np.arange(10.0)), {"kernel": ["gaussian", "gaus"]},
     r"kernel\[1\] must be one of"),
    ((np.arange(10.0), np.arange(10.0)), {"sigma": [1.0, -1.0]}, r"sigma\[1\] must be > 0"),
    ((np.arange(10.0), [1.0] * 9 + [np.nan]), {}, r"variables\[1\] must contain only finite"),
    ((np.arange(10.0), np.ones(10)), {}, r"variables\[1\] is constant"),
    ((np.arange(10.0), np.arange(10.0)), {"degree": 2}, "only used by the polynomial"),
])
def test_bad_input_names_the_parameter(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        dhsic(*args, **kwargs)


def test_bad_test_arguments():
    x = np.arange(10.0)
    with pytest.raises(ValueError, match="method must be one of"):
        dhsic_test(x, x, method="spectral")
    with pytest.raises(ValueError, match="n_permutations must be an integer <= 100000"):
        dhsic_test(x, x, n_permutations=10**6)
    with pytest.raises(ValueError, match="at least 6 samples"):
        dhsic_test(x[:5], x[:5], method="gamma")
    with pytest.raises(ValueError, match="at most 5000 samples"):
        dhsic(np.arange(5001.0), np.arange(5001.0))
    with warnings.catch_warnings():
        warnings.simplefilter("error", CalibrationWarning)
        dhsic_test(x, x**2, method="gamma")
