"""Figures of HSIC at scale (issue 5)."""

FIGURES = ()
