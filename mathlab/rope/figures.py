"""Figures of mathlab.rope, registered for scripts/make_figures.py."""

FIGURES = ()
