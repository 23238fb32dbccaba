"""Figures of mathlab.gluing, registered for scripts/make_figures.py."""

FIGURES = ()
