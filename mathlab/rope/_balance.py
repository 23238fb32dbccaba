"""Periodic motions and equilibria of the chain by Fourier collocation and Newton (private).

The unknowns are the free nodes' turning-frame positions Q_j and the links' tension / length
tau_j at M equally spaced times t_j = j T / M of one period T (M odd; M = 1 is an
equilibrium). With D1, D2 the Fourier differentiation matrices on those times the equations
of :mod:`mathlab.rope._kernels_motion` become, for each free node i and time j,

    R_ij = m_i ((D2 Q)_ij - g(t_j) - omega^2 P Q_ij + 2 omega Z (D1 Q)_ij)
           - F_drag,ij - (tau_j,i d_j,i - tau_j,i-1 d_j,i-1) = 0,
    S_jk = (|d_jk|^2 - l^2) / 2 = 0                     (each link k),

with P = diag(1, 1, 0) and Z q = e_z x q. Without drag the Jacobian is symmetric (it is the
Hessian of the discrete action with the multipliers tau). Newton's method solves them with
the sparse Jacobian assembled exactly (scipy.sparse, SuperLU). When both ends are on the axis
the problem is invariant under a turn about the axis combined with a time shift, so the
solutions come in a one-parameter family with tangent k = omega Z Q + D1 Q (and D1 tau); the
unknown with the largest component of k is then pinned (its column and row dropped), which
fixes the phase and keeps the Newton matrix sparse and nonsingular.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import splu

from ._chain import Chain

__all__ = ["Balance", "differentiation_matrices", "solve", "BalanceError"]

_MAX_NEWTON = 40


class BalanceError(ValueError):
    """Newton's method on the collocation equations did not converge."""


def differentiation_matrices(count, period):
    """Fourier differentiation matrices D1, D2 on ``count`` (odd) equispaced times of a period.

    Exact for trigonometric polynomials of degree (count - 1) / 2; D1 is antisymmetric,
    D2 = D1 @ D1 symmetric.
    """
    if count == 1:
        return np.zeros((1, 1)), np.zeros((1, 1))
    k = np.fft.fftfreq(count, d=1.0 / count) * (2.0 * math.pi / period)
    eye = np.eye(count)
    d1 = np.real(np.fft.ifft(1j * k[:, None] * np.fft.fft(eye, axis=0), axis=0))
    d1 = 0.5 * (d1 - d1.T)
    return d1, d1 @ d1


