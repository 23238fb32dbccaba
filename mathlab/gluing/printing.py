"""Printable cut patterns of a D-form at true scale, tiled over A4 or Letter pages.

The pattern is laid out on a canvas measured in millimetres: both flat sheets side by side,
each with its outline (cut line), its rulings (dashed: the straight lines along which the
sheet bends, fold hints that are never creased), numbered matching marks (mark k of sheet 1
is glued to mark k of sheet 2, at arc lengths k P / M from sheet 1's reference point and
(offset P - k P / M) mod P on sheet 2), glue tabs outside sheet 1's edge, and the sizes.

``paper=None`` writes the canvas as one page (PDF or SVG) of exactly its size, which must
not exceed what a PDF page can hold (200 in = 5080 mm on a side). ``paper="a4"`` or
``"letter"`` cuts the canvas into tiles that fit the printable area of the page (10 mm
margins), picks portrait or landscape to use fewer pages, and writes one PDF page per tile.
Each page carries crosses at the four corners of its tile (the same crosses appear on the
neighbouring pages: trim one page along its frame and lay it on the next so the crosses
coincide), its row and column, and a 20 mm check bar. A print at 100 % ("actual size") keeps
the true scale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .._validate import choice, integer, positive

__all__ = ["PAPER_MM", "MAX_PDF_PAGE_MM", "write_dform_pattern", "pattern_canvas", "tiles",
           "check_single_page"]

#: page sizes (width, height) in mm, portrait
PAPER_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
#: the largest page side a PDF viewer must support (PDF 1.7: 14400 units of 1/72 in)
MAX_PDF_PAGE_MM = 14400 / 72 * 25.4
_MAX_PAGES = 400
_PAGE_MARGIN = 10.0
_GAP = 12.0
_HEADER = 16.0
_TAB = 5.0
_MM_PER_INCH = 25.4


@dataclass
class Canvas:
    """Drawing primitives in millimetres: lines, filled polygons and texts."""

    width: float
    height: float
    lines: list = field(default_factory=list)      # (xy (k, 2), style dict)
    polygons: list = field(default_factory=list)   # (xy (k, 2), style dict)
    texts: list = field(default_factory=list)      # (x, y, text, style dict)


def _sheet_geometry(outline, samples=1200):
    sigma = np.linspace(0.0, outline.perimeter, samples + 1)
    from ._alexandrov import boundary

    points, tangents = boundary(outline, sigma)
    return sigma, points, tangents


def _marks(form, count):
    """Arc lengths of the matching marks on each sheet: k P / M and (offset P - k P / M)."""
    P = form.perimeter
    arcs1 = np.arange(count) * (P / count)
    arcs2 = np.mod((form.offset % 1.0) * P - arcs1, P)
    return arcs1, arcs2


def pattern_canvas(form, *, mm_per_unit=25.0, marks=8, rulings=True, tabs=True):
    """Lay out the cut pattern of a :class:`~mathlab.gluing.DForm` on a canvas in millimetres.

    Parameters
    ----------
    form : DForm
    mm_per_unit : float
        Millimetres on paper per sheet unit.
    marks : int
        Matching marks per quarter of the perimeter (4 * marks in all).
    rulings, tabs : bool
        Draw the rulings (fold hints) and the glue tabs on sheet 1.
    """
    from ._alexandrov import boundary

    mm = mm_per_unit
    count = 4 * marks
    arcs = _marks(form, count)
    sheets = (form.sheet1, form.sheet2)
    boxes = []
    for outline in sheets:
        _, p, _ = _sheet_geometry(outline)
        boxes.append((p.min(axis=0) * mm, p.max(axis=0) * mm))
    pad = _TAB + 4.0 if tabs else 4.0
    widths = [hi[0] - lo[0] for lo, hi in boxes]
    heights = [hi[1] - lo[1] for lo, hi in boxes]
    width = _PAGE_MARGIN * 2 + widths[0] + widths[1] + 2 * pad + _GAP + pad
    width = max(width, 2 * _PAGE_MARGIN + 180.0)
    height = _PAGE_MARGIN * 2 + _HEADER + max(heights) + 2 * pad + 10.0
    canvas = Canvas(width, height)
    base_y = _PAGE_MARGIN + pad + 8.0
    origins = []
    x = _PAGE_MARGIN + pad
    for k, (lo, hi) in enumerate(boxes):
        origins.append(np.array([x - lo[0], base_y + 0.5 * (max(heights) - heights[k]) - lo[1]]))
        x += widths[k] + 2 * pad + _GAP if k == 0 else 0.0
    flat = form.flat_rulings() if rulings else (np.zeros((0, 2, 2)),) * 2
    for k, outline in enumerate(sheets):
        o = origins[k]
        sigma, p, t = _sheet_geometry(outline)
        canvas.lines.append((o + mm * p, dict(color="k", lw=0.7)))
        for seg in flat[k]:
            canvas.lines.append((o + mm * seg, dict(color="0.45", lw=0.4, ls=(0, (4, 2)))))
        # matching marks: a tick inwards and the number inside
        mp, mt = boundary(outline, arcs[k])
        inward = np.stack([-mt[:, 1], mt[:, 0]], axis=1)
        for j in range(count):
            a = o + mm * mp[j]
            canvas.lines.append((np.array([a, a + 3.5 * inward[j]]),
                                 dict(color="crimson", lw=0.8)))
            canvas.texts.append((*(a + 6.5 * inward[j]), str(j),
                                 dict(fontsize=5, color="crimson", ha="center", va="center")))
        if tabs and k == 0:
            for j in range(count):
                canvas.polygons.append((_tab(outline, arcs[0][j], arcs[0][(j + 1) % count]
                                             + (outline.perimeter if j == count - 1 else 0.0),
                                             o, mm), dict(facecolor="0.9", edgecolor="k",
                                                          lw=0.5)))
        lo, hi = boxes[k]
        size = (hi - lo)
        label = (f"sheet {k + 1}: {size[0]:.1f} x {size[1]:.1f} mm, perimeter "
                 f"{outline.perimeter * mm:.1f} mm")
        canvas.texts.append((o[0] + 0.5 * (lo[0] + hi[0]), o[1] + lo[1] - pad - 4.0, label,
                             dict(fontsize=6, ha="center", va="top")))
        ref = o + mm * boundary(outline, np.array([0.0]))[0][0]
        canvas.texts.append((ref[0], ref[1], "  0 = reference point" if k == 0 else "",
                             dict(fontsize=5, color="crimson", ha="left", va="bottom")))
    top = height - _PAGE_MARGIN
    canvas.lines.append((np.array([[_PAGE_MARGIN, top], [_PAGE_MARGIN + 50.0, top]]),
                         dict(color="k", lw=1.2)))
    volume_cm3 = form.volume * mm ** 3 / 1000.0
    turn = 360.0 * (form.offset % 1.0)
    lines = (f"50 mm: print at 100 % (actual size). D-form ({form.method}), offset "
             f"{form.offset % 1.0:g} ({turn:g} degrees of arc), volume {volume_cm3:.4g} cm^3 at "
             f"{mm:g} mm per unit.",
             "Cut along the solid lines (around the grey tabs of sheet 1); the printed sides "
             "face outwards.",
             "Bend each sheet along its dashed rulings without creasing; glue mark k of sheet 1 "
             "to mark k of sheet 2, folding the tabs inwards.")
    for i, text in enumerate(lines):
        canvas.texts.append((_PAGE_MARGIN + 53.0, top + 3.0 - 3.4 * i, text,
                             dict(fontsize=5.5, ha="left", va="center")))
    return canvas


def _tab(outline, start, end, origin, mm):
    """A glue tab outside the outline between two arcs (1 mm gaps, tapered ends)."""
    from ._alexandrov import boundary

    length = (end - start) * mm
    gap = min(1.0, 0.1 * length)
    taper = min(_TAB, 0.3 * length)
    s = np.linspace(start + gap / mm, end - gap / mm, 24)
    p, t = boundary(outline, s)
    outward = np.stack([t[:, 1], -t[:, 0]], axis=1)
    run = (s - s[0]) * mm
    depth = np.minimum(1.0, np.minimum(run, run[-1] - run) / max(taper, 1e-9)) * _TAB
    outer = origin + mm * p + depth[:, None] * outward
    inner = origin + mm * p
    return np.vstack([inner, outer[::-1]])


def tiles(width, height, paper):
    """Tiles (x0, y0, x1, y1) of a canvas for one paper size, and (rows, cols, landscape).

    Portrait or landscape, whichever needs fewer pages (portrait on a tie).
    """
    best = None
    for landscape in (False, True):
        pw, ph = PAPER_MM[paper][::-1] if landscape else PAPER_MM[paper]
        aw, ah = pw - 2 * _PAGE_MARGIN, ph - 2 * _PAGE_MARGIN
        cols, rows = math.ceil(width / aw - 1e-9), math.ceil(height / ah - 1e-9)
        if best is None or rows * cols < best[0] * best[1]:
            best = (rows, cols, landscape, aw, ah)
    rows, cols, landscape, aw, ah = best
    boxes = [(c * aw, (rows - 1 - r) * ah, (c + 1) * aw, (rows - r) * ah)
             for r in range(rows) for c in range(cols)]
    return boxes, (rows, cols, landscape)


def _draw(ax, canvas, clip=True):
    from matplotlib.patches import Polygon

    for xy, style in canvas.polygons:
        ax.add_patch(Polygon(xy, closed=True, clip_on=clip, **style))
    for xy, style in canvas.lines:
        ax.plot(xy[:, 0], xy[:, 1], clip_on=clip, solid_capstyle="butt", **style)
    for x, y, text, style in canvas.texts:
        if text:
            ax.text(x, y, text, clip_on=clip, **style)


def _page(canvas, box, paper_mm, label):
    """One page: its tile of the canvas at true scale, with crosses and labels in the margin."""
    from matplotlib.figure import Figure

    pw, ph = paper_mm
    fig = Figure(figsize=(pw / _MM_PER_INCH, ph / _MM_PER_INCH))
    x0, y0, x1, y1 = box
    aw, ah = x1 - x0, y1 - y0
    ax = fig.add_axes((_PAGE_MARGIN / pw, _PAGE_MARGIN / ph, aw / pw, ah / ph))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_axis_off()
    _draw(ax, canvas)
    frame = fig.add_axes((0.0, 0.0, 1.0, 1.0), zorder=-1)
    frame.set_xlim(0.0, pw)
    frame.set_ylim(0.0, ph)
    frame.set_axis_off()
    m = _PAGE_MARGIN
    frame.plot([m, pw - m, pw - m, m, m], [m, m, ph - m, ph - m, m], color="0.7", lw=0.3)
    for cx in (m, pw - m):
        for cy in (m, ph - m):
            frame.plot([cx - 4, cx + 4], [cy, cy], color="k", lw=0.4)
            frame.plot([cx, cx], [cy - 4, cy + 4], color="k", lw=0.4)
    frame.text(m, 0.45 * m, label, fontsize=6, va="center")
    frame.plot([pw - m - 20.0, pw - m], [0.45 * m, 0.45 * m], color="k", lw=1.0)
    frame.text(pw - m - 22.0, 0.45 * m, "20 mm", fontsize=5.5, ha="right", va="center")
    return fig


def write_dform_pattern(form, path, *, paper="a4", mm_per_unit=None, unit=None, marks=8,
                        rulings=True, tabs=True):
    """Write the cut pattern of a D-form; return the path.

    Parameters
    ----------
    form : DForm
    path : str or Path
        ``.pdf`` (any paper) or ``.svg`` (``paper=None`` only).
    paper : {"a4", "letter", None}
        Tile over pages of this size, or one page of the pattern's own size.
    mm_per_unit : float, optional
        Millimetres on paper per sheet unit (default 25).
    unit : {"mm", "cm", "m", "in"}, optional
        Instead of ``mm_per_unit``: the sheets' coordinates are in this unit (true size).
    marks : int
        Matching marks per quarter of the perimeter, in [1, 64].
    rulings, tabs : bool
        Draw the rulings and the glue tabs.

    Raises
    ------
    ValueError
        Bad parameters or suffix; a single page larger than a PDF page allows (5080 mm);
        more than 400 pages.
    """
    from .dforms import UNITS_MM

    path = Path(path)
    suffix = path.suffix.lower()
    if paper is not None:
        paper = choice("paper", paper, tuple(PAPER_MM))
    if suffix not in (".pdf", ".svg") or (suffix == ".svg" and paper is not None):
        allowed = ".pdf or .svg" if paper is None else ".pdf (several pages)"
        raise ValueError(f"pattern file must end in {allowed}; got {str(path)!r}")
    if mm_per_unit is not None and unit is not None:
        raise ValueError("give either mm_per_unit or unit, not both")
    if unit is not None:
        mm = UNITS_MM[choice("unit", unit, tuple(UNITS_MM))]
    else:
        mm = 25.0 if mm_per_unit is None else positive("mm_per_unit", mm_per_unit)
    marks = integer("marks", marks, minimum=1, maximum=64)
    for name, flag in (("rulings", rulings), ("tabs", tabs)):
        if not isinstance(flag, (bool, np.bool_)):
            raise ValueError(f"{name} must be True or False; got {flag!r}")
    canvas = pattern_canvas(form, mm_per_unit=mm, marks=marks, rulings=rulings, tabs=tabs)
    _check_size(canvas, mm, paper)
    if paper is None:
        return _write_single(canvas, path)
    boxes, (rows, cols, landscape) = tiles(canvas.width, canvas.height, paper)
    size = PAPER_MM[paper][::-1] if landscape else PAPER_MM[paper]
    return _write_pages(canvas, path, boxes, size, rows, cols, paper)


def _check_size(canvas, mm, paper):
    if paper is None:
        largest = max(canvas.width, canvas.height)
        if largest > MAX_PDF_PAGE_MM:
            raise ValueError(
                f"the pattern is {canvas.width:.0f} x {canvas.height:.0f} mm at {mm:g} mm per "
                f"unit, larger than a PDF page can be ({MAX_PDF_PAGE_MM:.0f} mm = 200 in on a "
                f"side); tile it with paper='a4' or 'letter', or use a smaller scale")
        return
    boxes, _ = tiles(canvas.width, canvas.height, paper)
    if len(boxes) > _MAX_PAGES:
        raise ValueError(f"the pattern ({canvas.width:.0f} x {canvas.height:.0f} mm at {mm:g} "
                         f"mm per unit) would need {len(boxes)} {paper} pages, more than "
                         f"{_MAX_PAGES}; use a smaller mm_per_unit")


def check_single_page(form, mm_per_unit, paper=None):
    """Raise ValueError if the pattern at this scale does not fit one PDF page (``paper``
    None) or more than 400 pages of ``paper``; nothing is drawn or written."""
    canvas = pattern_canvas(form, mm_per_unit=positive("mm_per_unit", mm_per_unit))
    _check_size(canvas, mm_per_unit, paper)


def _write_single(canvas, path):
    from matplotlib.figure import Figure

    from .._figures import save_figure

    fig = Figure(figsize=(canvas.width / _MM_PER_INCH, canvas.height / _MM_PER_INCH))
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_xlim(0.0, canvas.width)
    ax.set_ylim(0.0, canvas.height)
    ax.set_axis_off()
    _draw(ax, canvas, clip=False)
    save_figure(fig, path)
    return path


def _write_pages(canvas, path, boxes, size, rows, cols, paper):
    import matplotlib as mpl
    from matplotlib.backends.backend_pdf import PdfPages

    from .._io import atomic_path

    metadata = {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None}
    with mpl.rc_context({"pdf.compression": 6}):
        with atomic_path(path) as tmp:
            with PdfPages(tmp, metadata=metadata) as pdf:
                for index, box in enumerate(boxes):
                    r, c = divmod(index, cols)
                    label = (f"page {index + 1} of {len(boxes)} ({paper}): row {r + 1} of "
                             f"{rows}, column {c + 1} of {cols}; print at 100 %, trim along "
                             f"the frame and match the corner crosses")
                    pdf.savefig(_page(canvas, box, size, label))
    return path
