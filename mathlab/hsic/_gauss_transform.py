r"""Fast Gauss transform with a rigorous error bound, for Gaussian-kernel HSIC in low dimension.

Private module. With the data scaled to :math:`u = x / (\sqrt2\,\sigma)` the Gaussian kernel is
:math:`k(u, u') = \prod_a g(u_a - u'_a)`, :math:`g(t) = e^{-t^2}`, and every HSIC sum is a
bilinear form :math:`\sum_{ij} w_i\,k(u_i, u_j)\,z_j` (the cross term lives in the joint space
of (x, y), whose kernel is the product of both kernels; squared kernels are the kernel of
:math:`\sqrt2\,u`).

Method (a single-level grid with tensor-product Chebyshev interpolation of the kernel, as in
the black-box fast multipole method of Fong and Darve, used at one level because HSIC
bandwidths are comparable to the spread of the data):

1. The bounding box of the points is cut into boxes of side :math:`h_a` per axis; each box
   carries the p Chebyshev points (of the first kind) per axis, tensorised.
2. Anterpolation: every point spreads its weight onto the nodes of its box with the Lagrange
   basis, :math:`W_m = \sum_i w_i \prod_a \ell_{m_a}(u_{ia})`.
3. Node-to-node transform, separable per axis: :math:`V = (G_1 \otimes \dots \otimes G_D) W`
   with :math:`(G_a)_{kk'} = g(t_k - t_{k'})` over the nodes of axis a.
4. Totals are :math:`\langle W_w, V_z\rangle`; values at the points interpolate V back.

This replaces k by :math:`\tilde k(u, u') = \sum_{m,m'} \ell_m(u)\,k(t_m, t_{m'})\,\ell_{m'}(u')`,
which is the tensor-product interpolant of k in both arguments. Error bound, per axis: the
p-point Chebyshev interpolant of a function f on an interval of length h errs by at most
:math:`2 (h/4)^p \max|f^{(p)}| / p!`, and by Cramér's inequality
:math:`|g^{(p)}(t)| = |H_p(t)|e^{-t^2} \le \kappa\, 2^{p/2}\sqrt{p!}` with
:math:`\kappa = 1.086435` (physicists' Hermite polynomials), so one side errs by

.. math:: \varepsilon_1(h, p) = 2\kappa\,\bigl(h / (2\sqrt2)\bigr)^p / \sqrt{p!}.

Interpolating the other argument of the (already interpolated) kernel multiplies the
derivative bound by the Lebesgue constant :math:`\Lambda_p \le 1 + (2/\pi)\ln p`, so per axis
:math:`|g - \tilde g| \le e_a = (1 + \Lambda_p)\,\varepsilon_1(h_a, p)`, with
:math:`|\tilde g| \le 1 + e_a`; the product over D axes then errs by at most
:math:`E = \prod_a (1 + e_a) - 1` (telescoping). Hence, in exact arithmetic,

.. math:: \Bigl|\sum_{ij} w_i (\tilde k - k)_{ij} z_j\Bigr| \le E\,\lVert w\rVert_1 \lVert z\rVert_1,
          \qquad \Bigl|\sum_j (\tilde k - k)_{ij} z_j\Bigr| \le E\,\lVert z\rVert_1 .

The grid (p, box sides) is chosen for a requested E by a cost model (anterpolation
:math:`p^D` per point, the per-axis transforms, a cap on the number of nodes). Floating-point
rounding is not part of E; it is of the order of the rounding of the O(n^2) pass.

References
----------
L. Greengard, J. Strain, "The fast Gauss transform", SIAM J. Sci. Stat. Comput. 12 (1991).
C. Yang, R. Duraiswami, N. A. Gumerov, L. Davis, "Improved fast Gauss transform and efficient
kernel density estimation", ICCV 2003.
V. I. Morariu, B. V. Srinivasan, V. C. Raykar, R. Duraiswami, L. S. Davis, "Automatic online
tuning for fast Gaussian summation" (FIGTree), NIPS 2008.
W. Fong, E. Darve, "The black-box fast multipole method", J. Comput. Phys. 228 (2009).
H. Cramér (1926); M. Abramowitz, I. Stegun, Handbook (1964), 22.14.17 (Hermite bound).
T. J. Rivlin, "The Lebesgue constants for polynomial interpolation" (1974).
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass

import numpy as np
from .._numba import njit

__all__ = ["MAX_DIM", "MAX_NODES", "GridPlan", "interpolation_error", "lebesgue_bound",
           "kernel_error", "plan_grid", "Grid", "chebyshev_points", "basis_matrix", "applies",
           "sums", "permutations", "bilinear", "scaled_coordinates"]

MAX_DIM = 6
"""Largest dimension of a Gauss transform here (x and y with up to 3 coordinates each)."""
MAX_NODES = 2**23
"""Largest number of grid nodes (64 MB per node array)."""
MAX_AXIS_NODES = 4096
"""Largest number of nodes per axis (the dense per-axis kernel matrix has its square)."""
P_MAX = 40
"""Largest number of Chebyshev points per box and axis."""
_CACHED_NODES = 2**15
"""Node arrays up to this size stay in the (L2) cache: the points need no sorting by box."""
_CRAMER = 1.086435
_SQRT2 = math.sqrt(2.0)


def lebesgue_bound(p: int) -> float:
    """Upper bound 1 + (2/pi) ln p of the Lebesgue constant of p Chebyshev points (Rivlin)."""
    return 1.0 + 2.0 / math.pi * math.log(p)


def interpolation_error(side: float, p: int) -> float:
    r"""Bound on :math:`|g - I_p g|` for g = exp(-t^2) interpolated at p Chebyshev points on an
    interval of length ``side`` (module docstring).

    >>> interpolation_error(1.0, 16) < 1e-13
    True
    """
    log_value = (math.log(2.0 * _CRAMER) + p * math.log(side / (2.0 * _SQRT2))
                 - 0.5 * math.lgamma(p + 1.0)) if side > 0 else -math.inf
    return math.exp(log_value)


def kernel_error(sides, p: int) -> float:
    """Bound E on |k - k~| for the product kernel interpolated in both arguments per axis."""
    factor = 1.0 + lebesgue_bound(p)
    product = 1.0
    for side in sides:
        product *= 1.0 + factor * interpolation_error(float(side), p)
    return product - 1.0


def rounding_allowance(dim: int, p: int) -> float:
    """An a-priori allowance for the floating-point error of one interpolated kernel value.

    The basis values are sums of p terms (the Chebyshev recurrence and the basis matrix) and
    the kernel value a contraction of p^2 terms per axis, each with Lebesgue-bounded weights:
    a few p^2 units of roundoff per axis. 4 D p^2 eps covers what is measured (about 1e-14
    per kernel value at p = 16, D = 2) with a margin; it is added to the reported bound.
    """
    return 4.0 * dim * p * p * np.finfo(np.float64).eps


def _plan_error(sides, p: int) -> float:
    return kernel_error(sides, p) + rounding_allowance(len(sides), p)


@dataclass(frozen=True)
class GridPlan:
    """A grid of boxes with p Chebyshev points per box and axis.

    Attributes
    ----------
    lower : ndarray, shape (D,)
        Lower corner of the grid (scaled units).
    sides : ndarray, shape (D,)
        Box side per axis.
    boxes : ndarray of int, shape (D,)
        Number of boxes per axis.
    p : int
        Chebyshev points per box and axis.
    error : float
        The bound E on |k - k~| per kernel value: :func:`kernel_error` for these boxes plus
        :func:`rounding_allowance`.
    """

    lower: np.ndarray
    sides: np.ndarray
    boxes: np.ndarray
    p: int
    error: float

    @property
    def shape(self) -> tuple[int, ...]:
        """Nodes per axis."""
        return tuple(int(b) * self.p for b in self.boxes)

    @property
    def n_nodes(self) -> int:
        return int(np.prod(self.shape))

    def sub(self, axes) -> "GridPlan":
        """The plan restricted to some axes (a marginal grid)."""
        axes = list(axes)
        return GridPlan(self.lower[axes], self.sides[axes], self.boxes[axes], self.p,
                        _plan_error(self.sides[axes], self.p))

    def __repr__(self) -> str:
        return (f"GridPlan(p={self.p}, boxes={tuple(int(b) for b in self.boxes)}, "
                f"error={self.error:.2g})")


def _axis_boxes(span: float, side_max: float) -> tuple[int, float]:
    """Boxes and side covering an interval of length span with sides <= side_max."""
    if span <= 0.0:
        return 1, side_max
    boxes = max(1, math.ceil(span / side_max * (1.0 + 1e-12)))
    return boxes, span / boxes * (1.0 + 1e-12)


def _side_for(error_axis: float, p: int) -> float:
    """Largest side with (1 + Lambda_p) eps_1(side, p) <= error_axis."""
    eps = error_axis / (1.0 + lebesgue_bound(p))
    return 2.0 * _SQRT2 * math.exp((math.log(eps / (2.0 * _CRAMER))
                                    + 0.5 * math.lgamma(p + 1.0)) / p)


def plan_grid(lower, upper, error: float, n: int, *, split: int | None = None,
              max_nodes: int = MAX_NODES) -> GridPlan | None:
    """Cheapest grid over the box [lower, upper] whose kernel bound is <= ``error``.

    ``split`` = number of leading axes of the first variable (joint grids): the cost model
    then also counts the marginal interpolations. Returns None when no grid within
    ``max_nodes`` nodes reaches the bound.
    """
    lower = np.asarray(lower, dtype=np.float64)
    upper = np.asarray(upper, dtype=np.float64)
    dim = lower.size
    spans = upper - lower
    per_axis = (1.0 + error) ** (1.0 / dim) - 1.0
    best = None
    for p in range(2, P_MAX + 1):
        side_max = _side_for(per_axis, p)
        fitted = [_axis_boxes(float(s), side_max) for s in spans]
        boxes = np.array([b for b, _ in fitted], dtype=np.int64)
        sides = np.array([s for _, s in fitted])
        nodes_axis = boxes * p
        n_nodes = float(np.prod(nodes_axis.astype(np.float64)))
        if n_nodes > max_nodes:
            continue
        if np.max(nodes_axis) > MAX_AXIS_NODES:
            continue
        # cost (~ns): anterpolation p^D per point (plus the marginal interpolations) and the
        # basis evaluations; the per-axis kernel matrices (one exp per entry) and transforms
        basis = 0.2 * p * p + 2.0
        point = 0.5 * p**dim + dim * basis + (15.0 if n_nodes > _CACHED_NODES else 0.0)
        if split is not None:  # the marginal interpolations
            point += 0.5 * (p**split + p ** (dim - split)) + dim * basis
        matrices = float(np.sum(nodes_axis.astype(np.float64) ** 2))
        transform = n_nodes * float(np.sum(nodes_axis))
        cost = n * point + 10.0 * matrices + 0.3 * transform
        if best is None or cost < best[0]:
            centre = 0.5 * (lower + upper)
            low = centre - 0.5 * boxes * sides
            best = (cost, GridPlan(low, sides, boxes, p, _plan_error(sides, p)))
    return None if best is None else best[1]


def chebyshev_points(p: int) -> tuple[np.ndarray, np.ndarray]:
    """Chebyshev points of the first kind on [-1, 1] (ascending) and their barycentric weights."""
    k = np.arange(p)
    theta = (2 * k + 1) * math.pi / (2 * p)
    points = -np.cos(theta)
    weights = (-1.0) ** k * np.sin(theta)
    return points, weights


def basis_matrix(p: int) -> np.ndarray:
    r"""C with :math:`\ell_k(\xi) = \sum_j C_{jk} T_j(\xi)`: the Lagrange basis of the p
    Chebyshev points :math:`\xi_k` in Chebyshev polynomials (discrete orthogonality,
    :math:`C_{jk} = (2 - \delta_{j0})\,T_j(\xi_k)/p`). Evaluating T by its recurrence and then
    this matrix product needs no division and vectorises across points."""
    points, _ = chebyshev_points(p)
    j = np.arange(p)[:, None]
    table = np.cos(j * np.arccos(points)[None, :])  # T_j(xi_k)
    table[0] = 1.0
    return np.where(j == 0, 1.0, 2.0) * table / p


_BATCH = 64


@njit(cache=True, fastmath={"nsz", "contract"})
def _batch_basis(coords, start, count, lower, sides, boxes, cmat, box, xis, cheb, phi, last):
    """Boxes and Lagrange bases of the points start..start+count-1 on every axis: box[a, t],
    and phi[a, k, t] = l_k(xi_t) (xi_t the coordinate in its box) from the Chebyshev
    recurrence and ``cmat`` (:func:`basis_matrix`), vectorised across the points; the last
    axis' basis also point-major in last[t, k]."""
    dim = coords.shape[0]
    p = cmat.shape[0]
    for a in range(dim):
        low = lower[a]
        side = sides[a]
        top = boxes[a] - 1
        for t in range(count):
            u = coords[a, start + t]
            b = min(max(int(math.floor((u - low) / side)), 0), top)
            xi = 2.0 * (u - low - (b + 0.5) * side) / side
            xis[t] = min(max(xi, -1.0), 1.0)
            box[a, t] = b
        for t in range(count):
            cheb[0, t] = 1.0
        if p > 1:
            for t in range(count):
                cheb[1, t] = xis[t]
        for j in range(2, p):
            for t in range(count):
                cheb[j, t] = 2.0 * xis[t] * cheb[j - 1, t] - cheb[j - 2, t]
        for k in range(p):
            for t in range(count):
                phi[a, k, t] = cmat[0, k]
            for j in range(1, p):
                c = cmat[j, k]
                for t in range(count):
                    phi[a, k, t] += c * cheb[j, t]
    for k in range(p):
        for t in range(count):
            last[t, k] = phi[dim - 1, k, t]


