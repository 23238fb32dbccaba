"""Figures of mathlab.rope, registered for scripts/make_figures.py."""

from .figures_kolodner import FIGURES as _KOLODNER
from .figures_motion import FIGURES as _MOTION
from .figures_shapes import FIGURES as _SHAPES

FIGURES = tuple(_SHAPES) + tuple(_KOLODNER) + tuple(_MOTION)
