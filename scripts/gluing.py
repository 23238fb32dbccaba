#!/usr/bin/env python3
"""Glue two bent sheets into a closed solid: print l, X, V and the smallest margin.

Usage: python scripts/gluing.py --a 2 --b 1 [--other SPEC] [--offset O] [--picture FILE]
       [--stl FILE] [--obj FILE] [--unit U] [--pattern FILE.pdf|FILE.svg]
       [--paper a4|letter|none] [--mm-per-unit MM] [--mesh-n N]

Sheet 1 is the ellipse with semi-axes a (bent) and b, or --sheet superellipse:A,B,P, or
--outline FILE: a CSV of x,y points along a convex outline (the first point is the reference
point; --smooth passes a spline through them instead of taking the polygon).
SPEC for --other (sheet 2, default: a congruent copy of sheet 1):
  circle               the circle with the same perimeter as sheet 1 (R = 2l/pi)
  ellipse:A,B          an ellipse with semi-axes A (bent) and B
  superellipse:A,B,P   |x/A|^P + |y/B|^P = 1
  outline:FILE         a CSV outline, scaled to sheet 1's perimeter
Sizes must be in [1e-300, 1e300] and 1 < P <= 1000. Perimeters must match. The point of sheet 1
at arc length s (counter-clockwise from its reference point) is glued to the point of sheet 2
at (O P - s) mod P; O = 0.25 (default) is the post's vertex-to-co-vertex gluing. When the post's
two-cylinder solid does not exist (or is not convex, or O is not a multiple of 1/4, or an
outline comes from a file), the D-form is computed instead (mathlab.gluing.dform) and its
volume, error estimate and extents are printed. --unit names the length of one sheet unit
(mm, cm, m, in): meshes are written in millimetres and patterns at true size. --paper a4 or
letter tiles the pattern over pages with registration marks and glue tabs. The 3D picture goes
to --picture (default gluing_solid.png in the current folder; "none" to skip). Every option and
output file is checked, and every output built, before anything is printed or written. Bad
arguments: one line on stderr, exit status 2.
"""

from __future__ import annotations

import contextlib
import os
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mathlab._cli import ArgumentParser, CLIError, run  # noqa: E402

_SPECS = "circle, ellipse:A,B, superellipse:A,B,P or outline:FILE"


