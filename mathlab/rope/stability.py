"""Linear stability of a spinning rope's equilibrium in the turning frame.

An equilibrium of the rope in the frame turning at omega (a Kolodner mode, the troposkien, a
Darrieus blade) is a critical point of the effective potential

    V_eff = Integral rho (-omega^2 r^2 / 2 - g . x) ds

on the configurations of fixed length. Small motions about it obey
M x'' + (G + C) x' + K x = 0 on the tangent space of the length constraints, with M the
masses, G the gyroscopic (Coriolis) matrix 2 rho omega e_z x, C a damping and K the Hessian of
V_eff on the constraint manifold (the tension's geometric stiffness included). Kelvin, Tait and
Chetaev: with G alone a saddle of V_eff may still be stable (gyroscopic stabilisation, possible
only for an even number of downhill directions), but any damping that dissipates every motion
relative to the turning frame leaves exactly as many growing solutions as K has negative
eigenvalues. The analysis is done on the chain of rigid links of
:func:`~mathlab.rope.simulate_rope`, at the chain's own equilibrium next to the given curve.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.linalg as la

from .._validate import integer, nonnegative
from . import _balance, _chain
from .curve import RopeCurve
from .periodic import chain_equilibrium

__all__ = ["mode_stability", "ModeStability"]

MAX_LINKS = 400
_ZERO = 1e-7        # |eigenvalue| / omega_ref^2 below which a stiffness is neutral
_GROWTH = 1e-7      # real part / omega_ref above which a perturbation grows
# Without damping the turn about the axis is a double zero eigenvalue (a Jordan block), which
# rounding splits into +-sqrt(eps |A|): eigenvalues this small (/ omega_ref) count as neutral.
_JORDAN = 1e-5
_CASES = ("hanging", "troposkien", "spinning", "catenary")


@dataclass(frozen=True, repr=False)
class ModeStability:
    """Linear stability of a rope equilibrium (see :func:`mode_stability`).

    Attributes
    ----------
    eigenvalues : ndarray of complex
        Eigenvalues lambda (1/s) of the small motions in the turning frame without damping,
        perturbations ~ exp(lambda t); sorted by decreasing real part, then imaginary part.
    damped_eigenvalues : ndarray of complex
        The same with the small damping ``damping`` (linear normal drag relative to the
        turning frame).
    out_of_plane : ndarray
        For each undamped eigenvalue, the fraction of the eigenvector's kinetic energy in the
        motion out of the rope's plane (Coriolis forces couple the two).
    stiffness_in_plane, stiffness_out_of_plane : ndarray
        Eigenvalues (1/s^2) of the effective potential's Hessian per unit mass, for
        displacements in the rope's plane and out of it (ascending). Negative ones are the
        downhill directions. A planar equilibrium's Hessian splits into these two blocks.
    downhill : int
        Number of downhill directions of the effective potential (negative stiffnesses).
    downhill_in_plane, downhill_out_of_plane : int
    neutral : int
        Number of zero stiffnesses (within 1e-7 omega^2): the turn about the axis when the
        ends are on it.
    stable : bool
        No growing perturbation under the small damping in the turning frame (equivalently
        ``downhill == 0``, Kelvin-Tait-Chetaev).
    stable_undamped : bool
        No growing perturbation without damping (gyroscopic stabilisation counts).
    growth_rate : float
        Largest real part of the damped eigenvalues (1/s).
    damping : float
        Linear drag coefficient b used for the damped eigenvalues (N s / m^2).
    case : str
        The equilibrium's case ("hanging", "troposkien", "spinning", "catenary").
    mode : int or None
        Kolodner mode index for a hanging rope.
    omega : float
    links : int
    equilibrium_shift : float
        Largest distance (m) between the given curve and the chain's equilibrium next to it
        (the discretisation error, O(1/links^2)).
    """

    eigenvalues: np.ndarray
    damped_eigenvalues: np.ndarray
    out_of_plane: np.ndarray
    stiffness_in_plane: np.ndarray
    stiffness_out_of_plane: np.ndarray
    downhill: int
    downhill_in_plane: int
    downhill_out_of_plane: int
    neutral: int
    stable: bool
    stable_undamped: bool
    growth_rate: float
    damping: float
    case: str
    mode: int | None
    omega: float
    links: int
    equilibrium_shift: float

    def __post_init__(self):
        for name in ("eigenvalues", "damped_eigenvalues", "out_of_plane",
                     "stiffness_in_plane", "stiffness_out_of_plane"):
            getattr(self, name).setflags(write=False)

    def __repr__(self):
        what = self.case + (f" mode {self.mode}" if self.mode is not None else "")
        return (f"ModeStability({what}, omega={self.omega:.6g}, downhill={self.downhill} "
                f"(in plane {self.downhill_in_plane}, out of plane "
                f"{self.downhill_out_of_plane}), neutral={self.neutral}, "
                f"stable={self.stable}, stable_undamped={self.stable_undamped}, "
                f"growth_rate={self.growth_rate:.4g} 1/s, links={self.links})")

    def plot(self, ax=None):
        """Eigenvalues in the complex plane, with and without damping; return the Axes."""
        from .plot_periodic import plot_eigenvalues

        return plot_eigenvalues(self, ax=ax)


def _problem(curve: RopeCurve, links, damping):
    """Dimensionless chain, its units and the curve's data for the equilibrium search."""
    if not isinstance(curve, RopeCurve):
        raise ValueError(f"curve must be a RopeCurve; got {type(curve).__name__}")
    if curve.case == "skipping":
        raise ValueError("the skipping-rope snapshot is not an equilibrium of the moving rope "
                         "(gravity turns in its frame); see periodic_skipping_rope")
    if curve.case not in _CASES:
        raise ValueError(f"mode_stability needs an equilibrium of case {', '.join(_CASES)}; "
                         f"got case {curve.case!r}")
    if np.any(curve.phi != 0):
        raise ValueError("mode_stability needs an equilibrium without drag (phi = 0): with "
                         "drag the steady rope is driven and has no effective potential")
    length, omega, g = curve.length, curve.omega, curve.g
    unit_t = 1.0 / omega if omega > 0 else math.sqrt(length / g)
    accel = length / unit_t ** 2
    free = curve.span is None
    if curve.case == "catenary":
        gravity = np.array([g, 0.0, 0.0])
    else:
        gravity = np.array([0.0, 0.0, -g])
    tip = float(curve.info.get("tip_mass", 0.0)) / (curve.density * length)
    chain = _chain.make_chain(links, free_end=free, end_radius=curve.end_radius / length,
                              span=None if free else curve.span / length, omega=omega * unit_t,
                              gravity=gravity / accel, rotating=False,
                              linear_drag=damping, still_air=False,
                              tip_mass=tip)
    tension = curve.tension / (curve.density * accel * length)
    return chain, unit_t, tension


