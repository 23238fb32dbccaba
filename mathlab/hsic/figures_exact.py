"""Figures of exact HSIC (issue 4)."""

FIGURES = ()