@njit(cache=True)
def _spread(coords, lower, sides, boxes, cmat, weights, unit, strides, nodes, values, gather):
    """Anterpolation (``gather=False``): nodes[m] += sum_i weights[i] prod_a l_{m_a}(u_{a,i})
    (weights 1 when ``unit``);
    or interpolation (``gather=True``): values[i] = sum_m prod_a l_{m_a}(u_{a,i}) nodes[m].
    Nodes are flattened with ``strides``; the last axis is contiguous.

    Points go in batches: their bases first (vectorised across points), then per point the
    products over all axes but the last (with their node offsets, expanded in place) and a
    contiguous loop over the last axis.
    """
    dim, n = coords.shape
    p = cmat.shape[0]
    box = np.empty((dim, _BATCH), dtype=np.int64)
    xis = np.empty(_BATCH)
    cheb = np.empty((p, _BATCH))
    phi = np.empty((dim, p, _BATCH))
    lastb = np.empty((_BATCH, p))
    buf = np.empty(p ** (dim - 1))
    off = np.empty(p ** (dim - 1), dtype=np.int64)
    last = dim - 1
    for start in range(0, n, _BATCH):
        count = min(_BATCH, n - start)
        _batch_basis(coords, start, count, lower, sides, boxes, cmat, box, xis, cheb, phi,
                     lastb)
        for t in range(count):
            i = start + t
            buf[0] = 1.0 if (gather or unit) else weights[i]
            off[0] = box[last, t] * p * strides[last]
            size = 1
            for a in range(last):
                base = box[a, t] * p
                for s in range(size - 1, -1, -1):  # expand in place from the top
                    v = buf[s]
                    o = off[s]
                    for m in range(p - 1, -1, -1):
                        buf[s * p + m] = v * phi[a, m, t]
                        off[s * p + m] = o + (base + m) * strides[a]
                size *= p
            if gather:
                acc = 0.0
                for s in range(size):
                    o = off[s]
                    part = 0.0
                    for m in range(p):
                        part += nodes[o + m] * lastb[t, m]
                    acc += buf[s] * part
                values[i] = acc
            else:
                for s in range(size):
                    v = buf[s]
                    o = off[s]
                    for m in range(p):
                        nodes[o + m] += v * lastb[t, m]


