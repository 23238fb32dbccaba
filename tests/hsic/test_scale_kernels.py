"""Feature maps: the numba sin/cos kernel against numpy, and the kernels the features approximate."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathlab.hsic._features import (MAX_REDUCED_ARGUMENT, _sincos_rows, rff_features,
                                    rff_features_reference)
from mathlab.hsic.features import NystromMap, RFFMap

from ._scale_reference import gaussian_gram


def _kernel(theta, scale, shift=None):
    theta = np.ascontiguousarray(theta, dtype=float)
    m = theta.shape[1]
    out = np.empty((theta.shape[0], 2 * m))
    _sincos_rows(theta, scale, np.zeros(2 * m) if shift is None else shift, out)
    return out


@settings(max_examples=40, deadline=None)
@given(scale=st.floats(1e-3, 3e3), seed=st.integers(0, 2 ** 32 - 1))
def test_numba_kernel_matches_numpy(scale, seed):
    theta = np.random.default_rng(seed).normal(size=(23, 9)) * scale
    ref = 0.7 * np.hstack([np.cos(theta), np.sin(theta)])
    # the reduced argument carries ~|theta| * 1e-16 absolute error, like any libm
    assert np.max(np.abs(_kernel(theta, 0.7) - ref)) < 1e-15 * max(1.0, scale)


def test_large_inputs_use_the_kernel_and_agree():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(4000, 2))
    freqs = rng.normal(size=(2, 64))
    np.testing.assert_allclose(rff_features(x, freqs, 0.3), rff_features_reference(x, freqs, 0.3),
                               rtol=0, atol=1e-15)


def test_quadrant_boundaries_and_fallback():
    # arguments at multiples of pi/4 exercise every quadrant and the reduction's edges
    theta = (np.arange(-40, 41) * np.pi / 4)[:, None]
    np.testing.assert_allclose(_kernel(theta, 1.0), rff_features_reference(theta, np.ones((1, 1)), 1.0),
                               rtol=0, atol=2e-15)
    huge = np.full((300_000, 1), 3.0 * MAX_REDUCED_ARGUMENT)  # beyond the fast range: numpy path
    np.testing.assert_array_equal(rff_features(huge[:, :1], np.ones((1, 1)), 1.0),
                                  rff_features_reference(huge, np.ones((1, 1)), 1.0))


def test_shift_and_augment():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(20, 2))
    freqs = rng.normal(size=(2, 3))
    shift = rng.normal(size=6)
    aug = rff_features(x, freqs, 0.5, shift, augment=True)
    np.testing.assert_allclose(aug[:, :6], rff_features_reference(x, freqs, 0.5) - shift,
                               atol=1e-15)
    np.testing.assert_array_equal(aug[:, 6], 1.0)


def test_rff_kernel_error_shrinks_like_inverse_sqrt_features():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(60, 2))
    exact = gaussian_gram(x, 1.3)
    errors = []
    for d in (32, 512, 8192):
        phi = RFFMap.draw(2, d, 1.3, random_state=2)(x)
        errors.append(np.sqrt(np.mean((phi @ phi.T - exact) ** 2)))
    # Monte Carlo error ~ 1/sqrt(D): a factor 16 in D gives ~4 in error
    assert errors[0] > 2.5 * errors[1] > 2.5 ** 2 * errors[2]
    assert errors[2] < 0.02


def test_rff_map_counts_columns_and_checks_input():
    m = RFFMap.draw(3, 10, 2.0, random_state=0)
    assert m.n_features == 10 and m.frequencies.shape == (3, 5)
    with pytest.raises(ValueError, match="even"):
        RFFMap.draw(3, 9, 2.0)
    with pytest.raises(ValueError, match="sigma must be > 0"):
        RFFMap.draw(3, 8, -1.0)
    with pytest.raises(ValueError, match=r"shape \(n, 3\)"):
        m(np.zeros((4, 2)))


def test_rff_frequency_scale_matches_bandwidth():
    # omega ~ N(0, sigma^-2): the sample sd of many frequencies is 1/sigma
    m = RFFMap.draw(1, 200_000, 4.0, random_state=0)
    assert np.std(m.frequencies) == pytest.approx(0.25, rel=0.01)


def test_nystrom_is_exact_at_inducing_points_and_regularised():
    rng = np.random.default_rng(3)
    z = rng.normal(size=(30, 2))
    m = NystromMap.from_inducing(z, 0.9, eps=1e-10)
    phi = m(z)
    np.testing.assert_allclose(phi @ phi.T, gaussian_gram(z, 0.9), atol=1e-7)
    # repeated inducing points make K_ZZ singular; eps keeps the features finite
    rep = NystromMap.from_inducing(np.vstack([z, z]), 0.9)
    assert np.isfinite(rep(z)).all()
    with pytest.raises(ValueError, match="kernel must be one of"):
        NystromMap.from_inducing(z, 0.9, kernel="linear")


def test_nystrom_laplace_kernel():
    rng = np.random.default_rng(4)
    z = rng.normal(size=(25, 1))
    phi = NystromMap.from_inducing(z, 1.5, kernel="laplace", eps=1e-12)(z)
    d = np.abs(z - z.T)
    np.testing.assert_allclose(phi @ phi.T, np.exp(-d / 1.5), atol=1e-6)
