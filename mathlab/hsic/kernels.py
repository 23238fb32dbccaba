r"""Kernels, Gram matrices, the validated input of every computation, and the dense reference.

Kernel conventions (``sigma`` is a length in the units of the data):

============  =====================================================================
gaussian      :math:`k(x, x') = \exp(-\lVert x - x'\rVert^2 / (2\sigma^2))`
laplace       :math:`k(x, x') = \exp(-\lVert x - x'\rVert / \sigma)`
linear        :math:`k(x, x') = x \cdot x'`
polynomial    :math:`k(x, x') = (x \cdot x' + c_0)^d`  (``degree`` d, ``coef0`` c0)
distance      :math:`k(x, x') = (\lVert x - x_0\rVert + \lVert x' - x_0\rVert
              - \lVert x - x'\rVert)/2` with :math:`x_0 = 0` (HSIC does not depend on x0)
delta         :math:`k(c, c') = [c = c']` for categorical labels (any hashable values)
callable      ``kernel(a, b)`` returning the Gram block of shape (len(a), len(b))
============  =====================================================================

Every public entry point validates its samples and kernels once, into a :class:`PreparedPair`
of two :class:`PreparedKernel` (:func:`prepare_pair`); internal functions take it and trust it.

The dense functions here (:func:`gram`, :func:`hsic_from_gram`) are the reference the O(n)
memory numba path of :func:`mathlab.hsic.hsic` is tested against, and the path used for
callable kernels; they hold n x n matrices, so keep n to a few thousand.

References
----------
A. Gretton, K. Fukumizu, C. H. Teo, L. Song, B. Schoelkopf, A. J. Smola, "A kernel statistical
test of independence", NIPS 2008.
L. Song, A. Smola, A. Gretton, J. Bedo, K. Borgwardt, "Feature selection via dependence
maximization", JMLR 13 (2012) 1393-1434.
D. Sejdinovic, B. Sriperumbudur, A. Gretton, K. Fukumizu, "Equivalence of distance-based and
RKHS-based statistics in hypothesis testing", Ann. Statist. 41 (2013).
Su Jianlin, "HSIC简介:一个有意思的判断相关性的思路", kexue.fm, 2019.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy.spatial.distance import cdist

from .._validate import choice, finite_result, integer, nonnegative, positive
from . import _pairs
from .bandwidth import as_samples, median_distance, pow2_scale

__all__ = ["KERNELS", "Kernel", "PreparedKernel", "PreparedPair", "prepare_pair",
           "prepare_samples", "encode_labels", "resolve_kernel", "check_bandwidth", "gram",
           "hsic_from_gram", "centre", "SIGMA_RANGE", "GRAM_MAX_N"]

KERNELS = ("gaussian", "laplace", "linear", "polynomial", "distance", "delta")
_BANDWIDTH_KERNELS = ("gaussian", "laplace")
_HOMOGENEITY = {"linear": 2, "distance": 1}
"""Kernels homogeneous in the data: k(c x, c x') = c**h k(x, x')."""
_SHIFT_POINTS = 256

SIGMA_RANGE = (1e-150, 1e150)
"""Bandwidths of the gaussian and laplace kernels allowed, relative to the largest |x_ij|.