@njit(cache=True)
def _box_sort(coords, weights, unit, lower, sides, boxes):
    """The points (and weights) grouped by box: a counting sort on the flattened box index."""
    dim, n = coords.shape
    total = 1
    for a in range(dim):
        total *= boxes[a]
    key = np.empty(n, dtype=np.int64)
    count = np.zeros(total + 1, dtype=np.int64)
    for i in range(n):
        k = 0
        for a in range(dim):
            b = int(math.floor((coords[a, i] - lower[a]) / sides[a]))
            k = k * boxes[a] + min(max(b, 0), boxes[a] - 1)
        key[i] = k
        count[k + 1] += 1
    for k in range(total):
        count[k + 1] += count[k]
    out = np.empty((dim, n))
    w = np.empty(0 if unit else n)
    for i in range(n):
        j = count[key[i]]
        count[key[i]] = j + 1
        for a in range(dim):
            out[a, j] = coords[a, i]
        if not unit:
            w[j] = weights[i]
    return out, w


_BLAS = []


def _one_blas_thread():
    """A context limiting BLAS to one thread (threadpoolctl's controller, built once: building
    one scans the loaded libraries, which costs more than the small products here)."""
    if not _BLAS:
        try:
            from threadpoolctl import ThreadpoolController

            _BLAS.append(ThreadpoolController())
        except ImportError:  # no threadpoolctl: BLAS keeps its threads
            _BLAS.append(None)
    if _BLAS[0] is None:
        return contextlib.nullcontext()
    return _BLAS[0].limit(limits=1, user_api="blas")


