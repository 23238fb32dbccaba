"""The triangle mesh is a closed, outward-oriented surface converging to the exact solid."""

from collections import Counter

import numpy as np
import pytest

from mathlab.gluing import Circle, Ellipse, glue, glue_ellipses


def _edges_are_manifold(faces):
    """Every directed edge appears once and its reverse once: closed and consistently oriented."""
    directed = Counter()
    for tri in faces:
        for i in range(3):
            directed[(int(tri[i]), int(tri[(i + 1) % 3]))] += 1
    return all(count == 1 and directed.get((j, i)) == 1 for (i, j), count in directed.items())


def _signed_volume(vertices, faces):
    p, q, r = vertices[faces[:, 0]], vertices[faces[:, 1]], vertices[faces[:, 2]]
    return float(np.sum(p * np.cross(q, r)) / 6.0)


def _areas(vertices, faces):
    p, q, r = vertices[faces[:, 0]], vertices[faces[:, 1]], vertices[faces[:, 2]]
    normal = np.cross(q - p, r - p)
    area = 0.5 * np.linalg.norm(normal, axis=1)
    # sheet 1's faces contain rulings parallel to y, sheet 2's rulings parallel to z
    sheet_two = np.abs(normal[:, 1]) > np.abs(normal[:, 2])
    return area[~sheet_two].sum(), area[sheet_two].sum()


def _read_binary_stl(path):
    data = path.read_bytes()
    count = int(np.frombuffer(data, "<u4", 1, 80)[0])
    record = np.dtype([("normal", "<f4", 3), ("v", "<f4", (3, 3)), ("attr", "<u2")])
    assert len(data) == 84 + count * record.itemsize
    facets = np.frombuffer(data, record, count, 84)
    corners = facets["v"].reshape(-1, 3).astype(float)
    vertices, index = np.unique(corners, axis=0, return_inverse=True)
    return vertices, index.reshape(-1, 3), facets["normal"].astype(float)


def test_mesh_is_closed_and_outward():
    vertices, faces = glue_ellipses(2.0, 1.0).mesh(40)
    assert vertices.shape == (4 * 40 - 4, 3) and faces.shape == (8 * 40 - 12, 3)
    assert _edges_are_manifold(faces)
    assert _signed_volume(vertices, faces) > 0
    # Euler characteristic of a sphere
    edges = {tuple(sorted((int(t[i]), int(t[(i + 1) % 3])))) for t in faces for i in range(3)}
    assert len(vertices) - len(edges) + len(faces) == 2


def test_mesh_volume_and_sheet_areas_converge():
    """Second-order convergence of the volume to V and of each sheet's area to pi a b."""
    a, b = 2.0, 1.0
    solid = glue_ellipses(a, b)
    errors = []
    for n in (101, 201, 401):
        vertices, faces = solid.mesh(n)
        volume = _signed_volume(vertices, faces)
        one, two = _areas(vertices, faces)
        errors.append((abs(volume - solid.volume), abs(one - np.pi * a * b),
                       abs(two - np.pi * a * b)))
    errors = np.array(errors)
    assert np.all(errors[-1] < [5e-5 * solid.volume, 1e-4, 1e-4])
    ratios = errors[:-1] / errors[1:]
    assert np.all((ratios > 3.0) & (ratios < 5.0))  # halving the step quarters the error


def test_mesh_of_ellipse_and_circle():
    e = Ellipse(2.0, 1.0)
    circle = Circle(2.0 * e.quarter_length / np.pi)
    solid = glue(e, circle)
    vertices, faces = solid.mesh(401)
    assert _edges_are_manifold(faces)
    assert _signed_volume(vertices, faces) == pytest.approx(solid.volume, rel=1e-4)
    one, two = _areas(vertices, faces)
    assert one == pytest.approx(np.pi * 2.0, rel=1e-4)
    assert two == pytest.approx(np.pi * circle.radius ** 2, rel=1e-4)


def test_stl_round_trip(tmp_path):
    solid = glue_ellipses(2.0, 1.0)
    path = solid.save_stl(tmp_path / "solid.stl", n=120)
    vertices, faces, normals = _read_binary_stl(path)
    assert len(vertices) == 4 * 120 - 4
    assert _edges_are_manifold(faces)
    assert _signed_volume(vertices, faces) == pytest.approx(solid.volume, rel=2e-3)
    tri = vertices[faces]
    computed = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    assert np.all(np.einsum("ij,ij->i", computed, normals) > 0)
    assert [p.name for p in tmp_path.iterdir()] == ["solid.stl"]  # no temporary left


def test_obj_round_trip(tmp_path):
    solid = glue_ellipses(3.0, 1.0)
    path = solid.save_obj(tmp_path / "solid.obj", n=80)
    lines = path.read_text().splitlines()
    vertices = np.array([[float(v) for v in line.split()[1:]] for line in lines
                         if line.startswith("v ")])
    faces = np.array([[int(i) - 1 for i in line.split()[1:]] for line in lines
                      if line.startswith("f ")])
    reference = solid.mesh(80)
    np.testing.assert_array_equal(vertices, reference[0])
    np.testing.assert_array_equal(faces, reference[1])
    assert _edges_are_manifold(faces)


def test_writing_to_a_missing_folder_fails_cleanly(tmp_path):
    with pytest.raises(ValueError, match="does not exist"):
        glue_ellipses(2.0, 1.0).save_stl(tmp_path / "nope" / "x.stl", n=10)
