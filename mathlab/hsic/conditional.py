r"""Conditional independence: the kernel conditional independence test (KCI) and its random
feature variant (RCIT).

Both test :math:`X \perp Y \mid Z` by asking whether what is left of x and of y after regressing
out z (in a reproducing kernel Hilbert space) is still dependent.

**KCI** (Zhang, Peters, Janzing, Scholkopf 2011). Each variable is standardised (zero mean, unit
variance per column, ``ddof=1``) and :math:`\ddot X = (X, wZ)` (``z_weight`` w; the authors'
reference code uses 1/2). With centred Gram matrices :math:`K_{\ddot X}, K_Y, K_Z` and
:math:`R_Z = \varepsilon (K_Z + \varepsilon I)^{-1}` (kernel ridge residuals),

.. math::

    \tilde K_{\ddot X|Z} = R_Z K_{\ddot X} R_Z,\quad \tilde K_{Y|Z} = R_Z K_Y R_Z,\quad
    T = \frac1n \operatorname{tr}(\tilde K_{\ddot X|Z}\tilde K_{Y|Z}).

Under conditional independence :math:`nT` is asymptotically :math:`\sum_k \lambda_k z_k^2`, with
:math:`\lambda_k` the eigenvalues of the Hadamard product
:math:`M = \tilde K_{\ddot X|Z}\circ\tilde K_{Y|Z}` (the Gram matrix of the products of the two
matrices' scaled eigenvectors; Zhang et al.'s Proposition 5). ``method="gamma"`` fits a gamma law
to its mean :math:`\operatorname{tr}M` and variance :math:`2\operatorname{tr}M^2 = 2\lVert M
\rVert_F^2` (the authors' approximation); ``method="spectral"`` simulates the weighted sum
from the eigenvalues of M. Dense O(n^3): n is limited to :data:`KCI_MAX_N`.

**RCIT** (``method="rcit"``; Strobl, Zhang, Visweswaran 2019). Random Fourier features of the
standardised x, y (``n_features`` each) and z (``n_features_z``) replace the kernels; the
features of x and of y are regressed on those of z by ridge regression (ridge 1e-10 times the
largest eigenvalue of the features' covariance), and

.. math:: T = n\,\lVert \hat C_{\tilde x\tilde y} \rVert_F^2

with :math:`\hat C` the cross-covariance of the residual features. Under the null T is
asymptotically :math:`\sum_k \lambda_k z_k^2`, :math:`\lambda` the eigenvalues of the covariance
of the products of residual features; the p-value is that of the Pearson type III law with its
exact first three cumulants (:math:`\sum\lambda,\ 2\sum\lambda^2,\ 8\sum\lambda^3`; the
Hall-Buckley-Eagleson approximation, one of the RCIT authors' choices). O(n D^2) time: for
large n.

Both tests are only asymptotically calibrated: they rely on the regression on z removing the
dependence through z, which needs n large relative to the complexity of E[x | z], E[y | z]
(the tests measure size for smooth relations with one-dimensional z). With strongly non-linear
relations or high-dimensional z they can be liberal; there is no exact finite-sample
conditional independence test without further assumptions (Shah and Peters 2020).

References
----------
K. Zhang, J. Peters, D. Janzing, B. Scholkopf, "Kernel-based conditional independence test and
application in causal discovery", UAI 2011.
E. V. Strobl, K. Zhang, S. Visweswaran, "Approximate kernel-based conditional independence
tests for fast non-parametric causal discovery", J. Causal Inference 7 (2019).
R. D. Shah, J. Peters, "The hardness of conditional independence testing and the generalised
covariance measure", Ann. Statist. 48 (2020).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import linalg

from .._validate import choice, integer, positive, random_generator
from ._null_moments import MomentNull, NullMoments, dense_gram, small_blas
from .bandwidth import as_samples, median_distance
from .features import RFFMap
from .joint import prepare_variable
from .kernels import centre
from .nulls import GammaNull, SampledNull
from .result import HSICTestResult

__all__ = ["kci_test", "KCI_METHODS", "KCI_MAX_N", "MAX_FEATURES"]

KCI_METHODS = ("gamma", "spectral", "rcit")
KCI_MAX_N = 3000
"""Largest n for the dense KCI ("gamma", "spectral"): O(n^3) eigendecompositions."""
MAX_FEATURES = 2048
"""Largest number of random features per variable (rcit)."""
MAX_DRAWS = 1_000_000
"""Largest number of simulated null draws (spectral)."""
_KERNELS = ("gaussian", "laplace", "linear", "polynomial")
_RIDGE = 1e-10


def _standardise(name: str, arr: np.ndarray) -> np.ndarray:
    sd = arr.std(axis=0, ddof=1)
    if not np.all(sd > 0):
        col = int(np.argmin(sd))
        raise ValueError(f"{name} has a constant column ({col}); it cannot be standardised "
                         "(drop it: a constant is independent of everything)")
    return (arr - arr.mean(axis=0)) / sd


def _residual_gram(kc: np.ndarray, rz: np.ndarray) -> np.ndarray:
    out = rz @ kc @ rz
    return 0.5 * (out + out.T)


def _kci_dense(kx, ky, kz, epsilon):
    n = kx.shape[0]
    lam, vec = linalg.eigh(centre(kz))
    shrink = epsilon / (np.clip(lam, 0.0, None) + epsilon)
    rz = (vec * shrink) @ vec.T
    kxr = _residual_gram(centre(kx), rz)
    kyr = _residual_gram(centre(ky), rz)
    m = kxr * kyr
    return float(m.sum()) / n, m


def _rcit(x, y, z, sx, sy, sz, d_xy, d_z, rng):
    n = x.shape[0]
    fx = RFFMap.draw(x.shape[1], d_xy, sx, rng)(x)
    fy = RFFMap.draw(y.shape[1], d_xy, sy, rng)(y)
    fz = RFFMap.draw(z.shape[1], d_z, sz, rng)(z)
    fx, fy, fz = (f - f.mean(axis=0) for f in (fx, fy, fz))
    czz = fz.T @ fz / n
    ridge = _RIDGE * max(float(np.max(np.linalg.eigvalsh(czz))), 1e-300)
    solve = linalg.cho_factor(czz + ridge * np.eye(czz.shape[0]))
    rx = fx - fz @ linalg.cho_solve(solve, fz.T @ fx / n)
    ry = fy - fz @ linalg.cho_solve(solve, fz.T @ fy / n)
    cxy = rx.T @ ry / n
    stat = n * float(np.sum(cxy * cxy))
    prods = (rx[:, :, None] * ry[:, None, :]).reshape(n, -1)
    prods = prods - prods.mean(axis=0)
    lam = np.clip(np.linalg.eigvalsh(prods.T @ prods / n), 0.0, None)
    return stat, lam


def kci_test(x, y, z, *, method="gamma", n_permutations=1000, random_state=None,
             kernel="gaussian", kernel_y=None, kernel_z=None, sigma=None, sigma_y=None,
             sigma_z=None, epsilon=1e-3, z_weight=0.5, n_features=6,
             n_features_z=100) -> HSICTestResult:
    r"""Test conditional independence of x and y given z (KCI, or RCIT for large n).

    See the module docstring for the statistics and null distributions. Small p-values are
    evidence that x and y are dependent even given z.

    Parameters
    ----------
    x, y, z : array_like
        n joint samples; each 1-D (one feature) or 2-D (n, p). Each is standardised first.
    method : {"gamma", "spectral", "rcit"}, default "gamma"
        "gamma": KCI with the authors' gamma approximation; "spectral": KCI with draws of the
        weighted chi-square null (``n_permutations`` draws); "rcit": the random-feature test
        (n up to millions; Pearson type III null).
    n_permutations : int, default 1000
        Simulated null draws for "spectral" (at most :data:`MAX_DRAWS`).
    random_state : int, numpy Generator or None
        Seed of the simulated draws (spectral) or of the random features (rcit).
    kernel, kernel_y, kernel_z : {"gaussian", "laplace", "linear", "polynomial"}
        Kernels of :math:`\ddot x = (x, wz)`, of y (default: ``kernel``) and of z (default
        "gaussian"); rcit uses Gaussian random features for all three.
    sigma, sigma_y, sigma_z : float, optional
        Bandwidths on the standardised data; default: the median heuristic of
        :math:`\ddot x` (for KCI; of x for rcit), y and z.
    epsilon : float, default 1e-3
        Ridge of the kernel regression on z (KCI), as in the authors' code.
    z_weight : float, default 0.5
        w in :math:`\ddot x = (x, wz)` (KCI).
    n_features, n_features_z : int, default 6 and 100
        Random features for x and y, and for z (rcit; the authors use 5 and 100; at most
        :data:`MAX_FEATURES`, even numbers).

    Returns
    -------
    HSICTestResult
        ``statistic`` = T (module docstring; KCI: :math:`\operatorname{tr}(\tilde K_{\ddot X|Z}
        \tilde K_{Y|Z})/n`, i.e. causal-learn's statistic divided by n; rcit:
        :math:`n\lVert\hat C\rVert_F^2`), ``hsic`` = T/n, ``pvalue``, ``null_distribution``
        (spectral draws, else None), kernels and bandwidths of x and y; ``details`` with
        ``kernel_z``, ``sigma_z``, ``epsilon``/``z_weight`` or the feature counts, and the
        null's parameters.

    Raises
    ------
    ValueError
        Unequal lengths, fewer than 10 samples, more than :data:`KCI_MAX_N` for the dense
        methods, constant columns, non-finite data, bad kernels or parameters.

    References
    ----------
    K. Zhang, J. Peters, D. Janzing, B. Scholkopf, UAI 2011.
    E. V. Strobl, K. Zhang, S. Visweswaran, J. Causal Inference 7 (2019).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> z = rng.normal(size=300)
    >>> x = np.sin(z) + 0.3 * rng.normal(size=300)
    >>> y = z**2 + 0.3 * rng.normal(size=300)
    >>> kci_test(x, y, z).pvalue > 0.01          # dependent, but independent given z
    True
    >>> kci_test(x, x + y, z).pvalue < 1e-6
    True
    >>> kci_test(x, x + y, z, method="rcit", random_state=0).pvalue < 1e-6
    True
    """
    method = choice("method", method, KCI_METHODS)
    draws = integer("n_permutations", n_permutations, minimum=1, maximum=MAX_DRAWS)
    rng = random_generator(random_state)
    kernel_y = kernel if kernel_y is None else kernel_y
    kernel_z = "gaussian" if kernel_z is None else kernel_z
    names = {"kernel": kernel, "kernel_y": kernel_y, "kernel_z": kernel_z}
    for name, value in names.items():
        choice(name, value, _KERNELS if method != "rcit" else ("gaussian",))
    epsilon = positive("epsilon", epsilon)
    z_weight = positive("z_weight", z_weight)
    if method == "rcit":
        n_features = integer("n_features", n_features, minimum=2, maximum=MAX_FEATURES)
        n_features_z = integer("n_features_z", n_features_z, minimum=2, maximum=MAX_FEATURES)
        for name, value in (("n_features", n_features), ("n_features_z", n_features_z)):
            if value % 2:
                raise ValueError(f"{name} must be even (cos and sin pairs); got {value}")
    arrays = {name: as_samples(name, v, min_length=0) for name, v in (("x", x), ("y", y),
                                                                       ("z", z))}
    lengths = {name: a.shape[0] for name, a in arrays.items()}
    if len(set(lengths.values())) > 1:
        raise ValueError("x, y and z must have the same number of samples; got "
                         + ", ".join(f"{k}: {v}" for k, v in lengths.items()))
    n = lengths["x"]
    if n < 10:
        raise ValueError(f"x, y and z must have at least 10 samples here; got {n}")
    if method != "rcit" and n > KCI_MAX_N:
        raise ValueError(f"KCI needs dense eigendecompositions and allows at most {KCI_MAX_N} "
                         f"samples; got {n} (use method='rcit')")
    xs, ys, zs = (_standardise(k, arrays[k]) for k in ("x", "y", "z"))
    if method == "rcit":
        sx = positive("sigma", sigma) if sigma is not None else median_distance(xs, name="x")
        sy = (positive("sigma_y", sigma_y) if sigma_y is not None
              else median_distance(ys, name="y"))
        sz = (positive("sigma_z", sigma_z) if sigma_z is not None
              else median_distance(zs, name="z"))
        with small_blas(0):   # skinny n x D products: one thread is fastest on a shared machine
            stat, lam = _rcit(xs, ys, zs, sx, sy, sz, n_features, n_features_z, rng)
        null = MomentNull.from_moments(NullMoments(float(lam.sum()), 2.0 * float(np.sum(lam**2)),
                                                   8.0 * float(np.sum(lam**3)), 0.0))
        details = {"n_features": n_features, "n_features_z": n_features_z, "kernel_z": "gaussian",
                   "sigma_z": sz}
        kx_name = ky_name = "gaussian"
        hsic_value = stat / n
    else:
        px = prepare_variable("x", np.hstack([xs, z_weight * zs]), kernel, sigma=sigma,
                              kernel_name="kernel", sigma_name="sigma")
        py = prepare_variable("y", ys, kernel_y, sigma=sigma_y, kernel_name="kernel_y",
                              sigma_name="sigma_y")
        pz = prepare_variable("z", zs, kernel_z, sigma=sigma_z, kernel_name="kernel_z",
                              sigma_name="sigma_z")
        with small_blas(n):
            stat, m = _kci_dense(dense_gram(px), dense_gram(py), dense_gram(pz), epsilon)
        sx, sy, sz = px.kernel.sigma, py.kernel.sigma, pz.kernel.sigma
        kx_name, ky_name = px.name, py.name
        hsic_value = stat / n
        if method == "gamma":
            mean, var = float(np.trace(m)) / n, 2.0 * float(np.sum(m * m)) / n**2
            null = GammaNull.from_moments(1, mean, var)
        else:
            with small_blas(n):
                lam = np.clip(linalg.eigvalsh(m), 0.0, None) / n
            sims = np.empty(draws)
            chunk = max(1, 2**22 // lam.size)
            for start in range(0, draws, chunk):
                size = min(chunk, draws - start)
                sims[start:start + size] = (rng.standard_normal((size, lam.size)) ** 2) @ lam
            null = SampledNull(sims, {"n_draws": draws})
        details = {"kernel_z": pz.name, "sigma_z": sz, "epsilon": epsilon, "z_weight": z_weight}
    if not math.isfinite(stat):
        raise ValueError("the KCI statistic is not finite: the kernel values overflow; rescale "
                         "the data or lower the polynomial degree")
    return HSICTestResult(statistic=float(stat), pvalue=float(null.pvalue(stat)), method=method,
                          hsic=float(hsic_value), null_distribution=null.draws, kernel=kx_name,
                          kernel_y=ky_name, sigma=sx, sigma_y=sy, n=n,
                          details={**null.details(), **details})