class Grid:
    """Nodes and kernel matrices of a :class:`GridPlan`, and the points spread onto it.

    Parameters
    ----------
    plan : GridPlan
    coords : ndarray, shape (D, n)
        Scaled coordinates (kernel exp(-|u - u'|^2)) inside the plan's box, one row per axis.
    matrices : list of ndarray, optional
        The per-axis kernel matrices, when already computed (marginal grids).
    """

    def __init__(self, plan: GridPlan, coords: np.ndarray, matrices=None):
        self.plan = plan
        self.coords = coords
        self.points, _ = chebyshev_points(plan.p)
        self.cmat = basis_matrix(plan.p)
        if matrices is None:
            matrices = []
            for a in range(coords.shape[0]):
                nodes = self.nodes(a)
                matrices.append(np.exp(-np.subtract.outer(nodes, nodes) ** 2))
        self.matrices = matrices
        shape = plan.shape
        self.strides = np.array([int(np.prod(shape[a + 1:])) for a in range(len(shape))],
                                dtype=np.int64)

    def nodes(self, axis: int) -> np.ndarray:
        """Coordinates of the nodes of one axis (boxes in order, points ascending)."""
        plan = self.plan
        centres = plan.lower[axis] + (np.arange(plan.boxes[axis]) + 0.5) * plan.sides[axis]
        return (centres[:, None] + 0.5 * plan.sides[axis] * self.points[None, :]).ravel()

    @property
    def n(self) -> int:
        return self.coords.shape[1]

    def _args(self, coords):
        plan = self.plan
        return (coords, np.ascontiguousarray(plan.lower, dtype=np.float64),
                np.ascontiguousarray(plan.sides, dtype=np.float64),
                np.ascontiguousarray(plan.boxes, dtype=np.int64), self.cmat)

    def anterpolate(self, weights=None, coords=None) -> np.ndarray:
        """Node weights W (shape plan.shape) of point weights (default 1) at the grid's points
        (or at ``coords``, shape (D, n), e.g. with y permuted). When the nodes do not fit in
        cache the points are first grouped by box (a counting sort), so that consecutive
        points update the same few nodes."""
        coords = self.coords if coords is None else coords
        unit = weights is None
        w = np.empty(0) if unit else np.ascontiguousarray(weights, dtype=np.float64)
        lower, sides, boxes = self._args(coords)[1:4]
        if coords.shape[0] > 1 and self.plan.n_nodes > _CACHED_NODES:
            coords, w = _box_sort(coords, w, unit, lower, sides, boxes)
        out = np.zeros(self.plan.n_nodes)
        _spread(*self._args(np.ascontiguousarray(coords)), w, unit, self.strides, out, out,
                False)
        return out.reshape(self.plan.shape)

    def transform(self, node_weights: np.ndarray) -> np.ndarray:
        """(G_1 x ... x G_D) W (with single-threaded BLAS: these products are small, and
        OpenBLAS's threads cost 100x more than the product on a shared machine, measured)."""
        with _one_blas_thread():
            return self._transform(node_weights)

    def _transform(self, node_weights: np.ndarray) -> np.ndarray:
        out = node_weights
        if out.ndim == 1:
            return self.matrices[0] @ out
        if out.ndim == 2:  # the matrices are symmetric
            return self.matrices[0] @ out @ self.matrices[1]
        for a in range(out.ndim):
            out = np.moveaxis(np.tensordot(self.matrices[a], out, axes=([1], [a])), 0, a)
        return out

    def interpolate(self, node_values: np.ndarray) -> np.ndarray:
        """Values at the grid's points: sum over nodes of basis x node_values."""
        out = np.empty(self.n)
        _spread(*self._args(self.coords), out, True, self.strides,
                np.ascontiguousarray(node_values).ravel(), out, True)
        return out

    def marginal(self, start: int, stop: int) -> "Grid":
        """The grid of the axes start..stop-1, sharing coordinates and kernel matrices."""
        axes = list(range(start, stop))
        return Grid(self.plan.sub(axes), self.coords[start:stop],
                    [self.matrices[a] for a in axes])