@contextlib.contextmanager
def _warnings_as_errors():
    """Numerical warnings become one-line errors; other warnings stay off stderr."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", RuntimeWarning)
        try:
            yield
        except RuntimeWarning as warning:
            raise CLIError(f"numerical trouble: {warning}") from None


def _named(flag, make, *args):
    """Call ``make(*args)``; a ValueError is reported with the flag in front."""
    try:
        return make(*args)
    except CLIError:
        raise
    except ValueError as exc:
        raise CLIError(f"{flag}: {exc}") from None


def _outline(flag, spec, sheet=None):
    import math

    from mathlab.gluing import Circle, Ellipse, Superellipse
    from mathlab.gluing.curves import _size

    kind, _, text = spec.partition(":")
    letters = {"ellipse": "AB", "superellipse": "ABP"}
    if kind == "outline" and text:
        if sheet is None:
            raise CLIError(f"{flag} 'outline:FILE' needs a first sheet to take the perimeter "
                           f"from")
        from mathlab.gluing import match_perimeter

        return _named(flag, match_perimeter, _read_outline(flag, text, False), sheet)
    if kind == "circle" and not text:
        if sheet is None:
            raise CLIError(f"{flag} 'circle' needs a first sheet to take the perimeter from")
        return _named(flag, Circle, 2.0 * sheet.quarter_length / math.pi)
    if kind not in letters:
        raise CLIError(f"{flag}: unknown sheet {spec!r}; use {_SPECS}")
    parts = text.split(",")
    if len(parts) != len(letters[kind]):
        raise CLIError(f"{flag} {spec!r} needs {len(letters[kind])} comma-separated numbers")
    numbers = []
    for letter, part in zip(letters[kind], parts):
        try:
            number = float(part)
        except ValueError:
            raise CLIError(f"{flag} {spec!r}: not a number in {text!r}") from None
        if letter != "P":
            number = _named(f"{flag} {kind}:{','.join(letters[kind])}", _size, letter, number)
        numbers.append(number)
    return _named(f"{flag} {spec}", Ellipse if kind == "ellipse" else Superellipse, *numbers)


def _read_outline(flag, path, smooth):
    """The outline through the x,y points of a CSV file (header lines are skipped)."""
    import numpy as np

    from mathlab.gluing import Outline

    try:
        text = Path(path).read_text()
    except OSError as exc:
        raise CLIError(f"{flag}: cannot read {path!r}: {exc.strerror or exc}") from None
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        fields = [f.strip() for f in line.replace(";", ",").split(",") if f.strip()]
        if not fields or line.lstrip().startswith("#"):
            continue
        try:
            values = [float(f) for f in fields]
        except ValueError:
            if not rows:   # a header line
                continue
            raise CLIError(f"{flag} {path!r}: line {number} is not two numbers: "
                           f"{line.strip()!r}") from None
        if len(values) != 2:
            raise CLIError(f"{flag} {path!r}: line {number} has {len(values)} numbers, "
                           f"expected x,y")
        rows.append(values)
    return _named(f"{flag} {path}", lambda: Outline.from_points(np.array(rows).reshape(-1, 2),
                                                                  smooth=smooth))


def _outputs(args):
    """Check every output path (name, format, folder) before any work; return them."""
    from mathlab.gluing.mesh import output_path

    wanted = [("--stl", args.stl, ()), ("--obj", args.obj, ()),
              ("--pattern", args.pattern, (".pdf", ".svg"))]
    if args.picture.lower() != "none":
        wanted.append(("--picture", args.picture, (".png", ".pdf", ".svg")))
    outputs, seen = {}, {}
    for flag, path, suffixes in wanted:
        if path is None:
            continue
        checked = output_path(f"{flag} file", path, suffixes)
        directory = checked.parent if str(checked.parent) else Path(".")
        if not os.access(directory, os.W_OK | os.X_OK):
            raise CLIError(f"{flag}: cannot write {path!r}: directory {str(directory)!r} is "
                           f"not writable")
        key = os.path.realpath(checked)
        if key in seen:
            raise CLIError(f"{seen[key]} and {flag} name the same file {path!r}")
        seen[key] = flag
        outputs[flag] = checked
    return outputs


def main(argv=None):
    parser = ArgumentParser(prog="gluing.py", description=__doc__.splitlines()[0])
    parser.add_argument("--a", type=float, help="bent semi-axis of sheet 1 (default 2)")
    parser.add_argument("--b", type=float, help="other semi-axis of sheet 1 (default 1)")
    parser.add_argument("--sheet", metavar="SPEC", help="sheet 1 as SPEC instead of --a/--b")
    parser.add_argument("--outline", metavar="FILE",
                        help="sheet 1 from a CSV of x,y points instead of --a/--b")
    parser.add_argument("--smooth", action="store_true",
                        help="pass a spline through the --outline points (default: polygon)")
    parser.add_argument("--other", metavar="SPEC", help="sheet 2 (default: congruent copy)")
    parser.add_argument("--offset", type=float, default=0.25,
                        help="gluing offset as a fraction of the perimeter (0.25)")
    parser.add_argument("--tol", type=float, default=1e-8,
                        help="relative accuracy of a D-form's volume, 1e-12 to 1e-2 (1e-8)")
    parser.add_argument("--picture", default="gluing_solid.png",
                        help="3D picture (.png/.pdf/.svg) or 'none'")
    parser.add_argument("--stl", metavar="FILE", help="write a binary STL mesh")
    parser.add_argument("--obj", metavar="FILE", help="write a Wavefront OBJ mesh")
    parser.add_argument("--pattern", metavar="FILE", help="write the cut pattern (.pdf/.svg)")
    parser.add_argument("--paper", default="none", choices=("a4", "letter", "none"),
                        help="tile the pattern over A4 or Letter pages, or one page (none)")
    parser.add_argument("--unit", choices=("mm", "cm", "m", "in"),
                        help="length of one sheet unit: meshes in mm, pattern at true size")
    parser.add_argument("--mm-per-unit", type=float,
                        help="pattern scale, millimetres per sheet unit (25; or from --unit)")
    parser.add_argument("--mesh-n", type=int, default=401,
                        help="seam samples in the mesh, 4 to 100000 (401)")
    args = parser.parse_args(argv)
    with _warnings_as_errors():
        return _run(args)


def _run(args):
    from mathlab._validate import in_interval, integer, real
    from mathlab.gluing.curves import _size

    # every option and output path is checked before anything is computed
    sources = [name for name, given in (("--a/--b", args.a is not None or args.b is not None),
                                        ("--sheet", args.sheet), ("--outline", args.outline))
               if given]
    if len(sources) > 1:
        raise CLIError(f"give sheet 1 one way only, not both {' and '.join(sources)}")
    if args.smooth and not args.outline:
        raise CLIError("--smooth applies to --outline points only")
    a = _size("--a", 2.0 if args.a is None else args.a)
    b = _size("--b", 1.0 if args.b is None else args.b)
    offset = real("--offset", args.offset)
    tol = in_interval("--tol", args.tol, 1e-12, 1e-2, closed="both")
    if args.unit is not None and args.mm_per_unit is not None:
        raise CLIError("give the pattern's scale by --unit or by --mm-per-unit, not both")
    from mathlab.gluing.solid import MAX_MESH_SAMPLES

    mesh_n = integer("--mesh-n", args.mesh_n, minimum=4, maximum=MAX_MESH_SAMPLES)
    outputs = _outputs(args)
    paper = None if args.paper == "none" else args.paper
    if paper is not None and "--pattern" in outputs and \
            outputs["--pattern"].suffix.lower() != ".pdf":
        raise CLIError(f"--pattern file must end in .pdf with --paper {paper} (several pages); "
                       f"got {args.pattern!r}")

    from mathlab.gluing import Ellipse, GluingError, dform, glue
    from mathlab.gluing.dforms import UNITS_MM, convex_cylinders
    from mathlab.gluing.outline import _FreeOutline
    from mathlab.gluing.pattern import check_pattern

    if args.outline:
        sheet = _read_outline("--outline", args.outline, args.smooth)
    elif args.sheet:
        sheet = _outline("--sheet", args.sheet)
    else:
        sheet = _named("--a/--b", Ellipse, a, b)
    other = _outline("--other", args.other, sheet) if args.other else None
    unit_mm = 1.0 if args.unit is None else UNITS_MM[args.unit]
    mm = args.mm_per_unit if args.mm_per_unit is not None else (
        unit_mm if args.unit is not None else 25.0)

    # the D-form: the post's two-cylinder solid when it exists and is convex (possibly with
    # a sheet turned by 90 degrees), else the discrete solver's
    solid = form = None
    if abs(offset % 0.5 - 0.25) < 1e-12 and not isinstance(sheet, _FreeOutline) and \
            not isinstance(other, _FreeOutline):
        try:
            solid = glue(sheet, other)
        except GluingError:
            solid = None
        if solid is not None and not convex_cylinders(solid, tol):
            solid = None
    if solid is None:
        form = dform(sheet, other, offset=offset, tol=tol)
        solid = form._geometry.solid if form.method == "cylinders" else None
    if "--pattern" in outputs and solid is not None and paper is None:
        mm, _, _ = check_pattern(sheet, other or sheet, mm,
                                 names=("--mm-per-unit", "marks", "rulings"))
    elif "--pattern" in outputs:
        mm = _named("--mm-per-unit", _positive_scale, mm)

    # build every output in memory (and check it can be written) before writing any
    mesh = None
    if {"--stl", "--obj"} & set(outputs):
        vertices, faces = solid.mesh(mesh_n) if solid is not None else \
            form.mesh(4 * (mesh_n - 1))
        mesh = (vertices * unit_mm, faces)
    if "--stl" in outputs:
        from mathlab.gluing.mesh import check_stl_extent

        _named("--stl", check_stl_extent, mesh[0], outputs["--stl"])
    figures, pattern = {}, None
    if "--pattern" in outputs:
        if solid is not None and paper is None:
            from mathlab.gluing.pattern import pattern_figure

            figures["--pattern"] = pattern_figure(solid, mm_per_unit=mm)
        else:
            from mathlab.gluing.printing import check_single_page

            if form is None:   # the tiled pattern of the two-cylinder D-form
                form = dform(sheet, other, offset=offset, tol=tol)
            pattern = (form, outputs["--pattern"], paper, mm)
            _named("--pattern", check_single_page, form, mm, paper)
    if "--picture" in outputs:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        figures["--picture"] = (solid.plot() if solid is not None else form.plot()).figure
    try:
        if solid is not None:
            _report(solid)
        else:
            _report_dform(form)
        _write(outputs, mesh, figures, pattern)
    finally:
        if "--picture" in figures:
            plt.close(figures["--picture"])
    return 0


def _positive_scale(mm):
    from mathlab._validate import positive

    return positive("--mm-per-unit", mm)


def _report_dform(form):
    print(f"sheet 1        {form.sheet1!r}")
    print(f"sheet 2        {form.sheet2!r}")
    print(f"offset         {form.offset:.12g}")
    print(f"method         {form.method} (no convex two-cylinder solid: the discrete D-form)")
    print(f"V (volume)     {form.volume:.12g} +- {form.volume_error:.2g}")
    print("extents        " + ", ".join(f"{e:.10g}" for e in form.extents)
          + "  (length, width, thickness)")
    if form.resolution:
        print(f"seam points    {form.resolution[-1]} (finest discrete polyhedron)")


def _report(solid):
    try:
        volume = f"{solid.volume:.12g}"
    except ValueError as exc:  # beyond float64: the message says how large it is
        volume = str(exc)
    print(f"sheet 1        {solid.sheet!r}")
    print(f"sheet 2        {solid.other!r}")
    print(f"l (quarter)    {solid.quarter_length:.12g}")
    print(f"X (depth)      {solid.depth:.12g}")
    print(f"V (volume)     {volume}")
    print(f"min margin     {solid.min_margin:.6g} at s = {solid.min_margin_at:.6g}")


def _write(outputs, mesh, figures, pattern=None):
    from mathlab._figures import save_figure
    from mathlab.gluing.mesh import write_obj, write_stl

    for flag, path in outputs.items():
        if flag == "--stl":
            write_stl(path, *mesh)
        elif flag == "--obj":
            write_obj(path, *mesh)
        elif flag == "--pattern" and pattern is not None:
            form, target, paper, mm = pattern
            form.cut_pattern(target, paper=paper, mm_per_unit=mm)
        else:
            save_figure(figures[flag], path)
        print(f"wrote {path}")


if __name__ == "__main__":
    sys.exit(run(main, prog="gluing.py"))
