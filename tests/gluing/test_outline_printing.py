"""User outlines (points, functions), match_perimeter, meshes with units and tiled patterns."""

import math
import re
from collections import Counter

import numpy as np
import pytest
from scipy.special import ellipe

from mathlab.gluing import (Circle, Ellipse, Outline, PolygonOutline, SplineOutline,
                            Superellipse, dform, match_perimeter)
from mathlab.gluing.printing import MAX_PDF_PAGE_MM, PAPER_MM, pattern_canvas, tiles

POINTS_PER_MM = 72 / 25.4


# -- outlines from points and functions --------------------------------------------------------

def test_polygon_outline_is_exact():
    square = Outline.from_points([[1, -1], [1, 1], [-1, 1], [-1, -1], [1, -1]])  # closed copy
    assert isinstance(square, PolygonOutline) and square.perimeter == 8.0
    assert square.area() == 4.0
    x, y = square.boundary_point(np.array([0.0, 1.0, 2.0, 3.5, 8.0]))
    np.testing.assert_allclose(np.stack([x, y], 1),
                               [[1, -1], [1, 0], [1, 1], [-0.5, 1], [1, -1]], atol=1e-15)


def test_clockwise_points_keep_their_first_point():
    clockwise = Outline.from_points([[1, -1], [-1, -1], [-1, 1], [1, 1]])
    np.testing.assert_allclose(clockwise.points[0], [1, -1])
    x, y = clockwise.boundary_point(np.array([1.0]))   # counter-clockwise: up the right side
    np.testing.assert_allclose([x[0], y[0]], [1.0, 0.0], atol=1e-15)


def test_function_outline_of_an_ellipse_matches_elliptic_integrals():
    a, b = 2.0, 1.0
    outline = Outline.from_function(lambda t: (a * np.cos(t), b * np.sin(t)), (0, 2 * np.pi))
    assert isinstance(outline, SplineOutline)
    assert outline.perimeter == pytest.approx(4 * a * ellipe(1 - (b / a) ** 2), rel=1e-12)
    assert outline.area() == pytest.approx(math.pi * a * b, rel=1e-12)
    exact = Ellipse(a, b)
    sigma = np.linspace(0.0, exact.perimeter, 7)
    np.testing.assert_allclose(np.stack(outline.boundary_point(sigma), 1),
                               np.stack(exact.boundary_point(sigma), 1), atol=1e-11)


def test_smoothed_points_approach_the_curve():
    t = np.linspace(0, 2 * np.pi, 65)[:-1]
    outline = Outline.from_points(np.stack([2 * np.cos(t), np.sin(t)], 1), smooth=True)
    assert outline.perimeter == pytest.approx(Ellipse(2.0, 1.0).perimeter, rel=1e-6)


@pytest.mark.parametrize("points, where", [
    ([[0, 0], [2, 0], [1, 0.2], [2, 2], [0, 2]], r"at point 2 \[1.0, 0.2\]"),
    ([[0, 0], [1, 0], [1, 1], [1, 1], [0, 1]], "point 2 and the next one coincide"),
    ([[0, 0], [1, 0]], "at least 3 distinct points"),
])
def test_non_convex_or_degenerate_points_are_refused(points, where):
    with pytest.raises(ValueError, match=where):
        Outline.from_points(points)


def test_star_polygon_is_refused():
    star = [[math.cos(4 * math.pi * k / 5), math.sin(4 * math.pi * k / 5)] for k in range(5)]
    with pytest.raises(ValueError, match="turn 2 times around"):
        Outline.from_points(star)


def test_non_convex_function_says_where():
    def trefoil(t):
        r = 1 + 0.5 * np.cos(3 * t)
        return r * np.cos(t), r * np.sin(t)

    with pytest.raises(ValueError, match=r"not convex: near t = 1\.04|near t = 3\.14|near t = 5\.2"):
        Outline.from_function(trefoil, (0, 2 * np.pi))
    with pytest.raises(ValueError, match="not closed"):
        Outline.from_function(lambda t: (np.cos(t), np.sin(t)), (0, 6.0))


@pytest.mark.parametrize("outline", [Ellipse(2.0, 1.0), Circle(1.3), Superellipse(2.0, 1.0, 3.0),
                                     Outline.from_points([[1, 0], [0, 1], [-1, 0], [0, -1]])])
def test_match_perimeter(outline):
    target = Ellipse(3.0, 1.0)
    matched = match_perimeter(outline, target)
    assert type(matched) is type(outline)
    assert matched.perimeter == pytest.approx(target.perimeter, rel=1e-13)
    assert match_perimeter(outline, 5.0).perimeter == pytest.approx(5.0, rel=1e-13)


# -- meshes ---------------------------------------------------------------------------------------

def _closed_and_outward(vertices, faces):
    directed = Counter()
    for t in faces:
        for i in range(3):
            directed[(int(t[i]), int(t[(i + 1) % 3]))] += 1
    closed = all(c == 1 and directed[(j, i)] == 1 for (i, j), c in directed.items())
    p, q, r = (vertices[faces[:, i]] for i in range(3))
    return closed, float(np.sum(p * np.cross(q, r)) / 6.0)