def mode_stability(curve, *, links=80, damping=0.01) -> ModeStability:
    r"""Linear stability of an equilibrium of a rope turning about a vertical axis.

    Works for every Kolodner mode (:func:`~mathlab.rope.hanging_modes`, with or without a tip
    mass), the troposkien (:meth:`~mathlab.rope.Troposkien.curve`), the Darrieus blade and
    ropes with ends off the axis (:func:`~mathlab.rope.spinning_rope` without drag), and the
    catenary (omega = 0). The rope is the chain of ``links`` rigid links of
    :func:`~mathlab.rope.simulate_rope`; its equilibrium next to ``curve`` is found by Newton's
    method and the small motions about it in the turning frame,

    .. math:: M \ddot x + (G + C) \dot x + K x = 0 \quad \text{on } J x = 0,

    (J the links' length constraints) are reduced to the constraint's tangent space and
    solved as a quadratic eigenvalue problem (dense, ``scipy.linalg.eig``). K is the Hessian
    of the effective potential -rho omega^2 r^2 / 2 - rho g . x with the tensions' geometric
    stiffness; its negative eigenvalues are the downhill directions. C is the linearised
    linear normal drag b relative to the turning frame (``simulate_rope(..., linear_drag=b,
    air="turning")``), b = ``damping`` rho omega.

    Found for Kolodner's mode n: n - 1 downhill directions out of the plane (the turn about
    the axis, y = r(s) with its n - 1 nodes, is a zero mode of the out-of-plane operator, so
    by Sturm n - 1 eigenvalues lie below it) and n - 1 in the plane (each pitchfork at
    omega_k leaves the new branch one downhill direction fewer than the vertical rope), 2 (n - 1)
    in all; mode 1 is a minimum and stable, every higher mode grows under damping (some are
    held by gyroscopic forces alone without it). The troposkien and the Darrieus blade are
    minima (only the neutral turn about the axis).

    Parameters
    ----------
    curve : RopeCurve
        An equilibrium (case "hanging", "troposkien", "spinning" or "catenary"; not drag).
    links : int
        Links of the chain, 8 to 400. Eigenvalues converge like 1 / links^2; the cost grows
        like links^3 (about 0.3 s at 80).
    damping : float
        Dimensionless damping b / (rho omega_ref) (omega_ref = omega, or sqrt(g/L) when
        omega = 0), > 0 and at most 1.

    Returns
    -------
    ModeStability

    Raises
    ------
    ValueError
        A curve that is not an equilibrium of these set-ups, bad parameters, or the chain's
        equilibrium not found next to the curve (``BalanceError``; near the end of a branch,
        e.g. a Darrieus blade about to collapse, the chain needs more links).

    References
    ----------
    .. [1] I. I. Kolodner, Comm. Pure Appl. Math. 8 (1955) 395-408.
    .. [2] W. Thomson and P. G. Tait, Treatise on Natural Philosophy, Part I (1879),
       section 345; N. G. Chetaev, The Stability of Motion (Pergamon, 1961): gyroscopic
       stabilisation and its loss under dissipation.

    Examples
    --------
    >>> from mathlab.rope import hanging_modes, critical_speeds
    >>> w = critical_speeds(3, length=1.0)
    >>> modes = hanging_modes(0.5 * (w[1] + w[2]), length=1.0)
    >>> [(s.downhill_in_plane, s.downhill_out_of_plane, s.stable)
    ...  for s in (mode_stability(m, links=30) for m in modes)]
    [(0, 0, True), (1, 1, False)]
    """
    links = integer("links", links, minimum=8, maximum=MAX_LINKS)
    damping = nonnegative("damping", damping)
    if not 0 < damping <= 1:
        raise ValueError(f"damping must be in (0, 1]; got {damping!r}")
    chain, unit_t, tension = _problem(curve, links, damping)
    q, tau, _, _ = chain_equilibrium(chain, curve.s, curve.r, curve.z, tension, curve.length)
    ref = _chain.curve_positions(curve.s, curve.r, curve.z, curve.phi, links, curve.length)
    shift = float(np.max(np.linalg.norm(q - ref, axis=1))) * curve.length
    if shift > 0.02 * curve.length + 0.25 * curve.max_radius:
        raise _balance.BalanceError(
            f"the chain of {links} links has no equilibrium next to this curve (Newton ended "
            f"{shift:.3g} m away, the curve's largest radius is {curve.max_radius:.3g} m): "
            "near a fold of the branch the chain's equilibrium differs; use more links")
    mats = _linearisation(chain, q, tau)
    result = _eigen(mats)
    w2 = 1.0 / unit_t ** 2
    return ModeStability(
        eigenvalues=result["undamped"] / unit_t, damped_eigenvalues=result["damped"] / unit_t,
        out_of_plane=result["out_of_plane"],
        stiffness_in_plane=result["k_in"] * w2, stiffness_out_of_plane=result["k_out"] * w2,
        downhill=result["down_in"] + result["down_out"], downhill_in_plane=result["down_in"],
        downhill_out_of_plane=result["down_out"], neutral=result["neutral"],
        stable=result["growth"] <= _GROWTH, stable_undamped=result["growth0"] <= _GROWTH,
        growth_rate=result["growth"] / unit_t,
        damping=damping * curve.density / unit_t, case=curve.case,
        mode=curve.info.get("mode"), omega=curve.omega, links=links, equilibrium_shift=shift)


