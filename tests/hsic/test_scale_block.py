"""Block HSIC: per-block HSIC_u against its U-statistic definition, and the normal null."""

import itertools

import numpy as np
import pytest

from mathlab.hsic import hsic_block
from mathlab.hsic.block import block_gram, block_hsic_u

from ._scale_reference import gaussian_gram


def _hsic_u_by_definition(k, l_):
    """Song et al. (2012) as a sum over distinct index tuples (independent of the closed form)."""
    n = k.shape[0]
    pairs = sum(k[i, j] * l_[i, j] for i, j in itertools.permutations(range(n), 2))
    triples = sum(k[i, j] * l_[i, q] for i, j, q in itertools.permutations(range(n), 3))
    quads = sum(k[i, j] * l_[q, r] for i, j, q, r in itertools.permutations(range(n), 4))
    falling = lambda m: np.prod([n - t for t in range(m)])  # noqa: E731
    return pairs / falling(2) + quads / falling(4) - 2 * triples / falling(3)


def test_block_hsic_u_matches_u_statistic_definition():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3, 7, 1))
    y = x ** 2 + 0.2 * rng.normal(size=(3, 7, 1))
    got = block_hsic_u(block_gram(x, 0.9, "gaussian"), block_gram(y, 1.4, "gaussian"))
    for b in range(3):
        ref = _hsic_u_by_definition(gaussian_gram(x[b], 0.9), gaussian_gram(y[b], 1.4))
        assert got[b] == pytest.approx(ref, rel=1e-12)


def test_block_gram_matches_direct_kernels():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2, 6, 3)) + 100.0  # large offsets: distances come from centred rows
    np.testing.assert_allclose(block_gram(x, 2.0, "gaussian")[1], gaussian_gram(x[1], 2.0),
                               atol=1e-12)
    d = np.linalg.norm(x[0][:, None, :] - x[0][None, :, :], axis=-1)
    np.testing.assert_allclose(block_gram(x, 2.0, "laplace")[0], np.exp(-d / 2.0), atol=1e-12)


def test_normal_null_is_calibrated():
    # seeded Monte Carlo: rejection rate at alpha = 0.05 within 3 binomial sd of 0.05
    reps, alpha = 300, 0.05
    rejections = 0
    zs = []
    for s in range(reps):
        rng = np.random.default_rng(500 + s)
        x, y = rng.normal(size=1000), rng.standard_t(4, size=1000)
        res = hsic_block(x, y, block_size=20, sigma=1.0, sigma_y=1.2, random_state=s)
        rejections += res.reject(alpha)
        zs.append(res.statistic)
    sd = np.sqrt(alpha * (1 - alpha) / reps)
    assert abs(rejections / reps - alpha) < 3 * sd
    assert np.std(zs) == pytest.approx(1.0, abs=0.15)  # z is standard normal under H0


@pytest.mark.parametrize("n_blocks", [2, 4, 10, 29])
def test_few_blocks_are_refused(n_blocks):
    # with 2 / 4 / 10 blocks the normal null rejected 13.9% / 9.8% / 7.5% at a nominal 5%
    n = 1200
    rng = np.random.default_rng(6)
    x, y = rng.normal(size=n), rng.normal(size=n)
    block_size = n // n_blocks
    with pytest.raises(ValueError, match=rf"block_size={block_size} leaves n // block_size = "
                                         rf"{n_blocks} blocks of the n = 1200 .* at least 30 "
                                         r"blocks.* block_size <= n // 30 = 40"):
        hsic_block(x, y, block_size=block_size)
    assert hsic_block(x, y, block_size=40).details["n_blocks"] == 30  # the smallest allowed


def test_small_samples_are_sent_to_the_permutation_test():
    x = np.arange(100.0)
    with pytest.raises(ValueError, match="n < 120 is too small for it.*method='permutation'"):
        hsic_block(x, np.sin(x), block_size=4)


def test_null_sd_estimate_matches_monte_carlo_spread():
    # sd_0 from re-paired blocks vs the spread of block HSIC_u over independent draws
    rng = np.random.default_rng(2)
    draws = []
    for _ in range(400):
        x = rng.normal(size=(1, 20, 1))
        y = rng.normal(size=(1, 20, 1))
        draws.append(block_hsic_u(block_gram(x, 1.0, "gaussian"), block_gram(y, 1.0, "gaussian"))[0])
    x, y = rng.normal(size=4000), rng.normal(size=4000)
    res = hsic_block(x, y, block_size=20, sigma=1.0, sigma_y=1.0, random_state=0)
    assert res.details["null_sd"] == pytest.approx(np.std(draws), rel=0.15)


def test_detects_dependence_and_reports_fields():
    rng = np.random.default_rng(3)
    x = rng.normal(size=3000)
    res = hsic_block(x, np.cos(2 * x) + 0.5 * rng.normal(size=3000), random_state=1)
    assert res.method == "block" and res.pvalue < 1e-6 and res.hsic > 0
    assert res.details["n_blocks"] == 60 and res.details["rows_used"] == 3000
    assert res.null_distribution is None and res.n == 3000
    again = hsic_block(x, np.cos(2 * x) + 0.5 * np.random.default_rng(3).normal(size=3000),
                       random_state=1)
    assert isinstance(again.statistic, float)


def test_random_state_only_changes_the_blocks():
    rng = np.random.default_rng(4)
    x, y = rng.normal(size=400), rng.normal(size=400)
    a = hsic_block(x, y, block_size=10, random_state=7)
    assert a.statistic == hsic_block(x, y, block_size=10, random_state=7).statistic
    assert a.statistic != hsic_block(x, y, block_size=10, random_state=8).statistic
    # a block size dividing n and no shuffle-dependence of the mean over a single full block set
    assert a.details["n_blocks"] == 40


@pytest.mark.parametrize("kwargs, message", [
    ({"block_size": 3}, "block_size must be an integer >= 4"),
    ({"block_size": 60}, "at least 30 blocks"),
    ({"kernel": "linear"}, "kernel must be one of 'gaussian', 'laplace'"),
    ({"kernel_y": "delta"}, "kernel_y must be one of"),
    ({"n_null_pairings": 0}, "n_null_pairings must be an integer >= 1"),
])
def test_bad_arguments(kwargs, message):
    x = np.arange(100.0)
    with pytest.raises(ValueError, match=message):
        hsic_block(x, np.sin(x), **kwargs)