def scaled_coordinates(side) -> np.ndarray:
    """(data - centre) / (sqrt(2) sigma) of a PreparedKernel, one row per axis: the Gaussian
    kernel becomes exp(-|u - u'|^2). The centre (midrange) is subtracted first, which is exact
    for clustered data (1e12 + small spread keeps its digits)."""
    data = side.data
    centre = 0.5 * (data.max(axis=0) + data.min(axis=0))
    return np.ascontiguousarray(((data - centre) / (_SQRT2 * side.kernel.sigma)).T)


E_MIN = 1e-15
"""Smallest kernel error bound aimed at (below it rounding dominates)."""
E_MAX = 1e-3
"""Largest kernel error bound used, whatever the requested tolerance."""
_PILOT_POINTS = 2000
_PAIR_NS = 1.5
"""Rough cost of one pair of the pass over the pairs (ns, both cores), for "auto"."""
_FIXED_NS = 2e6
"""Rough fixed cost of a Gauss transform (grids, kernel matrices, pilot), for "auto"."""


def applies(pair, target) -> bool:
    """Gaussian kernels on <= 3 dimensions each and a grid within the node limits."""
    return _joint_plan(pair, target, check_cost=False) is not None


def faster(pair, target) -> bool:
    """Whether the estimated cost is below that of the pass over the pairs (for "auto")."""
    return _joint_plan(pair, target, check_cost=True) is not None


def _joint_plan(pair, target, *, check_cost: bool, error: float | None = None):
    if not (pair.x.name == "gaussian" and pair.y.name == "gaussian"):
        return None
    dx, dy = pair.x.data.shape[1], pair.y.data.shape[1]
    if dx > 3 or dy > 3:
        return None
    n = pair.n
    error = min(max(target.tol * 1e-2, E_MIN), E_MAX) if error is None else error
    lows, highs = [], []
    for side in (pair.x, pair.y):
        data = side.data
        span = (data.max(axis=0) - data.min(axis=0)) / (_SQRT2 * side.kernel.sigma)
        lows.append(-0.5 * span)
        highs.append(0.5 * span)
    plan = plan_grid(np.concatenate(lows), np.concatenate(highs), error, n, split=dx)
    if plan is None or not check_cost:
        return plan
    return plan if _FIXED_NS + _cost(plan, n, dx) < _PAIR_NS * 0.5 * n * n else None


def _cost(plan: GridPlan, n: int, split: int) -> float:
    """The cost model of :func:`plan_grid` for a chosen plan (rough ns)."""
    p = plan.p
    dim = plan.lower.size
    basis = 0.2 * p * p + 2.0
    nodes_axis = np.asarray(plan.shape, dtype=np.float64)
    point = (0.5 * p**dim + dim * basis + 15.0 + 0.5 * (p**split + p ** (dim - split))
             + dim * basis)
    return (3.0 * n * point + 10.0 * float(np.sum(nodes_axis**2))
            + 0.3 * plan.n_nodes * float(np.sum(nodes_axis)))