Within it every kernel value and every sum of the exact passes is a finite float64 (below,
the scaled distances would overflow; above, squared bandwidths would). Outside it, the kernel
is the identity or a constant to float64 precision anyway.
"""

GRAM_MAX_N = 20_000
"""Largest n for which a dense n x n Gram matrix is formed (3.2 GB): :func:`gram` and callable
kernels."""


def prepare_samples(x, y, *, min_samples: int) -> tuple[np.ndarray, np.ndarray]:
    """Validate paired numeric samples and return them as float arrays of shape (n, p), (n, q).

    Parameters
    ----------
    x, y : array_like, shape (n,) or (n, p) / (n, q)
        Paired samples; 1-D input is one feature.
    min_samples : int
        Smallest n allowed (2 for biased HSIC, 4 for unbiased, 6 for the gamma test).

    Returns
    -------
    x2d, y2d : ndarray of float64

    Raises
    ------
    ValueError
        If either array is not 1-D or 2-D, contains NaN or inf, the lengths differ, or there
        are fewer than ``min_samples`` samples.

    Examples
    --------
    >>> a, b = prepare_samples([1, 2, 3], [[1, 0], [0, 1], [1, 1]], min_samples=2)
    >>> a.shape, b.shape
    ((3, 1), (3, 2))
    """
    min_samples = integer("min_samples", min_samples, minimum=1)
    x2 = as_samples("x", x, min_length=0)
    y2 = as_samples("y", y, min_length=0)
    _check_count(_same_count(x2, y2), min_samples)
    return x2, y2


def _same_count(x2: np.ndarray, y2: np.ndarray) -> int:
    if x2.shape[0] != y2.shape[0]:
        raise ValueError("x and y must have the same number of samples; "
                         f"got {x2.shape[0]} and {y2.shape[0]}")
    return x2.shape[0]


def _check_count(n: int, min_samples: int) -> None:
    if n < min_samples:
        raise ValueError(f"x and y must have at least {min_samples} samples here; got {n}")


def _check_dense(n: int, why: str) -> None:
    if n > GRAM_MAX_N:
        raise ValueError(f"{why} needs dense n x n Gram matrices, allowed up to n = "
                         f"{GRAM_MAX_N}; got n = {n}")


def encode_labels(name: str, labels) -> np.ndarray:
    """Map categorical labels (any hashable values) to float codes 0, 1, 2, ... of shape (n, 1).

    Rows of a 2-D array count as one label each. Float NaN is rejected (NaN != NaN, so it
    cannot be a category).

    Examples
    --------
    >>> encode_labels("y", ["a", "b", "a"]).ravel().tolist()
    [0.0, 1.0, 0.0]
    """
    if isinstance(labels, np.ndarray) and labels.ndim == 2:
        items = [tuple(row) for row in labels.tolist()]
    elif isinstance(labels, np.ndarray) and labels.ndim == 1:
        items = labels.tolist()
    elif isinstance(labels, (str, bytes)) or not hasattr(labels, "__iter__"):
        raise ValueError(f"{name} must be a sequence of labels; got {type(labels).__name__}")
    else:
        items = list(labels)
    codes: dict = {}
    out = np.empty(len(items))
    for i, item in enumerate(items):
        if isinstance(item, list):
            item = tuple(item)
        if isinstance(item, float) and math.isnan(item):
            raise ValueError(f"{name} contains NaN at index {i}; NaN is not a valid category")
        try:
            out[i] = codes.setdefault(item, len(codes))
        except TypeError as exc:
            raise ValueError(f"{name} labels must be hashable; got {type(item).__name__} at "
                             f"index {i}") from exc
    return out[:, None]


@dataclass(frozen=True)
class Kernel:
    """A kernel specification: its name and parameters.

    Attributes
    ----------
    name : str
        One of :data:`KERNELS` or ``"callable"``.
    sigma : float or None
        Bandwidth (gaussian, laplace), else None.
    degree, coef0 : int or None, float or None
        Polynomial parameters, else None.
    func : callable or None
        The user's kernel for ``name == "callable"``.
    """

    name: str
    sigma: float | None = None
    degree: int | None = None
    coef0: float | None = None
    func: Callable | None = None

    def scaled(self, data: np.ndarray) -> np.ndarray:
        """Data rescaled for the numba kernels (see :mod:`mathlab.hsic._pairs`).

        Gaussian and Laplace kernels depend on differences only: the midrange of each column
        is subtracted before dividing by the bandwidth, which is exact for clustered data
        (1e12 + small spread keeps its digits, which x / sigma alone would round away).
        """
        if self.name in ("gaussian", "laplace"):
            centred = data - 0.5 * (data.max(axis=0) + data.min(axis=0)) if data.size else data
            scale = math.sqrt(2.0) * self.sigma if self.name == "gaussian" else self.sigma
            return np.ascontiguousarray(centred / scale)
        return np.ascontiguousarray(data, dtype=np.float64)

    def matrix(self, a: np.ndarray, b: np.ndarray | None = None) -> np.ndarray:
        """Dense Gram block K(a_i, b_j) of prepared data (numpy reference implementation)."""
        b = a if b is None else b
        if self.name == "callable":
            out = np.asarray(self.func(a, b), dtype=np.float64)
            if out.shape != (a.shape[0], b.shape[0]):
                raise ValueError(f"the kernel callable must return an array of shape "
                                 f"{(a.shape[0], b.shape[0])}; got {out.shape}")
            if not np.isfinite(out).all():
                raise ValueError("the kernel callable returned NaN or inf")
            return out
        if self.name == "gaussian":
            return np.exp(-cdist(a, b, "sqeuclidean") / (2.0 * (self.sigma * self.sigma)))
        if self.name == "laplace":
            return np.exp(-cdist(a, b) / self.sigma)
        with np.errstate(over="ignore", invalid="ignore"):  # callers check finiteness
            if self.name == "linear":
                return a @ b.T
            if self.name == "polynomial":
                return (a @ b.T + self.coef0) ** self.degree
            if self.name == "distance":
                zero = np.zeros((1, a.shape[1]))
                return 0.5 * (cdist(a, zero) + cdist(zero, b) - cdist(a, b))
        return (a[:, :1] == b[:, :1].T).astype(np.float64)  # delta on label codes

    def describe(self) -> str:
        """Short human-readable description, e.g. ``gaussian(sigma=0.52)``."""
        if self.sigma is not None:
            return f"{self.name}(sigma={self.sigma:.4g})"
        if self.name == "polynomial":
            return f"polynomial(degree={self.degree}, coef0={self.coef0:g})"
        return self.name


@dataclass(frozen=True, eq=False)
class PreparedKernel:
    """One validated variable under its resolved kernel: what the internal functions take.

    Built once at the public boundary (:func:`resolve_kernel`, :func:`prepare_pair`); every
    internal function trusts it. The data are finite float64 of shape (n, p) (label codes of
    shape (n, 1) for the delta kernel, centred columns for the linear kernel), and the bandwidth
    of a gaussian or laplace kernel is resolved. What the numba passes need (the rescaled,
    transposed data and the kernel shift) is computed on first use and kept.

    Gaussian and laplace kernels depend on x / sigma only, so their data and bandwidth are held
    in a frame divided by a power of two, ``scale``, with max|data| in [1, 2): every kernel value
    is the same bit for bit, and nothing overflows for data of any magnitude float64 holds.
    Linear and distance kernels may be held in such a frame too (for :func:`mathlab.hsic.hsic`):
    their Gram matrix is then ``2**gram_exponent`` times the one of ``data``.

    Attributes
    ----------
    which : str
        ``"x"`` or ``"y"`` (for messages).
    kernel : Kernel
        The resolved kernel specification.
    data : ndarray, shape (n, p)
        The prepared sample.
    """

    which: str
    kernel: Kernel
    data: np.ndarray
    scale: float = 1.0

    @property
    def sigma(self) -> float | None:
        """The bandwidth in the units of the data (None for kernels without one)."""
        return None if self.kernel.sigma is None else self.kernel.sigma * self.scale

    @property
    def gram_exponent(self) -> int:
        """k such that the Gram matrix of the original data is 2**k times that of ``data``."""
        return _HOMOGENEITY.get(self.kernel.name, 0) * (math.frexp(self.scale)[1] - 1)

    @property
    def n(self) -> int:
        """Number of samples."""
        return int(self.data.shape[0])

    @property
    def name(self) -> str:
        """The kernel's name (``"callable"`` for a user's function)."""
        return self.kernel.name

    @cached_property
    def code(self) -> int:
        """The kernel's code in the numba passes (:data:`mathlab.hsic._pairs.KERNEL_CODES`)."""
        return _pairs.KERNEL_CODES[self.kernel.name]

    @cached_property
    def pass_data(self) -> np.ndarray:
        """The data rescaled for the numba kernels and transposed to shape (p, n).

        The inner loops over j then run over contiguous memory and vectorise.
        """
        return np.ascontiguousarray(self.kernel.scaled(self.data).T)

    @cached_property
    def shift(self) -> float:
        """A constant close to the mean off-diagonal kernel value (<= 256 evenly spaced points).

        Subtracting it from the Gram matrix leaves HSIC unchanged and reduces the cancellation
        between the sums of the one-pass formula.
        """
        n = self.n
        idx = np.unique(np.linspace(0, n - 1, min(n, _SHIFT_POINTS)).astype(np.int64))
        sub = self.data[idx]
        m = sub.shape[0]
        with np.errstate(over="ignore", invalid="ignore"):  # overflow is reported by the sums
            # the kernel as the numba pass evaluates it (distance kernel as -d/2)
            sub = (-0.5 * cdist(sub, sub) if self.kernel.name == "distance"
                   else self.kernel.matrix(sub))
            value = float((sub.sum() - np.trace(sub)) / (m * (m - 1))) if m > 1 else 0.0
        return value if math.isfinite(value) else 0.0  # overflow is reported by the sums

    def gram(self) -> np.ndarray:
        """The dense n x n Gram matrix."""
        return self.kernel.matrix(self.data)

    def take(self, index) -> PreparedKernel:
        """The same kernel on the rows ``data[index]`` (a permutation or a subset)."""
        return PreparedKernel(self.which, self.kernel, self.data[index], self.scale)


