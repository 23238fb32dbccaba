"""Watertight triangle mesh of a glued solid, and STL / OBJ writers (atomic).

The solid's cross-section at depth x(s) is the rectangle |y| <= h1(s), |z| <= h2(l - s).
Between two neighbouring cross-sections each face is bounded by two rulings (segments of the
sheets); the mesh joins them by chords of the seam, splitting each strip into two triangles.
All vertices (the seam samples) lie exactly on the surface, and so do the rulings, but the
triangles between them are a chord approximation of the curved sheet, so the mesh volume and
areas converge to V and pi a b as O(h^2) in the seam spacing h (checked in the tests).
The end sections degenerate to segments (x = 0: y = 0; x = X: z = 0),
which the mesh closes with a shared edge, so every edge belongs to exactly two triangles with
opposite orientations, and the normals point outwards.
"""

from __future__ import annotations

import numpy as np

from .._io import atomic_path

__all__ = ["solid_mesh", "mesh_volume", "write_stl", "write_obj"]


def solid_mesh(x, y, z):
    """Triangulate the solid from its first-octant seam samples.

    Parameters
    ----------
    x, y, z : ndarray, shape (n,)
        Seam samples (x(s), h1(s), h2(l - s)) from s = 0 to s = l, with y[0] = 0 and z[-1] = 0.

    Returns
    -------
    vertices : ndarray, shape (4n - 4, 3)
    faces : ndarray of int, shape (8n - 12, 3)
        Counter-clockwise seen from outside (outward normals by the right-hand rule).
    """
    n = x.size
    # Corner k of section i: signs of (y, z) = (+,+), (-,+), (-,-), (+,-).
    sy = np.array([1.0, -1.0, -1.0, 1.0])
    sz = np.array([1.0, 1.0, -1.0, -1.0])
    inner = np.stack([np.repeat(x[1:-1], 4), (y[1:-1, None] * sy).ravel(),
                      (z[1:-1, None] * sz).ravel()], axis=1)
    first = np.array([[x[0], 0.0, z[0]], [x[0], 0.0, -z[0]]])
    last = np.array([[x[-1], y[-1], 0.0], [x[-1], -y[-1], 0.0]])
    vertices = np.concatenate([first, inner, last])
    index = np.empty((n, 4), dtype=np.int64)
    index[0] = [0, 0, 1, 1]
    index[1:-1] = 2 + np.arange(4 * (n - 2)).reshape(n - 2, 4)
    index[-1] = 2 + 4 * (n - 2) + np.array([0, 1, 1, 0])
    k = np.arange(4)
    a = index[:-1][:, k]
    b = index[:-1][:, (k + 1) % 4]
    c = index[1:][:, (k + 1) % 4]
    d = index[1:][:, k]
    tris = np.concatenate([np.stack([a, b, c], -1).reshape(-1, 3),
                           np.stack([a, c, d], -1).reshape(-1, 3)])
    keep = (tris[:, 0] != tris[:, 1]) & (tris[:, 1] != tris[:, 2]) & (tris[:, 0] != tris[:, 2])
    return vertices, tris[keep]


def mesh_volume(vertices, faces) -> float:
    """Signed volume (1/6) sum v0 . (v1 x v2); positive for outward-oriented closed meshes."""
    v0, v1, v2 = (vertices[faces[:, i]] for i in range(3))
    return float(np.einsum("ij,ij->i", v0, np.cross(v1, v2)).sum() / 6.0)


def write_stl(path, vertices, faces, *, header: str = "mathlab.gluing solid"):
    """Write a binary STL file atomically (little-endian, float32, facet normals included)."""
    tri = vertices[faces]
    normals = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    norm = np.linalg.norm(normals, axis=1, keepdims=True)
    normals = np.divide(normals, norm, out=np.zeros_like(normals), where=norm > 0)
    record = np.dtype([("normal", "<f4", 3), ("v", "<f4", (3, 3)), ("attr", "<u2")])
    data = np.zeros(faces.shape[0], dtype=record)
    data["normal"] = normals
    data["v"] = tri
    head = header.encode("ascii")[:80].ljust(80, b" ")
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as fh:
            fh.write(head)
            fh.write(np.uint32(faces.shape[0]).astype("<u4").tobytes())
            fh.write(data.tobytes())


def write_obj(path, vertices, faces):
    """Write a Wavefront OBJ file atomically (1-based indices, 17 significant digits)."""
    lines = ["# mathlab.gluing solid"]
    lines += [f"v {vx:.17g} {vy:.17g} {vz:.17g}" for vx, vy, vz in vertices]
    lines += [f"f {i + 1} {j + 1} {k + 1}" for i, j, k in faces]
    with atomic_path(path) as tmp:
        tmp.write_text("\n".join(lines) + "\n", encoding="ascii")
