"""Figures: the post's own curves, troposkien family, Darrieus under gravity."""

FIGURES = ()