@dataclass(frozen=True, eq=False)
class PreparedPair:
    """Paired samples x, y, validated once, with their resolved kernels.

    The public entry points (:func:`mathlab.hsic.hsic`, :func:`mathlab.hsic.hsic_test`,
    :func:`mathlab.hsic.hsic_block`, ...) build it with :func:`prepare_pair`; the statistics,
    null distributions and tests take it and trust it.

    Attributes
    ----------
    x, y : PreparedKernel
        The two variables (same number of samples).
    """

    x: PreparedKernel
    y: PreparedKernel

    @property
    def n(self) -> int:
        """Number of paired samples."""
        return self.x.n

    @property
    def dense(self) -> bool:
        """True when a kernel is a user's callable, so only dense Gram matrices can be formed."""
        return "callable" in (self.x.name, self.y.name)

    @property
    def polynomial(self) -> tuple[int, float]:
        """(degree, coef0) passed to the numba kernels (shared when both are polynomial)."""
        poly = self.x.kernel if self.x.name == "polynomial" else self.y.kernel
        degree = int(poly.degree) if poly.degree is not None else 1
        coef0 = float(poly.coef0) if poly.coef0 is not None else 0.0
        return degree, coef0

    @cached_property
    def pass_args(self) -> tuple:
        """Arguments of the numba passes: (x, code, y, code, degree, coef0, shift_x, shift_y)."""
        degree, coef0 = self.polynomial
        return (self.x.pass_data, self.x.code, self.y.pass_data, self.y.code, degree, coef0,
                self.x.shift, self.y.shift)

    def with_y(self, y: PreparedKernel) -> PreparedPair:
        """The pair with y replaced (by a permutation of its rows, say)."""
        return PreparedPair(self.x, y)

    def take(self, index) -> PreparedPair:
        """Both variables restricted to the rows ``index``."""
        return PreparedPair(self.x.take(index), self.y.take(index))

    def result_fields(self) -> dict:
        """The fields of :class:`mathlab.hsic.HSICTestResult` that describe the input."""
        return {"kernel": self.x.name, "kernel_y": self.y.name, "sigma": self.x.sigma,
                "sigma_y": self.y.sigma, "n": self.n}

    def polynomial_details(self) -> dict:
        """``degree`` and ``coef0`` when a kernel is polynomial (no result field carries them)."""
        for side in (self.x, self.y):
            if side.name == "polynomial":
                return {"degree": side.kernel.degree, "coef0": side.kernel.coef0}
        return {}


