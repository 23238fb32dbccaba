"""The real skipping rope: its steady periodic motion about a horizontal axis.

In the frame turning with the hands the centrifugal force is steady but gravity goes round
once per revolution, so a real skipping rope never holds one shape: it is fastest at the
bottom and slowest at the top, so it runs ahead of the hands on the way up and falls behind
them on the way down, bends out of its plane, and breathes in and out.
:func:`periodic_skipping_rope` finds that motion directly as a periodic solution of the chain
of rigid links of :func:`~mathlab.rope.simulate_rope` (Fourier collocation in time, Newton's
method; see :mod:`mathlab.rope._balance`), and checks it by integrating one revolution with
the time stepper.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from types import SimpleNamespace

import numpy as np

from .._validate import finite_result, integer, nonnegative, positive, real
from . import _balance, _chain, _kernels_motion
from ._continuation import follow
from .curve import RopeCurve, count_sign_changes

__all__ = ["periodic_skipping_rope", "PeriodicRope", "chain_equilibrium", "PeriodicityWarning"]

MAX_LINKS = 400
MAX_HARMONICS = 31
_TAIL = 2e-5          # highest harmonic / first harmonic above which more phases are used
_PERIODIC_TOL = 1e-4  # periodicity error / L above which a PeriodicityWarning is issued


class PeriodicityWarning(UserWarning):
    """The periodic solution did not pass the time-stepper check to 1e-4 of the rope's length.

    Near a resonance of the rope with the turning gravity (or past the end of the periodic
    branch, at low speeds) more harmonics are needed, or the motion is unstable.
    """
_CHECK_RTOL = 1e-10
_MAX_CONTINUATION = 40
_REFINE = 16          # oversampling of the phase when locating the largest radius


@dataclass(frozen=True, repr=False)
class PeriodicRope:
    """Steady periodic motion of a skipping rope turned about a horizontal axis.

    Coordinates are those of the frame turning with the hands (see :class:`RopeCurve`):
    x from the axis towards the plane of the hands' circles, y the direction of motion, z along
    the axis from the first hand (z = 0) to the second (z = -span). Phase 0 is the hands'
    plane pointing down (the rope at its lowest).

    Attributes
    ----------
    phases : ndarray, shape (M,)
        Phases omega t (rad) of the collocation times, 2 pi j / M.
    positions : ndarray, shape (M, links + 1, 3)
        Node positions (m) in the turning frame at those phases.
    tension : ndarray, shape (M, links)
        Link tensions (N).
    radius : ndarray, shape (M,)
        Largest distance of the rope from the axis at each phase (m).
    max_radius : float
        Largest distance from the axis over the revolution (m), located between the
        collocation phases by trigonometric interpolation.
    max_radius_phase : float
        Phase (rad, in [0, 2 pi)) where it is reached.
    hand_tension : ndarray, shape (M, 2)
        Tension (N) at the first and the second hand at each phase.
    lag : ndarray, shape (M,)
        Azimuth lag (rad) of the rope's midpoint behind the hands' plane at each phase
        (positive behind: the rope is ahead of the hands on the way up, phases 0 to pi, and
        behind them on the way down).
    gravity_ratio : float
        g / (omega^2 R) with R the largest radius of the quasi-static snapshot.
    snapshot_error : float
        Largest distance (m) between the rope at phase 0 and the quasi-static snapshot of
        :func:`~mathlab.rope.skipping_rope`, both on the same chain (so the difference is the
        dynamics alone, not the discretisation).
    snapshot_deflection : float
        Largest distance (m) between the snapshot and the gravity-free troposkien on the same
        chain: what the snapshot says gravity does. snapshot_error / snapshot_deflection is
        the snapshot's relative error in the effect of gravity.
    snapshot, troposkien : ndarray, shape (links + 1, 3)
        Node positions (m, turning frame) of that quasi-static snapshot and of the
        gravity-free troposkien on the same chain.
    periodicity_error : float
        Largest distance (m) between the rope after one revolution of the time stepper
        (rtol 1e-10) started from the phase-0 state and that state: the check that the motion
        is periodic.
    length, span, omega, g, density, drag, end_radius : float
    links, harmonics : int
        Chain links and collocation times per revolution (harmonics up to (M - 1) / 2).
    residual : float
        Final scaled residual of the collocation equations.
    iterations, continuation_steps : int
    """

    phases: np.ndarray
    positions: np.ndarray
    tension: np.ndarray
    radius: np.ndarray
    max_radius: float
    max_radius_phase: float
    hand_tension: np.ndarray
    lag: np.ndarray
    gravity_ratio: float
    snapshot_error: float
    snapshot_deflection: float
    periodicity_error: float
    snapshot: np.ndarray
    troposkien: np.ndarray
    length: float
    span: float
    omega: float
    g: float
    density: float
    drag: float
    end_radius: float
    links: int
    harmonics: int
    residual: float
    iterations: int
    continuation_steps: int
    _tau: np.ndarray = field(compare=False)

    def __post_init__(self):
        for name in ("phases", "positions", "tension", "radius", "hand_tension", "lag",
                     "snapshot", "troposkien", "_tau"):
            getattr(self, name).setflags(write=False)

    def __repr__(self):
        return (f"PeriodicRope(length={self.length:g}, span={self.span:g}, "
                f"omega={self.omega:.6g}, g={self.g:g}, drag={self.drag:g}, "
                f"max_radius={self.max_radius:.6g} at phase {self.max_radius_phase:.4f}, "
                f"gravity_ratio={self.gravity_ratio:.3g}, "
                f"snapshot_error={self.snapshot_error:.3g}, "
                f"periodicity_error={self.periodicity_error:.2g}, links={self.links}, "
                f"harmonics={self.harmonics})")

    def _interpolate(self, values, phase):
        """Trigonometric interpolation over the phase of values sampled at ``phases``."""
        count = self.phases.size
        coef = np.fft.fft(values, axis=0) / count
        k = np.fft.fftfreq(count, d=1.0 / count)
        basis = np.exp(1j * k * phase)
        return np.real(np.tensordot(basis, coef, axes=(0, 0)))

    def shape_at(self, phase) -> RopeCurve:
        """The rope at ``phase`` (rad; any real, taken modulo 2 pi) in the turning frame.

        Interpolated trigonometrically between the collocation phases (spectrally accurate
        for the smooth periodic motion). Returns a RopeCurve with ``case="periodic"``, signed
        r, lag ``phi``, z along the axis, tension at the nodes, ``info["phase"]``.
        """
        phase = real("phase", phase)
        q = self._interpolate(self.positions, phase)
        tension = self._interpolate(self.tension, phase)
        r, phi = _chain.signed_radius_and_lag(q)
        node_t = np.empty(self.links + 1)
        node_t[1:-1] = 0.5 * (tension[1:] + tension[:-1])
        node_t[0], node_t[-1] = tension[0], tension[-1]
        s = np.linspace(0.0, self.length, self.links + 1)
        return RopeCurve(s=s, r=r, z=q[:, 2], tension=node_t, case="periodic",
                         length=self.length, omega=self.omega, g=self.g, density=self.density,
                         span=self.span, end_radius=self.end_radius,
                         nodes=count_sign_changes(r), max_radius=float(np.max(np.abs(r))),
                         phi=phi, info={"phase": float(phase % (2 * math.pi)),
                                        "links": self.links})

    def lab_positions(self, phases):
        """Lab positions (m) at the given phases: lab x the axis, lab z up (as RopeMotion)."""
        phases = np.atleast_1d(np.asarray(phases, dtype=float))
        q = np.stack([self._interpolate(self.positions, p) for p in phases])
        return _chain.to_lab(q, phases, "horizontal")

    def plot(self, ax=None, *, phases=8):
        """Draw the rope at ``phases`` equally spaced phases (r against z); return the Axes."""
        from .plot_periodic import plot_phases

        return plot_phases(self, ax=ax, count=phases)

    def animate(self, path, *, frames=48, fps=24, dpi=80):
        """Write a GIF (or MP4 where ffmpeg exists) of one revolution seen in the lab."""
        from .plot_motion import animate_motion

        frames = integer("frames", frames, minimum=2, maximum=2000)
        ph = np.linspace(0.0, 2 * math.pi, frames, endpoint=False)
        view = SimpleNamespace(t=ph / self.omega, positions=self.lab_positions(ph),
                               free_end=False)
        return animate_motion(view, path, fps=fps, frames=frames, dpi=dpi,
                              title=f"skipping rope, omega = {self.omega:.3g} rad/s")


# --------------------------------------------------------------------------- solvers

def _static_start(length, span, omega, end_radius, links, chain):
    """Chain equilibrium without gravity: the troposkien (or spinning_rope off the axis)."""
    from .closed_form import troposkien
    from .shooting import spinning_rope

    if end_radius == 0:
        c = troposkien(length, span, omega).curve(2001)
    else:
        c = spinning_rope(length, span, omega, end_radius=end_radius)
    return chain_equilibrium(chain, c.s, c.r, c.z, c.tension / (omega * omega * length ** 2),
                             length)


def chain_equilibrium(chain, s, r, z, tension, length, phi=None):
    """Equilibrium of ``chain`` (a static problem) by Newton from a curve (s, r, z, T).

    ``tension`` is dimensionless (units rho omega_ref^2 L^2). Returns (q, tau, residual,
    iterations); raises BalanceError.
    """
    phi = np.zeros_like(s) if phi is None else phi
    q = _chain.project(_chain.curve_positions(s, r, z, phi, chain.links, length), chain)
    mid = (np.arange(chain.links) + 0.5) / chain.links * length
    tau = np.interp(mid, s, tension) * chain.links
    problem = _balance.Balance(chain, 1, 2 * math.pi)
    x, res, it = _balance.solve(problem, problem.pack(q[None], tau[None]))
    return problem.positions(x)[0], problem.tau(x)[0], res, it


def _continuation(make_problem, x_start):
    """Follow the solution from parameter 0 (x_start) to 1; return (x, res, it, steps)."""
    return follow(lambda p, guess: _balance.solve(make_problem(p), guess), x_start,
                  error=_balance.BalanceError, max_steps=_MAX_CONTINUATION, min_step=1e-3,
                  what="gravity and drag")


def periodic_skipping_rope(length, span, omega, g=9.81, density=1.0, drag=0.0, *,
                           end_radius=0.0, links=48, harmonics=15) -> PeriodicRope:
    r"""The steady periodic motion of a real skipping rope (horizontal axis, gravity).

    The hands hold the rope ``span`` apart on a horizontal axis (or on circles of radius
    ``end_radius`` about it) and turn it at ``omega``. In the frame turning with the hands
    gravity goes round once per revolution, so the motion is periodic, not steady; it is
    found as a periodic solution of the chain of rigid links of
    :func:`~mathlab.rope.simulate_rope` (``links`` links): the positions and tensions at
    ``harmonics`` equally spaced phases satisfy the equations of motion with Fourier time
    derivatives, solved by Newton's method with the exact sparse Jacobian and continuation in
    gravity (and drag) from the gravity-free troposkien. With the hands on the axis the
    motion is determined up to a phase, fixed by the rope being at its lowest at phase 0.
    The result is checked by integrating one revolution with the time stepper from the state
    at phase 0 (``periodicity_error``).

    Drag is the quadratic normal drag of :func:`~mathlab.rope.simulate_rope`,
    f = -c |w_n| w_n per unit length (still air); it needs ``end_radius > 0``: a hand on the
    axis exerts no torque about it, so nothing could keep the rope turning against drag.

    Limits: as g -> 0 the motion becomes the troposkien, held still in the turning frame; as
    g / (omega^2 R) -> 0 the rope at phase 0 tends to the quasi-static snapshot of
    :func:`~mathlab.rope.skipping_rope`, and ``snapshot_error`` says how far the snapshot is
    from the motion at a finite ratio.

    Parameters
    ----------
    length : float
        Rope length L (m), > span.
    span : float
        Distance D between the hands (m), > 0.
    omega : float
        Angular speed of the hands (rad/s), > 0.
    g : float
        Gravitational acceleration (m/s^2), >= 0.
    density : float
        Linear density rho (kg/m), > 0 (scales the tension only, and the drag's effect).
    drag : float
        Quadratic normal-drag coefficient c (N s^2 / m^3), >= 0.
    end_radius : float
        Radius of the hands' circles (m), >= 0 and < length - span; > 0 when drag > 0.
    links : int
        Links of the chain, 8 to 400 (the shape converges like 1 / links^2).
    harmonics : int
        Collocation phases per revolution M to start with, odd, 3 to 31 (harmonics up to
        (M - 1) / 2; the error falls geometrically with M). While the highest harmonic exceeds
        2e-5 of the first, M is raised to 2 M + 1 (at most 31).

    Returns
    -------
    PeriodicRope

    Raises
    ------
    ValueError
        Bad parameters, or (BalanceError) no periodic motion found: at low speeds the branch
        followed from the troposkien folds back near a resonance of the rope with the
        turning gravity (for L/D = 1.5 near g/(omega^2 R) = 0.16, about 1 turn per second).

    Warns
    -----
    PeriodicityWarning
        If the time stepper does not reproduce the motion over one revolution to 1e-4 L
        (``periodicity_error``): too few harmonics near a resonance, or an unstable motion.

    References
    ----------
    .. [1] A. Nordmark and H. Essen, "The skipping rope curve", Eur. J. Phys. 28 (2007) 241-247.
    .. [2] Su Jianlin, "你跳绳的时候,想过绳子的形状曲线是怎样的吗?", kexue.fm, 2019-07-06.

    Examples
    --------
    >>> p = periodic_skipping_rope(3.0, 2.0, 4 * math.pi, links=24, harmonics=9)
    >>> print(f"R = {p.max_radius:.3f} m at phase {p.max_radius_phase:.3f}")
    R = 1.037 m at phase 3.142
    >>> bool(p.periodicity_error < 1e-3 * p.length)
    True
    """
    length = positive("length", length)
    span = positive("span", span)
    if not span < length:
        raise ValueError(f"span must be < length (= {length!r}); got {span!r}")
    omega = positive("omega", omega)
    g = nonnegative("g", g)
    density = positive("density", density)
    drag = nonnegative("drag", drag)
    end_radius = nonnegative("end_radius", end_radius)
    if not end_radius < length - span:
        raise ValueError(f"end_radius must be < length - span (= {length - span!r}); "
                         f"got {end_radius!r}")
    if drag > 0 and end_radius == 0:
        raise ValueError("drag > 0 needs end_radius > 0: hands on the axis exert no torque "
                         "about it, so nothing could keep the rope turning against drag")
    links = integer("links", links, minimum=8, maximum=MAX_LINKS)
    harmonics = integer("harmonics", harmonics, minimum=3, maximum=MAX_HARMONICS)
    if harmonics % 2 == 0:
        raise ValueError(f"harmonics must be odd; got {harmonics}")

    unit = omega * omega * length           # accelerations in omega^2 L
    e, d = end_radius / length, span / length

    def chain_at(p, gravity_on=True, rotating=True):
        return _chain.make_chain(links, free_end=False, end_radius=e, span=d, omega=1.0,
                                 gravity=np.array([p * g / unit if gravity_on else 0.0, 0, 0]),
                                 rotating=rotating, drag=p * drag * length / density,
                                 still_air=True)

    q0, tau0, _, _ = _static_start(length, span, omega, end_radius, links, chain_at(0.0))
    start = _balance.Balance(chain_at(0.0), harmonics, 2 * math.pi)
    x0 = start.pack(np.repeat(q0[None], harmonics, 0), np.repeat(tau0[None], harmonics, 0))
    x, residual, iterations, steps = _continuation(
        lambda p: _balance.Balance(chain_at(p), harmonics, 2 * math.pi), x0)
    problem = _balance.Balance(chain_at(1.0), harmonics, 2 * math.pi)
    while _tail(problem.positions(x)) > _TAIL and 2 * harmonics + 1 <= MAX_HARMONICS:
        # more phases, from the trigonometric interpolant of the coarser solution
        finer = _balance.Balance(chain_at(1.0), 2 * harmonics + 1, 2 * math.pi)
        guess = finer.pack(_resample(problem.positions(x), finer.count),
                           _resample(problem.tau(x), finer.count))
        x, residual, more = _balance.solve(finer, guess)
        iterations += more
        problem, harmonics = finer, finer.count
    q = problem.positions(x)
    tau = problem.tau(x)
    finite_result("periodic_skipping_rope: the positions", q)

    # the check: one revolution of the time stepper from the state at phase 0
    chain = problem.chain
    u = problem.velocities(q)
    y0 = np.concatenate([q[0].ravel(), u[0].ravel()])
    states, _, status, _, _ = _kernels_motion.integrate(
        y0, np.array([0.0, 2 * math.pi]), chain.inv_mass, chain.params, _CHECK_RTOL,
        _CHECK_RTOL * 1e-2, 10_000_000, 1e-3)
    n = links + 1
    periodicity = (float(np.max(np.abs(states[-1, :3 * n] - y0[:3 * n]))) * length
                   if status == 0 else math.inf)
    if not periodicity <= _PERIODIC_TOL * length:
        warnings.warn(f"periodic_skipping_rope: the time stepper leaves the periodic solution "
                      f"by {periodicity:.3g} m in one revolution (more than 1e-4 L): near a "
                      f"resonance of the rope with the turning gravity more harmonics are "
                      f"needed, or the motion is unstable", PeriodicityWarning, stacklevel=2)

    # the quasi-static snapshot and the troposkien on the same chain
    statics = _balance.Balance(chain_at(0.0), 1, 2 * math.pi)
    xs, _, _, _ = _continuation(
        lambda p: _balance.Balance(chain_at(p, rotating=False), 1, 2 * math.pi),
        statics.pack(q0[None], tau0[None]))
    snap = statics.positions(xs)[0]
    snapshot_error = float(np.max(np.linalg.norm(q[0] - snap, axis=1))) * length
    deflection = float(np.max(np.linalg.norm(snap - q0, axis=1))) * length

    d_links = np.linalg.norm(np.diff(q, axis=1), axis=2)
    tension = tau * d_links * density * omega * omega * length * length
    lunit = length
    radius = np.max(np.hypot(q[..., 0], q[..., 1]), axis=1) * lunit
    fine = _fine_radius(q, harmonics) * lunit
    j = int(np.argmax(fine))
    phases = 2 * math.pi * np.arange(harmonics) / harmonics
    _, lag = _chain.signed_radius_and_lag(q[:, links // 2])
    snap_r = float(np.max(np.hypot(snap[:, 0], snap[:, 1]))) * length
    return PeriodicRope(
        phases=phases, positions=q * lunit, tension=tension, radius=radius,
        max_radius=float(fine[j]), max_radius_phase=2 * math.pi * j / fine.size,
        hand_tension=np.stack([tension[:, 0], tension[:, -1]], axis=1), lag=lag,
        gravity_ratio=g / (omega * omega * snap_r), snapshot_error=snapshot_error,
        snapshot_deflection=deflection, periodicity_error=periodicity,
        snapshot=snap * length, troposkien=q0 * length, length=length,
        span=span, omega=omega, g=g, density=density, drag=drag, end_radius=end_radius,
        links=links, harmonics=harmonics, residual=float(residual), iterations=iterations,
        continuation_steps=steps, _tau=tau)


def _tail(q):
    """Largest amplitude of the highest harmonic over the nodes, over that of the first (or
    1e-8 of the mean positions' when the motion is that small: a rope held still)."""
    coef = np.abs(np.fft.fft(q, axis=0))
    count = q.shape[0]
    if count < 3:
        return 0.0
    scale = max(float(np.max(coef[1])), 1e-8 * float(np.max(coef[0])))
    return float(np.max(coef[count // 2])) / scale


def _resample(values, count):
    """Trigonometric interpolation of periodic samples (axis 0) onto ``count`` phases."""
    coef = np.fft.fft(values, axis=0)
    old = values.shape[0]
    padded = np.zeros((count,) + values.shape[1:], dtype=complex)
    half = old // 2
    padded[:half + 1] = coef[:half + 1]
    padded[-half:] = coef[-half:]
    return np.real(np.fft.ifft(padded, axis=0)) * (count / old)


def _fine_radius(q, count):
    """Largest radius over the nodes at _REFINE * count phases (trigonometric interpolation)."""
    coef = np.fft.fft(q[..., :2], axis=0)
    fine = _REFINE * count
    padded = np.zeros((fine,) + coef.shape[1:], dtype=complex)
    half = count // 2
    padded[:half + 1] = coef[:half + 1]
    padded[-half:] = coef[-half:]
    values = np.real(np.fft.ifft(padded, axis=0)) * (fine / count)
    return np.max(np.hypot(values[..., 0], values[..., 1]), axis=1)
