"""Figures: Kolodner hanging modes and bifurcation diagram."""

FIGURES = ()
