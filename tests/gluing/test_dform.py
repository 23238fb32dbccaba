"""The D-form of two outlines: closed forms, certificates (convexity and isometry of the
polyhedra), invariances, scaling and convergence of the discrete solver."""

import math
from collections import Counter

import numpy as np
import pytest
from scipy.spatial import ConvexHull

from mathlab.gluing import (Circle, DForm, Ellipse, GluingError, Outline, Superellipse, dform,
                            glue, match_perimeter)

E21 = Ellipse(2.0, 1.0)
CIRCLE = Circle(2.0 * E21.quarter_length / math.pi)


@pytest.fixture(scope="module")
def congruent_quarter():
    """Two 2 x 1 ellipses at offset 1/4 through the discrete solver (closed form known)."""
    return dform(E21, method="alexandrov", tol=1e-11)


@pytest.fixture(scope="module")
def turned():
    """Two 2 x 1 ellipses at offset 1/8 (45 degrees of arc)."""
    return dform(E21, offset=0.125, tol=1e-6)


def _level(form, n=None):
    geometry = form._geometry
    return geometry.polyhedron(n)


def _certify(form, n=None):
    """Convexity and isometry of a discrete D-form: every edge has the length of its chord
    in its own flat polygon, every edge is convex, every seam point is a vertex of the convex
    hull and the hull has the polyhedron's volume, and each sheet's faces have the area of
    its polygon."""
    level = _level(form, n)
    poly = level.polyhedron
    x = poly.points
    for k, (tri, q) in enumerate(zip(poly.triangles, (level.q1, level.q2))):
        for a, b in ((0, 1), (1, 2), (0, 2)):
            flat = np.linalg.norm(q[tri[:, a]] - q[tri[:, b]], axis=1)
            space = np.linalg.norm(x[tri[:, a]] - x[tri[:, b]], axis=1)
            np.testing.assert_allclose(space, flat, rtol=0, atol=1e-12 * form.perimeter)
        area3d = 0.5 * np.linalg.norm(np.cross(x[tri[:, 1]] - x[tri[:, 0]],
                                               x[tri[:, 2]] - x[tri[:, 0]]), axis=1).sum()
        polygon = 0.5 * abs(np.sum(q[:, 0] * np.roll(q[:, 1], -1) - np.roll(q[:, 0], -1) * q[:, 1]))
        assert area3d == pytest.approx(polygon, rel=1e-11)
    hull = ConvexHull(x)
    assert hull.vertices.size == len(x)
    assert hull.volume == pytest.approx(poly.volume(), rel=1e-11)
    faces = poly.faces()
    directed = Counter()
    for t in faces:
        for i in range(3):
            directed[(int(t[i]), int(t[(i + 1) % 3]))] += 1
    assert all(c == 1 and directed[(j, i)] == 1 for (i, j), c in directed.items())
    # dihedral convexity: across each edge, the far vertex of the neighbouring face lies on
    # the inner side of the face's plane
    a, b, c = faces.ravel(), np.roll(faces, -1, 1).ravel(), np.roll(faces, -2, 1).ravel()
    far = dict(zip(zip(a.tolist(), b.tolist()), c.tolist()))
    d = np.array([far[(j, i)] for i, j in zip(a.tolist(), b.tolist())])
    normal = np.cross(x[b] - x[a], x[c] - x[a])
    height = np.einsum("ij,ij->i", normal, x[d] - x[a]) / np.linalg.norm(normal, axis=1)
    assert height.max() <= 1e-9 * form.perimeter
    return level


# -- closed forms -----------------------------------------------------------------------------

def test_quarter_offset_is_the_two_cylinder_solid(congruent_quarter):
    solid = glue(E21)
    auto = dform(E21)
    assert auto.method == "cylinders" and auto.volume == solid.volume
    assert auto.extents == (2.0, 2.0, solid.depth)
    form = congruent_quarter
    assert form.method == "alexandrov"
    assert abs(form.volume - solid.volume) <= 1e-9
    assert abs(form.volume - solid.volume) <= max(form.volume_error, 1e-12)
    assert abs(form.extents[2] - solid.depth) <= 1e-9     # the thickness is the depth X
    assert form.extents[:2] == pytest.approx((2.0, 2.0), abs=1e-9)


