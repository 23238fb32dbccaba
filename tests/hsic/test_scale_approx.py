"""hsic_rff and hsic_nystrom against the dense O(n^2) HSIC_b, and their input checks."""

import numpy as np
import pytest

from mathlab.hsic import hsic_nystrom, hsic_rff
from mathlab.hsic.bandwidth import median_heuristic

from ._scale_reference import dependence_samples, hsic_biased_dense

KINDS = ("linear", "quadratic", "sine", "independent")


@pytest.fixture(scope="module")
def samples():
    rng = np.random.default_rng(20190826)
    out = {}
    for kind in KINDS:
        x, y = dependence_samples(kind, 300, rng)
        sx, sy = median_heuristic(x), median_heuristic(y)
        out[kind] = (x, y, sx, sy, hsic_biased_dense(x, y, sx, sy))
    return out


@pytest.mark.parametrize("estimator, sizes", [
    (lambda x, y, d, s: hsic_rff(x, y, n_features=d, random_state=s), (16, 128, 1024)),
    (lambda x, y, d, s: hsic_nystrom(x, y, n_inducing=d, random_state=s), (4, 12, 48)),
], ids=["rff", "nystrom"])
def test_error_shrinks_as_features_grow(samples, estimator, sizes):
    seeds = range(6)
    mean_errors = []
    for d in sizes:
        errs = [abs(estimator(x, y, d, s) - exact)
                for (x, y, _, _, exact) in samples.values() for s in seeds]
        mean_errors.append(np.mean(errs))
    assert mean_errors[0] > 1.5 * mean_errors[1] > 1.5 ** 2 * mean_errors[2]
    scale = np.mean([v[4] for v in samples.values()])
    assert mean_errors[-1] < 0.1 * scale


def test_rff_is_unbiased_over_frequencies(samples):
    x, y, _, _, exact = samples["sine"]
    draws = np.array([hsic_rff(x, y, n_features=32, random_state=s) for s in range(200)])
    se = draws.std(ddof=1) / np.sqrt(draws.size)
    assert abs(draws.mean() - exact) < 4 * se


def test_nystrom_with_every_point_inducing_is_exact(samples):
    x, y, sx, sy, exact = samples["quadratic"]
    assert hsic_nystrom(x, y, n_inducing=300, eps=1e-12) == pytest.approx(exact, rel=1e-7)
    # n_inducing above n is capped at n
    assert hsic_nystrom(x, y, n_inducing=10_000, eps=1e-12) == pytest.approx(exact, rel=1e-7)


def test_default_bandwidths_are_the_median_heuristic(samples):
    x, y, sx, sy, _ = samples["linear"]
    assert hsic_rff(x, y, random_state=5) == hsic_rff(x, y, sigma=sx, sigma_y=sy, random_state=5)
    assert hsic_nystrom(x, y, random_state=5) == hsic_nystrom(x, y, sigma=sx, sigma_y=sy,
                                                              random_state=5)


def test_invariances(samples):
    x, y, _, _, _ = samples["sine"]
    perm = np.random.default_rng(0).permutation(x.size)
    base = hsic_rff(x, y, n_features=64, random_state=3)
    # joint permutation of the rows, chunking and 1-D vs (n, 1) input change nothing
    assert hsic_rff(x[perm], y[perm], n_features=64, random_state=3) == pytest.approx(base,
                                                                                      rel=1e-12)
    assert hsic_rff(x, y, n_features=64, random_state=3, chunk_size=7) == pytest.approx(base,
                                                                                        rel=1e-12)
    assert hsic_rff(x[:, None], y[:, None], n_features=64, random_state=3) == base
    # symmetric in the roles of x and y when their frequencies are swapped
    assert hsic_rff(y, x, n_features=64, random_state=3, sigma=median_heuristic(y),
                    sigma_y=median_heuristic(x)) > 0


def test_independence_gives_small_values(samples):
    small = hsic_rff(*samples["independent"][:2], n_features=256, random_state=0)
    large = hsic_rff(*samples["quadratic"][:2], n_features=256, random_state=0)
    assert 0 <= small < large / 10


