"""The post's own discrete construction of the seam, kept to reproduce its figure and error.

The post (spec section 5) samples y on [0, b) with a fixed step, never reaching y = b where
ds/dy is singular. Its two numerical tools both work on cell midpoints:

* the cumulative integral of samples f at nodes t sums the trapezoids
  (f[i] + f[i+1]) / 2 * (t[i+1] - t[i]) and places the running sums at the cell midpoints
  (t[i] + t[i+1]) / 2; linear interpolation carries them back onto the nodes, with 0 before
  the first midpoint and the last sum after the last one. So an interior node gets the mean of
  the integrals to its two neighbours, half a cell more than the plain trapezoid sum;
* the derivative takes forward differences, adding 1e-10 to numerator and denominator, places
  them at the cell midpoints and interpolates them back onto the nodes (constant beyond the
  first and last midpoints).

With them it integrates ds/dy = sqrt(1 + a^2 y^2 / b^2 / (b^2 - y^2)) to get s(y), swaps the
arrays to read h(s), interpolates h(l - s) linearly, differentiates both, asserts that the
margin 1 - h'(s)^2 - h'(l - s)^2 exceeds -10 * step, clips it to [0, 1] and integrates its
square root to get x(s).

Stopping the grid short of y = b drops an arc of length about a sqrt(2 step / b) next to the
co-vertex, so the scheme's l and X come out low: for a = 2, b = 1 and the post's
step = 1e-6 by 0.11 % and 0.18 %, shrinking only like sqrt(step);
:func:`mathlab.gluing.glue_ellipses` computes them to about 1e-14. The midpoint placement
itself moves X by 3.7e-4 at step 1e-5 (5.8e-5 at step 1e-6) compared with plain trapezoid
sums at the nodes, and leaves l unchanged (its last node gets the full sum).

References
----------
Su Jianlin, "思考:两个椭圆片能粘合成一个立体吗?", kexue.fm, 2019-07-21.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .curves import _check_aspect, _real, _size, _unit_of
from .solid import GluingError

__all__ = ["ArticleScheme", "article_scheme"]

_DIFF_EPS = 1e-10  # the post's regulariser in the forward differences
_MIN_STEP = 1e-7   # relative to b: at most 10^7 grid points


def _cumulative_integral(f, t):
    """The post's cumulative integral of samples ``f`` at nodes ``t`` (see the module notes)."""
    sums = np.cumsum((f[:-1] + f[1:]) / 2 * np.diff(t))
    return np.interp(t, (t[:-1] + t[1:]) / 2, sums, left=0.0)


def _derivative(f, t):
    """The post's difference quotient of ``f`` at nodes ``t`` (see the module notes)."""
    quotient = (np.diff(f) + _DIFF_EPS) / (np.diff(t) + _DIFF_EPS)
    return np.interp(t, (t[:-1] + t[1:]) / 2, quotient)


@dataclass(frozen=True)
class ArticleScheme:
    """Result of the post's discrete scheme.

    Attributes
    ----------
    a, b, step : float
        Inputs.
    s, x, y, z : ndarray
        Seam samples at the nodes of the y grid: arc length, depth x(s), h(s), h(l - s).
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

    The post's algorithm, step by step (see the module notes): midpoint-placed cumulative
    integrals and difference quotients, interpolated back onto the nodes. Its l and X are low
    by about a sqrt(2 step / b) / l and 1.6 times that (0.11 % and 0.18 % for a = 2, b = 1 at
    the post's step 1e-6), because the grid stops short of y = b; the error shrinks only like
    sqrt(step). The exact values are :func:`mathlab.gluing.glue_ellipses`'s.

    The scheme runs in units of the largest power of two not above b (its absolute
    regulariser 1e-10 included), so for 1 <= b < 2, the post's case, it is the post's
    arithmetic, and at any other size the results are scaled copies.

    Parameters
    ----------
    a, b : float
        Semi-axes, a along the bent direction; in [1e-300, 1e300], a/b in [1e-100, 1e100].
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
    2.394 1.542
    """
    a = _size("a", a)
    b = _size("b", b)
    _check_aspect(a, b)
    step = _real("step", step)
    if not _MIN_STEP * b <= step <= b / 10:
        raise ValueError(f"step must be in [{_MIN_STEP:g} b, b/10] = [{_MIN_STEP * b:g}, "
                         f"{b / 10:g}] (the grid has b/step points); got {step!r}")
    unit = _unit_of(b)
    a_, b_, step_ = a / unit, b / unit, step / unit  # exact: unit is a power of two
    y = np.arange(0, b_, step_)
    s = _cumulative_integral(np.sqrt(1 + a_ ** 2 * y ** 2 / b_ ** 2 / (b_ ** 2 - y ** 2)), y)
    l = s[-1]
    z = np.interp(l - s, s, y)
    margin = 1 - _derivative(y, s) ** 2 - _derivative(z, s) ** 2
    smallest = float(margin.min())
    if not smallest > -10 * step_:
        raise GluingError(f"the post's assertion margin > -10*step fails for a = {a:g}, "
                          f"b = {b:g}: smallest margin {smallest:.6g}",
                          s=unit * float(s[int(np.argmin(margin))]), margin=smallest,
                          quarter_length=unit * float(l))
    x = _cumulative_integral(np.sqrt(np.clip(margin, 0, 1)), s)
    return ArticleScheme(a=a, b=b, step=step, s=unit * s, x=unit * x, y=unit * y, z=unit * z,
                         quarter_length=unit * float(l), depth=unit * float(x[-1]),
                         min_margin=smallest)
