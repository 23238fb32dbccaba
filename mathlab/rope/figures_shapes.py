"""Figures: the post's own curves, the troposkien family, the Darrieus blade under gravity.

Source post: Su Jianlin, "你跳绳的时候,想过绳子的形状曲线是怎样的吗?" (kexue.fm, 2019-07-06).

- ``rope_article_c1_0`` and ``rope_article_c1_1`` reproduce the post's two figures from its own
  code (RK23, omega = 2, g = 3, start (1, 0), C1 = 0 and C1 = 1). What differs from the correct
  physics: the tension these curves imply is negative everywhere (no length multiplier), and the
  code integrates dx/ds = (C1 - g s)/phi although the post derived phi dy/ds = C1 - g s.
- ``rope_troposkien_family`` has no counterpart in the post: it is the correct g = 0 answer the
  post's derivation misses (closed form of Nordmark & Essen 2007) for several L/D.
- ``rope_darrieus_gravity`` (case B, no counterpart in the post) follows the shape as gravity
  along the axis grows, by shooting with continuation from the troposkien, up to the point where
  the bowed blade collapses onto the axis; its third panel sweeps g for four L/D (numba kernel).
  The blade does not end abruptly: it thins onto the axis, its width falling below 1e-3 D at
  g/(omega^2 L) = 0.549, 0.506, 0.460, 0.415 and below 1e-4 D at 0.567, 0.519, 0.471, 0.423
  for L/D = 1.2, 1.5, 2, 3; beyond that the rope hangs doubled on the axis.
"""

from __future__ import annotations

import numpy as np

from .._figures import FigureSpec
from .article import article_curve
from .closed_form import troposkien
from .shooting import ShootingError, spinning_rope

__all__ = ["FIGURES", "make_article_c1_0", "make_article_c1_1", "make_troposkien_family",
           "make_darrieus_gravity", "gravity_sweeps", "FAMILY_RATIOS", "GRAVITY_RATIOS"]

# Length / span ratios of the troposkien family.
FAMILY_RATIOS = (1.05, 1.2, 1.5, 2.0, 3.0)
# g / (omega^2 L) for the Darrieus figure (L/D = 1.5); the blade's width falls below 1e-3 D at
# about 0.506 and below 1e-4 D at about 0.519.
GRAVITY_RATIOS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.45, 0.5)
# Sweeps of the blade width against g / (omega^2 L), stopped once the width is below
# SWEEP_FLOOR * D (the branch then thins onto the axis, invisible on a linear scale).
SWEEP_RATIOS = (1.2, 1.5, 2.0, 3.0)
SWEEP_GRID = np.linspace(0.0, 0.6, 61)
SWEEP_FLOOR = 1e-3


def make_article_c1_0():
    """The post's first figure (C1 = 0) from its own ODE, with the tension it implies."""
    from .plot import figure_article

    return figure_article(article_curve(0.0))


def make_article_c1_1():
    """The post's second figure (C1 = 1, "both ends fixed"), with the tension it implies."""
    from .plot import figure_article

    return figure_article(article_curve(1.0))


def make_troposkien_family():
    """Closed-form troposkien shapes for several L/D, and R/D and end angle against L/D."""
    from .plot import figure_troposkien_family

    tropos = [troposkien(length=q, span=1.0) for q in FAMILY_RATIOS]
    grid = np.geomspace(1.0 + 1e-4, 20.0, 300)
    family = [troposkien(length=q, span=1.0) for q in grid]
    radius = np.array([t.radius for t in family])
    angle = np.array([t.end_angle for t in family])
    return figure_troposkien_family(tropos, (grid, radius, angle))


def make_darrieus_gravity():
    """Darrieus blade, L = 3, D = 2, omega = 2, for g / (omega^2 L) from 0 to 0.5."""
    from .plot import figure_darrieus_gravity

    length, span, omega = 3.0, 2.0, 2.0
    curves = [spinning_rope(length, span, omega, g=q * omega ** 2 * length, n=801)
              for q in GRAVITY_RATIOS]
    return figure_darrieus_gravity(curves, GRAVITY_RATIOS, gravity_sweeps())


def gravity_sweeps(ratios=SWEEP_RATIOS, grid=SWEEP_GRID, floor=SWEEP_FLOOR):
    """Largest radius / D against g/(omega^2 L) for each L/D until the bowed blade collapses.

    Uses the numba shooting kernel (a couple of hundred solves). Each sweep stops at the first
    g where the blade is narrower than ``floor`` * D (that point included) or has collapsed
    onto the axis (ShootingError). Returns ``{L/D: (g/(omega^2 L), max_radius / D)}``.
    """
    sweeps = {}
    for ratio in ratios:
        qs, widths = [], []
        for q in grid:
            try:
                c = spinning_rope(ratio, 1.0, 1.0, g=q * ratio, n=101)
            except ShootingError:
                break
            qs.append(q)
            widths.append(c.max_radius)
            if c.max_radius < floor:
                break
        sweeps[ratio] = (np.array(qs), np.array(widths))
    return sweeps


FIGURES = (
    FigureSpec("rope_article_c1_0", make_article_c1_0, ("png",),
               "The post's first figure (C1 = 0) redrawn from its own code, next to the tension "
               "its equations imply: negative everywhere, because the fixed-length multiplier is "
               "missing, and the code puts dy/ds's first integral into dx/ds."),
    FigureSpec("rope_article_c1_1", make_article_c1_1, ("png",),
               "The post's second figure (C1 = 1): the same code, largest radius 1.0687 at "
               "s = 1/3; again the implied tension is negative, so no real rope takes this "
               "shape."),
    FigureSpec("rope_troposkien_family", make_troposkien_family, ("png", "pdf"),
               "The correct shape without gravity (troposkien, closed form in Jacobi elliptic "
               "functions) for several length/span ratios, with the maximum radius and the end "
               "angle against L/D; the post's equation without the multiplier never reaches "
               "the axis."),
    FigureSpec("rope_darrieus_gravity", make_darrieus_gravity, ("png",),
               "A Darrieus blade (both ends on a vertical axis) as gravity grows: the blade sags "
               "and narrows, the tension drops by rho g D from top to bottom, and the bowed "
               "shape thins onto the axis, its width below 1e-3 D at g/(omega^2 L) of about "
               "0.55, 0.51, 0.46 and 0.42 for L/D = 1.2, 1.5, 2 and 3 (below 1e-4 D at 0.57, "
               "0.52, 0.47 and 0.42)."),
)
