"""The chain of rigid links that stands for the rope in motion (private helpers).

Conventions shared by :mod:`~mathlab.rope.motion`, :mod:`~mathlab.rope.periodic` and
:mod:`~mathlab.rope.stability`.

* The rope of length L is ``links`` rigid links of length l = L / links between ``links + 1``
  point masses: rho l inside, rho l / 2 at each end (plus a tip mass at a free end).
* Coordinates ``q = (q_x, q_y, q_z)`` are in the frame turning with the ends at omega about
  the rotation axis ``q_z``. ``q_x`` points from the axis to the plane of the ends (at phase 0
  the lab's "down" for a horizontal axis), ``q_y = e_z x e_x`` is the direction of motion. A
  RopeCurve (r, z, phi) is ``q = (r cos(phi), -r sin(phi), z)``: phi is the lag behind the
  plane of the ends.
* Internally everything is dimensionless: lengths in L, time in 1 / omega_ref
  (omega_ref = omega, or sqrt(g / L) when omega = 0), masses in rho L.
* The lab frame: for a vertical axis lab z is the axis (up); for a horizontal axis lab x is the
  axis and lab z is up, the ends' plane pointing down at phase 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.interpolate import CubicSpline
from scipy.linalg import solve_banded

__all__ = ["Chain", "rhs", "project", "project_velocity", "curve_positions", "to_lab",
           "from_lab", "velocity_to_lab", "velocity_from_lab", "signed_radius_and_lag"]

_PROJECT_TOL = 1e-12      # relative length error accepted
_PROJECT_ITER = 50


@dataclass(frozen=True)
class Chain:
    """A dimensionless chain problem: masses, driven ends, forces.

    ``inv_mass[i] = 0`` marks a driven node (fixed in the turning frame). ``params`` is the
    parameter vector of :mod:`~mathlab.rope._kernels_motion`.
    """

    links: int
    inv_mass: np.ndarray
    ends: np.ndarray           # (2, 3) positions of the first and the last node when driven
    free_end: bool
    omega: float               # omega / omega_ref
    gravity: np.ndarray        # turning-frame gravity at t = 0 (units omega_ref^2 L)
    rotating: bool             # gravity turns in the frame (horizontal axis)
    drag: float                # c L / rho
    linear_drag: float         # b / (rho omega_ref)
    still_air: bool
    kappa: float               # Baumgarte rate (units omega_ref)

    @property
    def link(self) -> float:
        return 1.0 / self.links

    @property
    def mass(self) -> np.ndarray:
        with np.errstate(divide="ignore"):
            m = 1.0 / self.inv_mass
        m[self.inv_mass == 0] = 0.0
        return m

    @property
    def params(self) -> np.ndarray:
        g = self.gravity
        return np.array([self.omega, g[0], g[1], g[2], float(self.rotating), self.drag,
                         self.linear_drag, float(self.still_air), self.kappa, self.link])

    def gravity_at(self, t):
        """Turning-frame gravity at the times ``t`` (shape (..., 3))."""
        t = np.asarray(t, dtype=float)
        g = self.gravity
        if not self.rotating:
            return np.broadcast_to(g, t.shape + (3,)).copy()
        c, s = np.cos(self.omega * t), np.sin(self.omega * t)
        return np.stack([c * g[0] + s * g[1], -s * g[0] + c * g[1],
                         np.full_like(t, g[2])], axis=-1)


def make_chain(links, *, free_end, end_radius, span, omega, gravity, rotating, drag=0.0,
               linear_drag=0.0, still_air=True, tip_mass=0.0, kappa=None) -> Chain:
    """Build the dimensionless chain (all arguments already dimensionless and validated)."""
    m = np.full(links + 1, 1.0 / links)
    m[0] *= 0.5
    m[-1] *= 0.5
    inv = 1.0 / m
    inv[0] = 0.0
    if free_end:
        inv[-1] = 1.0 / (m[-1] + tip_mass)
    else:
        inv[-1] = 0.0
    ends = np.array([[end_radius, 0.0, 0.0],
                     [end_radius, 0.0, -(span if span is not None else 0.0)]])
    if kappa is None:
        # critically damped constraint errors on the slow time scale of the motion
        kappa = 2.0 * max(omega, float(np.linalg.norm(gravity)) ** 0.5, 1e-3)
    return Chain(links=links, inv_mass=inv, ends=ends, free_end=free_end, omega=omega,
                 gravity=np.asarray(gravity, dtype=float), rotating=rotating, drag=drag,
                 linear_drag=linear_drag, still_air=still_air, kappa=kappa)


def _tridiagonal(d, weight):
    """Banded form of the matrix (w_k + w_{k+1}) |d_k|^2, -w_{k+1} d_k . d_{k+1}."""
    m = d.shape[0]
    ab = np.zeros((3, m))
    ab[1] = (weight[:-1] + weight[1:]) * np.einsum("ij,ij->i", d, d)
    sup = -weight[1:-1] * np.einsum("ij,ij->i", d[:-1], d[1:])
    ab[0, 1:] = sup
    ab[2, :-1] = sup
    return ab


def rhs(t, y, chain: Chain):
    """Reference right-hand side (numpy) of the kernel's equations; returns (dy/dt, tau)."""
    n = chain.links + 1
    q = y[:3 * n].reshape(n, 3)
    u = y[3 * n:].reshape(n, 3)
    w = chain.inv_mass
    free = w > 0
    om = chain.omega
    g = chain.gravity_at(t)
    f = np.zeros((n, 3))
    f[:, 0] = g[0] + om * om * q[:, 0] + 2 * om * u[:, 1]
    f[:, 1] = g[1] + om * om * q[:, 1] - 2 * om * u[:, 0]
    f[:, 2] = g[2]
    d = np.diff(q, axis=0)
    du = np.diff(u, axis=0)
    if chain.drag or chain.linear_drag:
        force = link_drag(q, u, chain)
        node = np.zeros((n, 3))
        node[:-1] += 0.5 * force
        node[1:] += 0.5 * force
        f += w[:, None] * node
    f[~free] = 0.0
    kap = chain.kappa
    b = (np.einsum("ij,ij->i", d, np.diff(f, axis=0))
         + np.einsum("ij,ij->i", du, du + 2 * kap * d)
         + 0.5 * kap * kap * (np.einsum("ij,ij->i", d, d) - chain.link ** 2))
    tau = solve_banded((1, 1), _tridiagonal(d, w), b)
    td = tau[:, None] * d
    a = f.copy()
    a[:-1] += w[:-1, None] * td
    a[1:] -= w[1:, None] * td
    a[~free] = 0.0
    return np.concatenate([u.ravel(), a.ravel()]), tau


