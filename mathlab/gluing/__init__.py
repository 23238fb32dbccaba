"""mathlab.gluing: two bent sheets glued into a closed solid (a D-form).

Exact seam, depth, volume and gluability margin of the post's two-cylinder solid for two
elliptical sheets, generalised to circles and superellipses of equal perimeter; the true
D-form of any two convex outlines (user outlines too) glued with any offset; watertight meshes
(STL/OBJ), printable cut patterns, the post's own discrete scheme and a sympy check of its
lemma.
"""

from .curves import Circle, Ellipse, GluingConvergenceError, Outline, Superellipse
from .solid import GluedSolid, GluingError, glue, glue_ellipses, gluing_margin
from .outline import PolygonOutline, SplineOutline, match_perimeter
from .dforms import DForm, dform
from .article import ArticleScheme, article_scheme
from .symbolic import SymbolicCheck, symbolic_check

__all__ = [
    "Ellipse",
    "Circle",
    "Superellipse",
    "Outline",
    "PolygonOutline",
    "SplineOutline",
    "match_perimeter",
    "dform",
    "DForm",
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
