r"""Independence tests on approximate HSIC statistics (RFF, Nystrom, block).

This is what ``mathlab.hsic.hsic_test(..., method="rff" | "nystrom" | "block")`` runs.

RFF and Nystrom: the statistic is T = n_t * HSIC_feat, HSIC_feat = ||(1/n_t) Phi_c^T Psi_c||_F^2
over the n_t TESTED rows, and its null distribution is obtained by PERMUTING THE FEATURE ROWS of
y (Zhang et al. 2018): T_pi = (1/n_t) ||Phi_c^T P_pi Psi_c||_F^2, with
p = (1 + #{T_pi >= T}) / (1 + R) (permuted values equal to T up to rounding count as ties).

The permutation test is valid in finite samples (rejection rate under independence at most
alpha) when, given the feature maps, the tested rows of x are exchangeable with each other and
independent of the tested rows of y. For RFF the frequencies are drawn independently of the
data, so all n rows are tested (n_t = n). Nystrom maps are built from m inducing rows of the
sample, x[idx] and y[idx]; those rows are special (feature norm 1 in both variables), so under
independence the observed pairing aligns large-norm rows and T on all n rows is NOT exchangeable
with its permutations (seeded Monte Carlo, 20-dimensional Gaussians, n = 200, m = 100: 9%
rejections at a nominal 5%). mathlab therefore tests the n_t = n - m rows that are not inducing
points: given the inducing rows, they are i.i.d. and untouched by the maps, and the test is
valid again (4.3% rejections in the same setting). The price is n_t < n rows, so keep m well
below n.

Each permutation costs O(n r_x r_y) after rotating each centred feature matrix onto its
principal axes, where r is its numerical rank (axes with singular value below 1e-6 of the
largest are dropped; they change T by less than about 1e-12 relative).

Block: the block-HSIC z-test of :func:`mathlab.hsic.hsic_block` (normal null; at least 30 blocks).
"""

from __future__ import annotations

import numpy as np

from .._validate import choice, integer, random_generator
from .approx import (NystromMap, RFFMap, _even_features, _resolve_sigma,
                     _single_threaded_blas)
from .block import hsic_block
from .kernels import prepare_samples
from ._pvalue import permutation_pvalue
from .result import HSICTestResult

__all__ = ["approximate_test"]

_METHODS = ("rff", "nystrom", "block")
_KERNELS = {"rff": ("gaussian",), "nystrom": ("gaussian", "laplace"),
            "block": ("gaussian", "laplace")}
_RANK_TOL = 1e-6