def _names(which: str) -> tuple[str, str]:
    return ("sigma", "kernel") if which == "x" else ("sigma_y", "kernel_y")


def _kernel_spec(which: str, kernel, *, sigma=None, degree=None, coef0=None) -> Kernel:
    """Check a kernel specification (names and parameters, no data); sigma stays None if unset."""
    sigma_name, kernel_name = _names(which)
    if callable(kernel):
        if sigma is not None:
            raise ValueError(f"{sigma_name} is only used by the gaussian and laplace kernels; "
                             f"got {sigma_name}={sigma!r} with a callable kernel")
        return Kernel("callable", func=kernel)
    name = choice(kernel_name, kernel, KERNELS)
    if name != "polynomial" and (degree is not None or coef0 is not None):
        raise ValueError("degree and coef0 are only used by the polynomial kernel; got "
                         f"degree={degree!r}, coef0={coef0!r} with {kernel_name}={name!r}")
    if name in _BANDWIDTH_KERNELS:
        return Kernel(name, sigma=None if sigma is None else positive(sigma_name, sigma))
    if sigma is not None:
        raise ValueError(f"{sigma_name} is only used by the gaussian and laplace kernels; got "
                         f"{sigma_name}={sigma!r} with {kernel_name}={name!r}")
    if name == "polynomial":
        degree = 2 if degree is None else integer("degree", degree, minimum=1, maximum=64)
        coef0 = 1.0 if coef0 is None else nonnegative("coef0", coef0)
        if coef0 > 0 and degree * math.log10(coef0) > 300:
            raise ValueError(f"coef0**degree must be at most 1e300 (the polynomial kernel "
                             f"overflows beyond); got coef0={coef0!r}, degree={degree}")
        return Kernel(name, degree=degree, coef0=coef0)
    return Kernel(name)