def _pilot(pair, estimator: str) -> float:
    """|estimate| on an evenly spaced subsample (exact pass over its pairs)."""
    from .statistics import estimate, pair_sums

    n = pair.n
    if n <= _PILOT_POINTS:
        return abs(estimate(pair_sums(pair), estimator))
    idx = np.unique(np.linspace(0, n - 1, _PILOT_POINTS).astype(np.int64))
    return abs(estimate(pair_sums(pair.take(idx)), estimator))


def _grid_sums(pair, ux, uy, error: float):
    """PairSums (with bounds) of two Gaussian kernels on grids of kernel error <= error."""
    from .statistics import PairSums, SumBounds

    dx, n = ux.shape
    joint = np.vstack([ux, uy])
    dim = joint.shape[0]
    plan = plan_grid(joint.min(axis=1), joint.max(axis=1), error, n, split=dx)
    squares = [plan_grid(_SQRT2 * u.min(axis=1), _SQRT2 * u.max(axis=1), error, n)
               for u in (ux, uy)]
    if plan is None or None in squares:
        raise ValueError(f"the Gauss transform needs more than {MAX_NODES} grid nodes for a "
                         f"kernel error of {error:.2g} here (the data span too many "
                         "bandwidths); use algorithm='pairs'")
    grid = Grid(plan, joint)
    w = grid.anterpolate()
    s_kl = float(np.vdot(w, grid.transform(w))) - n
    rows, row_errors = [], []
    for start, stop in ((0, dx), (dx, dim)):
        others = tuple(a for a in range(dim) if not start <= a < stop)
        marginal = grid.marginal(start, stop)
        rows.append(marginal.interpolate(marginal.transform(w.sum(axis=others))) - 1.0)
        row_errors.append(marginal.plan.error * n)
    s_sq = []
    for plan_sq, u in zip(squares, (ux, uy)):
        g = Grid(plan_sq, _SQRT2 * u)
        wq = g.anterpolate()
        s_sq.append(float(np.vdot(wq, g.transform(wq))) - n)
    info = {"kernel_error": plan.error, "p": plan.p,
            "boxes": tuple(int(b) for b in plan.boxes), "nodes": plan.n_nodes}
    bounds = SumBounds(s_kl=plan.error * n * n, s_kk=squares[0].error * n * n,
                       s_ll=squares[1].error * n * n, rows_k=row_errors[0],
                       rows_l=row_errors[1], info=info)
    ones = np.ones(n)
    return PairSums.from_raw(n, s_kl, s_sq[0], s_sq[1], rows[0], rows[1], ones, ones,
                             pair.x.shift, pair.y.shift, bounds)


def sums(pair, target):
    """PairSums of Gaussian kernels by fast Gauss transforms, aiming at an error bound of the
    estimator below ``target.tol`` times its value.

    The kernel error bound E is set from the estimate on a subsample (the bound of the
    estimator is about a few E); if the bound of the result still exceeds the target, one more
    pass with E scaled down follows (never below :data:`E_MIN`).
    """
    from .statistics import error_bound, estimate

    ux, uy = scaled_coordinates(pair.x), scaled_coordinates(pair.y)
    scale = _pilot(pair, target.estimator)
    error = min(max(target.tol * scale / 8.0, E_MIN), E_MAX)
    result = _grid_sums(pair, ux, uy, error)
    passes = 1
    value = abs(estimate(result, target.estimator))
    bound = error_bound(result, target.estimator)
    if bound > target.tol * value and error > E_MIN:
        error = max(E_MIN, error * 0.5 * target.tol * value / bound) if bound > 0 else E_MIN
        result = _grid_sums(pair, ux, uy, error)
        passes = 2
    result.bounds.info["passes"] = passes
    return result


PERMUTATION_TOL = 1e-7
"""Accuracy of each permuted statistic n HSIC_b relative to its null mean (the observed one
uses the same grid, so that the comparisons share the approximation)."""


def permutations(pair, sums):
    """(f, bound): f(perm) = raw off-diagonal sum K_ij L_ij with y permuted, one anterpolation
    per permutation on a grid whose kernel error makes each permuted n HSIC_b accurate to
    :data:`PERMUTATION_TOL` of the null mean (or the grid of ``sums``, if finer); bound on f."""
    ux, uy = scaled_coordinates(pair.x), scaled_coordinates(pair.y)
    n = pair.n
    dx = ux.shape[0]
    joint = np.vstack([ux, uy])
    off = n * (n - 1.0)
    mean_k = float(np.mean(sums.diag_k)) - float(np.sum(sums.rows_k)) / off
    mean_l = float(np.mean(sums.diag_l)) - float(np.sum(sums.rows_l)) / off
    null_mean = abs(mean_k * mean_l)  # n E[HSIC_b] under independence
    # n |d HSIC_b| <= n (E n^2) / n^2 + row terms (~ the same): aim E <= tol mean / (4 n)
    error = min(max(PERMUTATION_TOL * null_mean / (4.0 * n), sums.bounds.info["kernel_error"]),
                E_MAX)
    plan = plan_grid(joint.min(axis=1), joint.max(axis=1), error, n, split=dx)
    grid = Grid(plan, joint)

    def cross(perm):
        coords = np.vstack([ux, uy[:, perm]])
        w = grid.anterpolate(coords=coords)
        return float(np.vdot(w, grid.transform(w))) - n

    return cross, plan.error * n * n


