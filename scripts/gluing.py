#!/usr/bin/env python3
"""Glue two bent sheets into a closed solid: print l, X, V and the smallest margin.

Usage: python scripts/gluing.py --a 2 --b 1 [--other SPEC] [--picture FILE] [--stl FILE]
       [--obj FILE] [--pattern FILE.pdf|FILE.svg] [--mm-per-unit MM] [--mesh-n N]

Sheet 1 is the ellipse with semi-axes a (bent) and b, or --sheet superellipse:A,B,P.
SPEC for --other (sheet 2, default: a congruent copy of sheet 1):
  circle               the circle with the same perimeter as sheet 1 (R = 2l/pi)
  ellipse:A,B          an ellipse with semi-axes A (bent) and B
  superellipse:A,B,P   |x/A|^P + |y/B|^P = 1
Sizes must be in [1e-300, 1e300] and 1 < P <= 1000. Perimeters must match. The 3D picture goes
to --picture (default gluing_solid.png in the current folder; "none" to skip). Every option and
output file is checked, and every output built, before anything is printed or written. Bad
arguments or a pair that cannot be glued: one line on stderr, exit status 2.
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

_SPECS = "circle, ellipse:A,B or superellipse:A,B,P"


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
    parser.add_argument("--other", metavar="SPEC", help="sheet 2 (default: congruent copy)")
    parser.add_argument("--picture", default="gluing_solid.png",
                        help="3D picture (.png/.pdf/.svg) or 'none'")
    parser.add_argument("--stl", metavar="FILE", help="write a binary STL mesh")
    parser.add_argument("--obj", metavar="FILE", help="write a Wavefront OBJ mesh")
    parser.add_argument("--pattern", metavar="FILE", help="write the cut pattern (.pdf/.svg)")
    parser.add_argument("--mm-per-unit", type=float, default=25.0,
                        help="pattern scale, millimetres per sheet unit (25)")
    parser.add_argument("--mesh-n", type=int, default=401,
                        help="seam samples in the mesh, 4 to 100000 (401)")
    args = parser.parse_args(argv)
    with _warnings_as_errors():
        return _run(args)


def _run(args):
    from mathlab._validate import integer
    from mathlab.gluing.curves import _size

    # every option and output path is checked before anything is computed
    if args.sheet and (args.a is not None or args.b is not None):
        raise CLIError("give sheet 1 either as --a/--b or as --sheet, not both")
    a = _size("--a", 2.0 if args.a is None else args.a)
    b = _size("--b", 1.0 if args.b is None else args.b)
    from mathlab.gluing.solid import MAX_MESH_SAMPLES

    mesh_n = integer("--mesh-n", args.mesh_n, minimum=4, maximum=MAX_MESH_SAMPLES)
    outputs = _outputs(args)

    from mathlab.gluing import Ellipse, glue
    from mathlab.gluing.pattern import check_pattern

    if args.sheet:
        sheet = _outline("--sheet", args.sheet)
    else:
        sheet = _named("--a/--b", Ellipse, a, b)
    other = _outline("--other", args.other, sheet) if args.other else None
    if "--pattern" in outputs:
        mm, _, _ = check_pattern(sheet, other or sheet, args.mm_per_unit,
                                 names=("--mm-per-unit", "marks", "rulings"))
    solid = glue(sheet, other)

    # build every output in memory (and check it can be written) before writing any
    mesh = solid.mesh(mesh_n) if {"--stl", "--obj"} & set(outputs) else None
    if "--stl" in outputs:
        from mathlab.gluing.mesh import check_stl_extent

        _named("--stl", check_stl_extent, mesh[0], outputs["--stl"])
    figures = {}
    if "--pattern" in outputs:
        from mathlab.gluing.pattern import pattern_figure

        figures["--pattern"] = pattern_figure(solid, mm_per_unit=mm)
    if "--picture" in outputs:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        figures["--picture"] = solid.plot().figure
    try:
        _report(solid)
        _write(outputs, mesh, figures)
    finally:
        if "--picture" in figures:
            plt.close(figures["--picture"])
    return 0


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


def _write(outputs, mesh, figures):
    from mathlab._figures import save_figure
    from mathlab.gluing.mesh import write_obj, write_stl

    for flag, path in outputs.items():
        if flag == "--stl":
            write_stl(path, *mesh)
        elif flag == "--obj":
            write_obj(path, *mesh)
        else:
            save_figure(figures[flag], path)
        print(f"wrote {path}")


if __name__ == "__main__":
    sys.exit(run(main, prog="gluing.py"))
