r"""Independence tests on approximate HSIC statistics (RFF, Nystrom, block).

This is what ``mathlab.hsic.hsic_test(..., method="rff" | "nystrom" | "block")`` runs.

RFF and Nystrom: the statistic is T = n * HSIC_feat, HSIC_feat = ||(1/n) Phi_c^T Psi_c||_F^2,
and its null distribution is obtained by PERMUTING THE FEATURE ROWS of y (Zhang et al. 2018):
T_pi = (1/n) ||Phi_c^T P_pi Psi_c||_F^2. A permutation test is exact in finite samples (the
rejection rate under independence is at most alpha), with p = (1 + #{T_pi >= T}) / (1 + R).
Each permutation costs O(n r_x r_y) after rotating each centred feature matrix onto its
principal axes, where r is its numerical rank (axes with singular value below 1e-6 of the
largest are dropped; they change T by less than about 1e-12 relative).

Block: the block-HSIC z-test of :func:`mathlab.hsic.hsic_block` (normal null).
"""

from __future__ import annotations

import numpy as np

from .._validate import choice, integer, random_generator
from .approx import (NystromMap, RFFMap, _even_features, _resolve_sigma,
                     _single_threaded_blas)
from .block import hsic_block
from .kernels import prepare_samples
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
        Nystrom inducing points (capped at n).
    block_size : int, default 50
        Block size of the block test.

    Returns
    -------
    HSICTestResult
        For rff/nystrom: ``statistic`` = n * HSIC_feat, ``hsic`` = HSIC_feat,
        ``null_distribution`` = the R permuted statistics (same scale), ``details`` with
        n_permutations, n_features (per variable) and the numerical ranks used.
        For block: see :func:`mathlab.hsic.hsic_block`.

    Raises
    ------
    ValueError
        For an unknown method, a kernel the method does not support, or bad input.

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
    else:
        n_inducing = integer("n_inducing", n_inducing, minimum=1)
        idx = np.sort(rng.choice(n, size=min(n_inducing, n), replace=False))
        map_x = NystromMap.from_inducing(x[idx], sigma, kernel=kernel)
        map_y = NystromMap.from_inducing(y[idx], sigma_y, kernel=kernel_y)
        size = {"n_inducing": int(idx.size)}
    with _single_threaded_blas():
        a = _reduced_centred(map_x(x))
        b = _reduced_centred(map_y(y))
        statistic = _perm_statistic(a, b, None)
        null = np.array([_perm_statistic(a, b, rng.permutation(n))
                         for _ in range(n_permutations)])
    # permuted values equal to T up to rounding count as ties (>=)
    exceed = int(np.count_nonzero(null >= statistic * (1.0 - 1e-12)))
    pvalue = (1.0 + exceed) / (1.0 + n_permutations)
    return HSICTestResult(
        statistic=statistic, pvalue=pvalue, method=method, hsic=statistic / n,
        null_distribution=null, kernel=kernel, kernel_y=kernel_y, sigma=sigma, sigma_y=sigma_y,
        n=n, details={"statistic": "n * ||(1/n) Phi_c^T Psi_c||_F^2 (feature HSIC_b)",
                      "n_permutations": n_permutations, "rank_x": a.shape[1],
                      "rank_y": b.shape[1], **size})


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
