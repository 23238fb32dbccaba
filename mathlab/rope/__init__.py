"""mathlab.rope: shapes of spinning ropes, and ropes in motion.

Skipping rope and Darrieus troposkien (closed form and shooting), the real skipping rope under
gravity, Kolodner's heavy rotating string (all of its modes, with or without a tip mass), the
post's own ODE for comparison, and the sympy Euler-Lagrange equations with and without the
length multiplier the post omits. In motion: the 3-D simulation of a chain of rigid links
(simulate_rope), the steady periodic motion of a real skipping rope (periodic_skipping_rope),
the steady 3-D shape with air drag (spinning_rope(..., drag=...)), and the stability of every
equilibrium in the turning frame (mode_stability).
"""

from .article import article_curve
from .closed_form import Troposkien, troposkien
from .curve import RopeCurve
from .kolodner import BifurcationDiagram, bifurcation_diagram, critical_speeds, hanging_modes
from .motion import RopeMotion, simulate_rope
from .periodic import PeriodicRope, periodic_skipping_rope
from .shooting import catenary, skipping_rope, spinning_rope
from .stability import ModeStability, mode_stability
from .symbolic import euler_lagrange

__all__ = [
    "troposkien",
    "Troposkien",
    "spinning_rope",
    "skipping_rope",
    "hanging_modes",
    "critical_speeds",
    "bifurcation_diagram",
    "BifurcationDiagram",
    "catenary",
    "article_curve",
    "euler_lagrange",
    "RopeCurve",
    "simulate_rope",
    "RopeMotion",
    "periodic_skipping_rope",
    "PeriodicRope",
    "mode_stability",
    "ModeStability",
]