def bilinear(pair, sums):
    r"""form(a, b, w, z) = (value, bound) of :math:`\sum_{i\ne j} K_{ij}^a L_{ij}^b w_i z_j`
    (raw Gaussian kernels; K^a is the Gaussian kernel of :math:`\sqrt a\,u`), on grids with the
    kernel error of ``sums``; bound = E ||w||_1 ||z||_1."""
    ux, uy = scaled_coordinates(pair.x), scaled_coordinates(pair.y)
    n = pair.n
    error = sums.bounds.info["kernel_error"] if sums.bounds is not None else E_MIN
    grids = {}

    def grid_for(a, b):
        if (a, b) not in grids:
            parts = ([math.sqrt(a) * ux] if a else []) + ([math.sqrt(b) * uy] if b else [])
            coords = np.ascontiguousarray(np.vstack(parts))
            plan = plan_grid(coords.min(axis=1), coords.max(axis=1), error, n)
            if plan is None:
                raise ValueError("the Gauss transform of the squared kernels needs too many "
                                 "grid nodes; use algorithm='pairs'")
            grids[(a, b)] = Grid(plan, coords)
        return grids[(a, b)]

    def form(a, b, w, z):
        if a == 0 and b == 0:
            return float(np.sum(w)) * float(np.sum(z)) - float(np.dot(w, z)), 0.0
        grid = grid_for(a, b)
        ww = grid.anterpolate(w)
        wz = ww if z is w else grid.anterpolate(z)
        value = float(np.vdot(ww, grid.transform(wz))) - float(np.dot(w, z))
        bound = grid.plan.error * float(np.sum(np.abs(w))) * float(np.sum(np.abs(z)))
        return value, bound

    return form


SPECTRAL_MAX_NODES = 3000
"""Largest grid (nodes of one variable) whose eigenproblem replaces the dense one."""


def centred_eigenvalues(side, error: float) -> tuple[np.ndarray, float] | None:
    r"""Eigenvalues (descending, >= 0) of the centred Gram matrix HKH of one Gaussian variable
    from its grid, and a bound on their errors; None when the grid is too large.

    With :math:`\tilde K = \Phi G \Phi^\top` (basis values :math:`\Phi`, node kernel G, the
    interpolated kernel of the module docstring), :math:`H\tilde K H` has the nonzero
    eigenvalues of :math:`G^{1/2}\,\Phi^\top H \Phi\, G^{1/2}` (size = number of nodes), and
    by Weyl's inequality every eigenvalue moves by at most
    :math:`\lVert K - \tilde K\rVert_2 \le n E`.
    """
    u = scaled_coordinates(side)
    dim, n = u.shape
    plan = plan_grid(u.min(axis=1), u.max(axis=1), error, n)
    if plan is None or plan.n_nodes > SPECTRAL_MAX_NODES:
        return None
    grid = Grid(plan, u)
    # Phi^T Phi: the anterpolation of the points onto the grid of (u, u)
    doubled = GridPlan(np.concatenate([plan.lower, plan.lower]),
                       np.concatenate([plan.sides, plan.sides]),
                       np.concatenate([plan.boxes, plan.boxes]), plan.p, plan.error)
    gram = Grid(doubled, np.vstack([u, u]), grid.matrices + grid.matrices).anterpolate()
    m = plan.n_nodes
    gram = gram.reshape(m, m)
    column = grid.anterpolate().ravel()  # Phi^T 1
    s = gram - np.outer(column, column) / n
    g = grid.matrices[0]
    for other in grid.matrices[1:]:
        g = np.kron(g, other)
    with _one_blas_thread():
        values, vectors = np.linalg.eigh(g)
        root = (vectors * np.sqrt(np.clip(values, 0.0, None))) @ vectors.T
        eig = np.linalg.eigvalsh(root @ s @ root)
    return np.clip(eig, 0.0, None)[::-1], n * plan.error


