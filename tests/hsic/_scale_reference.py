"""Dense O(n^2) reference formulas for the scale tests (independent of mathlab.hsic)."""

import numpy as np
from scipy.spatial.distance import cdist


def gaussian_gram(x, sigma):
    x = np.asarray(x, dtype=float).reshape(len(x), -1)
    return np.exp(-cdist(x, x, "sqeuclidean") / (2.0 * sigma ** 2))


def hsic_biased_dense(x, y, sigma, sigma_y):
    """HSIC_b = tr(K H L H) / n^2 with explicit centring matrices."""
    k = gaussian_gram(x, sigma)
    l_ = gaussian_gram(y, sigma_y)
    n = k.shape[0]
    h = np.eye(n) - np.full((n, n), 1.0 / n)
    return float(np.trace(k @ h @ l_ @ h)) / n ** 2


def dependence_samples(kind, n, rng):
    """Paired samples with a named kind of dependence."""
    x = rng.normal(size=n)
    if kind == "linear":
        y = x + 0.5 * rng.normal(size=n)
    elif kind == "quadratic":
        y = x ** 2 + 0.3 * rng.normal(size=n)
    elif kind == "sine":
        y = np.sin(3 * x) + 0.3 * rng.normal(size=n)
    elif kind == "independent":
        y = rng.normal(size=n)
    else:
        raise ValueError(kind)
    return x, y