def test_ellipse_and_circle_at_any_offset():
    """A circle turns freely, so every offset gives the two-cylinder solid of glue(e, c).
    With the circle as sheet 1 the ellipse's polygon depends on the offset, so the discrete
    problems differ from the symmetric one."""
    solid = glue(E21, CIRCLE)
    aligned = dform(E21, CIRCLE, method="alexandrov", tol=1e-10)
    assert abs(aligned.volume - solid.volume) <= 1e-9
    assert abs(aligned.extents[2] - solid.depth) <= 1e-9
    for offset in (0.3,):
        form = dform(CIRCLE, E21, offset=offset, tol=1e-6)
        assert abs(form.volume - solid.volume) <= 3 * max(form.volume_error, 1e-12)
        assert abs(form.volume - solid.volume) <= 1e-6 * solid.volume
        assert form.extents[2] == pytest.approx(solid.depth, rel=1e-6)


def test_minor_axis_first_closes_into_the_same_solid():
    """Ellipse(1, 2) has its reference point on the co-vertex of the 2 x 1 ellipse; glued to
    itself at offset 1/4 it is the same solid turned (glue refuses to bend it)."""
    with pytest.raises(GluingError):
        glue(Ellipse(1.0, 2.0))
    form = dform(Ellipse(1.0, 2.0))
    assert form.method == "cylinders"
    assert form.volume == pytest.approx(glue(E21).volume, rel=1e-13)


def test_mirror_gluing_is_flat():
    for sheet in (E21, Superellipse(2.0, 1.0, 3.0), Outline.from_points(
            [[2, 0], [1, 1], [-1, 1], [-2, 0], [-1, -1], [1, -1]])):
        form = dform(sheet, offset=0.0)
        assert form.volume == 0.0 and form.volume_error == 0.0
        assert form.extents[2] == 0.0


# -- certificates of the discrete solution ----------------------------------------------------

def test_discrete_solution_is_convex_and_isometric(congruent_quarter, turned):
    for form in (congruent_quarter, turned):
        _certify(form, 256)
        _certify(form)   # the finest level


def test_extrapolated_sheet_areas_are_the_outline_areas(turned):
    """Each sheet's faces have the area of its polygon; extrapolated in n they give pi a b."""
    areas = []
    sizes = [n for n in turned.resolution][-3:]
    for n in sizes:
        level = _level(turned, n)
        x, tri = level.polyhedron.points, level.polyhedron.triangles[0]
        areas.append(0.5 * np.linalg.norm(np.cross(x[tri[:, 1]] - x[tri[:, 0]],
                                                   x[tri[:, 2]] - x[tri[:, 0]]), axis=1).sum())
    areas = np.array(areas)
    once = (4 * areas[1:] - areas[:-1]) / 3
    assert abs(once[-1] - 2 * math.pi) < 1e-9
    assert abs(areas[-1] - 2 * math.pi) > 1e-7   # the polygons alone are not that close


def test_convergence_is_second_order(congruent_quarter):
    v = np.array(congruent_quarter.volumes)
    ratios = np.diff(v)[:-1] / np.diff(v)[1:]
    np.testing.assert_allclose(ratios, 4.0, rtol=0.02)


# -- invariances and scaling --------------------------------------------------------------

def test_swapping_the_sheets():
    squircle = Superellipse(1.0, 1.0, 4.0)
    circle = match_perimeter(Circle(1.0), squircle)
    one, two = dform(squircle, circle, tol=1e-7), dform(circle, squircle, tol=1e-7)
    assert one.volume == pytest.approx(two.volume, abs=3 * (one.volume_error + two.volume_error))
    np.testing.assert_allclose(one.extents, two.extents, atol=1e-6)


def test_offsets_related_by_symmetry(turned):
    """Doubly symmetric outlines: offsets o, -o and 1/2 - o give mirror images."""
    other = dform(E21, offset=0.375, tol=1e-6)
    assert other.volume == pytest.approx(turned.volume, abs=3 * (other.volume_error +
                                                                  turned.volume_error))
    again = dform(E21, offset=-0.875, tol=1e-6)   # = 0.125 mod 1
    assert again.volume == turned.volume


