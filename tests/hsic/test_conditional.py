"""KCI and RCIT: the KCI statistic against causal-learn (pinned widths) and a dense transcription
of the paper's formulas, the gamma moments as traces of the Hadamard product, calibration under
conditional independence and power under conditional dependence, validation."""

import math

import numpy as np
import pytest
from scipy import stats

from mathlab.hsic.conditional import kci_test


def _chain(n, rng, dependent=False):
    """x = f(z) + e1, y = g(z) + e2 (conditionally independent), or y also depends on x."""
    z = rng.normal(size=n)
    x = np.sin(1.5 * z) + 0.4 * rng.normal(size=n)
    y = 0.5 * z + np.cos(z) + 0.4 * rng.normal(size=n) + (0.6 * x if dependent else 0.0)
    return x, y, z


def _kci_reference(x, y, z, sx, sy, sz, eps=1e-3, w=0.5):
    """Zhang et al. (2011), Section 3: dense matrices, pseudo-inverse as in the paper."""
    def std(a):
        a = np.asarray(a, float).reshape(len(a), -1)
        return (a - a.mean(0)) / a.std(0, ddof=1)

    def k(a, s):
        return np.exp(-((a[:, None, :] - a[None, :, :]) ** 2).sum(-1) / (2 * s * s))

    x, y, z = std(x), std(y), std(z)
    n = len(x)
    h = np.eye(n) - 1.0 / n
    kx = h @ k(np.hstack([x, w * z]), sx) @ h
    ky = h @ k(y, sy) @ h
    kz = h @ k(z, sz) @ h
    rz = eps * np.linalg.pinv(kz + eps * np.eye(n))
    kxz, kyz = rz @ kx @ rz, rz @ ky @ rz
    stat = np.trace(kxz @ kyz) / n
    # null: eigenvalues of W W^T, W the products of scaled eigenvectors (Proposition 5)
    lx, vx = np.linalg.eigh(kxz)
    ly, vy = np.linalg.eigh(kyz)
    keep_x, keep_y = lx > 1e-10 * lx.max(), ly > 1e-10 * ly.max()
    px = vx[:, keep_x] * np.sqrt(lx[keep_x])
    py = vy[:, keep_y] * np.sqrt(ly[keep_y])
    wmat = (px[:, :, None] * py[:, None, :]).reshape(n, -1)
    ww = wmat @ wmat.T
    mean, var = np.trace(ww) / n, 2 * np.trace(ww @ ww) / n**2
    return stat, stats.gamma.sf(stat, mean**2 / var, scale=var / mean)


def test_statistic_and_gamma_pvalue_match_a_dense_transcription_of_the_paper():
    rng = np.random.default_rng(0)
    x, y, z = _chain(120, rng, dependent=True)
    res = kci_test(x, y, z, sigma=1.1, sigma_y=0.9, sigma_z=0.7)
    stat, p = _kci_reference(x, y, z, 1.1, 0.9, 0.7)
    assert res.statistic == pytest.approx(stat, rel=1e-9)
    assert res.pvalue == pytest.approx(p, rel=1e-6)
    assert res.details["sigma_z"] == 0.7 and res.hsic == pytest.approx(stat / 120)


def test_statistic_matches_causal_learn_kci_with_pinned_widths():
    kci = pytest.importorskip("causallearn.utils.KCI.KCI")
    rng = np.random.default_rng(1)
    x, y, z = (v[:, None] for v in _chain(150, rng))
    res = kci_test(x, y, z, sigma=1.2, sigma_y=0.8, sigma_z=0.6)
    pvalue, vstat = kci.KCI_CInd(est_width="manual", kwidthx=1.2, kwidthy=0.8,
                                 kwidthz=0.6).compute_pvalue(x, y, z)
    assert res.statistic * 150 == pytest.approx(vstat, rel=1e-9)   # theirs is n T
    assert res.pvalue == pytest.approx(pvalue, rel=1e-4)          # they drop tiny eigenvalues


def test_spectral_null_mean_is_the_trace():
    rng = np.random.default_rng(2)
    x, y, z = _chain(100, rng)
    gam = kci_test(x, y, z)
    spec = kci_test(x, y, z, method="spectral", n_permutations=20000, random_state=0)
    draws = spec.null_distribution
    assert abs(draws.mean() - gam.details["null_mean_hsic"]) < 4 * draws.std() / math.sqrt(20000)
    assert spec.statistic == gam.statistic


@pytest.mark.parametrize("method, n, reps", [("gamma", 100, 120), ("rcit", 300, 150)])
def test_calibrated_under_conditional_independence(method, n, reps):
    rng = np.random.default_rng(10)
    rejected = sum(kci_test(*_chain(n, rng), method=method, random_state=r).pvalue <= 0.05
                   for r in range(reps))
    assert abs(rejected / reps - 0.05) < 3 * math.sqrt(0.05 * 0.95 / reps), rejected


@pytest.mark.parametrize("method", ["gamma", "spectral", "rcit"])
def test_power_under_conditional_dependence(method):
    rng = np.random.default_rng(11)
    hits = sum(kci_test(*_chain(200, rng, dependent=True), method=method, n_permutations=500,
                        random_state=r).pvalue <= 0.05 for r in range(10))
    assert hits >= 9


def test_marginal_dependence_through_z_is_not_conditional_dependence():
    from mathlab.hsic import hsic_test

    rng = np.random.default_rng(12)
    x, y, z = _chain(300, rng)
    assert hsic_test(x, y).pvalue < 1e-4          # dependent through z ...
    assert kci_test(x, y, z).pvalue > 0.01         # ... and not given z


def test_rcit_runs_at_large_n_and_is_reproducible():
    rng = np.random.default_rng(13)
    x, y, z = _chain(20000, rng)
    a = kci_test(x, y, z, method="rcit", random_state=5)
    b = kci_test(x, y, z, method="rcit", random_state=5)
    assert a.pvalue == b.pvalue and a.details["n_features"] == 6
    assert a.null_distribution is None and a.n == 20000


@pytest.mark.parametrize("kwargs, match", [
    ({"method": "kci"}, "method must be one of"),
    ({"kernel_z": "delta"}, "kernel_z must be one of"),
    ({"method": "rcit", "kernel": "laplace"}, "kernel must be one of 'gaussian'"),
    ({"epsilon": 0}, "epsilon must be > 0"),
    ({"method": "rcit", "n_features": 7}, "n_features must be even"),
    ({"method": "rcit", "n_features_z": 10**5}, "n_features_z must be an integer <= 2048"),
    ({"sigma_z": -1.0}, "sigma_z must be > 0"),
])
def test_bad_arguments(kwargs, match):
    rng = np.random.default_rng(0)
    x, y, z = _chain(30, rng)
    with pytest.raises(ValueError, match=match):
        kci_test(x, y, z, **kwargs)


def test_bad_data():
    x = np.arange(20.0)
    with pytest.raises(ValueError, match="same number of samples"):
        kci_test(x, x, x[:19])
    with pytest.raises(ValueError, match="z has a constant column"):
        kci_test(x, x**2, np.ones(20))
    with pytest.raises(ValueError, match="at least 10 samples"):
        kci_test(x[:5], x[:5], x[:5])
    with pytest.raises(ValueError, match="y must contain only finite"):
        kci_test(x, np.r_[x[:-1], np.nan], x)
    with pytest.raises(ValueError, match="at most 3000 samples"):
        kci_test(np.arange(3001.0), np.arange(3001.0), np.arange(3001.0))