def link_drag(q, u, chain: Chain):
    """Drag force on each link, -l (c |w_n| + b) w_n, w_n the normal velocity relative to air."""
    om = chain.omega
    mid_u = 0.5 * (u[:-1] + u[1:])
    if chain.still_air:
        mid_q = 0.5 * (q[:-1] + q[1:])
        mid_u = mid_u + om * np.stack([-mid_q[:, 1], mid_q[:, 0], np.zeros(len(mid_q))], 1)
    d = np.diff(q, axis=0)
    e = d / np.linalg.norm(d, axis=1)[:, None]
    wn = mid_u - np.einsum("ij,ij->i", mid_u, e)[:, None] * e
    speed = np.linalg.norm(wn, axis=1)
    return -chain.link * (chain.drag * speed + chain.linear_drag)[:, None] * wn


def project(q, chain: Chain, *, tol=_PROJECT_TOL):
    """Move free nodes the least (mass-weighted) distance so that every link has length l.

    Gauss-Newton on C_k = (|d_k|^2 - l^2) / 2 with the driven nodes fixed. Raises ValueError
    if it does not converge (the positions are too far from any chain configuration).
    """
    q = np.array(q, dtype=float)
    w = chain.inv_mass
    l2 = chain.link ** 2
    for _ in range(_PROJECT_ITER):
        d = np.diff(q, axis=0)
        c = 0.5 * (np.einsum("ij,ij->i", d, d) - l2)
        if np.max(np.abs(c)) <= tol * l2:
            return q
        lam = solve_banded((1, 1), _tridiagonal(d, w), c)
        # delta q = -W J^T lam with J the gradient of C: d C_k / d q_{k+1} = d_k = -dC_k/dq_k
        ld = lam[:, None] * d
        q[:-1] += w[:-1, None] * ld
        q[1:] -= w[1:, None] * ld
    raise ValueError(f"the initial positions are too far from a chain of {chain.links} links "
                     f"of equal length (largest length error "
                     f"{float(np.max(np.abs(c))) / l2:.3g} of l^2 after {_PROJECT_ITER} "
                     "projections)")


def project_velocity(q, u, chain: Chain):
    """Remove the velocity components that would stretch the links (mass-weighted)."""
    u = np.array(u, dtype=float)
    w = chain.inv_mass
    u[w == 0] = 0.0
    d = np.diff(q, axis=0)
    rate = np.einsum("ij,ij->i", d, np.diff(u, axis=0))
    lam = solve_banded((1, 1), _tridiagonal(d, w), rate)
    ld = lam[:, None] * d
    u[:-1] += w[:-1, None] * ld
    u[1:] -= w[1:, None] * ld
    return u


