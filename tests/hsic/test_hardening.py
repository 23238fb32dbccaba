"""Extreme and bad input: scale-free bandwidth kernels, stated maxima, clear errors, finite results.

Every public function of mathlab.hsic must give a right answer or a ValueError naming the problem,
within a few seconds, for NaN, inf, zero, negative, tiny, huge, wrong types, complex, empty and
wrongly shaped input, and counts of 2**31.
"""

import signal

import numpy as np
import pytest
from scipy.spatial.distance import pdist

from mathlab.hsic import (HSICAccumulator, gram, hsic, hsic_block, hsic_nystrom, hsic_rff,
                          hsic_test, median_heuristic)
from mathlab.hsic.features import NystromMap, RFFMap, feature_moments

RNG = np.random.default_rng(13)
X = RNG.normal(size=(80, 2))
Y = np.sin(2 * X[:, :1]) + 0.3 * RNG.normal(size=(80, 1))


# --------------------------------------------------------------------------- scale-free numerics

@pytest.mark.parametrize("c", [1e300, 1e-300, 2.0**-1060])
def test_median_heuristic_is_scale_equivariant_at_any_magnitude(c):
    # pdist(c x) overflows (or underflows) for these c; the reference scales the plain median
    x = RNG.normal(size=(200, 3))
    assert median_heuristic(c * x) == pytest.approx(c * np.median(pdist(x)), rel=1e-12)


def test_power_of_two_scaling_changes_nothing_bit_for_bit():
    """Dividing by a power of two is exact, so the scaled frame reproduces every bit."""
    for kernel in ("gaussian", "laplace"):
        base = hsic(X, Y, kernel=kernel)
        assert hsic(X * 2.0**1000, Y * 2.0**-1000, kernel=kernel) == base
        assert hsic(X * 2.0**-1000, Y * 2.0**1020, kernel=kernel) == base
    assert median_heuristic(X * 2.0**1000) == median_heuristic(X) * 2.0**1000


@pytest.mark.parametrize("c", [1e300, 1e-300])
@pytest.mark.parametrize("kernel", ["gaussian", "laplace"])
def test_hsic_with_the_median_heuristic_is_scale_invariant(c, kernel):
    for estimator in ("biased", "unbiased"):
        for normalize in (False, True):
            kw = dict(kernel=kernel, estimator=estimator, normalize=normalize)
            assert hsic(c * X, c * Y, **kw) == pytest.approx(hsic(X, Y, **kw), rel=1e-12)


@pytest.mark.parametrize("c", [1e300, 1e-300])
@pytest.mark.parametrize("kernel", ["linear", "distance"])
def test_normalised_hsic_of_homogeneous_kernels_is_scale_invariant(c, kernel):
    """Linear CKA and distance correlation at any magnitude; the raw value, which scales like
    c**4 or c**2, is refused when float64 cannot hold it (never 0 or inf)."""
    assert hsic(c * X, Y, kernel=kernel, normalize=True) == pytest.approx(
        hsic(X, Y, kernel=kernel, normalize=True), rel=1e-12)
    with pytest.raises(ValueError, match="not finite|below the float64 range"):
        hsic(c * X, c * Y, kernel=kernel)


def test_homogeneous_kernels_scale_exactly_by_powers_of_two():
    assert hsic(X * 2.0**500, Y, kernel="distance") == 2.0**500 * hsic(X, Y, kernel="distance")
    assert hsic(X, Y * 2.0**-300, kernel="linear", estimator="unbiased") == \
        2.0**-600 * hsic(X, Y, kernel="linear", estimator="unbiased")