@dataclass(frozen=True, eq=False)
class GaussGridMap:
    """A fixed grid for streamed Gaussian-kernel HSIC over a box of x and a box of y.

    The grid (and so the statistics of any chunk on it) depends only on the boxes, the
    bandwidths and the kernel error bound, so chunks accumulated on equal maps merge exactly
    (node weights add). Attributes are in the units of the data.
    """

    lower_x: np.ndarray
    upper_x: np.ndarray
    lower_y: np.ndarray
    upper_y: np.ndarray
    sigma: float
    sigma_y: float
    kernel_error: float

    @property
    def dims(self) -> tuple[int, int]:
        return self.lower_x.size, self.lower_y.size

    def _centres(self):
        return 0.5 * (self.lower_x + self.upper_x), 0.5 * (self.lower_y + self.upper_y)

    def scaled(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Joint scaled coordinates (D, k) of chunk rows x (k, p), y (k, q)."""
        cx, cy = self._centres()
        return np.ascontiguousarray(np.hstack([(x - cx) / (_SQRT2 * self.sigma),
                                               (y - cy) / (_SQRT2 * self.sigma_y)]).T)

    def plan(self) -> GridPlan:
        half = np.concatenate([0.5 * (self.upper_x - self.lower_x) / (_SQRT2 * self.sigma),
                               0.5 * (self.upper_y - self.lower_y) / (_SQRT2 * self.sigma_y)])
        plan = plan_grid(-half, half, self.kernel_error, 10**6, split=self.dims[0])
        if plan is None:
            raise ValueError(f"the boxes span too many bandwidths for a grid of at most "
                             f"{MAX_NODES} nodes with kernel_error={self.kernel_error:g}; "
                             "enlarge sigma or kernel_error")
        return plan

    def same(self, other) -> bool:
        return isinstance(other, GaussGridMap) and all(
            np.array_equal(getattr(self, f), getattr(other, f))
            for f in ("lower_x", "upper_x", "lower_y", "upper_y", "sigma", "sigma_y",
                      "kernel_error"))

    def check(self, x: np.ndarray, y: np.ndarray) -> None:
        """ValueError when a chunk has rows outside the boxes."""
        for name, data, low, high in (("x_chunk", x, self.lower_x, self.upper_x),
                                      ("y_chunk", y, self.lower_y, self.upper_y)):
            if data.size and not (np.all(data >= low) and np.all(data <= high)):
                raise ValueError(f"{name} has rows outside the accumulator's box "
                                 f"[{low.tolist()}, {high.tolist()}]; build it with a box "
                                 "that holds every row")


@dataclass(frozen=True, eq=False)
class GridMoments:
    """Count and node weights of the rows accumulated on a :class:`GaussGridMap`'s grid.

    Everything HSIC_b needs is a function of the joint node weights W: with
    :math:`V = (G_x \\otimes G_y) W`, the marginal weights :math:`W_x, W_y` (sums over the other
    variable's axes; the Lagrange bases sum to 1) and :math:`V_x = G_x W_x`,
    :math:`\\sum_{ij} \\tilde K_{ij}\\tilde L_{ij} = \\langle W, V\\rangle`,
    :math:`\\sum_i (\\tilde K1)_i (\\tilde L1)_i = V_x^\\top W V_y` and
    :math:`1^\\top\\tilde K 1 = \\langle W_x, V_x\\rangle`.
    """

    grid_map: GaussGridMap
    plan: GridPlan
    n: int
    weights: np.ndarray

    @classmethod
    def empty(cls, grid_map: GaussGridMap) -> "GridMoments":
        plan = grid_map.plan()
        return cls(grid_map, plan, 0, np.zeros(plan.shape))

    def add(self, x: np.ndarray, y: np.ndarray) -> "GridMoments":
        """The moments with the rows x (k, p), y (k, q) added (already checked)."""
        coords = self.grid_map.scaled(x, y)
        grid = Grid(self.plan, coords, matrices=[])
        return GridMoments(self.grid_map, self.plan, self.n + coords.shape[1],
                           self.weights + grid.anterpolate())

    def merge(self, other: "GridMoments") -> "GridMoments":
        return GridMoments(self.grid_map, self.plan, self.n + other.n,
                           self.weights + other.weights)

    def hsic(self) -> float:
        return self.estimate()[0]

    def estimate(self) -> tuple[float, float]:
        """(HSIC_b, bound on its error). With full row sums in [0, n] (0 < k <= 1), row errors
        within E_x n, E_y n and the total within E n^2, the trace moves by at most
        :math:`n^2(E + 3(E_x + E_y + E_x E_y))`."""
        if self.n == 0:
            raise ValueError("no samples have been accumulated yet; call update() first")
        dx = self.grid_map.dims[0]
        grid = Grid(self.plan, np.empty((self.plan.lower.size, 0)))
        w = self.weights
        dim = w.ndim
        x_axes, y_axes = tuple(range(dx)), tuple(range(dx, dim))
        wx, wy = w.sum(axis=y_axes), w.sum(axis=x_axes)
        gx, gy = grid.marginal(0, dx), grid.marginal(dx, dim)
        vx, vy = gx.transform(wx), gy.transform(wy)
        n = float(self.n)
        total = float(np.vdot(w, grid.transform(w)))
        cross = float(np.tensordot(np.tensordot(w, vy, axes=(y_axes, tuple(range(vy.ndim)))),
                                   vx, axes=dx))
        tk, tl = float(np.vdot(wx, vx)), float(np.vdot(wy, vy))
        trace = total - 2.0 / n * cross + tk * tl / (n * n)
        ex, ey = gx.plan.error, gy.plan.error
        bound = self.plan.error + 3.0 * (ex + ey + ex * ey)
        return trace / (n * n), bound