def test_multivariate_inputs():
    rng = np.random.default_rng(7)
    x = rng.normal(size=(200, 3))
    y = np.column_stack([x[:, 0] * x[:, 1], rng.normal(size=200)])
    sx, sy = median_heuristic(x), median_heuristic(y)
    exact = hsic_biased_dense(x, y, sx, sy)
    est = np.mean([hsic_rff(x, y, n_features=512, random_state=s) for s in range(5)])
    assert est == pytest.approx(exact, rel=0.15)
    assert hsic_nystrom(x, y, n_inducing=200, eps=1e-12) == pytest.approx(exact, rel=1e-6)


@pytest.mark.parametrize("kwargs, message", [
    ({"n_features": 7}, "must be even"),
    ({"n_features": 0}, "n_features must be an integer >= 2"),
    ({"sigma": 0.0}, "sigma must be > 0"),
    ({"sigma_y": float("nan")}, "sigma_y must be a finite real number"),
    ({"chunk_size": 0}, "chunk_size must be an integer >= 1"),
    ({"random_state": -1}, "random_state must be a non-negative integer"),
])
def test_rff_rejects_bad_parameters(kwargs, message):
    x = np.arange(10.0)
    with pytest.raises(ValueError, match=message):
        hsic_rff(x, x[::-1], **kwargs)


def test_bad_samples_are_rejected():
    x = np.arange(10.0)
    with pytest.raises(ValueError, match="same number of samples; got 10 and 9"):
        hsic_rff(x, x[:9])
    bad = x.copy()
    bad[7] = np.nan
    with pytest.raises(ValueError, match="finite values.*first at row 7"):
        hsic_rff(x, bad, sigma=1.0, sigma_y=1.0, chunk_size=3)
    with pytest.raises(ValueError, match="at least 2 entries"):
        hsic_nystrom([1.0], [2.0])
    with pytest.raises(ValueError, match="1- or 2-dimensional"):
        hsic_nystrom(np.zeros((3, 2, 2)), np.zeros(3))
    with pytest.raises(ValueError, match="n_inducing must be an integer >= 1"):
        hsic_nystrom(x, x, n_inducing=0)
    with pytest.raises(ValueError, match="kernel must be one of"):
        hsic_nystrom(x, x, kernel="polynomial", sigma=1.0, sigma_y=1.0)


def test_memory_map_input_streams(tmp_path):
    rng = np.random.default_rng(8)
    x, y = rng.normal(size=5000), rng.normal(size=5000)
    mx = np.lib.format.open_memmap(tmp_path / "x.npy", mode="w+", shape=(5000,))
    my = np.lib.format.open_memmap(tmp_path / "y.npy", mode="w+", shape=(5000,))
    mx[:], my[:] = x, y
    assert hsic_rff(mx, my, n_features=32, random_state=1, chunk_size=999) == pytest.approx(
        hsic_rff(x, y, n_features=32, random_state=1), rel=1e-12)


def test_thread_count_does_not_change_the_result():
    from mathlab.hsic.features import RFFMap, feature_moments

    rng = np.random.default_rng(9)
    x, y = rng.normal(size=(3000, 1)), rng.normal(size=(3000, 2))
    mx, my = RFFMap.draw(1, 16, 1.0, 0), RFFMap.draw(2, 24, 1.5, 1)
    values = {w: feature_moments(x, y, mx, my, chunk_size=250, workers=w).hsic() for w in (1, 2, 3)}
    assert values[1] == values[2] == values[3]
    with pytest.raises(ValueError, match="workers must be an integer >= 1"):
        feature_moments(x, y, mx, my, workers=0)


def test_single_precision_agrees_to_float32_rounding():
    rng = np.random.default_rng(10)
    x = rng.normal(size=40_000)
    y = np.cos(x) + rng.normal(size=40_000)
    double = hsic_rff(x, y, n_features=64, random_state=0)
    single = hsic_rff(x, y, n_features=64, random_state=0, precision="single")
    assert single == pytest.approx(double, rel=1e-4) and single != double
    with pytest.raises(ValueError, match="precision must be one of 'double', 'single'"):
        hsic_rff(x, y, precision="half")