@dataclass
class Balance:
    """A collocation problem for one chain, ``count`` times per period."""

    chain: Chain
    count: int
    period: float

    def __post_init__(self):
        c = self.chain
        self.free = np.flatnonzero(c.inv_mass > 0)
        self.mass = 1.0 / c.inv_mass[self.free]
        self.nf = self.free.size
        self.links = c.links
        self.times = np.arange(self.count) * (self.period / self.count)
        self.d1, self.d2 = differentiation_matrices(self.count, self.period)
        self.gravity = (c.gravity_at(self.times) if self.count > 1
                        else c.gravity_at(np.zeros(1)))
        self.nq = self.count * self.nf * 3
        self.size = self.nq + self.count * self.links
        # unknown index of (time, free node, component) and of (time, link)
        self.iq = np.arange(self.nq).reshape(self.count, self.nf, 3)
        self.it = self.nq + np.arange(self.count * self.links).reshape(self.count, self.links)
        pos = np.full(c.links + 1, -1)
        pos[self.free] = np.arange(self.nf)
        self.node_pos = pos
        # Ends on the axis and gravity along it (or turning with time): a turn about the axis
        # combined with a time shift maps solutions to solutions.
        perpendicular = bool(np.any(c.gravity[:2] != 0.0))
        self.symmetric_family = bool(np.all(c.ends[:, :2] == 0.0)) and (
            not perpendicular or (c.rotating and self.count > 1))

    # ------------------------------------------------------------------ packing
    def positions(self, x):
        """All node positions (count, links + 1, 3) from the unknowns."""
        c = self.chain
        q = np.empty((self.count, c.links + 1, 3))
        q[:, 0] = c.ends[0]
        if not c.free_end:
            q[:, -1] = c.ends[1]
        q[:, self.free] = x[:self.nq].reshape(self.count, self.nf, 3)
        return q

    def tau(self, x):
        return x[self.nq:].reshape(self.count, self.links)

    def pack(self, q, tau):
        return np.concatenate([q[:, self.free].ravel(), np.asarray(tau).ravel()])

    def velocities(self, q):
        return np.einsum("jk,knc->jnc", self.d1, q)

    # ------------------------------------------------------------------ residual
    def residual(self, x):
        c = self.chain
        q = self.positions(x)
        tau = self.tau(x)
        u = self.velocities(q)
        a = np.einsum("jk,knc->jnc", self.d2, q)
        om = c.omega
        d = np.diff(q, axis=1)                                   # (count, links, 3)
        force = np.zeros_like(q)
        td = tau[..., None] * d
        force[:, :-1] += td
        force[:, 1:] -= td
        if c.drag or c.linear_drag:
            fd = self._drag(q, u)[0]
            force[:, :-1] += 0.5 * fd
            force[:, 1:] += 0.5 * fd
        inertial = a - self.gravity[:, None, :]
        inertial[..., 0] += -om * om * q[..., 0] - 2 * om * u[..., 1]
        inertial[..., 1] += -om * om * q[..., 1] + 2 * om * u[..., 0]
        mom = self.mass[None, :, None] * inertial[:, self.free] - force[:, self.free]
        con = 0.5 * (np.einsum("jkc,jkc->jk", d, d) - c.link ** 2)
        return np.concatenate([mom.ravel(), con.ravel()])

    def _drag(self, q, u):
        """Link drag forces (count, links, 3) and the pieces of their derivatives."""
        c = self.chain
        om = c.omega
        w = 0.5 * (u[:, :-1] + u[:, 1:])
        if c.still_air:
            mid = 0.5 * (q[:, :-1] + q[:, 1:])
            w = w + om * np.stack([-mid[..., 1], mid[..., 0], np.zeros(mid.shape[:2])], -1)
        d = np.diff(q, axis=1)
        dn = np.linalg.norm(d, axis=-1)
        e = d / dn[..., None]
        along = np.einsum("jkc,jkc->jk", w, e)
        wn = w - along[..., None] * e
        speed = np.linalg.norm(wn, axis=-1)
        coef = c.drag * speed + c.linear_drag
        force = -c.link * coef[..., None] * wn
        return force, (w, e, dn, along, wn, speed, coef)

    # ------------------------------------------------------------------ Jacobian
    def jacobian(self, x, pin=None):
        """Sparse Jacobian of :meth:`residual` (csc).

        With ``pin`` (an unknown's index) that unknown's row and column are replaced by the
        identity's, which freezes it in a Newton step whose right side is 0 there.
        """
        c = self.chain
        M, nf, L = self.count, self.nf, self.links
        q = self.positions(x)
        tau = self.tau(x)
        om = c.omega
        rows, cols, vals = [], [], []

        def add(r, cc, v):
            r, cc, v = np.broadcast_arrays(r, cc, v)
            rows.append(r.ravel())
            cols.append(cc.ravel())
            vals.append(v.ravel())

        iq = self.iq
        m = self.mass
        # inertia, centrifugal and Coriolis: m (D2 - omega^2 P + 2 omega Z D1) per node
        jj = np.arange(M)
        for comp in range(3):
            add(iq[:, None, :, comp], iq[None, :, :, comp],
                m[None, None, :] * self.d2[:, :, None])
        for comp in range(2):
            add(iq[:, :, comp], iq[:, :, comp], -om * om * m[None, :])
        # + 2 omega m Z D1: row x gets -2 omega m D1 u_y, row y gets +2 omega m D1 u_x
        add(iq[:, None, :, 0], iq[None, :, :, 1], -2 * om * m[None, None, :] * self.d1[:, :, None])
        add(iq[:, None, :, 1], iq[None, :, :, 0], 2 * om * m[None, None, :] * self.d1[:, :, None])
        # tension: -(tau_i d_i - tau_{i-1} d_{i-1}) and the constraints, all links at once
        d = np.diff(q, axis=1)
        pos = self.node_pos
        it = self.it
        links = np.arange(L)
        for here, other, sign in ((pos[:-1], pos[1:], 1.0), (pos[1:], pos[:-1], -1.0)):
            has = here >= 0
            k, h, o = links[has], here[has], other[has]
            tk = tau[:, k]                                            # (M, nk)
            rq = iq[:, h, :]                                          # (M, nk, 3)
            # d R_here / d q_here = +tau_k I, d R_here / d q_other = -tau_k I
            add(rq, rq, tk[..., None])
            both = o >= 0
            add(rq[:, both], iq[:, o[both], :], -tk[:, both, None])
            # d R_here / d tau_k = -sign d_k, and d S_k / d q_here = the same (symmetric)
            add(rq, it[:, k][..., None], -sign * d[:, k, :])
            add(it[:, k][..., None], rq, -sign * d[:, k, :])
        if c.drag or c.linear_drag:
            self._drag_jacobian(q, add)
        n = self.size
        rows, cols, vals = np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)
        if pin is not None:
            keep = (rows != pin) & (cols != pin)
            rows = np.append(rows[keep], pin)
            cols = np.append(cols[keep], pin)
            vals = np.append(vals[keep], 1.0)
        return sp.csc_matrix((vals, (rows, cols)), shape=(n, n))

    def _drag_jacobian(self, q, add):
        """Add -dF/dX of the node shares of the link drag (see module docstring)."""
        c = self.chain
        M = self.count
        u = self.velocities(q)
        _, (w, e, dn, along, wn, speed, coef) = self._drag(q, u)
        eye = np.eye(3)
        with np.errstate(invalid="ignore", divide="ignore"):
            outer = np.where(speed[..., None, None] > 0,
                             wn[..., :, None] * wn[..., None, :] / speed[..., None, None], 0.0)
        G = coef[..., None, None] * eye + c.drag * outer            # d(coef wn)/d wn
        Pe = eye - e[..., :, None] * e[..., None, :]
        # d wn / d d = -(e w^T + (e . w) I) Pe / |d|
        dwn_dd = -(e[..., :, None] * w[..., None, :] + along[..., None, None] * eye) @ Pe
        dwn_dd = dwn_dd / dn[..., None, None]
        Zm = np.array([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
        still = 0.5 * c.omega * Zm if c.still_air else np.zeros((3, 3))
        # F = -l G-map of wn; node share 1/2 each; residual gets -share => +l/2 G ...
        GP = G @ Pe                                                    # dF/dw up to -l
        base_a = G @ (-dwn_dd + Pe @ still)                            # via q_k (position)
        base_b = G @ (dwn_dd + Pe @ still)                             # via q_{k+1}
        scale = 0.5 * c.link * 0.5     # residual -= F/2, F = -l (...), d w / d u = 1/2
        pos = self.node_pos
        iq = self.iq
        jj = np.arange(M)
        for k in range(self.links):
            ends = (pos[k], pos[k + 1])
            for i_here in ends:
                if i_here < 0:
                    continue
                for i_src, base in zip(ends, (base_a[:, k], base_b[:, k])):
                    if i_src < 0:
                        continue
                    # position part (same time): +l/2 * base  (residual -= F/2)
                    add(iq[jj, i_here, :, None], iq[jj, i_src, None, :], 0.5 * c.link * base)
                    # velocity part: u = D1 Q, all time pairs
                    add(iq[:, None, i_here, :, None], iq[None, :, i_src, None, :],
                        scale * GP[:, k][:, None, :, :] * self.d1[:, :, None, None])

    # ------------------------------------------------------------------ family tangent
    def family_tangent(self, x):
        """Tangent of the solution family (turn about the axis + time shift), or None."""
        if not self.symmetric_family:
            return None
        q = self.positions(x)
        om = self.chain.omega
        tq = om * np.stack([-q[..., 1], q[..., 0], np.zeros(q.shape[:2])], -1)
        tq = tq + self.velocities(q)
        tt = self.d1 @ self.tau(x)
        k = self.pack(tq, tt)
        norm = np.linalg.norm(k)
        if not norm > 1e-9 * math.sqrt(k.size):
            return None
        return k / norm


def solve(problem: Balance, x0, *, tol=1e-10, max_iter=_MAX_NEWTON):
    """Newton's method from x0; returns (x, residual norm (max), iterations).

    The residual is scaled per equation type (momentum by the largest node force, constraints
    by l^2). A backtracking line search keeps each step decreasing the residual. Raises
    BalanceError if it does not converge.
    """
    x = np.array(x0, dtype=float)
    res = problem.residual(x)
    norm = _norm(problem, res)
    for it in range(1, max_iter + 1):
        if norm <= tol:
            return x, norm, it - 1
        k = problem.family_tangent(x)
        rhs = -res
        pin = None
        if k is not None:
            # Pin the unknown that moves most along the family (and drop its equation, which
            # the others then imply): the matrix stays sparse and is nonsingular.
            pin = int(np.argmax(np.abs(k[:problem.nq])))
            rhs[pin] = 0.0
        try:
            step = splu(problem.jacobian(x, pin)).solve(rhs)
        except RuntimeError as exc:
            raise BalanceError(f"singular Newton matrix at iteration {it} "
                               f"(residual {norm:.3g})") from exc
        if not np.all(np.isfinite(step)):
            raise BalanceError(f"non-finite Newton step at iteration {it}")
        lam = 1.0
        while True:
            trial = x + lam * step
            tres = problem.residual(trial)
            tnorm = _norm(problem, tres)
            if tnorm < (1.0 - 1e-4 * lam) * norm or lam < 1e-3:
                break
            lam *= 0.5
        if not tnorm < norm:
            raise BalanceError(f"Newton's line search failed at iteration {it}: residual "
                               f"{norm:.3g}")
        x, res, norm = trial, tres, tnorm
    if norm <= tol:
        return x, norm, max_iter
    raise BalanceError(f"Newton did not converge in {max_iter} iterations "
                       f"(residual {norm:.3g})")


def _norm(problem: Balance, res):
    mom = res[:problem.nq]
    con = res[problem.nq:]
    link = problem.chain.link
    # node forces are O(l) (mass l times O(1) accelerations); constraints O(l^2)
    return max(float(np.max(np.abs(mom), initial=0.0)) / link,
               float(np.max(np.abs(con), initial=0.0)) / link ** 2)
