"""Printable cut pattern of the two sheets at true scale (PDF or SVG).

Each sheet is drawn flat with its outline, its ruling lines (chords parallel to the minor axis,
which stay straight when the sheet is bent) and numbered matching marks at equal arc lengths
along the edge: mark k of sheet 1 is glued to mark k of sheet 2. On sheet 1 the marks run
counter-clockwise from the vertex (a, 0); on sheet 2 they run clockwise from the co-vertex
(0, b), because along the seam sheet 1's arc length s meets sheet 2's arc length l - s.

The figure is exactly the paper size (inches = millimetres / 25.4) with one Axes filling it and
data units of one millimetre, so a print at 100 % reproduces the sheets at ``mm_per_unit``
millimetres per sheet unit; a 50 mm scale bar allows checking the print.
"""

from __future__ import annotations

import numpy as np

from .._validate import integer, positive
from .curves import _real
from .mesh import output_path
from .solid import GluedSolid, _check_outline

__all__ = ["pattern_figure", "write_cut_pattern", "matching_marks", "check_pattern",
           "MM_PER_INCH", "MAX_PAGE_MM", "MIN_SHEET_MM", "MAX_MARKS", "MAX_RULINGS"]

MM_PER_INCH = 25.4
_MARGIN_MM = 10.0
_HEADER_MM = 14.0
_SCALE_BAR_MM = 50.0
#: longest page side: PDF's page limit of 14400 points (200 inches)
MAX_PAGE_MM = 5080.0
#: smallest semi-axis on paper: SVG coordinates carry 1e-6 pt, about 3.5e-7 mm, so 0.01 mm
#: keeps the outline at better than 1e-4 relative precision
MIN_SHEET_MM = 0.01
#: most matching marks per quarter of the edge and ruling chords per quarter arc plus one
#: (each is a drawn line and label: 200 take about 5 s)
MAX_MARKS = MAX_RULINGS = 200


def _layout(solid, mm_per_unit):
    a1, b1 = solid.sheet.a * mm_per_unit, solid.sheet.b * mm_per_unit
    a2, b2 = solid.other.a * mm_per_unit, solid.other.b * mm_per_unit
    width = 3 * _MARGIN_MM + 2 * a1 + 2 * a2
    width = max(width, 2 * _MARGIN_MM + _SCALE_BAR_MM + 40.0)
    height = 2 * _MARGIN_MM + _HEADER_MM + 2 * max(b1, b2)
    centre_y = _MARGIN_MM + max(b1, b2)
    centres = ((_MARGIN_MM + a1, centre_y), (2 * _MARGIN_MM + 2 * a1 + a2, centre_y))
    return width, height, centres


def check_pattern(sheet, other, mm_per_unit=25.0, marks=6, rulings=12, *,
                  names=("mm_per_unit", "marks", "rulings")):
    """Check the pattern's parameters and its page size before anything is drawn.

    The outlines (``sheet``, ``other``) must fit a page of at most MAX_PAGE_MM a side and
    have semi-axes of at least MIN_SHEET_MM on paper. Returns the validated
    ``(mm_per_unit, marks, rulings)``; raises ValueError naming the parameter (as given in
    ``names``, e.g. a command line's flags) otherwise.
    """
    sheet, other = _check_outline("sheet", sheet), _check_outline("other", other)
    name = names[0]
    mm = positive(name, _real(name, mm_per_unit))
    marks = integer(names[1], marks, minimum=1, maximum=MAX_MARKS)
    rulings = integer(names[2], rulings, minimum=2, maximum=MAX_RULINGS)
    along = sheet.a + other.a  # sheet units: the page is 3 margins + 2 (a1 + a2) wide
    across = max(sheet.b, other.b)  # and 2 margins + a header + 2 max(b1, b2) high
    largest = min((MAX_PAGE_MM - 3 * _MARGIN_MM) / (2 * along),
                  (MAX_PAGE_MM - 2 * _MARGIN_MM - _HEADER_MM) / (2 * across))
    smallest = MIN_SHEET_MM / min(sheet.a, sheet.b, other.a, other.b)
    if smallest > largest:
        raise ValueError(
            f"no {name} fits these sheets on one page: a page of at most "
            f"{MAX_PAGE_MM:g} mm a side needs {name} <= {largest:.4g}, semi-axes of at "
            f"least {MIN_SHEET_MM:g} mm on paper need {name} >= {smallest:.4g}")
    if not smallest <= mm <= largest:
        raise ValueError(
            f"{name} must be in [{smallest:.4g}, {largest:.4g}] for these sheets (pages "
            f"up to {MAX_PAGE_MM:g} mm a side, PDF's limit, and semi-axes of at least "
            f"{MIN_SHEET_MM:g} mm on paper); got {mm!r}")
    return mm, marks, rulings