def curve_positions(s, r, z, phi, links, total_length):
    """Node positions (dimensionless) of a curve sampled at arc lengths s (m)."""
    nodes = np.linspace(0.0, total_length, links + 1)
    if len(s) >= 4:
        spline = CubicSpline(s, np.stack([r, z, phi], axis=1), axis=0)
        rr, zz, pp = spline(nodes).T
    else:
        rr, zz, pp = (np.interp(nodes, s, v) for v in (r, z, phi))
    return np.stack([rr * np.cos(pp), -rr * np.sin(pp), zz], axis=1) / total_length


def signed_radius_and_lag(q):
    """(r, phi) of turning-frame points: r signed (sign of q_x), lag phi in (-pi/2, pi/2]."""
    qx, qy = q[..., 0], q[..., 1]
    r = np.hypot(qx, qy)
    r = np.where(qx < 0, -r, r)
    with np.errstate(invalid="ignore", divide="ignore"):
        phi = np.where(qx != 0, -np.arctan(qy / np.where(qx != 0, qx, 1.0)),
                       np.where(qy == 0, 0.0, -0.5 * math.pi * np.sign(qy)))
    return r, phi


def _frame(angle, axis):
    """Unit vectors (e_x, e_y, e_z) of the turning frame in lab coordinates at ``angle``."""
    c, s = np.cos(angle), np.sin(angle)
    zero, one = np.zeros_like(c), np.ones_like(c)
    if axis == "vertical":
        ex = np.stack([c, s, zero], -1)
        ey = np.stack([-s, c, zero], -1)
        ez = np.stack([zero, zero, one], -1)
    else:
        ex = np.stack([zero, s, -c], -1)
        ey = np.stack([zero, c, s], -1)
        ez = np.stack([one, zero, zero], -1)
    return ex, ey, ez


def to_lab(q, angle, axis):
    """Lab positions of turning-frame points q (..., n, 3) when the frame is at ``angle``."""
    ex, ey, ez = _frame(np.asarray(angle, dtype=float), axis)
    return (q[..., 0:1] * ex[..., None, :] + q[..., 1:2] * ey[..., None, :]
            + q[..., 2:3] * ez[..., None, :])


def from_lab(x, angle, axis):
    """Turning-frame coordinates of lab points x (..., n, 3) at ``angle``."""
    ex, ey, ez = _frame(np.asarray(angle, dtype=float), axis)
    return np.stack([np.einsum("...nj,...j->...n", x, ex), np.einsum("...nj,...j->...n", x, ey),
                     np.einsum("...nj,...j->...n", x, ez)], axis=-1)


def velocity_to_lab(q, u, omega, angle, axis):
    """Lab velocities of points moving at u relative to the frame turning at omega."""
    total = u + omega * np.stack([-q[..., 1], q[..., 0], np.zeros_like(q[..., 0])], axis=-1)
    return to_lab(total, angle, axis)


def velocity_from_lab(x, v, omega, angle, axis):
    """Velocities relative to the turning frame of lab points x moving at v."""
    q = from_lab(x, angle, axis)
    total = from_lab(v, angle, axis)
    return q, total - omega * np.stack([-q[..., 1], q[..., 0], np.zeros_like(q[..., 0])],
                                       axis=-1)


def energies(q, u, chain: Chain, t):
    """(Jacobi integral, lab energy) per unit rho L omega_ref^2 L^2 of the free nodes.

    Jacobi integral: sum m (|u|^2 / 2 - omega^2 (q_x^2 + q_y^2) / 2 - g(t) . q); lab energy:
    sum m (|u + Omega x q|^2 / 2 - g(t) . q).
    """
    m = chain.mass * (chain.inv_mass > 0)
    om = chain.omega
    g = chain.gravity_at(t)
    pot = -np.einsum("...nj,...j->...n", q, g)
    kin = 0.5 * np.einsum("...nj,...nj->...n", u, u)
    cen = 0.5 * om * om * (q[..., 0] ** 2 + q[..., 1] ** 2)
    lab = u + om * np.stack([-q[..., 1], q[..., 0], np.zeros_like(q[..., 0])], axis=-1)
    lab_kin = 0.5 * np.einsum("...nj,...nj->...n", lab, lab)
    return (np.einsum("...n,n->...", kin - cen + pot, m),
            np.einsum("...n,n->...", lab_kin + pot, m))