def _linearisation(chain, q, tau):
    """Mass, gyroscopic, damping, stiffness and constraint matrices of the free nodes."""
    problem = _balance.Balance(chain, 1, 2 * math.pi)
    x = problem.pack(q[None], tau[None])
    jac = problem.jacobian(x).toarray()
    nq = problem.nq
    K = jac[:nq, :nq]
    J = jac[nq:, :nq]
    m = np.repeat(problem.mass, 3)
    nf = problem.nf
    G = np.zeros((nq, nq))
    Zm = np.array([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    for i in range(nf):
        G[3 * i:3 * i + 3, 3 * i:3 * i + 3] = 2.0 * chain.omega * problem.mass[i] * Zm
    # Linear normal drag relative to the turning frame: residual += (l b / 4) Pe (u_k + u_k+1)
    C = np.zeros((nq, nq))
    d = np.diff(q, axis=0)
    e = d / np.linalg.norm(d, axis=1)[:, None]
    pos = problem.node_pos
    coef = 0.25 * chain.link * chain.linear_drag
    for k in range(chain.links):
        P = coef * (np.eye(3) - np.outer(e[k], e[k]))
        for a in (pos[k], pos[k + 1]):
            if a < 0:
                continue
            for b in (pos[k], pos[k + 1]):
                if b >= 0:
                    C[3 * a:3 * a + 3, 3 * b:3 * b + 3] += P
    planar = bool(np.max(np.abs(q[:, 1])) <= 1e-12 * max(1.0, float(np.max(np.abs(q)))))
    return {"M": m, "G": G, "C": C, "K": 0.5 * (K + K.T), "J": J, "planar": planar}


def _null_space(J):
    """Orthonormal basis of the null space of J (SVD)."""
    if J.shape[0] == 0:
        return np.eye(J.shape[1])
    _, s, vt = la.svd(J)
    rank = int(np.sum(s > s[0] * 1e-12))
    return vt[rank:].T


def _generalised(K, M):
    """Eigenvalues of K v = k M v (M positive definite), ascending."""
    if K.shape[0] == 0:
        return np.zeros(0)
    return la.eigh(K, M, eigvals_only=True)


def _eigen(mats):
    m, G, C, K, J = mats["M"], mats["G"], mats["C"], mats["K"], mats["J"]
    Z = _null_space(J)
    Mr = Z.T @ (m[:, None] * Z)
    Kr = Z.T @ K @ Z
    Kr = 0.5 * (Kr + Kr.T)
    n = Z.shape[1]
    out = {}
    for name, D in (("undamped", G), ("damped", G + C)):
        Dr = Z.T @ D @ Z
        A = np.zeros((2 * n, 2 * n))
        A[:n, n:] = np.eye(n)
        A[n:, :n] = -la.solve(Mr, Kr, assume_a="pos")
        A[n:, n:] = -la.solve(Mr, Dr, assume_a="pos")
        # Entries at rounding level (the planar structure leaves many ~1e-300) would turn
        # into subnormal numbers in the QR iteration and slow it down tenfold.
        A[np.abs(A) < 1e-15 * np.max(np.abs(A))] = 0.0
        # (numpy's geev driver; scipy.linalg.eig was ten times slower on these matrices)
        if name == "undamped":
            vals, vecs = np.linalg.eig(A)
        else:
            vals = np.linalg.eigvals(A)
        order = np.lexsort((vals.imag, -np.round(vals.real, 12)))
        out[name] = vals[order]
        if name == "undamped":
            disp = Z @ vecs[:n, order]
            kin = m[:, None] * np.abs(disp) ** 2
            total = kin.sum(axis=0)
            out_plane = kin[1::3].sum(axis=0)
            with np.errstate(invalid="ignore", divide="ignore"):
                out["out_of_plane"] = np.where(total > 0, out_plane / total, 0.0)
    moving = np.abs(out["undamped"]) > _JORDAN
    out["growth0"] = float(np.max(out["undamped"].real[moving], initial=0.0))
    out["growth"] = float(np.max(out["damped"].real))
    # The effective potential's Hessian, split into in-plane and out-of-plane blocks.
    nq = m.size
    idx_y = np.arange(1, nq, 3)
    idx_xz = np.setdiff1d(np.arange(nq), idx_y)
    if mats["planar"]:
        Zin = _null_space(J[:, idx_xz])
        k_in = _generalised(Zin.T @ K[np.ix_(idx_xz, idx_xz)] @ Zin,
                            Zin.T @ (m[idx_xz, None] * Zin))
        k_out = _generalised(K[np.ix_(idx_y, idx_y)], np.diag(m[idx_y]))
    else:
        k_in = _generalised(Kr, Mr)
        k_out = np.zeros(0)
    scale = max(1.0, float(np.max(np.abs(np.concatenate([k_in, k_out])), initial=0.0)) * 1e-6)
    zero = _ZERO * scale
    out["k_in"], out["k_out"] = k_in, k_out
    out["down_in"] = int(np.sum(k_in < -zero))
    out["down_out"] = int(np.sum(k_out < -zero))
    out["neutral"] = int(np.sum(np.abs(k_in) <= zero) + np.sum(np.abs(k_out) <= zero))
    return out