@pytest.mark.parametrize("form", [dform(Ellipse(2.0, 1.0)),
                                  dform(Ellipse(2.0, 1.0), offset=0.125, tol=1e-4)],
                         ids=["cylinders", "alexandrov"])
def test_mesh_is_closed_outward_and_in_the_frame(form):
    vertices, faces = form.mesh(256)
    closed, volume = _closed_and_outward(vertices, faces)
    assert closed and volume == pytest.approx(form.volume, rel=1e-3)   # chords: O(n^-2)
    np.testing.assert_allclose(np.ptp(vertices, axis=0), form.extents, rtol=2e-3)
    assert set(np.unique(form.sheet_of_face(256))) == {1, 2}


def test_stl_is_written_in_millimetres(tmp_path):
    form = dform(Ellipse(2.0, 1.0))
    for unit, factor in (("mm", 1.0), ("cm", 10.0), ("in", 25.4)):
        path = form.save_stl(tmp_path / f"{unit}.stl", n=64, unit=unit)
        data = path.read_bytes()
        count = int(np.frombuffer(data, "<u4", 1, 80)[0])
        record = np.dtype([("normal", "<f4", 3), ("v", "<f4", (3, 3)), ("attr", "<u2")])
        corners = np.frombuffer(data, record, count, 84)["v"].reshape(-1, 3)
        np.testing.assert_allclose(np.ptp(corners, axis=0), factor * np.array(form.extents),
                                   rtol=1e-5)
    with pytest.raises(ValueError, match="unit must be one of"):
        form.save_stl(tmp_path / "x.stl", unit="ft")
    lines = form.save_obj(tmp_path / "f.obj", n=64, unit="cm").read_text().splitlines()
    first = np.array([float(v) for v in next(l for l in lines if l.startswith("v ")).split()[1:]])
    np.testing.assert_allclose(first, 10.0 * form.mesh(64)[0][0])


# -- cut patterns ---------------------------------------------------------------------------------

def test_tiles_cover_the_canvas_and_choose_the_orientation():
    boxes, (rows, cols, landscape) = tiles(500.0, 150.0, "a4")
    assert landscape and (rows, cols) == (1, 2)
    x0 = min(b[0] for b in boxes)
    x1 = max(b[2] for b in boxes)
    assert x0 == 0.0 and x1 >= 500.0
    boxes, (rows, cols, landscape) = tiles(150.0, 500.0, "letter")
    assert not landscape and rows * cols == 2


def test_tiled_pdf_pages_are_the_paper_size(tmp_path):
    form = dform(Ellipse(2.0, 1.0))
    path = form.cut_pattern(tmp_path / "p.pdf", paper="a4", mm_per_unit=60.0)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", path.read_bytes())
    canvas = pattern_canvas(form, mm_per_unit=60.0)
    _, (rows, cols, landscape) = tiles(canvas.width, canvas.height, "a4")
    assert len(boxes) == rows * cols > 1
    width, height = PAPER_MM["a4"][::-1] if landscape else PAPER_MM["a4"]
    for w, h in boxes:
        assert float(w) == pytest.approx(width * POINTS_PER_MM, abs=1e-3)
        assert float(h) == pytest.approx(height * POINTS_PER_MM, abs=1e-3)


def test_single_page_pattern_and_its_limit(tmp_path):
    form = dform(Ellipse(2.0, 1.0), offset=0.125, tol=1e-4)
    path = form.cut_pattern(tmp_path / "p.svg", paper=None, unit="cm")
    head = re.search(r'<svg[^>]*width="([\d.]+)pt" height="([\d.]+)pt"', path.read_text())
    canvas = pattern_canvas(form, mm_per_unit=10.0)
    assert float(head.group(1)) == pytest.approx(canvas.width * POINTS_PER_MM, abs=1e-3)
    with pytest.raises(ValueError, match="larger than a PDF page can be"):
        form.cut_pattern(tmp_path / "big.pdf", paper=None,
                         mm_per_unit=1.01 * MAX_PDF_PAGE_MM / 4)
    with pytest.raises(ValueError, match=r"must end in \.pdf \(several pages\)"):
        form.cut_pattern(tmp_path / "p.svg", paper="letter")
    with pytest.raises(ValueError, match="paper must be one of"):
        form.cut_pattern(tmp_path / "p.pdf", paper="a3")
    assert not (tmp_path / "big.pdf").exists()


def test_pattern_marks_meet_on_the_seam():
    """Mark k of sheet 1 (arc k P/M) and mark k of sheet 2 (arc offset P - k P/M) are the same
    seam point: their 3D positions coincide on the discrete D-form's seam."""
    from mathlab.gluing.printing import _marks

    form = dform(Ellipse(2.0, 1.0), offset=0.125, tol=1e-4)
    arcs1, arcs2 = _marks(form, 16)
    P = form.perimeter
    np.testing.assert_allclose(np.mod(form.offset * P - arcs1, P), arcs2, atol=1e-12)
    canvas = pattern_canvas(form, marks=4)
    numbers = [t for t in canvas.texts if t[2].isdigit()]
    assert len(numbers) == 2 * 16 and {t[2] for t in numbers} == {str(k) for k in range(16)}
