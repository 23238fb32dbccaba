"""The rope in motion: a chain of rigid links turned by its ends, under gravity and drag.

The inextensible rope is a chain of ``links`` rigid links between point masses whose tensions
are solved at every step (see :mod:`mathlab.rope._kernels_motion` for the equations). It is
integrated in the frame turning with the ends, where both ends (or the one end on the pole) are
fixed: on the rotation axis, or on circles of radius ``end_radius`` about it. For a vertical
axis gravity is fixed in that frame and the Jacobi integral is conserved; for a horizontal axis
(a real skipping rope) gravity turns backwards once per revolution.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np

from .._validate import choice, finite_array, integer, nonnegative, positive
from . import _chain, _kernels_motion
from .curve import RopeCurve, count_sign_changes

__all__ = ["simulate_rope", "RopeMotion", "RopeMotionError", "AXES", "AIR"]

AXES = ("horizontal", "vertical")
AIR = ("still", "turning")
MAX_LINKS = 2000
MAX_SAMPLES = 100_000
MAX_VALUES = 20_000_000        # samples * (links + 1): positions and velocities in memory
MAX_TURNS = 10_000             # t_end in revolutions (or in units of sqrt(L/g) when omega = 0)
MAX_STEPS = 50_000_000
_H0 = 1e-3


class RopeMotionError(ValueError):
    """The time stepper failed (step limit, step size underflow, a non-finite state)."""


@dataclass(frozen=True, repr=False)
class RopeMotion:
    """The motion of a rope simulated by :func:`simulate_rope`.

    Attributes
    ----------
    t : ndarray, shape (nt,)
        Times (s).
    positions : ndarray, shape (nt, links + 1, 3)
        Node positions in the lab (m). Vertical axis: lab z is the axis, up; the ends at
        z = 0 and z = -span. Horizontal axis: lab x is the axis (the hands at x = 0 and
        x = -span), lab z is up; at t = 0 the ends' plane points down.
    velocities : ndarray, shape (nt, links + 1, 3)
        Node velocities in the lab (m/s).
    tension : ndarray, shape (nt, links)
        Tension of each link (N). Rigid links can also push: a negative value marks where a
        real rope would go slack (see ``min_tension``).
    energy : ndarray, shape (nt,)
        The Jacobi integral in the turning frame (J), sum over the free nodes of
        m (|u|^2 / 2 - omega^2 rho_perp^2 / 2 - g . x) with u the velocity relative to the
        turning frame and rho_perp the distance from the axis. It is conserved when nothing
        drives or damps the rope: no drag and fixed gravity in the turning frame (a vertical
        axis, or g = 0).
    lab_energy : ndarray, shape (nt,)
        Kinetic plus potential energy in the lab (J); conserved instead when the ends do not
        move in the lab (ends on the axis) and there is no drag, whatever the axis.
    length, span, omega, g, density, drag, linear_drag, end_radius, tip_mass : float
        The parameters (span None for a free end).
    axis, air : str
        "horizontal" or "vertical"; "still" or "turning" (the air drag is relative to).
    free_end : bool
    links : int
    steps, rejected : int
        Accepted and rejected time steps.
    rtol : float
        Relative tolerance of the time stepper.
    constraint_error : float
        Largest relative error of a link length over the record.
    min_tension : float
        Smallest link tension over the record (N).
    """

    t: np.ndarray
    positions: np.ndarray
    velocities: np.ndarray
    tension: np.ndarray
    energy: np.ndarray
    lab_energy: np.ndarray
    length: float
    span: float | None
    omega: float
    g: float
    density: float
    drag: float
    linear_drag: float
    end_radius: float
    tip_mass: float
    axis: str
    air: str
    free_end: bool
    links: int
    steps: int
    rejected: int
    rtol: float
    constraint_error: float
    min_tension: float
    _chain: _chain.Chain = field(compare=False)
    _scale: tuple = field(compare=False)        # (length unit, time unit)
    _states: np.ndarray = field(compare=False)  # dimensionless turning-frame states

    def __post_init__(self):
        for name in ("t", "positions", "velocities", "tension", "energy", "lab_energy",
                     "_states"):
            getattr(self, name).setflags(write=False)

    def __repr__(self):
        ends = "free end" if self.free_end else f"span={self.span:g}"
        drift = float(np.ptp(self.energy)) / max(float(np.max(np.abs(self.energy))), 1e-300)
        return (f"RopeMotion(length={self.length:g}, {ends}, omega={self.omega:.6g}, "
                f"axis={self.axis!r}, links={self.links}, t_end={self.t[-1]:.6g}, "
                f"samples={self.t.size}, steps={self.steps}, "
                f"energy_spread={drift:.2g}, min_tension={self.min_tension:.4g})")

    @property
    def turning_positions(self):
        """Node positions (m) in the turning frame, shape (nt, links + 1, 3).

        Components (x, y, z): x from the axis towards the plane of the ends, y the direction
        of motion, z along the axis (the RopeCurve z).
        """
        n = self.links + 1
        return self._states[:, :3 * n].reshape(-1, n, 3) * self._scale[0]

    @property
    def phase(self):
        """omega t at each sample (rad)."""
        return self.omega * self.t

    def shape_at(self, phase) -> RopeCurve:
        """The rope in the turning frame the last time the frame was at ``phase`` (rad).

        The state is integrated from the sample just before that time, so the shape is exact
        to the stepper's tolerance, not interpolated. ``phase`` 0 is the frame at t = 0 (for a
        horizontal axis: the plane of the ends pointing down).

        Returns
        -------
        RopeCurve
            ``case="motion"``: s at the nodes, signed r and lag ``phi`` (see
            :class:`RopeCurve`), z along the axis, tension at the nodes (mean of the two
            adjacent links), ``info`` with ``time`` and ``phase``.
        """
        from .._validate import real

        phase = real("phase", phase)
        if not self.omega > 0:
            raise ValueError("shape_at needs omega > 0 (the phase of the turning frame)")
        turn = 2.0 * math.pi / self.omega
        target = self.t[-1] - ((self.omega * self.t[-1] - phase) % (2.0 * math.pi)) / self.omega
        if target < self.t[0] - 1e-12 * turn:
            raise ValueError(f"the record ({self.t[-1]:.6g} s) does not reach phase "
                             f"{phase!r} rad; simulate at least one revolution")
        target = max(target, float(self.t[0]))
        i = int(np.searchsorted(self.t, target, side="right") - 1)
        _, tunit = self._scale
        state = self._states[i]
        if target - self.t[i] > 1e-12 * turn:
            grid = np.array([self.t[i], target]) / tunit
            states, taus, status, _, _ = _kernels_motion.integrate(
                state.copy(), grid, self._chain.inv_mass, self._chain.params, self.rtol,
                self.rtol * 1e-2, MAX_STEPS, _H0)
            if status != 0:  # pragma: no cover - the same integration succeeded before
                raise RopeMotionError(f"shape_at: the time stepper failed (status {status})")
            state, tau = states[-1], taus[-1]
        else:
            n = self.links + 1
            _, tau = _chain.rhs(self.t[i] / tunit, state, self._chain)
        n = self.links + 1
        q = state[:3 * n].reshape(n, 3)
        return _curve_from_state(q, tau, self, case="motion",
                                 info={"time": float(target), "phase": float(phase)})

    def plot(self, ax=None, *, frames=8, frame="lab"):
        """Draw ``frames`` snapshots spread over the record; return the Axes.

        ``frame="lab"`` draws the lab view along the rotation axis's perpendicular (side view
        of a skipping rope); ``"turning"`` draws r against z in the turning frame.
        """
        from .plot_motion import plot_motion

        return plot_motion(self, ax=ax, frames=frames, frame=frame)

    def animate(self, path, *, fps=24, frames=None, dpi=80):
        """Write an animation of the motion (GIF through Pillow, MP4 where ffmpeg exists).

        Parameters
        ----------
        path : str or Path
            ``.gif`` (matplotlib's Pillow writer) or ``.mp4`` (needs ffmpeg on the PATH).
        fps : int
            Frames per second, 1 to 60.
        frames : int, optional
            Number of frames (at most 2000), spread evenly over the record; every sample by
            default (at most 2000).
        dpi : int
            Resolution, 20 to 300.

        Returns
        -------
        pathlib.Path
        """
        from .plot_motion import animate_motion

        return animate_motion(self, path, fps=fps, frames=frames, dpi=dpi)


def _curve_from_state(q, tau, source, *, case, info):
    """RopeCurve of dimensionless turning-frame node positions (units from ``source``)."""
    lunit, tunit = source._scale
    links = source.links
    r, phi = _chain.signed_radius_and_lag(q)
    d = np.diff(q, axis=0)
    link_t = tau * np.linalg.norm(d, axis=1) * source.density * lunit * lunit / (tunit * tunit)
    node_t = np.empty(links + 1)
    node_t[1:-1] = 0.5 * (link_t[1:] + link_t[:-1])
    node_t[0], node_t[-1] = link_t[0], link_t[-1]
    if source.free_end:
        node_t[-1] = link_t[-1] if source.tip_mass > 0 else 0.0
    s = np.linspace(0.0, source.length, links + 1)
    rr = r * lunit
    return RopeCurve(s=s, r=rr, z=q[:, 2] * lunit, tension=node_t, case=case,
                     length=source.length, omega=source.omega, g=source.g,
                     density=source.density, span=source.span, end_radius=source.end_radius,
                     nodes=count_sign_changes(rr), max_radius=float(np.max(np.abs(rr))),
                     phi=phi, info=dict(info, links=links))


# --------------------------------------------------------------------------- set-up

def _units(length, omega, g):
    """(length unit, time unit): L and 1 / omega (or sqrt(L / g) when omega = 0)."""
    if omega > 0:
        return length, 1.0 / omega
    return length, math.sqrt(length / g)


def _default_initial(length, span, omega, g, density, axis, end_radius, free_end):
    """The static shape the motion starts from when no initial state is given."""
    from .closed_form import troposkien
    from .kolodner import hanging_modes
    from .shooting import QuasiStaticWarning, ShootingError, catenary, skipping_rope, \
        spinning_rope

    if free_end:
        modes = hanging_modes(omega, length, g=g, density=density) if g > 0 else []
        if modes:
            c = modes[0]
            return c.s, c.r + end_radius, c.z, None
        s = np.linspace(0.0, length, 3)
        return s, np.full(3, end_radius), -s, None
    if omega == 0:
        c = catenary(length, span, g=g, density=density)
        return c.s, c.r, c.z, None
    if axis == "horizontal" and g > 0 and end_radius == 0:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", QuasiStaticWarning)
                c = skipping_rope(length, span, omega, g=g, density=density)
            return c.s, c.r, c.z, None
        except ShootingError:
            pass
    gz = g if axis == "vertical" else 0.0
    if gz == 0 and end_radius == 0:
        c = troposkien(length, span, omega, density).curve(2001)
    else:
        c = spinning_rope(length, span, omega, g=gz, density=density, end_radius=end_radius)
    return c.s, c.r, c.z, None


def _initial_positions(initial, chain, length, span, end_radius, free_end, axis, lunit):
    """Dimensionless turning-frame node positions from ``initial`` (validated here)."""
    links = chain.links
    if isinstance(initial, RopeCurve):
        if not math.isclose(initial.length, length, rel_tol=1e-9):
            raise ValueError(f"initial: the RopeCurve has length {initial.length!r} m; the rope "
                             f"simulated has length {length!r} m")
        if free_end != (initial.span is None):
            raise ValueError("initial: the RopeCurve has " + (
                "a free end" if initial.span is None else f"span {initial.span!r} m")
                + "; the rope simulated has " + ("a free end" if free_end else
                                                 f"span {span!r} m"))
        if not free_end and not math.isclose(initial.span, span, rel_tol=1e-9):
            raise ValueError(f"initial: the RopeCurve has span {initial.span!r} m; the rope "
                             f"simulated has span {span!r} m")
        phi = initial.phi
        q = _chain.curve_positions(initial.s, initial.r, initial.z, phi, links, length)
    else:
        x = finite_array("initial", initial, ndim=2)
        if x.shape != (links + 1, 3):
            raise ValueError(f"initial must be a RopeCurve or lab positions of shape "
                             f"(links + 1, 3) = ({links + 1}, 3); got shape {x.shape}")
        q = _chain.from_lab(x / lunit, 0.0, axis)
        drift = np.max(np.abs(q[[0] if free_end else [0, -1]] - chain.ends[[0] if free_end
                                                                             else [0, 1]]))
        if drift > 1e-6:
            raise ValueError(f"initial: the ends must be where they are driven (first end at "
                             f"{chain.ends[0] * lunit} m in the turning frame); they are "
                             f"{drift * lunit:.3g} m away")
        lengths = np.linalg.norm(np.diff(q, axis=0), axis=1) * links
        if np.max(np.abs(lengths - 1.0)) > 1e-3:
            raise ValueError(f"initial: links must have length length / links = "
                             f"{length / links!r} m within 0.1 %; the largest error is "
                             f"{float(np.max(np.abs(lengths - 1.0))):.3g}")
    q[0] = chain.ends[0]
    if not free_end:
        q[-1] = chain.ends[1]
    return _chain.project(q, chain)


def simulate_rope(length, span=None, omega=None, g=9.81, density=1.0, drag=0.0, *,
                  axis=None, end_radius=0.0, free_end=False, t_end=None, links=100,
                  initial=None, velocity=None, linear_drag=0.0, air="still", tip_mass=0.0,
                  samples=None, rtol=1e-8, max_steps=5_000_000) -> RopeMotion:
    r"""Simulate the 3-D motion of an inextensible rope turned by its ends.

    The rope is a chain of ``links`` rigid links between point masses (rho l inside,
    rho l / 2 at the ends, l = L / links), whose tensions are solved at every step from the
    links' length constraints (a tridiagonal system; Baumgarte-stabilised, so the lengths stay
    exact to the stepper's tolerance). It is integrated in the frame turning at ``omega``
    with the ends, where the node accelerations are

    .. math:: \ddot q = g(t) - 2\,\Omega \times \dot q - \Omega \times (\Omega \times q)
              + (F_\mathrm{drag} + F_\mathrm{tension}) / m,

    by an adaptive Dormand-Prince 5(4) stepper compiled with numba. Two set-ups:

    * a skipping rope (``free_end=False``): both ends ``span`` apart on the rotation axis
      (``end_radius = 0``) or on circles of radius ``end_radius`` about it, turned together at
      ``omega``; the axis horizontal (a real skipping rope: gravity turns once per revolution
      in the turning frame) or vertical (a Darrieus blade: gravity along the axis);
    * one end on a pole spinning about a vertical axis, the other free (``free_end=True``,
      Kolodner's heavy string), optionally with a point mass ``tip_mass`` at the free end.

    Drag acts on each link's velocity w_n normal to it, relative to the air (still in the lab,
    or with ``air="turning"`` moving with the turning frame, which damps only the motion
    relative to that frame), as a force per unit length

    .. math:: f = -(c\,|w_n| + b)\, w_n,

    with ``drag`` = c (N s^2 / m^3; c = rho_air C_D d / 2 for a rope of diameter d, about
    0.006 for d = 8 mm in air) and ``linear_drag`` = b (N s / m^2). A rope whose ends are on the
    axis is not driven (a point on the axis cannot exert a torque about it), so drag slows it.

    Parameters
    ----------
    length : float
        Rope length L (m), > 0.
    span : float or None
        Axial distance between the ends (m), 0 < span < length; None with ``free_end``.
    omega : float
        Angular speed of the ends (rad/s), > 0 (>= 0 for a free end or a horizontal axis:
        omega = 0 is a swinging rope).
    g : float
        Gravitational acceleration (m/s^2), >= 0.
    density : float
        Linear density rho (kg/m), > 0.
    drag : float
        Quadratic normal-drag coefficient c (N s^2 / m^3), >= 0.
    axis : {"horizontal", "vertical"}, optional
        Direction of the rotation axis; default "horizontal" for two ends, "vertical" for a
        free end (which requires it).
    end_radius : float
        Radius (m) of the circles the ends turn on, >= 0 and < length.
    free_end : bool
        One end on the pole, the other free.
    t_end : float, optional
        Duration (s), > 0, at most 10,000 revolutions (10,000 sqrt(L/g) when omega = 0);
        default one revolution (or 2 pi sqrt(L/g)).
    links : int
        Number of links, 2 to 2000.
    initial : RopeCurve or array_like, optional
        Initial shape: a RopeCurve of the same rope (its ``phi`` is used), or lab positions
        (links + 1, 3) at t = 0. It is projected onto the chain (links of length exactly
        L / links, ends where they are driven). Default: the static shape of the set-up
        (troposkien, ``spinning_rope``, ``skipping_rope``'s snapshot, Kolodner's first mode,
        or the catenary).
    velocity : array_like, optional
        Initial lab velocities (links + 1, 3) (m/s); default: at rest in the turning frame.
    linear_drag : float
        Linear normal-drag coefficient b (N s / m^2), >= 0.
    air : {"still", "turning"}
        What the drag is relative to.
    tip_mass : float
        Point mass at the free end (kg), >= 0; only with ``free_end``.
    samples : int, optional
        Number of output times, equally spaced from 0 to t_end, 2 to 100,000, and
        samples * (links + 1) at most 2e7; default 48 per revolution (at least 49).
    rtol : float
        Relative tolerance of the stepper, 1e-12 to 1e-3 (absolute tolerance rtol / 100 in
        units of L and omega L).
    max_steps : int
        Budget of time steps (accepted and rejected), 1 to 5e7; exceeding it raises
        :class:`RopeMotionError`. One revolution of a 200-link skipping rope takes about
        1000 steps at rtol = 1e-8 (the stiffest chain mode limits the step).

    Returns
    -------
    RopeMotion

    Raises
    ------
    ValueError
        Bad parameters.
    RopeMotionError
        (a ValueError) If the stepper exceeds ``max_steps`` or fails.

    References
    ----------
    .. [1] A. Nordmark and H. Essen, "The skipping rope curve", Eur. J. Phys. 28 (2007) 241-247.
    .. [2] I. I. Kolodner, "Heavy rotating string -- a nonlinear eigenvalue problem", Comm.
       Pure Appl. Math. 8 (1955) 395-408.
    .. [3] J. Baumgarte, "Stabilization of constraints and integrals of motion in dynamical
       systems", Comput. Methods Appl. Mech. Eng. 1 (1972) 1-16.
    .. [4] Su Jianlin, "你跳绳的时候,想过绳子的形状曲线是怎样的吗?", kexue.fm, 2019-07-06.

    Examples
    --------
    A Darrieus blade (vertical axis) started from its static shape stays put in the turning
    frame, and its Jacobi integral is conserved:

    >>> m = simulate_rope(3.0, 2.0, 2.0, g=3.0, axis="vertical", links=40)
    >>> bool(np.ptp(m.energy) < 1e-6 * abs(m.energy[0]))
    True
    >>> drift = np.abs(m.turning_positions - m.turning_positions[0]).max()  # O(1/links^2)
    >>> bool(drift < 5e-3)
    True
    """
    length = positive("length", length)
    free_end = bool(free_end) if isinstance(free_end, (bool, np.bool_)) else _bad_bool(free_end)
    if omega is None:
        raise ValueError("omega (rad/s) is required")
    omega = nonnegative("omega", omega)
    g = nonnegative("g", g)
    density = positive("density", density)
    drag = nonnegative("drag", drag)
    linear_drag = nonnegative("linear_drag", linear_drag)
    air = choice("air", air, AIR)
    end_radius = nonnegative("end_radius", end_radius)
    tip_mass = nonnegative("tip_mass", tip_mass)
    links = integer("links", links, minimum=2, maximum=MAX_LINKS)
    rtol = positive("rtol", rtol)
    if not 1e-12 <= rtol <= 1e-3:
        raise ValueError(f"rtol must be in [1e-12, 1e-3]; got {rtol!r}")
    max_steps = integer("max_steps", max_steps, minimum=1, maximum=MAX_STEPS)
    if axis is None:
        axis = "vertical" if free_end else "horizontal"
    axis = choice("axis", axis, AXES)
    if free_end:
        if span is not None:
            raise ValueError(f"span must be None for a rope with a free end; got {span!r}")
        if axis != "vertical":
            raise ValueError("a rope with a free end hangs from a pole: axis must be "
                             "'vertical'")
        if not end_radius < length:
            raise ValueError(f"end_radius must be < length (= {length!r}); got {end_radius!r}")
        if g == 0 and omega == 0:
            raise ValueError("a free end needs omega > 0 or g > 0")
    else:
        if span is None:
            raise ValueError("span (m) is required unless free_end=True")
        span = positive("span", span)
        if not span < length:
            raise ValueError(f"span must be < length (= {length!r}); got {span!r}")
        if tip_mass:
            raise ValueError("tip_mass needs a free end (free_end=True)")
        if not end_radius < length:
            raise ValueError(f"end_radius must be < length (= {length!r}); got {end_radius!r}")
        if omega == 0 and (axis == "vertical" or g == 0):
            raise ValueError("omega must be > 0 unless the axis is horizontal and g > 0 "
                             "(a rope swinging between two hands)")
    lunit, tunit = _units(length, omega, g)
    turn = 2.0 * math.pi * tunit
    if t_end is None:
        t_end = turn
    t_end = positive("t_end", t_end)
    if t_end > MAX_TURNS * turn:
        raise ValueError(f"t_end must be at most {MAX_TURNS} revolutions "
                         f"({MAX_TURNS * turn:.6g} s); got {t_end!r}")
    if samples is None:
        samples = max(49, int(math.ceil(48 * t_end / turn)) + 1)
        samples = min(samples, MAX_SAMPLES, MAX_VALUES // (links + 1))
    samples = integer("samples", samples, minimum=2, maximum=MAX_SAMPLES)
    if samples * (links + 1) > MAX_VALUES:
        raise ValueError(f"samples * (links + 1) must be at most {MAX_VALUES:g} (memory); got "
                         f"{samples} * {links + 1}")

    gscale = lunit / tunit ** 2
    gravity = np.array([g, 0.0, 0.0]) if axis == "horizontal" else np.array([0.0, 0.0, -g])
    chain = _chain.make_chain(
        links, free_end=free_end, end_radius=end_radius / lunit,
        span=None if free_end else span / lunit, omega=omega * tunit,
        gravity=gravity / gscale, rotating=axis == "horizontal" and omega > 0,
        drag=drag * lunit / density, linear_drag=linear_drag * tunit / density,
        still_air=air == "still", tip_mass=tip_mass / (density * lunit))

    if initial is None:
        s, r, z, _ = _default_initial(length, span, omega, g, density, axis, end_radius,
                                      free_end)
        q0 = _chain.project(_chain.curve_positions(s, r, z, np.zeros_like(s), links, length),
                            chain)
    else:
        q0 = _initial_positions(initial, chain, length, span, end_radius, free_end, axis,
                                lunit)
    if velocity is None:
        u0 = np.zeros_like(q0)
    else:
        v = finite_array("velocity", velocity, ndim=2)
        if v.shape != (links + 1, 3):
            raise ValueError(f"velocity must have shape (links + 1, 3) = ({links + 1}, 3); "
                             f"got {v.shape}")
        _, u0 = _chain.velocity_from_lab(_chain.to_lab(q0, 0.0, axis), v * tunit / lunit,
                                         chain.omega, 0.0, axis)
    u0 = _chain.project_velocity(q0, u0, chain)

    y0 = np.concatenate([q0.ravel(), u0.ravel()])
    grid = np.linspace(0.0, t_end / tunit, samples)
    states, taus, status, steps, rejected = _kernels_motion.integrate(
        y0, grid, chain.inv_mass, chain.params, rtol, rtol * 1e-2, max_steps, _H0)
    if status != 0:
        done = (grid[states.shape[0] - 1] * tunit) if states.shape[0] else 0.0
        what = {2: f"exceeded max_steps = {max_steps}", 3: "step size underflow (the state "
                "became non-finite or the rope too stiff to follow)"}[status]
        raise RopeMotionError(f"simulate_rope: the time stepper {what} at t = {done:.6g} s of "
                              f"{t_end:.6g} s ({steps} steps, {rejected} rejected)")
    return _motion(states, taus, grid, chain, steps, rejected, rtol, lunit, tunit,
                   length=length, span=span, omega=omega, g=g, density=density, drag=drag,
                   linear_drag=linear_drag, end_radius=end_radius, tip_mass=tip_mass,
                   axis=axis, air=air, free_end=free_end, links=links)


def _bad_bool(value):
    raise ValueError(f"free_end must be True or False; got {value!r}")


def _motion(states, taus, grid, chain, steps, rejected, rtol, lunit, tunit, **kw):
    n = chain.links + 1
    q = states[:, :3 * n].reshape(-1, n, 3)
    u = states[:, 3 * n:].reshape(-1, n, 3)
    angle = chain.omega * grid
    x = _chain.to_lab(q, angle, kw["axis"]) * lunit
    v = _chain.velocity_to_lab(q, u, chain.omega, angle, kw["axis"]) * (lunit / tunit)
    d = np.diff(q, axis=1)
    lengths = np.linalg.norm(d, axis=2)
    escale = kw["density"] * lunit * (lunit / tunit) ** 2
    jacobi, lab = _chain.energies(q, u, chain, grid)
    tension = taus * lengths * kw["density"] * lunit * lunit / tunit ** 2
    err = float(np.max(np.abs(lengths * chain.links - 1.0)))
    from .._validate import finite_result

    finite_result("simulate_rope: the positions", x)
    return RopeMotion(t=grid * tunit, positions=x, velocities=v, tension=tension,
                      energy=jacobi * escale, lab_energy=lab * escale, steps=int(steps),
                      rejected=int(rejected), rtol=rtol, constraint_error=err,
                      min_tension=float(tension.min()), _chain=chain, _scale=(lunit, tunit),
                      _states=states, **kw)