@pytest.mark.parametrize("method", ["gamma", "permutation", "spectral", "rff", "nystrom"])
def test_tests_at_1e300_match_the_tests_at_unit_scale(method):
    kw = dict(method=method, n_permutations=99, random_state=0, n_features=32, n_inducing=20)
    big = hsic_test(X * 1e300, Y * 1e300, **kw)
    unit = hsic_test(X, Y, **kw)
    assert big.pvalue == pytest.approx(unit.pvalue, rel=1e-9)
    assert big.statistic == pytest.approx(unit.statistic, rel=1e-9)
    assert big.sigma == pytest.approx(1e300 * unit.sigma, rel=1e-12)
    if method != "gamma":
        assert big.pvalue == 0.01  # strongly dependent: no permutation reaches T


def test_block_test_and_features_at_1e300():
    x, y = np.tile(X, (4, 1)), np.tile(Y, (4, 1))
    big = hsic_block(1e300 * x, 1e300 * y, block_size=10, random_state=1)
    assert big.statistic == pytest.approx(hsic_block(x, y, block_size=10,
                                                     random_state=1).statistic, rel=1e-9)
    for estimate in (hsic_rff, hsic_nystrom):
        assert estimate(1e300 * X, 1e300 * Y, random_state=0) == pytest.approx(
            estimate(X, Y, random_state=0), rel=1e-9)


def test_data_near_1e300_are_not_constant():
    x = np.linspace(1.0, 1.7, 40) * 1e308   # spread 7e307: squared distances would overflow
    res = hsic_test(x, x[::-1] ** 0 * np.cos(np.arange(40.0)))
    assert 0 < res.pvalue <= 1 and res.sigma > 1e306


# --------------------------------------------------------------------------- bandwidths

@pytest.mark.parametrize("sigma", [1e-300, 5e-324, 1e300])
def test_bandwidths_outside_the_representable_range_are_refused(sigma):
    with pytest.raises(ValueError, match=r"sigma must lie within \[1e-150, 1e\+150\] times"):
        gram(X, sigma=sigma)
    with pytest.raises(ValueError, match=r"sigma_y must lie within"):
        hsic(X, Y, sigma_y=sigma)
    with pytest.raises(ValueError, match=r"sigma must lie within"):
        hsic_test(X, Y, sigma=sigma, method="permutation", n_permutations=9)


def test_bandwidths_at_the_ends_of_the_range_give_the_exact_limits():
    largest = np.max(np.abs(X))
    np.testing.assert_array_equal(gram(X, sigma=1e-149 * largest), np.eye(80))
    np.testing.assert_array_equal(gram(X, sigma=1e149 * largest, kernel="laplace"),
                                  np.ones((80, 80)))


@pytest.mark.parametrize("call", [
    lambda: hsic_rff(X, Y, sigma=1e-305),
    lambda: hsic_nystrom(X, Y, sigma_y=5e-324),
    lambda: hsic_rff(X, Y, sigma=1e-160),           # |x| / sigma > 1e150
    lambda: hsic_nystrom(X, Y, sigma=1e-160),
    lambda: hsic_nystrom(X, Y, eps=5e-324),
    lambda: RFFMap.draw(2, 8, 1e-310),
    lambda: HSICAccumulator.rff(2, 1, sigma=1e-310),
    lambda: NystromMap.from_inducing(X, 1e-200),
])
def test_feature_maps_refuse_bandwidths_they_cannot_represent(call):
    with pytest.raises(ValueError, match="sigma|eps"):
        call()


# --------------------------------------------------------------------------- stated maxima

HUGE = 2**31


