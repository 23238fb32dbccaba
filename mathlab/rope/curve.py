"""RopeCurve: the common result type of every rope solver."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["RopeCurve", "count_sign_changes"]


def count_sign_changes(values, *, atol: float = 0.0) -> int:
    """Number of sign changes of ``values`` strictly between its first and last entries.

    Entries with ``|value| <= atol`` are treated as zero and skipped, so that a curve that
    merely touches zero (or starts/ends on it) is not counted as crossing.

    >>> count_sign_changes([0.0, 1.0, -1.0, 2.0, 0.0])
    2
    >>> count_sign_changes([0.0, 1e-18, -1e-18, 1.0], atol=1e-12)
    0
    """
    v = np.asarray(values, dtype=float)[1:-1]
    v = v[np.abs(v) > atol]
    if v.size < 2:
        return 0
    return int(np.count_nonzero(np.signbit(v[1:]) != np.signbit(v[:-1])))


@dataclass(frozen=True)
class RopeCurve:
    """Equilibrium shape of a rope in the rotating (r, z) plane.

    Coordinates: ``r`` is the signed distance from the rotation axis in the rope's plane,
    ``z`` the coordinate along the axis, pointing up (against gravity). Arrays are sampled
    over arc length ``s`` from the rope's first end (the upper end for ``spinning_rope``, the
    fixed top for ``hanging_modes``). SI units: m, kg/m, rad/s, m/s^2, N.

    Attributes
    ----------
    s, r, z, tension : ndarray
        Arc length, radius, axial coordinate and tension T(s) >= 0 at the samples.
    case : str
        Which problem produced it: "troposkien", "spinning", "skipping", "hanging", "article".
    length, omega, g, density : float
        Parameters it was computed from.
    span : float or None
        Distance between the ends along the axis (None when one end is free).
    end_radius : float
        Distance of the fixed ends from the axis.
    nodes : int
        Number of sign changes of r strictly between the ends.
    max_radius : float
        Largest abs(r) along the rope, located to solver tolerance (not just the largest sample).
    residual : float
        Boundary-condition residual of the solution (0 for closed forms).
    iterations : int
        Iterations the solver used (0 for closed forms).
    info : dict
        Case-specific extras (elliptic modulus, mode index, shooting parameters, ...).
    phi : ndarray
        Azimuth of each point in the turning frame, measured as the lag (rad) behind the
        plane of the ends, in (-pi/2, pi/2]: the point is at r (cos phi, -sin phi) in the
        (plane of the ends, direction of motion) coordinates. Zeros for a planar rope (every
        solver without drag).
    """

    s: np.ndarray
    r: np.ndarray
    z: np.ndarray
    tension: np.ndarray
    case: str
    length: float
    omega: float
    g: float
    density: float
    span: float | None
    end_radius: float
    nodes: int
    max_radius: float
    residual: float = 0.0
    iterations: int = 0
    info: dict[str, Any] = field(default_factory=dict)
    phi: np.ndarray | None = None

    def __post_init__(self):
        if self.phi is None:
            object.__setattr__(self, "phi", np.zeros(np.shape(self.s)))
        for name in ("s", "r", "z", "tension", "phi"):
            arr = np.asarray(getattr(self, name), dtype=float)
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)

    def plot(self, ax=None, **kwargs):
        """Draw z against r (equal aspect) with the rotation axis dashed; return the Axes.

        ``ax`` is None (a new figure) or a matplotlib Axes; ``kwargs`` are Line2D properties
        (``color``, ``lw``, ...). Anything else raises ValueError before drawing.
        """
        import matplotlib.pyplot as plt

        from ._domain import axes, line_properties

        axes(ax)
        line_properties(kwargs)
        if ax is None:
            _, ax = plt.subplots(figsize=(4.5, 5))
        line, = ax.plot(self.r, self.z, **kwargs)
        ax.axvline(0.0, color="0.6", lw=0.8, ls="--", zorder=0)
        ax.set_aspect("equal", adjustable="datalim")
        ax.set_xlabel("r (m): distance from the axis")
        ax.set_ylabel("z (m): along the axis, up")
        return ax
