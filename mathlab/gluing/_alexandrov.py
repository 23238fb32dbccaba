"""Discrete Alexandrov problem: the convex polyhedron made of two convex polygons glued edge to edge.

Two convex polygons Q1, Q2 with the same number n of vertices and the same edge lengths, glued
vertex i to vertex i (Q1 counter-clockwise, Q2 clockwise), form a convex polyhedral metric on
the sphere; by Alexandrov's theorem it is the surface of exactly one convex polyhedron (up to
rigid motions and reflection), whose vertices are the n seam points. Each face lies in one
polygon, so the faces of each sheet triangulate that polygon by diagonals, and every edge of the
polyhedron has the length of the straight chord between its two vertices in its own polygon.

The solver keeps, per sheet, a triangulation of the polygon by n - 3 diagonals. With the n seam
edges that makes 3n - 6 edges, exactly the number of unknowns of n points in space up to the
six rigid motions, and a convex triangulated polyhedron is infinitesimally rigid (Dehn), so

    |X_i - X_j| = |q_i - q_j|   for every edge (i, j)  (q in the edge's own polygon)

is a square system, solved by Newton's method with a sparse LU factorisation and six linear
gauge conditions. After each solve, a diagonal whose dihedral angle exceeds pi (reflex) is
flipped to the other diagonal of its quadrilateral (every quadrilateral of a convex polygon is
convex, so the flip is always possible), and the system is solved again, until every edge is
convex. Flat quadrilaterals (coplanar faces) are left as they are: both diagonals then describe
the same polyhedron. Seam edges are never flipped; a reflex seam edge means that the
polyhedron's faces cross the seam, which this solver does not represent, and is reported.

The polygons are equilateral (side P/n) and inscribed in slightly enlarged copies of the
outlines, lambda C with lambda = 1 + O(1/n^2), so that both have exactly the perimeter P and the
same edge lengths; their vertices lie within O(1/n^2) of the arc-length positions of the
gluing. The discrete volume then converges to the D-form's as O(1/n^2).

References
----------
A. D. Alexandrov, Convex Polyhedra (Springer, 2005), ch. 4.
M. Dehn, "Über die Starrheit konvexer Polyeder", Math. Ann. 77 (1916).
A. I. Bobenko, I. Izmestiev, "Alexandrov's theorem, weighted Delaunay triangulations, and
mixed volumes", Ann. Inst. Fourier 58 (2008).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import MatrixRankWarning, splu

from .curves import GluingConvergenceError

__all__ = ["boundary", "equilateral_polygon", "inscribed_polygon", "Polyhedron", "solve", "continuation",
           "blend_polygons", "hull_triangulation", "refine_triangulation"]

_NEWTON_MAXITER = 30
_FLIP_ROUNDS = 60
#: relative bend (normalised triple product) above which an edge counts as reflex
_REFLEX_TOL = 1e-9
_POLYGON_MAXITER = 60


def boundary(outline, sigma):
    """Points and unit tangents of an outline at arc lengths ``sigma`` counter-clockwise from
    its reference point (taken modulo the perimeter).

    Outlines that are not symmetric about both axes provide ``_boundary(sigma)``; the
    symmetric ones are mapped from their quarter arc, where (g, h) has tangent
    (-sin phi, cos phi).
    """
    sigma = np.asarray(sigma, dtype=float)
    own = getattr(outline, "_boundary", None)
    if own is not None:
        return own(sigma)
    period = outline.perimeter
    l = outline.quarter_length
    sigma = np.mod(sigma, period)
    quarter = np.minimum((sigma // l).astype(int), 3)
    rest = sigma - quarter * l
    odd = quarter % 2 == 1
    s = np.clip(np.where(odd, l - rest, rest), 0.0, l)
    g, h, cos, sin = outline._evaluate(s)
    sx = np.where((quarter == 1) | (quarter == 2), -1.0, 1.0)
    sy = np.where(quarter >= 2, -1.0, 1.0)
    ds = np.where(odd, -1.0, 1.0)
    points = np.stack([sx * g, sy * h], axis=-1)
    tangents = np.stack([-ds * sx * sin, ds * sy * cos], axis=-1)
    return points, tangents


def equilateral_polygon(outline, start, n, direction=1):
    """Equilateral n-gon of side P/n inscribed in lambda * outline, vertex 0 at arc ``start``.

    See :func:`inscribed_polygon` (with all sides P/n).
    """
    return inscribed_polygon(outline, start, np.full(n, outline.perimeter / n), direction)


def inscribed_polygon(outline, start, sides, direction=1):
    """Polygon with the given sides inscribed in lambda * outline, vertex 0 at arc ``start``.

    Vertex i sits at arc t_i of the outline (t_0 = ``start``, then ``direction`` = +1
    counter-clockwise or -1 clockwise) and the outline is scaled by lambda so that side i is
    exactly ``sides[i]`` (the sides add up to the perimeter, so lambda = 1 + O(side^2)).
    Newton's method on the chord equations |C(t_{i+1}) - C(t_i)| = sides[i] / lambda, with the
    unknowns t_1 .. t_{n-1} and 1/lambda, starting from arcs equal to the sides.

    Returns
    -------
    points : ndarray, shape (n, 2)
        The polygon's vertices (lambda C(t_i)).
    arcs : ndarray, shape (n,)
        The arc lengths t_i on the outline (not reduced modulo P).
    """
    period = outline.perimeter
    sides = np.asarray(sides, dtype=float)
    n = sides.size
    t = start + direction * np.concatenate(([0.0], np.cumsum(sides[:-1])))
    inverse_scale = 1.0
    index = np.arange(n)
    floor = 64 * np.finfo(float).eps * period   # arc-length inversions are good to ~eps P
    for _ in range(_POLYGON_MAXITER):
        p, d = boundary(outline, np.append(t, start + direction * period))
        chord = p[1:] - p[:-1]
        length = np.hypot(chord[:, 0], chord[:, 1])
        unit = chord / length[:, None]
        residual = length - inverse_scale * sides
        if np.max(np.abs(residual)) <= floor:
            break
        forward = np.einsum("ij,ij->i", unit, d[1:])   # d residual_i / d t_{i+1}
        backward = -np.einsum("ij,ij->i", unit, d[:-1])  # d residual_i / d t_i
        # columns 0 .. n-2: t_1 .. t_{n-1}; column n-1: 1/lambda
        rows = np.concatenate([index[:-1], index[1:], index])
        cols = np.concatenate([index[:-1], index[1:] - 1, np.full(n, n - 1)])
        vals = np.concatenate([forward[:-1], backward[1:], -sides])
        jac = sp.csc_matrix((vals, (rows, cols)), shape=(n, n))
        step = splu(jac).solve(-residual)
        t[1:] += step[:-1]
        inverse_scale += step[-1]
    else:
        raise GluingConvergenceError(
            f"{n}-gon inscribed in {outline!r}: Newton's method did not converge in "
            f"{_POLYGON_MAXITER} steps", what="inscribed_polygon",
            iterations=_POLYGON_MAXITER, residual=float(np.max(np.abs(residual))))
    points, _ = boundary(outline, t)
    return points / inverse_scale, t


def turning_angles(q):
    """Exterior angles psi_i at the vertices of a closed polygon (positive counter-clockwise)."""
    e = np.roll(q, -1, axis=0) - q
    theta = np.arctan2(e[:, 1], e[:, 0])
    return np.angle(np.exp(1j * (theta - np.roll(theta, 1))))


def blend_polygons(q0, q1, t):
    """Polygon whose edge lengths and exterior angles interpolate those of q0 and q1.

    Edge lengths e(t) = (1 - t) e0 + t e1 and angles psi(t) = (1 - t) psi0 + t psi1 keep the
    angle sum and convexity; the two closure conditions sum e_k exp(i Theta_k) = 0 are
    restored by the smallest change of the angles (Gauss-Newton on the minimum-norm
    correction that also keeps their sum). Two pairs of polygons with equal edge lengths give
    blends with equal edge lengths, so the blended pair can still be glued.
    """
    if t == 0.0:
        return q0.copy()
    if t == 1.0:
        return q1.copy()
    lengths = [np.linalg.norm(np.roll(q, -1, axis=0) - q, axis=1) for q in (q0, q1)]
    e = (1.0 - t) * lengths[0] + t * lengths[1]
    psi = (1.0 - t) * turning_angles(q0) + t * turning_angles(q1)
    first = q0[1] - q0[0]
    heading = math.atan2(first[1], first[0])
    for _ in range(50):
        theta = heading + np.cumsum(np.concatenate(([0.0], psi[1:])))
        z = e * np.exp(1j * theta)
        gap = z.sum()
        if abs(gap) <= 1e-15 * e.sum():
            break
        # d gap / d psi_m = i sum_{k >= m} e_k z_k  (psi_0 only turns the whole polygon)
        tail = 1j * np.cumsum(z[::-1])[::-1]
        tail[0] = 0.0
        jac = np.vstack([tail.real, tail.imag, np.ones(psi.size)])
        jac[2, 0] = 1.0
        rhs = -np.array([gap.real, gap.imag, 0.0])
        psi = psi + jac.T @ np.linalg.solve(jac @ jac.T, rhs)
    else:
        raise GluingConvergenceError("blending two polygons: the closure correction did not "
                                     "converge", what="blend_polygons", iterations=50,
                                     residual=float(abs(gap)))
    theta = heading + np.cumsum(np.concatenate(([0.0], psi[1:])))
    steps = e[:, None] * np.stack([np.cos(theta), np.sin(theta)], axis=1)
    return q0[0] + np.concatenate(([[0.0, 0.0]], np.cumsum(steps[:-1], axis=0)))


@dataclass
class Polyhedron:
    """A solution of the discrete problem: vertices and the triangulation of each sheet."""

    points: np.ndarray        # (n, 3)
    triangles: tuple          # (sheet-1 triangles (n-2, 3), sheet-2 triangles (n-2, 3)), sorted
    residual: float           # largest |edge length - target|
    newton_steps: int
    flips: int

    @property
    def n(self):
        return self.points.shape[0]

    def faces(self):
        """Oriented faces (outward): sheet 1's (i, j, k) with i < j < k, sheet 2's reversed."""
        one, two = self.triangles
        return np.concatenate([one, two[:, ::-1]])

    def volume(self):
        return _signed_volume(self.points, self.faces())


def _signed_volume(points, faces):
    v0, v1, v2 = points[faces[:, 0]], points[faces[:, 1]], points[faces[:, 2]]
    return float(np.einsum("ij,ij->i", v0, np.cross(v1, v2)).sum() / 6.0)


def _edges(triangles, n):
    """Unique edges (i < j) of the sheet triangulations and the sheet each lies in.

    Returns ``pairs`` (m, 2) and ``sheet`` (m,) with 0 for seam edges, 1 or 2 for diagonals.
    """
    parts, labels = [], []
    for k, tri in enumerate(triangles):
        e = np.concatenate([tri[:, [0, 1]], tri[:, [1, 2]], tri[:, [0, 2]]])
        parts.append(e)
        labels.append(np.full(len(e), k + 1))
    e = np.concatenate(parts)
    lab = np.concatenate(labels)
    key = e[:, 0] * n + e[:, 1]
    key, first = np.unique(key, return_index=True)
    e, lab = e[first], lab[first]
    if len(key) != 3 * n - 6:
        raise ValueError("a diagonal lies in both sheet triangulations")
    seam = (e[:, 1] - e[:, 0] == 1) | ((e[:, 0] == 0) & (e[:, 1] == n - 1))
    lab = np.where(seam, 0, lab)
    return e, lab


def _targets(pairs, sheet, q1, q2):
    """Edge lengths: chords in the edge's own polygon; seam edges, the mean of the two equal
    polygon sides."""
    def chord(q, rows):
        d = q[pairs[rows, 0]] - q[pairs[rows, 1]]
        return np.hypot(d[:, 0], d[:, 1])

    lengths = np.empty(len(pairs))
    seam = sheet == 0
    lengths[seam] = 0.5 * (chord(q1, seam) + chord(q2, seam))
    for k, q in ((1, q1), (2, q2)):
        lengths[sheet == k] = chord(q, sheet == k)
    return lengths


def _gauge(points):
    """Six sparse linear conditions that remove the rigid motions from a Newton step."""
    n = points.shape[0]
    a, b = n // 3, (2 * n) // 3
    u = points[a] - points[0]
    u /= np.linalg.norm(u)
    w = np.cross(u, points[b] - points[0])
    w /= np.linalg.norm(w)
    v = np.cross(w, u)
    rows = [0, 1, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5]
    cols = [0, 1, 2, 3 * a, 3 * a + 1, 3 * a + 2, 3 * a, 3 * a + 1, 3 * a + 2,
            3 * b, 3 * b + 1, 3 * b + 2]
    vals = [1.0, 1.0, 1.0, *v, *w, *w]
    return rows, cols, vals


class _NewtonFailure(Exception):
    def __init__(self, message, points, residual, steps):
        super().__init__(message)
        self.points, self.residual, self.steps = points, residual, steps


def _newton(points, pairs, lengths, scale, maxiter=_NEWTON_MAXITER):
    """Solve |X_i - X_j| = L for the edges ``pairs`` by damped Newton steps.

    The merit function of the line search is the sum of squared residuals. Returns
    (points, largest residual, steps); raises _NewtonFailure (with the last iterate) when
    the linear system is singular or the iteration stalls above the tolerance.
    """
    n = points.shape[0]
    m = len(pairs)
    i, j = pairs[:, 0], pairs[:, 1]
    floor = 64 * np.finfo(float).eps * scale

    def residual(x):
        d = x[i] - x[j]
        return (np.einsum("ij,ij->i", d, d) - lengths ** 2) / (2.0 * lengths), d

    r, d = residual(points)
    worst = float(np.max(np.abs(r)))
    rows = np.repeat(np.arange(m), 6)
    cols = np.stack([3 * i, 3 * i + 1, 3 * i + 2, 3 * j, 3 * j + 1, 3 * j + 2], 1).ravel()
    for step in range(maxiter):
        if worst <= floor:
            return points, worst, step
        vals = (np.concatenate([d, -d], axis=1) / lengths[:, None]).ravel()
        g_rows, g_cols, g_vals = _gauge(points)
        jac = sp.csc_matrix((np.concatenate([vals, g_vals]),
                             (np.concatenate([rows, m + np.asarray(g_rows)]),
                              np.concatenate([cols, g_cols]))), shape=(m + 6, 3 * n))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", MatrixRankWarning)
                delta = splu(jac).solve(-np.concatenate([r, np.zeros(6)]))
        except (RuntimeError, MatrixRankWarning):
            raise _NewtonFailure("the edge-length system is singular (a flat or degenerate "
                                 "configuration)", points, worst, step) from None
        delta = delta.reshape(n, 3)
        if not np.all(np.isfinite(delta)):
            raise _NewtonFailure("the Newton step is not finite", points, worst, step)
        lam = 1.0
        merit = float(r @ r)
        for _ in range(30):
            trial = points + lam * delta
            r_new, d_new = residual(trial)
            new_worst = float(np.max(np.abs(r_new)))
            if float(r_new @ r_new) < merit or new_worst <= floor:
                break
            lam *= 0.5
        else:
            raise _NewtonFailure(f"Newton's method stalled at an edge residual of {worst:.3g}",
                                 points, worst, step)
        points, r, d, worst = trial, r_new, d_new, new_worst
    if worst <= 1e3 * floor:
        return points, worst, maxiter
    raise _NewtonFailure(f"Newton's method did not converge in {maxiter} steps (edge residual "
                         f"{worst:.3g})", points, worst, maxiter)


def _bends(points, faces):
    """Normalised convexity defect of every interior half-edge pair.

    For the two faces (a, b, c) and (b, a, d) on an edge, det(X_b - X_a, X_c - X_a, X_d - X_a)
    is <= 0 when the edge is convex (d lies inside the plane of the outward face abc).
    Returns (edge pairs (a, b) with a < b, bend, c, d).
    """
    n = points.shape[0]
    a = faces.ravel()
    b = np.roll(faces, -1, axis=1).ravel()
    c = np.roll(faces, -2, axis=1).ravel()
    key = a * n + b
    reverse = b * n + a
    order = np.argsort(key)
    pos = np.searchsorted(key[order], reverse)
    if np.any(pos >= key.size) or np.any(key[order][np.minimum(pos, key.size - 1)] != reverse):
        raise ValueError("the triangulation is not a closed oriented surface")
    d = c[order][pos]
    keep = a < b
    a, b, c, d = a[keep], b[keep], c[keep], d[keep]
    u = points[b] - points[a]
    v = points[c] - points[a]
    w = points[d] - points[a]
    det = np.einsum("ij,ij->i", np.cross(u, v), w)
    norm = (np.linalg.norm(u, axis=1) * np.linalg.norm(v, axis=1) * np.linalg.norm(w, axis=1))
    return np.stack([a, b], 1), det / norm, c, d


class _Sheets:
    """Triangulations of both sheets (sorted vertex triples) with an edge -> triangles map,
    so that a flip costs O(1)."""

    def __init__(self, triangles, q1, q2):
        self.q = (q1, q2)
        self.n = q1.shape[0]
        self.tri = [np.array(t, dtype=np.int64) for t in triangles]
        self._maps = None

    @property
    def maps(self):
        if self._maps is None:   # built on the first flip only
            self._maps = [self._build(t) for t in self.tri]
        return self._maps

    @staticmethod
    def _build(tri):
        table = {}
        for row, (a, b, c) in enumerate(tri.tolist()):
            for e in ((a, b), (b, c), (a, c)):
                table.setdefault(e, []).append(row)
        return table

    def is_seam(self, i, j):
        return j - i == 1 or (i == 0 and j == self.n - 1)

    def sheet_of(self, i, j):
        for k in (0, 1):
            if (i, j) in self.maps[k]:
                return k
        raise ValueError(f"edge ({i}, {j}) is in no sheet")

    def flip(self, k, i, j):
        """Replace diagonal (i, j) of sheet k by the other diagonal of its quadrilateral;
        returns the two rows changed."""
        table, tri = self.maps[k], self.tri[k]
        rows = table[(i, j)]
        if len(rows) != 2:
            raise ValueError(f"({i}, {j}) is not a diagonal of sheet {k + 1}")
        r1, r2 = rows
        c = int(next(v for v in tri[r1] if v != i and v != j))
        d = int(next(v for v in tri[r2] if v != i and v != j))
        for r in (r1, r2):
            a, b, e = tri[r].tolist()
            for edge in ((a, b), (b, e), (a, e)):
                table[edge].remove(r)
                if not table[edge]:
                    del table[edge]
        tri[r1] = sorted((i, c, d))
        tri[r2] = sorted((j, c, d))
        for r in (r1, r2):
            a, b, e = tri[r].tolist()
            for edge in ((a, b), (b, e), (a, e)):
                table.setdefault(edge, []).append(r)
        return r1, r2

    def _degenerate(self, k, rows):
        q = self.q[k]
        t = self.tri[k][np.asarray(rows, dtype=np.int64)]
        a, b, c = q[t[:, 0]], q[t[:, 1]], q[t[:, 2]]
        cross = np.abs((b[:, 0] - a[:, 0]) * (c[:, 1] - a[:, 1]) -
                       (b[:, 1] - a[:, 1]) * (c[:, 0] - a[:, 0]))
        longest = np.max(np.stack([np.sum((b - a) ** 2, 1), np.sum((c - b) ** 2, 1),
                                   np.sum((a - c) ** 2, 1)]), axis=0)
        return np.asarray(rows)[cross <= 1e-10 * longest]

    def repair(self, k, rows=None):
        """Flip away triangles whose corners are collinear in the flat polygon.

        Several vertices on one straight side of a polygon must not form a triangle (zero
        area); its long side is a diagonal, and flipping it joins the middle vertex to the
        vertex across it.
        """
        rows = np.arange(len(self.tri[k])) if rows is None else rows
        queue = list(self._degenerate(k, rows))
        q = self.q[k]
        for _ in range(8 * self.n):
            if not queue:
                return
            r = queue.pop()
            if not self._degenerate(k, [r]).size:
                continue
            corners = self.tri[k][r]
            pts = q[corners]
            span = [np.sum((pts[u] - pts[v]) ** 2) for u, v in ((0, 1), (1, 2), (0, 2))]
            u, v = ((0, 1), (1, 2), (0, 2))[int(np.argmax(span))]
            i, j = sorted((int(corners[u]), int(corners[v])))
            if self.is_seam(i, j):
                raise GluingConvergenceError(
                    f"a sheet triangulation with {self.n} vertices has a flat triangle on its "
                    f"boundary", what="flips", iterations=0, residual=0.0)
            queue.extend(self._degenerate(k, list(self.flip(k, i, j))))
        raise GluingConvergenceError("could not remove the flat triangles of a sheet "
                                     "triangulation", what="flips", iterations=8 * self.n,
                                     residual=0.0)

    def separate(self):
        """Flip diagonals that lie in both sheets (two faces on the same pair of vertices)."""
        for _ in range(self.n):
            keys = []
            for tri in self.tri:
                e = np.concatenate([tri[:, [0, 1]], tri[:, [1, 2]], tri[:, [0, 2]]])
                inner = ~((e[:, 1] - e[:, 0] == 1) | ((e[:, 0] == 0) & (e[:, 1] == self.n - 1)))
                keys.append(np.unique(e[inner, 0] * self.n + e[inner, 1]))
            common = np.intersect1d(*keys)
            if not common.size:
                return
            shared = [(int(k // self.n), int(k % self.n)) for k in common]
            for e in shared:
                if e in self.maps[0] and e in self.maps[1]:
                    self.repair(0, self.flip(0, *e))

    def faces(self):
        return np.concatenate([self.tri[0], self.tri[1][:, ::-1]])

    def triangles(self):
        return (self.tri[0].copy(), self.tri[1].copy())

    def flip_round(self, edge, bend, candidates):
        """Flip the candidate diagonals, most reflex first, each triangle at most once.

        """
        order = np.flatnonzero(candidates)
        order = order[np.argsort(-bend[order])]
        touched = [set(), set()]
        flips = 0
        for e in order:
            i, j = int(edge[e, 0]), int(edge[e, 1])
            k = self.sheet_of(i, j)
            rows = self.maps[k].get((i, j), ())
            if len(rows) != 2 or any(r in touched[k] for r in rows):
                continue
            changed = self.flip(k, i, j)
            touched[k].update(changed)
            self.repair(k, changed)
            flips += 1
        return flips


def solve(q1, q2, points, triangles, *, scale=None):
    """Solve the discrete problem from a starting guess, flipping reflex diagonals.

    Parameters
    ----------
    q1, q2 : ndarray, shape (n, 2)
        The two polygons (vertex i of both is the same seam point) with equal sides.
    points : ndarray, shape (n, 3)
        Starting positions.
    triangles : tuple of two int arrays (n - 2, 3)
        Starting triangulation of each sheet (sorted vertex triples).

    Returns
    -------
    Polyhedron
    """
    n = q1.shape[0]
    scale = scale if scale is not None else float(np.sum(np.linalg.norm(
        np.roll(q1, -1, axis=0) - q1, axis=1)))
    sheets = _Sheets(triangles, q1, q2)
    sheets.repair(0)
    sheets.repair(1)
    sheets.separate()
    flips = _flip_reflex(points, sheets, rounds=_FLIP_ROUNDS)   # fit to the guess first
    steps = 0
    popped = 0
    for _ in range(_FLIP_ROUNDS):
        sheets.separate()
        pairs, sheet = _edges(sheets.tri, n)
        lengths = _targets(pairs, sheet, q1, q2)
        try:
            points, worst, used = _newton(points, pairs, lengths, scale)
            failure = None
        except _NewtonFailure as err:   # perhaps the triangulation: flip where reflex, retry
            points, worst, used, failure = err.points, err.residual, err.steps, err
        steps += used
        faces = sheets.faces()
        edge, bend, c, d = _bends(points, faces)
        reflex = bend > _REFLEX_TOL
        if failure is not None and not reflex.any():
            raise GluingConvergenceError(f"discrete D-form with {n} seam points: {failure}",
                                         what="newton", iterations=steps, residual=worst)
        if not reflex.any():
            return Polyhedron(points, sheets.triangles(), worst, steps, flips)
        seam = (edge[:, 1] - edge[:, 0] == 1) | ((edge[:, 0] == 0) & (edge[:, 1] == n - 1))
        if np.any(reflex & seam) and popped < _FLIP_ROUNDS:
            # a vertex with both seam edges reflex is dented in (nearly flat vertices have a
            # second, reflected position with almost the same edge lengths): reflect it out
            dented = _dented_vertices(edge[reflex & seam], n)
            if dented.size:
                points = _pop_out(points, faces, dented)
                popped += 1
                continue
        if np.any(reflex & seam) and not np.any(reflex & ~seam):
            worst_seam = float(np.max(bend[reflex & seam]))
            raise GluingConvergenceError(
                f"discrete D-form with {n} seam points: a seam edge is reflex (bend "
                f"{worst_seam:.3g}): the polyhedron's faces would cross the seam",
                what="flips", iterations=flips, residual=worst_seam)
        # flip at these positions until no diagonal is reflex there, then solve again
        flips += sheets.flip_round(edge, bend, reflex & ~seam)
        flips += _flip_reflex(points, sheets, rounds=_FLIP_ROUNDS)
    raise GluingConvergenceError(
        f"discrete D-form with {n} seam points: still reflex edges after {_FLIP_ROUNDS} rounds "
        f"of flips", what="flips", iterations=flips, residual=float(np.max(bend)))


def _dented_vertices(seam_edges, n):
    """Vertices both of whose seam edges are reflex."""
    ends = np.concatenate([seam_edges[:, 0], seam_edges[:, 1]])
    count = np.bincount(ends, minlength=n)
    return np.flatnonzero(count >= 2)


def _pop_out(points, faces, vertices):
    """Reflect each vertex through the least-squares plane of its neighbours, to the outside."""
    points = points.copy()
    centre = points.mean(axis=0)
    for v in vertices:
        ring = np.unique(faces[np.any(faces == v, axis=1)])
        ring = ring[ring != v]
        nb = points[ring]
        mid = nb.mean(axis=0)
        normal = np.linalg.svd(nb - mid)[2][2]
        if normal @ (mid - centre) < 0:
            normal = -normal
        height = (points[v] - mid) @ normal
        if height < 0:
            points[v] -= 2.0 * height * normal
    return points


def _flip_reflex(points, sheets, rounds):
    """Flip reflex diagonals at fixed positions until the triangulation is convex there (or a
    round flips nothing); a cheap first fit of the combinatorics to a good guess."""
    n = sheets.n
    total = 0
    for _ in range(rounds):
        edge, bend, _, _ = _bends(points, sheets.faces())
        seam = (edge[:, 1] - edge[:, 0] == 1) | ((edge[:, 0] == 0) & (edge[:, 1] == n - 1))
        candidates = (bend > _REFLEX_TOL) & ~seam
        if not candidates.any():
            break
        done = sheets.flip_round(edge, bend, candidates)
        total += done
        if done == 0:
            break
    return total


def hull_triangulation(points, q1, q2):
    """Sheet triangulations read off the convex hull of ``points``, or None.

    The hull's faces are split into two discs by the seam polygon 0, 1, ..., n-1 (all seam
    edges must be hull edges and all points hull vertices). The disc whose outward faces
    traverse the seam as i -> i + 1 is sheet 1 in the orientation used here; when its edge
    lengths match polygon 2 better than polygon 1, the points are the mirror image and are
    reflected. Returns (points, (tri1, tri2)) or None if the hull does not split this way.
    """
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial import ConvexHull, QhullError

    n = points.shape[0]
    size = float(np.max(np.ptp(points, axis=0)))
    for _ in range(4):
        try:
            hull = ConvexHull(points)
        except QhullError:
            return None
        if hull.vertices.size == n:
            break
        # seam points just inside the hull (nearly flat vertices of a guess): move each onto
        # the nearest hull plane and a little beyond, so that it becomes a hull vertex
        inside = np.setdiff1d(np.arange(n), hull.vertices)
        distance = points[inside] @ hull.equations[:, :3].T + hull.equations[:, 3]
        nearest = np.argmax(distance, axis=1)
        normal = hull.equations[nearest, :3]
        points = points.copy()
        points[inside] += (1e-7 * size - distance[np.arange(len(inside)), nearest])[:, None] \
            * normal
    else:
        return None
    if len(hull.simplices) != 2 * n - 4:
        return None
    faces = hull.simplices.copy()
    normal = np.cross(points[faces[:, 1]] - points[faces[:, 0]],
                      points[faces[:, 2]] - points[faces[:, 0]])
    flip = np.einsum("ij,ij->i", normal, hull.equations[:, :3]) < 0
    faces[flip] = faces[flip][:, ::-1]
    a = faces.ravel()
    b = np.roll(faces, -1, axis=1).ravel()
    owner = np.repeat(np.arange(len(faces)), 3)
    forward = (b - a) % n == 1
    backward = (a - b) % n == 1
    if forward.sum() != n or backward.sum() != n:
        return None
    # faces sharing a non-seam edge are neighbours; the seam cuts the surface into two discs
    key = np.minimum(a, b) * n + np.maximum(a, b)
    inner = ~(forward | backward)
    order = np.argsort(key[inner], kind="stable")
    k_sorted = key[inner][order]
    o_sorted = owner[inner][order]
    if k_sorted.size % 2 or np.any(k_sorted[0::2] != k_sorted[1::2]):
        return None
    graph = sp.coo_matrix((np.ones(k_sorted.size // 2), (o_sorted[0::2], o_sorted[1::2])),
                          shape=(len(faces), len(faces)))
    count, label = connected_components(graph, directed=False)
    if count != 2:
        return None
    one_label = label[owner[forward][0]]
    if np.any(label[owner[forward]] != one_label) or np.any(label[owner[backward]] == one_label):
        return None
    one = np.sort(faces[label == one_label], axis=1)
    two = np.sort(faces[label != one_label], axis=1)
    if len(one) != n - 2 or len(two) != n - 2:
        return None
    pairs, sheet = _edges((one, two), n)
    actual = np.linalg.norm(points[pairs[:, 0]] - points[pairs[:, 1]], axis=1)
    mismatch = []
    for q in (q1, q2):
        lengths = _targets(pairs, sheet, q, q)
        mismatch.append(float(np.max(np.abs(actual - lengths)[sheet == 1], initial=0.0)))
    if mismatch[1] < mismatch[0]:
        return hull_triangulation(points * np.array([1.0, 1.0, -1.0]), q1, q2)
    return points, (one, two)


def refine_triangulation(triangles, n):
    """Sheet triangulations with 2n vertices from ones with n (vertex i becomes 2i).

    Each triangle with a seam side (i, i + 1) gets the new seam vertex 2i + 1 on that side and
    is split by a fan from its opposite vertex, so that no diagonal appears in both sheets;
    the flips of :func:`solve` then make the result convex.
    """
    out = []
    for tri in triangles:
        new = []
        for a, b, c in np.asarray(tri):
            ring = []
            for u, v in ((a, b), (b, c), (c, a)):
                ring.append(2 * u)
                lo, hi = min(u, v), max(u, v)
                if hi - lo == 1:
                    ring.append(2 * lo + 1)
                elif lo == 0 and hi == n - 1:
                    ring.append(2 * n - 1)
            # fan from the corner facing the new seam vertex (one seam side), or from the
            # corner between the two new seam vertices (two seam sides)
            m = len(ring)
            apex = 0
            if m == 4:
                apex = (next(r for r in range(m) if ring[r] % 2 == 1) + 2) % m
            elif m == 5:
                apex = next(r for r in range(m) if ring[r] % 2 == 0
                            and ring[(r - 1) % m] % 2 == 1 and ring[(r + 1) % m] % 2 == 1)
            for r in range(1, m - 1):
                new.append((ring[apex], ring[(apex + r) % m], ring[(apex + r + 1) % m]))
        out.append(np.sort(np.array(new, dtype=np.int64), axis=1))
    return tuple(out)


def continuation(polygons, points, triangles, *, steps=8, max_halvings=8):
    """Follow the solution along a path of metrics ``polygons(t)``, t from 0 to 1.

    ``polygons(t)`` returns (q1, q2); (points, triangles) solve the problem at t = 0
    approximately. Steps adapt: halved when Newton fails, grown after easy steps.
    Returns the Polyhedron at t = 1.
    """
    t = 0.0
    dt = 1.0 / steps
    tri = triangles
    previous = None
    halvings = 0
    while t < 1.0:
        target = min(1.0, t + dt)
        q1, q2 = polygons(target)
        guess = points
        if previous is not None:
            (t0, p0) = previous
            guess = points + (points - p0) * ((target - t) / max(t - t0, 1e-300))
        try:
            result = solve(q1, q2, guess, tri)
        except GluingConvergenceError:
            if guess is not points:
                try:
                    result = solve(q1, q2, points, tri)
                except GluingConvergenceError:
                    result = None
            else:
                result = None
        if result is None:
            halvings += 1
            if halvings > max_halvings:
                raise GluingConvergenceError(
                    f"continuation stalled at t = {t:.6g} (step {dt:.3g})", what="continuation",
                    iterations=halvings, residual=dt)
            dt *= 0.5
            continue
        previous = (t, points)
        points, tri, t = result.points, result.triangles, target
        if result.newton_steps <= 6 and result.flips <= 2 * len(q1):
            dt = min(2.0 * dt, 0.5)
    return result
