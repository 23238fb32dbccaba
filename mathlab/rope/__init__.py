"""mathlab.rope: shapes of spinning ropes.

Skipping rope and Darrieus troposkien (closed form and shooting), the real skipping rope under
gravity, Kolodner's heavy rotating string (all of its modes), the post's own ODE for comparison,
and the sympy Euler-Lagrange equations with and without the length multiplier the post omits.
"""

from .article import article_curve
from .closed_form import Troposkien, troposkien
from .curve import RopeCurve
from .kolodner import BifurcationDiagram, bifurcation_diagram, critical_speeds, hanging_modes
from .shooting import catenary, skipping_rope, spinning_rope
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
]