def _draw_sheet(ax, outline, centre, mm, *, rulings, marks, clockwise_from_covertex, title):
    l = outline.quarter_length
    cx, cy = centre
    sigma = np.linspace(0.0, outline.perimeter, 1601)
    x, y = outline.boundary_point(sigma)
    ax.plot(cx + mm * x, cy + mm * y, color="k", lw=0.8)
    # Rulings: chords x = +-g(s_k) at equal arc lengths s_k along the quarter arc.
    s_k = np.linspace(0.0, l, rulings + 1)[1:-1]
    g, h = outline.point(s_k)
    for gi, hi in zip(g, h):
        for side in (1.0, -1.0):
            ax.plot([cx + side * mm * gi] * 2, [cy - mm * hi, cy + mm * hi], color="0.55",
                    lw=0.4, ls=(0, (4, 2)))
    ax.plot([cx - mm * outline.a, cx + mm * outline.a], [cy, cy], color="0.75", lw=0.4)
    mx, my = matching_marks(outline, marks, clockwise_from_covertex=clockwise_from_covertex)
    count = mx.size
    unit = outline._unit  # a power of two: the direction is the same bits at any size
    radial = np.stack([(mx / unit) / (outline.a / unit) ** 2,
                       (my / unit) / (outline.b / unit) ** 2])  # outward normal direction
    radial /= np.linalg.norm(radial, axis=0)
    tick, gap = 3.0, 6.0
    for k in range(count):
        px, py = cx + mm * mx[k], cy + mm * my[k]
        nx, ny = radial[:, k]
        ax.plot([px, px - tick * nx], [py, py - tick * ny], color="crimson", lw=0.8)
        ax.text(px - gap * nx, py - gap * ny, str(k), fontsize=5, color="crimson",
                ha="center", va="center")
    ax.text(cx, cy + mm * outline.b + 4.0, title, fontsize=6, ha="center", va="bottom")


def matching_marks(outline, marks, *, clockwise_from_covertex=False):
    """Positions (x, y) in sheet units of the numbered marks 0 .. 4*marks - 1 on the edge.

    Mark k lies at arc length k l / marks counter-clockwise from the vertex (a, 0) on sheet 1,
    and clockwise from the co-vertex (0, b) on sheet 2 (``clockwise_from_covertex=True``);
    glued, the two marks k meet at the same point of the seam.
    """
    l = _check_outline("outline", outline).quarter_length
    arc = np.arange(4 * integer("marks", marks, minimum=1, maximum=MAX_MARKS)) * (l / marks)
    ccw = np.mod(l - arc, outline.perimeter) if clockwise_from_covertex else arc
    return outline.boundary_point(ccw)


def pattern_figure(solid, *, mm_per_unit=25.0, marks=6, rulings=12):
    """Build the cut-pattern Figure (size = paper size, data units = millimetres).

    Parameters
    ----------
    solid : GluedSolid
        The glued pair.
    mm_per_unit : float
        Millimetres per sheet length unit on paper, > 0; the page may be at most
        MAX_PAGE_MM = 5080 mm a side (PDF's limit) and every semi-axis at least
        MIN_SHEET_MM = 0.01 mm on paper.
    marks : int
        Matching marks per quarter of the edge, in [1, 200] (4 * marks in all, numbered).
    rulings : int
        Ruling chords per quarter arc plus one, in [2, 200].

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.figure import Figure

    if not isinstance(solid, GluedSolid):
        raise ValueError(f"solid must be a GluedSolid; got {type(solid).__name__}")
    mm, marks, rulings = check_pattern(solid.sheet, solid.other, mm_per_unit, marks, rulings)
    width, height, centres = _layout(solid, mm)
    fig = Figure(figsize=(width / MM_PER_INCH, height / MM_PER_INCH))
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_xlim(0.0, width)
    ax.set_ylim(0.0, height)
    ax.set_axis_off()
    _draw_sheet(ax, solid.sheet, centres[0], mm, rulings=rulings, marks=marks,
                clockwise_from_covertex=False,
                title="sheet 1: bend across the dashed rulings (they stay straight)")
    _draw_sheet(ax, solid.other, centres[1], mm, rulings=rulings, marks=marks,
                clockwise_from_covertex=True,
                title="sheet 2: glue mark k to mark k of sheet 1")
    y0 = height - _MARGIN_MM
    ax.plot([_MARGIN_MM, _MARGIN_MM + _SCALE_BAR_MM], [y0, y0], color="k", lw=1.0)
    ax.text(_MARGIN_MM + _SCALE_BAR_MM + 3.0, y0,
            f"{_SCALE_BAR_MM:g} mm (print at 100 %); 1 unit = {mm:g} mm; "
            f"depth X = {solid.depth * mm:.1f} mm", fontsize=6, va="center")
    return fig


def write_cut_pattern(solid, path, *, mm_per_unit=25.0, marks=6, rulings=12):
    """Write the cut pattern to ``path`` (.pdf or .svg) atomically at true scale; return the path.

    Raises
    ------
    ValueError
        If the suffix is not .pdf or .svg, the folder does not exist, or a parameter or the
        page size is out of range (see :func:`pattern_figure`); nothing is drawn or written.
    """
    from .._figures import save_figure

    path = output_path("path", path, (".pdf", ".svg"))
    fig = pattern_figure(solid, mm_per_unit=mm_per_unit, marks=marks, rulings=rulings)
    save_figure(fig, path)
    return path