def test_volume_scales_as_the_cube():
    egg = Outline.from_function(lambda t: (np.cos(t) * (1 + 0.15 * np.cos(t)), 0.8 * np.sin(t)),
                                (0.0, 2 * np.pi), samples=512)
    base = dform(egg, offset=0.2, tol=1e-5)
    big = dform(egg.scaled(3.0), offset=0.2, tol=1e-5)
    assert big.resolution == base.resolution
    assert big.volume == pytest.approx(27.0 * base.volume, rel=1e-11)
    np.testing.assert_allclose(big.extents, 3.0 * np.array(base.extents), rtol=1e-9)


# -- shapes beyond the two-cylinder solid -------------------------------------------------------

def test_squircle_with_its_circle_closes():
    squircle = Superellipse(1.0, 1.0, 4.0)
    circle = match_perimeter(Circle(1.0), squircle)
    with pytest.raises(GluingError, match="no two-cylinder solid"):
        glue(squircle, circle)
    form = dform(squircle, circle)
    assert form.method == "alexandrov"
    assert 0.5 < form.volume < 0.8 and form.volume_error < 1e-8 * form.volume
    assert form.extents[0] == pytest.approx(2.0, abs=1e-8)   # the squircle's side
    _certify(form, 256)


def test_superellipse_p4_dent_makes_it_alexandrov():
    """The two-cylinder solid of two 2 x 1 squircle-like sheets (p = 4) dents inwards near its
    tips, so it is not convex; the D-form, the convex hull of a seam with the same metric,
    is slightly larger."""
    cylinders = glue(Superellipse(2.0, 1.0, 4.0))
    form = dform(Superellipse(2.0, 1.0, 4.0), tol=1e-10)
    assert form.method == "alexandrov"
    with pytest.raises(GluingError, match="not convex"):
        dform(Superellipse(2.0, 1.0, 4.0), method="cylinders")
    difference = form.volume - cylinders.volume
    assert 3 * form.volume_error < difference < 1e-7 * form.volume


def test_polygons_glue_into_an_exact_polyhedron():
    hexagon = Outline.from_points([[math.cos(a), math.sin(a)] for a in np.arange(6) * math.pi / 3])
    form = dform(hexagon, offset=0.1)
    assert form.resolution == (12,) and form.volume_error < 1e-10 * form.volume
    _certify(form)
    square = Outline.from_points([[1, -1], [1, 1], [-1, 1], [-1, -1]])
    assert dform(square, offset=0.25).volume == 0.0   # a quarter turn maps the square to itself
    tilted = dform(square, offset=0.125)
    _certify(tilted)
    assert tilted.resolution == (8,)


# -- input checks -----------------------------------------------------------------------------

@pytest.mark.parametrize("call, match", [
    (lambda: dform("ellipse"), "sheet1 must be an outline"),
    (lambda: dform(E21, Circle(1.0)), "perimeters must be equal; got 9.688"),
    (lambda: dform(E21, offset=float("nan")), "offset must be a finite real number"),
    (lambda: dform(E21, tol=0.0), "tol must be > 0"),
    (lambda: dform(E21, tol=1e-14), r"tol must be in \[1e-12, 0.01\]"),
    (lambda: dform(E21, method="best"), "method must be one of"),
    (lambda: dform(Superellipse(1.0, 1.0, 4.0), match_perimeter(Circle(1.0), Superellipse(
        1.0, 1.0, 4.0)), method="cylinders"), "no two-cylinder solid realises this gluing"),
])
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_result_is_frozen_with_a_short_repr(turned):
    import dataclasses

    assert isinstance(turned, DForm)
    with pytest.raises(dataclasses.FrozenInstanceError):
        turned.volume = 1.0
    text = repr(turned)
    assert text.startswith("DForm(method='alexandrov', offset=0.125, volume=2.98136")
    assert len(text) < 160 and "array" not in text
