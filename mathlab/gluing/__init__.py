"""mathlab.gluing: two bent sheets glued into a closed solid (a D-form).

Exact seam, depth, volume and gluability margin for two elliptical sheets (the post's
question), generalised to circles and superellipses of equal perimeter; watertight meshes
(STL/OBJ), printable cut patterns, the post's own discrete scheme and a sympy check of its
lemma.
"""

from .curves import Circle, Ellipse, GluingConvergenceError, Outline, Superellipse
from .solid import GluedSolid, GluingError, glue, glue_ellipses, gluing_margin
from .article import ArticleScheme, article_scheme
from .symbolic import SymbolicCheck, symbolic_check

__all__ = [
    "Ellipse",
    "Circle",
    "Superellipse",
    "Outline",
    "glue",
    "glue_ellipses",
    "gluing_margin",
    "GluedSolid",
    "GluingError",
    "GluingConvergenceError",
    "article_scheme",
    "ArticleScheme",
    "symbolic_check",
    "SymbolicCheck",
]
