"""Figures of mathlab.hsic, registered for scripts/make_figures.py."""

from .figures_exact import FIGURES as _EXACT
from .figures_scale import FIGURES as _SCALE

FIGURES = tuple(_EXACT) + tuple(_SCALE)
