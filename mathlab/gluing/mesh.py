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

import os
from pathlib import Path

import numpy as np

from .._io import atomic_path
from .._validate import _describe, finite_array, same_length

__all__ = ["solid_mesh", "mesh_volume", "write_stl", "write_obj", "check_stl_extent",
           "output_path", "STL_EXTENT", "MAX_MESH_SAMPLES"]

#: most seam samples of a mesh: 8n triangles, 50 bytes each in binary STL (40 MB)
MAX_MESH_SAMPLES = 100_000

#: coordinates binary STL (float32) holds at full relative precision: below 3.4e38 it does
#: not overflow, and above 1e-30 its rounding unit eps32 * extent (1.2e-37) stays above
#: float32's smallest normal number (1.2e-38), so no coordinate loses digits to underflow
STL_EXTENT = (1e-30, 1e38)


def output_path(name, path, suffixes=()):
    """Check an output file path before any work: a str or os.PathLike naming a file (not a
    directory) in an existing directory, with one of ``suffixes`` if given; return a Path.

    >>> output_path("path", "solid.stl").name
    'solid.stl'
    >>> output_path("path", None)
    Traceback (most recent call last):
    ...
    ValueError: path must be a file path (str or os.PathLike); got None
    """
    if isinstance(path, os.PathLike):
        path = os.fspath(path)
    if not isinstance(path, str):
        raise ValueError(f"{name} must be a file path (str or os.PathLike); got "
                         f"{_describe(path)}")
    if not path.strip() or "\0" in path:
        raise ValueError(f"{name} must name a file; got {path!r}")
    result = Path(path)
    if suffixes and result.suffix.lower() not in suffixes:
        allowed = " or ".join([", ".join(suffixes[:-1])] * (len(suffixes) > 1) + [suffixes[-1]])
        raise ValueError(f"{name} must end in {allowed}; got {path!r}")
    if result.is_dir():
        raise ValueError(f"{name} {path!r} is a directory; give a file name")
    directory = result.parent
    if not directory.is_dir():
        raise ValueError(f"cannot write {name} {path!r}: directory {str(directory)!r} does "
                         f"not exist")
    return result


def _mesh_arrays(vertices, faces):
    """Validated (vertices, faces): finite float (m, 3) and integer (k, 3) indices < m."""
    vertices = finite_array("vertices", vertices, ndim=2)
    if vertices.shape[1] != 3:
        raise ValueError(f"vertices must have shape (m, 3); got {vertices.shape}")
    try:
        index = np.asarray(faces)
    except (TypeError, ValueError):
        index = np.asarray([])
    if index.dtype.kind not in "iu" or index.ndim != 2 or index.shape[1] != 3:
        raise ValueError(f"faces must be an integer array of shape (k, 3); got "
                         f"{_describe(faces)}")
    if index.size and (index.min() < 0 or index.max() >= len(vertices)):
        raise ValueError(f"faces must index the {len(vertices)} vertices; got indices in "
                         f"[{index.min()}, {index.max()}]")
    return vertices, index


def check_stl_extent(vertices, path="the mesh"):
    """Refuse (ValueError) vertices that binary STL's float32 cannot hold (see STL_EXTENT)."""
    extent = float(np.max(np.abs(vertices))) if np.size(vertices) else 0.0
    low, high = STL_EXTENT
    if not low <= extent <= high:
        raise ValueError(
            f"cannot write {str(path)!r} as binary STL: its coordinates reach {extent:.3g}, "
            f"outside [{low:g}, {high:g}] where float32 keeps them finite and at full "
            f"precision; express the sheets in another length unit (scale them by about "
            f"{10.0 ** -round(np.log10(extent)) if extent > 0 else 1.0:.0e}) or write OBJ, "
            f"which keeps 17 digits")


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
    x, y, z = (finite_array(name, v, ndim=1, min_length=3)
               for name, v in (("x", x), ("y", y), ("z", z)))
    n = same_length(x=x, y=y, z=z)
    if n > MAX_MESH_SAMPLES:
        raise ValueError(f"the seam may have at most {MAX_MESH_SAMPLES} samples; got {n}")
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
    vertices, faces = _mesh_arrays(vertices, faces)
    v0, v1, v2 = (vertices[faces[:, i]] for i in range(3))
    return float(np.einsum("ij,ij->i", v0, np.cross(v1, v2)).sum() / 6.0)


def write_stl(path, vertices, faces, *, header: str = "mathlab.gluing solid"):
    """Write a binary STL file atomically (little-endian, float32, facet normals included).

    Raises ValueError, writing nothing, if a coordinate is outside ``STL_EXTENT``.
    """
    path = output_path("path", path)
    vertices, faces = _mesh_arrays(vertices, faces)
    if not isinstance(header, str):
        raise ValueError(f"header must be a str; got {_describe(header)}")
    check_stl_extent(vertices, path)
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
    path = output_path("path", path)
    vertices, faces = _mesh_arrays(vertices, faces)
    lines = ["# mathlab.gluing solid"]
    lines += [f"v {vx:.17g} {vy:.17g} {vz:.17g}" for vx, vy, vz in vertices]
    lines += [f"f {i + 1} {j + 1} {k + 1}" for i, j, k in faces]
    with atomic_path(path) as tmp:
        tmp.write_text("\n".join(lines) + "\n", encoding="ascii")
