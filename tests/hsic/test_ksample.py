"""k-sample test: HSIC_b with delta labels = 2 (n1 n2 / n^2)^2 MMD_b^2 against an independent
MMD computation, the same test as hsic_test on the pooled data, size and power, validation."""

import math

import numpy as np
import pytest

from mathlab.hsic import gram, hsic, hsic_test
from mathlab.hsic.ksample import ksample_test


def _mmd2_biased(a, b, sigma):
    """MMD_b^2 = mean k(a, a') + mean k(b, b') - 2 mean k(a, b), straight from its definition."""
    def k(u, v):
        return np.exp(-((u[:, None, :] - v[None, :, :]) ** 2).sum(-1) / (2 * sigma**2))
    return k(a, a).mean() + k(b, b).mean() - 2 * k(a, b).mean()


@pytest.mark.parametrize("sizes", [(30, 30), (25, 70)])
def test_two_sample_hsic_is_scaled_mmd(sizes):
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(sizes[0], 2)), rng.normal(size=(sizes[1], 2)) + 0.5
    res = ksample_test(a, b, sigma=1.3)
    n0, n1 = sizes
    n = n0 + n1
    mmd2 = _mmd2_biased(a, b, 1.3)
    assert res.hsic == pytest.approx(2 * (n0 * n1 / n**2) ** 2 * mmd2, rel=1e-10)
    assert res.details["mmd2_biased"] == pytest.approx(mmd2, rel=1e-10)
    assert res.details["sample_sizes"] == sizes and res.kernel_y == "delta"


def test_between_sample_scatter_for_k_samples():
    """n^2 HSIC_b = sum_g n_g^2 ||mu_g - mu||^2, here with the linear kernel (explicit means)."""
    rng = np.random.default_rng(1)
    samples = [rng.normal(size=(m, 3)) + s for m, s in ((20, 0.0), (35, 0.3), (15, -0.2))]
    pooled = np.concatenate(samples)
    n = pooled.shape[0]
    mu = pooled.mean(axis=0)
    scatter = sum(len(s) ** 2 * np.sum((s.mean(axis=0) - mu) ** 2) for s in samples)
    res = ksample_test(*samples, kernel="linear", method="permutation", n_permutations=99,
                       random_state=0)
    assert res.hsic == pytest.approx(scatter / n**2, rel=1e-10)


def test_same_as_hsic_test_on_pooled_data_and_labels():
    rng = np.random.default_rng(2)
    a, b, c = rng.normal(size=40), rng.normal(size=30), rng.standard_t(3, 50)
    pooled, labels = np.concatenate([a, b, c]), np.repeat([0, 1, 2], [40, 30, 50])
    for method in ("gamma", "permutation"):
        ours = ksample_test(a, b, c, method=method, n_permutations=199, random_state=4)
        ref = hsic_test(pooled, labels, kernel_y="delta", method=method, n_permutations=199,
                        random_state=4)
        assert ours.pvalue == ref.pvalue and ours.statistic == ref.statistic
    assert ours.hsic == pytest.approx(hsic(pooled, labels, kernel_y="delta"), rel=1e-12)
    assert np.allclose(gram(labels, "delta")[:40, :40], 1.0)


def test_size_and_power():
    rng = np.random.default_rng(3)
    reps = 200
    null_rejects = alt_rejects = 0
    for _ in range(reps):
        a, b = rng.lognormal(size=40), rng.lognormal(size=60)
        null_rejects += ksample_test(a, b).pvalue <= 0.05
    for _ in range(20):
        a, b = rng.normal(size=60), 2.5 * rng.normal(size=60)   # same location, other scale
        alt_rejects += ksample_test(a, b).pvalue <= 0.05
    assert abs(null_rejects / reps - 0.05) < 3 * math.sqrt(0.05 * 0.95 / reps)
    assert alt_rejects >= 15


@pytest.mark.parametrize("args, match", [
    ((np.arange(5.0),), "between 2 and 10000 samples"),
    ((np.arange(5.0), np.zeros((4, 2))), "same number of features"),
    ((np.arange(5.0), []), r"samples\[1\] must have at least 1 entries"),
    ((np.arange(5.0), [1.0, np.inf]), r"samples\[1\] must contain only finite"),
])
def test_bad_input(args, match):
    with pytest.raises(ValueError, match=match):
        ksample_test(*args)
    with pytest.raises(ValueError, match="method must be one of"):
        ksample_test(np.arange(5.0), np.arange(5.0), method="rff")