def approximate_test(x, y, *, method: str, n_permutations: int = 1000, random_state=None,
                     kernel: str = "gaussian", kernel_y: str | None = None, sigma=None,
                     sigma_y=None, n_features: int = 512, n_inducing: int = 256,
                     block_size: int = 50) -> HSICTestResult:
    """HSIC independence test on an approximate statistic.

    Parameters
    ----------
    x, y : array_like, shapes (n,) or (n, p) and (n,) or (n, q)
        Paired samples.
    method : {"rff", "nystrom", "block"}
        Random Fourier features (Gaussian kernels only), Nystrom features (Gaussian or
        Laplace), or block HSIC (Gaussian or Laplace).
    n_permutations : int, default 1000
        Number R of row permutations (rff, nystrom); unused by "block".
    random_state : int, numpy Generator or None
        Seeds the features (or inducing points) first, then the permutations / block split.
    kernel, kernel_y : str
        Kernel names; kernel_y None means the same as kernel.
    sigma, sigma_y : float, optional
        Bandwidths; default the median heuristic of each variable.
    n_features : int, default 512
        RFF feature columns per variable (even).
    n_inducing : int, default 256
        Nystrom inducing points m, drawn from the sample; the test runs on the other n - m
        rows, so 1 <= m <= n - 4 is required (a few hundred rows left at least is sensible).
    block_size : int, default 50
        Block size of the block test.

    Returns
    -------
    HSICTestResult
        For rff/nystrom: ``statistic`` = n_t * HSIC_feat over the n_t tested rows (n for rff,
        n - n_inducing for nystrom), ``hsic`` = HSIC_feat, ``null_distribution`` = the R
        permuted statistics (same scale), ``details`` with n_permutations, n_features (per
        variable) or n_inducing, rows_tested (n_t) and the numerical ranks used. ``n`` is the
        full sample size.
        For block: see :func:`mathlab.hsic.hsic_block`.

    Raises
    ------
    ValueError
        For an unknown method, a kernel the method does not support, bad input, or (nystrom)
        n_inducing > n - 4, which would leave fewer than 4 rows to test.

    References
    ----------
    Q. Zhang, S. Filippi, A. Gretton, D. Sejdinovic, "Large-scale kernel methods for
    independence testing", Statistics and Computing 28 (2018) 113-130.
    Su Jianlin, "HSIC简介:一个有意思的判断相关性的思路", 2019.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=300)
    >>> res = approximate_test(x, np.abs(x) + 0.3 * rng.normal(size=300), method="rff",
    ...                        n_permutations=200, n_features=64, random_state=0)
    >>> res.pvalue < 0.01, res.null_distribution.shape
    (True, (200,))
    """
    method = choice("method", method, _METHODS)
    allowed = _KERNELS[method]
    kernel = _kernel_name("kernel", kernel, method, allowed)
    kernel_y = kernel if kernel_y is None else _kernel_name("kernel_y", kernel_y, method, allowed)
    if method == "block":
        return hsic_block(x, y, block_size=block_size, random_state=random_state, sigma=sigma,
                          sigma_y=sigma_y, kernel=kernel, kernel_y=kernel_y)
    n_permutations = integer("n_permutations", n_permutations, minimum=1)
    x, y = prepare_samples(x, y, min_samples=2)
    rng = random_generator(random_state)
    sigma = _resolve_sigma("sigma", x, sigma)
    sigma_y = _resolve_sigma("sigma_y", y, sigma_y)
    n = x.shape[0]
    if method == "rff":
        n_features = _even_features(n_features)
        map_x = RFFMap.draw(x.shape[1], n_features, sigma, rng)
        map_y = RFFMap.draw(y.shape[1], n_features, sigma_y, rng)
        size = {"n_features": n_features}
        x_test, y_test = x, y
    else:
        n_inducing = _inducing_count(n_inducing, n)
        # inducing rows idx build the maps; the test uses only the other rows (module docstring)
        order = rng.permutation(n)
        idx, rest = np.sort(order[:n_inducing]), np.sort(order[n_inducing:])
        map_x = NystromMap.from_inducing(x[idx], sigma, kernel=kernel)
        map_y = NystromMap.from_inducing(y[idx], sigma_y, kernel=kernel_y)
        size = {"n_inducing": n_inducing}
        x_test, y_test = x[rest], y[rest]
    n_test = x_test.shape[0]
    with _single_threaded_blas():
        a = _reduced_centred(map_x(x_test))
        b = _reduced_centred(map_y(y_test))
        statistic = _perm_statistic(a, b, None)
        null = np.array([_perm_statistic(a, b, rng.permutation(n_test))
                         for _ in range(n_permutations)])
    return HSICTestResult(
        statistic=statistic, pvalue=permutation_pvalue(statistic, null), method=method,
        hsic=statistic / n_test, null_distribution=null, kernel=kernel, kernel_y=kernel_y,
        sigma=sigma, sigma_y=sigma_y, n=n,
        details={"statistic": "n_t * ||(1/n_t) Phi_c^T Psi_c||_F^2 (feature HSIC_b over the "
                              "n_t = rows_tested rows)",
                 "n_permutations": n_permutations, "rows_tested": n_test,
                 "rank_x": a.shape[1], "rank_y": b.shape[1], **size})


_MIN_TEST_ROWS = 4


def _inducing_count(n_inducing, n: int) -> int:
    """n_inducing checked against n: the Nystrom test needs rows left over to test."""
    n_inducing = integer("n_inducing", n_inducing, minimum=1)
    if n_inducing > n - _MIN_TEST_ROWS:
        raise ValueError(f"n_inducing must be at most n - {_MIN_TEST_ROWS} = "
                         f"{n - _MIN_TEST_ROWS} for the Nystrom test, which uses only the "
                         f"n - n_inducing rows that are not inducing points (n = {n}); got "
                         f"n_inducing={n_inducing}; keep it well below n")
    return n_inducing


def _kernel_name(name, value, method, allowed):
    if value not in allowed:
        options = ", ".join(repr(k) for k in allowed)
        raise ValueError(f"{name} must be one of {options} for method={method!r}; got {value!r}")
    return value


def _reduced_centred(features: np.ndarray) -> np.ndarray:
    """Centred features rotated onto their principal axes, numerically-zero axes dropped.

    With Phi_c^T Phi_c = W S^2 W^T (W orthogonal), A = Phi_c W satisfies
    ||A^T P B|| = ||Phi_c^T P Psi_c|| for every permutation P. Axes with
    s < 1e-6 s_max are dropped (an eigendecomposition of the D x D Gram matrix is far faster
    than an SVD of the rank-deficient n x D matrix).
    """
    centred = features - features.mean(axis=0)
    values, vectors = np.linalg.eigh(centred.T @ centred)
    top = values[-1]
    keep = values > (_RANK_TOL ** 2) * top if top > 0 else np.zeros(values.shape, bool)
    keep[-1] = True
    return centred @ vectors[:, keep]


def _perm_statistic(a, b, perm) -> float:
    n = a.shape[0]
    cross = a.T @ (b if perm is None else b[perm])
    return float(np.sum(cross * cross) / n)