def _sample_data(which: str, spec: Kernel, data) -> np.ndarray:
    """The sample as the kernel reads it: label codes (delta) or a finite (n, p) float array."""
    if spec.name == "delta":
        return encode_labels(which, data)
    return as_samples(which, data, min_length=0)


def check_bandwidth(which: str, sigma: float, largest: float) -> None:
    """Refuse a bandwidth outside :data:`SIGMA_RANGE` times ``largest`` = max |x_ij| (or 1 if 0)."""
    largest = largest if largest > 0 else 1.0
    with np.errstate(over="ignore", under="ignore"):
        ratio = sigma / largest
    low, high = SIGMA_RANGE
    if not low <= ratio <= high:
        name = _names(which)[0]
        raise ValueError(f"{name} must lie within [{low:g}, {high:g}] times the largest "
                         f"|{which}| ({largest:.3g}); got {name}={sigma!r}, {ratio:.3g} times it "
                         "(outside this range every kernel value underflows or overflows)")


def _finish(which: str, spec: Kernel, arr: np.ndarray, *, centre_linear: bool,
            homogeneous_frame: bool = False) -> PreparedKernel:
    """Resolve the bandwidth (median heuristic) in the scaled frame and centre linear data."""
    if spec.name in _BANDWIDTH_KERNELS:
        scale = pow2_scale(arr)
        if scale != 1.0:
            arr = arr / scale
        if spec.sigma is None:
            try:
                sigma = median_distance(arr, name=which)
            except ValueError as exc:
                raise ValueError(f"{exc} (median heuristic for {_names(which)[0]})") from None
        else:
            check_bandwidth(which, spec.sigma, scale * float(np.max(np.abs(arr), initial=0.0)))
            sigma = spec.sigma / scale
        return PreparedKernel(which, Kernel(spec.name, sigma=float(sigma)), arr, scale)
    scale = 1.0
    if spec.name in _HOMOGENEITY and homogeneous_frame:
        scale = pow2_scale(arr)
        if scale != 1.0:
            arr = arr / scale
    if spec.name == "linear" and centre_linear:
        # Linear HSIC is unchanged by translating the data; centring avoids cancellation.
        with np.errstate(over="ignore", invalid="ignore"):  # overflow is reported by the sums
            arr = arr - arr.mean(axis=0)
    return PreparedKernel(which, spec, arr, scale)


