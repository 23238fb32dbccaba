"""HSICAccumulator: streamed chunks equal the concatenation; exact, associative merging."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathlab.hsic import HSICAccumulator, hsic_nystrom, hsic_rff
from mathlab.hsic._moments import CrossMoments, TreeSum

from ._scale_reference import dependence_samples

RNG = np.random.default_rng(11)
X, Y = dependence_samples("quadratic", 600, RNG)


def _rff(seed=0, d=32):
    return HSICAccumulator.rff(1, 1, n_features=d, sigma=1.0, sigma_y=1.3, random_state=seed)


def _whole(acc_factory):
    acc = acc_factory()
    acc.update(X, Y)
    return acc.statistic()


@settings(max_examples=30, deadline=None)
@given(cuts=st.lists(st.integers(0, 600), max_size=6))
def test_streamed_chunks_equal_concatenation(cuts):
    edges = [0, *sorted(cuts), 600]
    acc = _rff()
    for a, b in zip(edges[:-1], edges[1:]):
        acc.update(X[a:b], Y[a:b])  # empty chunks are allowed
    assert acc.n == 600
    assert acc.statistic() == pytest.approx(_whole(_rff), rel=1e-12, abs=1e-17)


@settings(max_examples=20, deadline=None)
@given(a=st.integers(1, 598), b=st.integers(1, 598))
def test_merge_is_associative_and_commutative(a, b):
    a, b = sorted((a, b))
    b = max(b, a + 1)
    parts = []
    for lo, hi in ((0, a), (a, b), (b, 600)):
        acc = _rff()
        acc.update(X[lo:hi], Y[lo:hi])
        parts.append(acc)
    left = parts[0].merge(parts[1]).merge(parts[2])
    right = parts[0].merge(parts[1].merge(parts[2]))
    swapped = parts[2].merge(parts[0]).merge(parts[1])
    whole = _whole(_rff)
    for acc in (left, right, swapped):
        assert acc.n == 600
        assert acc.statistic() == pytest.approx(whole, rel=1e-12)
    np.testing.assert_allclose(left.cross_covariance(), right.cross_covariance(), rtol=0,
                               atol=1e-15)


def test_accumulator_agrees_with_hsic_rff_and_nystrom():
    rng = np.random.default_rng(5)
    acc = HSICAccumulator.rff(1, 1, n_features=64, sigma=0.8, sigma_y=1.1, random_state=rng)
    acc.update(X, Y)
    assert acc.statistic() == pytest.approx(
        hsic_rff(X, Y, n_features=64, sigma=0.8, sigma_y=1.1, random_state=5), rel=1e-12)
    idx = np.sort(np.random.default_rng(9).choice(600, size=40, replace=False))
    nys = HSICAccumulator.nystrom(X[idx, None], Y[idx, None], sigma=0.8, sigma_y=1.1)
    nys.update(X[:250], Y[:250])
    nys.update(X[250:], Y[250:])
    assert nys.statistic() == pytest.approx(
        hsic_nystrom(X, Y, n_inducing=40, sigma=0.8, sigma_y=1.1, random_state=9), rel=1e-12)


def test_large_feature_means_do_not_cancel():
    # features with mean 1e8 and spread 1: raw sums of products would lose every digit
    rng = np.random.default_rng(0)
    phi = rng.normal(size=(4000, 3))
    psi = phi[:, :2] + rng.normal(size=(4000, 2))
    # two-pass reference on the same (already rounded) shifted data
    exact = CrossMoments.from_features(phi + 1e8, psi - 1e8).hsic()
    total = TreeSum()
    sequential = CrossMoments.empty(3, 2)
    for start in range(0, 4000, 333):
        part = CrossMoments.from_features(phi[start:start + 333] + 1e8,
                                          psi[start:start + 333] - 1e8)
        total.add(part)
        sequential = sequential.merge(part)
    # the offset data carry ~1e-8 absolute rounding, so ~1e-9 relative agreement is the limit
    assert total.result().hsic() == pytest.approx(exact, rel=1e-7)
    assert sequential.hsic() == pytest.approx(exact, rel=1e-7)
    naive = np.sum(((phi + 1e8).T @ (psi - 1e8) / 4000
                    - np.outer((phi + 1e8).mean(0), (psi - 1e8).mean(0))) ** 2)
    assert abs(naive - exact) > 1e-3 * exact  # the textbook one-pass formula fails here


def test_shifted_augmented_product_equals_two_pass():
    rng = np.random.default_rng(1)
    phi, psi = rng.normal(size=(50, 4)) + 3, rng.normal(size=(50, 2)) - 2
    sx, sy = phi[:5].mean(0), psi[:5].mean(0)
    aug_x = np.column_stack([phi - sx, np.ones(50)])
    aug_y = np.column_stack([psi - sy, np.ones(50)])
    got = CrossMoments.from_shifted_augmented(aug_x, aug_y, sx, sy)
    ref = CrossMoments.from_features(phi, psi)
    assert got.n == 50
    np.testing.assert_allclose(got.comoment, ref.comoment, atol=1e-12)
    np.testing.assert_allclose(got.mean_x, ref.mean_x, atol=1e-14)


def test_merge_requires_identical_maps_and_errors_are_clear():
    a, b = _rff(seed=0), _rff(seed=1)
    a.update(X, Y)
    b.update(X, Y)
    with pytest.raises(ValueError, match="different feature maps"):
        a.merge(b)
    with pytest.raises(ValueError, match="must be an HSICAccumulator"):
        a.merge(3)
    with pytest.raises(ValueError, match="no samples have been accumulated"):
        _rff().statistic()
    with pytest.raises(ValueError, match="same number of samples"):
        _rff().update(X[:3], Y[:4])
    with pytest.raises(ValueError, match=r"shape \(n, 1\)"):
        _rff().update(np.zeros((3, 2)), np.zeros(3))
    with pytest.raises(ValueError, match="map_x must be an RFFMap or a NystromMap"):
        HSICAccumulator("rff", a.map_y)
    assert "n=600" in repr(a)


def test_sigma_y_defaults_to_sigma():
    acc = HSICAccumulator.rff(2, 2, n_features=8, sigma=2.5, random_state=0)
    assert acc.map_x.sigma == acc.map_y.sigma == 2.5