@pytest.mark.parametrize("call, match", [
    (lambda: hsic_test(X, Y, method="rff", n_permutations=HUGE), "n_permutations.*<= 1000000"),
    (lambda: hsic_test(X, Y, method="spectral", n_permutations=HUGE), "n_permutations"),
    (lambda: hsic_test(X, Y, method="rff", n_features=HUGE), "n_features.*<= 8192"),
    (lambda: hsic_test(X, Y, method="nystrom", n_inducing=HUGE), "n_inducing.*<= 10000"),
    (lambda: hsic_test(X, Y, method="block", block_size=HUGE), "block_size.*<= 2000"),
    (lambda: hsic_rff(X, Y, n_features=HUGE), "n_features"),
    (lambda: hsic_rff(X, Y, chunk_size=HUGE), "chunk_size.*<= 16777216"),
    (lambda: hsic_nystrom(X, Y, n_inducing=HUGE), "n_inducing"),
    (lambda: hsic_block(X, Y, block_size=HUGE), "block_size"),
    (lambda: hsic_block(X, Y, n_null_pairings=HUGE), "n_null_pairings"),
    (lambda: median_heuristic(X, max_points=HUGE), "max_points.*<= 10000"),
    (lambda: HSICAccumulator.rff(HUGE, 1), "dim_x"),
    (lambda: HSICAccumulator.rff(1, 1, n_features=HUGE), "n_features"),
    (lambda: RFFMap.draw(HUGE, 8, 1.0), "input_dim"),
    (lambda: RFFMap.draw(4096, 2**15, 1.0), "frequencies exceed"),
    (lambda: feature_moments(X, Y, RFFMap.draw(2, 8, 1.0), RFFMap.draw(1, 8, 1.0),
                             workers=HUGE), "workers"),
    (lambda: HSICAccumulator.rff(1, 1).update(X[:, :1], Y, chunk_size=HUGE), "chunk_size"),
])
def test_counts_have_stated_maxima_checked_up_front(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_dense_gram_matrices_have_a_stated_maximum():
    big = np.zeros(20_001)
    big[0] = 1.0
    with pytest.raises(ValueError, match="allowed up to n = 20000"):
        gram(big, sigma=1.0)
    with pytest.raises(ValueError, match="callable kernel"):
        hsic(big, big, kernel=lambda a, b: a @ b.T)


# --------------------------------------------------------------------------- types and results

COMPLEX = X[:, 0] + 1j


@pytest.mark.parametrize("call", [
    lambda: hsic(COMPLEX, Y), lambda: hsic_test(X, Y[:, 0] * 1j), lambda: gram(COMPLEX),
    lambda: median_heuristic(COMPLEX), lambda: hsic_rff(COMPLEX, Y),
    lambda: hsic_nystrom(X, Y[:, 0] + 0j), lambda: hsic_block(COMPLEX, Y),
    lambda: HSICAccumulator.rff(1, 1).update(COMPLEX, Y),
    lambda: RFFMap.draw(1, 8, 1.0)(COMPLEX),
])
def test_complex_data_are_refused_not_truncated(call):
    with pytest.raises(ValueError, match="real numbers"):
        call()


@pytest.mark.parametrize("value", [1 + 2j, "1.0", [1.0], float("nan"), True, -1.0])
def test_bad_scalar_types_raise_value_errors(value):
    for call in (lambda: hsic(X, Y, sigma=value), lambda: gram(X, sigma=value),
                 lambda: hsic_rff(X, Y, sigma_y=value),
                 lambda: hsic_test(X, Y, method="permutation", n_permutations=value)):
        with pytest.raises(ValueError):
            call()


def test_overflowing_kernels_raise_instead_of_returning_inf():
    x = np.linspace(1e10, 2e10, 20)
    with pytest.raises(ValueError, match="Gram matrix is not finite"):
        gram(x, kernel="polynomial", degree=40)
    with pytest.raises(ValueError, match="not finite"):
        hsic(1e300 * X, Y, kernel="linear")     # HSIC scales like c**2: 1e600
    # the distance kernel's HSIC scales like c: 1e300 * X is within range, and exact
    assert hsic(2.0**990 * X, Y, kernel="distance") == 2.0**990 * hsic(X, Y, kernel="distance")


# --------------------------------------------------------------------------- the sweep

BAD_ARRAYS = {
    "nan": np.r_[X[:-1, 0], np.nan], "inf": np.r_[X[:-1, 0], -np.inf], "zeros": np.zeros(80),
    "tiny": X[:, 0] * 5e-324, "huge": X[:, 0] * 1e300, "strings": ["a"] * 80, "none": None,
    "empty": np.array([]), "3-d": np.zeros((80, 1, 1)), "short": X[:5, 0], "scalar": 3.0,
}
FUNCTIONS = {
    "hsic": lambda a, b: hsic(a, b), "hsic_distance": lambda a, b: hsic(a, b, kernel="distance"),
    "hsic_normalised": lambda a, b: hsic(a, b, kernel="linear", normalize=True),
    "gamma": lambda a, b: hsic_test(a, b),
    "permutation": lambda a, b: hsic_test(a, b, method="permutation", n_permutations=20),
    "spectral": lambda a, b: hsic_test(a, b, method="spectral", n_permutations=20),
    "rff_test": lambda a, b: hsic_test(a, b, method="rff", n_permutations=20, n_features=8),
    "nystrom_test": lambda a, b: hsic_test(a, b, method="nystrom", n_permutations=20,
                                           n_inducing=8),
    "rff": lambda a, b: hsic_rff(a, b, n_features=8),
    "nystrom": lambda a, b: hsic_nystrom(a, b, n_inducing=8),
    "block": lambda a, b: hsic_block(a, b, block_size=4),
}


def _finite(out):
    if hasattr(out, "pvalue"):
        return np.isfinite([out.statistic, out.pvalue, out.hsic]).all()
    return bool(np.isfinite(out))


class _Budget(Exception):
    pass


def _alarm(signum, frame):
    raise _Budget


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_sweep_of_bad_samples_gives_an_error_or_a_finite_result(name):
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        for label, bad in BAD_ARRAYS.items():
            for args in ((bad, Y[:, 0]), (X[:, 0], bad)):
                signal.alarm(20)
                try:
                    assert _finite(FUNCTIONS[name](*args)), label
                except ValueError:
                    pass
                except _Budget:
                    pytest.fail(f"{name} with {label} input took more than 20 s")
                finally:
                    signal.alarm(0)
    finally:
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("call, match", [
    (lambda: HSICAccumulator.rff(0, 1), "dim_x"),
    (lambda: HSICAccumulator.rff(1, 2**31), "dim_y"),
    (lambda: HSICAccumulator.nystrom(X[:10], [[np.nan]], sigma=1.0), "inducing_y"),
    (lambda: HSICAccumulator.nystrom(X[:10] + 0j, X[:10]), "inducing_x"),
    (lambda: HSICAccumulator.nystrom(X[:10], X[:10], sigma_y=1e-300), "sigma_y"),
    (lambda: HSICAccumulator.rff(2, 1).update(np.r_[X[:-1], [[np.nan, 0]]], Y), "x_chunk"),
    (lambda: HSICAccumulator.rff(2, 1).update(X, Y[:, 0] + 1j), "y_chunk"),
    (lambda: hsic_rff(X, Y, sigma_y=1e-300), "sigma_y"),
    (lambda: hsic_nystrom(X, Y, sigma_y=1e-300), "sigma_y"),
    (lambda: hsic_rff(X, np.r_[Y[:-1], [[np.inf]]]), "y must"),
    (lambda: hsic(X, Y, kernel="polynomial", coef0=1e300), "coef0"),
    (lambda: gram(X, kernel="polynomial", coef0=1e20, degree=16), "coef0"),
    (lambda: hsic_test(X, Y).reject("0.05"), "alpha"),
    (lambda: hsic_test(X, Y).reject(1.5), "alpha"),
])
def test_errors_name_the_parameter(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_constant_y_is_named_as_y():
    with pytest.raises(ValueError, match="y is constant"):
        hsic_rff(X, np.ones(80))
    with pytest.raises(ValueError, match="y is constant"):
        hsic_test(X, np.ones(80), method="rff")