def resolve_kernel(which: str, kernel, data, *, sigma=None, degree=None, coef0=None,
                   centre_linear: bool = True) -> PreparedKernel:
    """Check a kernel specification for one variable and prepare its data.

    Parameters
    ----------
    which : str
        ``"x"`` or ``"y"``: used in error messages (``sigma`` vs ``sigma_y``, ...).
    kernel : str or callable
        One of :data:`KERNELS` or a callable ``kernel(a, b) -> Gram block``.
    data : array_like
        The raw sample (numbers, or labels for the delta kernel).
    sigma : float or None
        Bandwidth for gaussian and laplace; None means the median heuristic of ``data``.
    degree, coef0 : int, float or None
        Polynomial parameters (default 2 and 1.0); only allowed with the polynomial kernel.
    centre_linear : bool, default True
        Centre the columns for the linear kernel (HSIC does not change; a Gram matrix does).

    Returns
    -------
    PreparedKernel

    Raises
    ------
    ValueError
        Unknown kernel names, parameters given to a kernel that does not use them, bad
        parameter values, non-finite data, or a constant sample under the median heuristic.
    """
    spec = _kernel_spec(which, kernel, sigma=sigma, degree=degree, coef0=coef0)
    return _finish(which, spec, _sample_data(which, spec, data), centre_linear=centre_linear)


def prepare_pair(x, y, *, kernel="gaussian", kernel_y=None, sigma=None, sigma_y=None,
                 degree=None, coef0=None, min_samples: int = 2,
                 allowed: tuple[str, ...] | None = None, context: str = "",
                 check_n: Callable[[int], object] | None = None,
                 homogeneous_frame: bool = False) -> PreparedPair:
    """Validate paired samples and their kernels once, for the public entry points.

    The checks run in this order, so that the first message names the first problem: the kernel
    specifications (names, parameters), the samples, their common length, ``min_samples`` and
    ``check_n(n)``, and only then the median heuristic of each variable without a bandwidth.

    Parameters
    ----------
    x, y : array_like
        Paired samples (labels for the delta kernel).
    kernel, kernel_y, sigma, sigma_y, degree, coef0
        As in :func:`mathlab.hsic.hsic`; kernel_y None means the same as kernel, and degree and
        coef0 apply to whichever kernel is polynomial.
    min_samples : int
        Smallest n allowed.
    allowed : tuple of str, optional
        The kernel names a method supports (``context`` names it in the message).
    check_n : callable, optional
        Further checks of the sample size, called with n before any bandwidth is computed.
    homogeneous_frame : bool, default False
        Hold linear and distance data in a power-of-two frame too (see
        :class:`PreparedKernel`); the caller then multiplies HSIC by
        ``2**(x.gram_exponent + y.gram_exponent)``.

    Returns
    -------
    PreparedPair

    Examples
    --------
    >>> pair = prepare_pair([0.0, 1.0, 3.0], [1.0, 0.0, 2.0], kernel_y="linear")
    >>> pair.n, pair.x.sigma, pair.y.name        # sigma in the units of x
    (3, 2.0, 'linear')
    >>> pair.x.scale, pair.x.kernel.sigma        # the frame the kernels are evaluated in
    (2.0, 1.0)
    """
    kernel_y = kernel if kernel_y is None else kernel_y
    if allowed is not None:
        for name, value in (("kernel", kernel), ("kernel_y", kernel_y)):
            if not isinstance(value, str) or value not in allowed:
                options = ", ".join(repr(k) for k in allowed)
                raise ValueError(f"{name} must be one of {options}{context}; got {value!r}")
    px = isinstance(kernel, str) and kernel == "polynomial"
    py = isinstance(kernel_y, str) and kernel_y == "polynomial"
    if (degree is not None or coef0 is not None) and not (px or py):
        raise ValueError("degree and coef0 are only used by the polynomial kernel; got "
                         f"degree={degree!r}, coef0={coef0!r} with kernel={kernel!r}, "
                         f"kernel_y={kernel_y!r}")
    spec_x = _kernel_spec("x", kernel, sigma=sigma, degree=degree if px else None,
                          coef0=coef0 if px else None)
    spec_y = _kernel_spec("y", kernel_y, sigma=sigma_y, degree=degree if py else None,
                          coef0=coef0 if py else None)
    ax = _sample_data("x", spec_x, x)
    ay = _sample_data("y", spec_y, y)
    n = _same_count(ax, ay)
    _check_count(n, min_samples)
    if "callable" in (spec_x.name, spec_y.name):
        _check_dense(n, "a callable kernel")
    if check_n is not None:
        check_n(n)
    return PreparedPair(_finish("x", spec_x, ax, centre_linear=True,
                                homogeneous_frame=homogeneous_frame),
                        _finish("y", spec_y, ay, centre_linear=True,
                                homogeneous_frame=homogeneous_frame))


