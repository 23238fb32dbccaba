"""The post's own discrete construction of the seam, kept to reproduce its figure and error.

The post (spec section 5) samples y on [0, b) with a fixed step, never reaching y = b where
ds/dy is singular; integrates ds/dy with the cumulative trapezoid rule to get s(y); swaps the
arrays to read h(s); interpolates h(l - s) linearly; takes forward differences (adding 1e-10 to
numerator and denominator) for h'(s) and h'(l - s); asserts that the margin
1 - h'(s)^2 - h'(l - s)^2 exceeds -10 * step; clips it to [0, 1]; and integrates its square
root with the cumulative trapezoid rule to get x(s).

Stopping the grid short of y = b drops an arc of length about a sqrt(2 step / b) next to the
co-vertex, so the scheme's l and X come out low by roughly 0.1 to 0.2 % for a = 2, b = 1,
step = 1e-6; :func:`mathlab.gluing.glue_ellipses` computes them to about 1e-14.

References
----------
Su Jianlin, "思考:两个椭圆片能粘合成一个立体吗?", kexue.fm, 2019-07-21.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.integrate import cumulative_trapezoid

from .._validate import positive
from .curves import _check_aspect
from .solid import GluingError

__all__ = ["ArticleScheme", "article_scheme"]

_DIFF_EPS = 1e-10  # the post's regulariser in the forward differences
_MIN_STEP = 1e-7   # relative to b: at most 10^7 grid points


@dataclass(frozen=True)
class ArticleScheme:
    """Result of the post's discrete scheme.

    Attributes
    ----------
    a, b, step : float
        Inputs.
    s, x, y, z : ndarray
        Seam samples: arc length, depth x(s), h(s), h(l - s) (one fewer than the y grid,
        because of the forward differences).
    quarter_length : float
        The scheme's l (last cumulative arc length).
    depth : float
        The scheme's X (last x).
    min_margin : float
        Smallest margin before clipping.
    """

    a: float
    b: float
    step: float
    s: np.ndarray
    x: np.ndarray
    y: np.ndarray
    z: np.ndarray
    quarter_length: float
    depth: float
    min_margin: float

    def plot(self, ax=None):
        """The post's 3D figure (see :func:`mathlab.gluing.plot.plot_article_scheme`)."""
        from .plot import plot_article_scheme

        return plot_article_scheme(self, ax=ax)


def article_scheme(a=2.0, b=1.0, step=1e-6) -> ArticleScheme:
    """Run the post's finite-difference construction of the seam for the ellipse (a, b).

    Parameters
    ----------
    a, b : float
        Semi-axes, a along the bent direction; > 0.
    step : float
        Grid step in y, in [1e-7 b, b / 10] (at most 10^7 grid points, ~1 GB of arrays).

    Returns
    -------
    ArticleScheme

    Raises
    ------
    ValueError
        For non-positive sizes, an aspect ratio a/b that overflows, or an out-of-range step.
    GluingError
        If the margin falls below -10 * step (the post's assertion), e.g. for a < b.

    Examples
    --------
    >>> r = article_scheme(2.0, 1.0, step=1e-4)   # l = 2.42211 and X = 1.56976 exactly
    >>> print(f"{r.quarter_length:.3f} {r.depth:.3f}")
    2.394 1.540
    """
    a = positive("a", a)
    b = positive("b", b)
    _check_aspect(a, b)
    step = positive("step", step)
    if not _MIN_STEP * b <= step <= b / 10:
        raise ValueError(f"step must be in [{_MIN_STEP:g} b, b/10] = [{_MIN_STEP * b:g}, "
                         f"{b / 10:g}] (the grid has b/step points); got {step!r}")
    y = np.arange(0.0, b, step)
    dxdy = a * y / (b * np.sqrt(b * b - y * y))
    s = cumulative_trapezoid(np.sqrt(1.0 + dxdy * dxdy), y, initial=0.0)
    l = s[-1]
    h = y
    h_rev = np.interp(l - s, s, h)
    ds = np.diff(s) + _DIFF_EPS
    dh = (np.diff(h) + _DIFF_EPS) / ds
    dh_rev = (np.diff(h_rev) + _DIFF_EPS) / ds
    margin = 1.0 - dh * dh - dh_rev * dh_rev
    smallest = float(margin.min())
    if smallest <= -10 * step:
        raise GluingError(f"the post's assertion margin > -10*step fails for a = {a:g}, "
                          f"b = {b:g}: smallest margin {smallest:.6g}",
                          s=float(s[int(np.argmin(margin))]), margin=smallest, quarter_length=l)
    s = s[:-1]
    x = cumulative_trapezoid(np.sqrt(np.clip(margin, 0.0, 1.0)), s, initial=0.0)
    return ArticleScheme(a=a, b=b, step=step, s=s, x=x, y=h[:-1], z=h_rev[:-1],
                         quarter_length=float(l), depth=float(x[-1]), min_margin=smallest)