def gram(x, kernel="gaussian", sigma=None, **kernel_args) -> np.ndarray:
    r"""Gram matrix :math:`K_{ij} = k(x_i, x_j)` of one sample (dense; small n only).

    Parameters
    ----------
    x : array_like, shape (n,) or (n, p)
        Samples (labels for ``kernel="delta"``).
    kernel : str or callable, default "gaussian"
        One of "gaussian", "laplace", "linear", "polynomial", "distance", "delta" (conventions
        in the module docstring), or ``kernel(a, b) -> ndarray`` returning a Gram block.
    sigma : float, optional
        Bandwidth of the gaussian/laplace kernel; default: the median heuristic.
    **kernel_args
        ``degree`` (int >= 1, default 2) and ``coef0`` (>= 0, default 1) of the polynomial kernel.

    Returns
    -------
    ndarray, shape (n, n)

    Raises
    ------
    ValueError
        Unknown kernel, unknown keyword, bad parameter, non-finite or complex data, a bandwidth
        outside [1e-150, 1e150] times the largest |x_ij| (:data:`SIGMA_RANGE`), more than
        :data:`GRAM_MAX_N` samples, or a Gram matrix that overflows.

    Examples
    --------
    >>> gram([0.0, 1.0, 2.0], kernel="linear")  # data are used as given
    array([[0., 0., 0.],
           [0., 1., 2.],
           [0., 2., 4.]])
    >>> round(float(gram([0.0, 1.0], sigma=1.0)[0, 1]), 6)   # exp(-1/2)
    0.606531
    """
    unknown = set(kernel_args) - {"degree", "coef0"}
    if unknown:
        raise ValueError(f"unknown keyword(s) {sorted(unknown)}; gram accepts degree and coef0")
    prepared = resolve_kernel("x", kernel, x, sigma=sigma, centre_linear=False, **kernel_args)
    _check_dense(prepared.n, "gram")
    return finite_result("the Gram matrix", prepared.gram(),
                         hint="the kernel values overflow; rescale the data or lower the "
                              "polynomial degree")


def centre(matrix: np.ndarray) -> np.ndarray:
    """Doubly centred matrix H K H with H = I - 11^T/n."""
    return (matrix - matrix.mean(axis=0, keepdims=True) - matrix.mean(axis=1, keepdims=True)
            + matrix.mean())


def hsic_from_gram(k: np.ndarray, l: np.ndarray, estimator: str = "biased") -> float:
    r"""HSIC from two dense Gram matrices (the reference implementation).

    .. math::

        \mathrm{HSIC}_b = \operatorname{tr}(KHLH)/n^2, \qquad
        \mathrm{HSIC}_u = \frac{1}{n(n-3)}\Bigl[\operatorname{tr}(\tilde K\tilde L)
        + \frac{1^T\tilde K 1\, 1^T\tilde L 1}{(n-1)(n-2)}
        - \frac{2}{n-2} 1^T \tilde K \tilde L 1\Bigr]

    with :math:`\tilde K, \tilde L` the Gram matrices with zero diagonal (Song et al. 2012).
    ``estimator="biased_n1"`` divides by :math:`(n-1)^2` instead of :math:`n^2` (Gretton et al.
    2005; Ma et al. 2019).

    Examples
    --------
    >>> x = np.array([[0.0], [1.0], [2.0]])
    >>> k = x @ x.T
    >>> round(hsic_from_gram(k, k), 12)   # 4/9
    0.444444444444
    """
    k = np.asarray(k, dtype=np.float64)
    l = np.asarray(l, dtype=np.float64)
    n = k.shape[0]
    if estimator in ("biased", "biased_n1"):
        value = float(np.sum(centre(k) * l))
        return value / (n * n if estimator == "biased" else (n - 1) ** 2)
    kt = k - np.diag(np.diag(k))
    lt = l - np.diag(np.diag(l))
    ones = np.ones(n)
    term = (np.sum(kt * lt) + kt.sum() * lt.sum() / ((n - 1) * (n - 2))
            - 2.0 / (n - 2) * float(ones @ kt @ lt @ ones))
    return float(term / (n * (n - 3)))
