#!/usr/bin/env python3
"""Glue two bent sheets into a closed solid: print l, X, V and the smallest margin.

Usage: python scripts/gluing.py --a 2 --b 1 [--other SPEC] [--picture FILE] [--stl FILE]
       [--obj FILE] [--pattern FILE.pdf|FILE.svg] [--mm-per-unit MM] [--mesh-n N]

Sheet 1 is the ellipse with semi-axes a (bent) and b, or --sheet superellipse:A,B,P.
SPEC for --other (sheet 2, default: a congruent copy of sheet 1):
  circle               the circle with the same perimeter as sheet 1 (R = 2l/pi)
  ellipse:A,B          an ellipse with semi-axes A (bent) and B
  superellipse:A,B,P   |x/A|^P + |y/B|^P = 1
Perimeters must match. The 3D picture goes to --picture (default gluing_solid.png in the
current folder; "none" to skip). Bad arguments or a pair that cannot be glued: one line on
stderr, exit status 2.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mathlab._cli import ArgumentParser, CLIError, run  # noqa: E402


def _numbers(text, count, spec):
    parts = text.split(",")
    if len(parts) != count:
        raise CLIError(f"{spec!r} needs {count} comma-separated numbers")
    try:
        return [float(p) for p in parts]
    except ValueError:
        raise CLIError(f"{spec!r}: not a number in {text!r}") from None


def _outline(spec, sheet=None):
    import math

    from mathlab.gluing import Circle, Ellipse, Superellipse

    kind, _, args = spec.partition(":")
    if kind == "circle" and not args:
        if sheet is None:
            raise CLIError("'circle' needs a first sheet to take the perimeter from")
        return Circle(2.0 * sheet.quarter_length / math.pi)
    if kind == "ellipse":
        return Ellipse(*_numbers(args, 2, spec))
    if kind == "superellipse":
        return Superellipse(*_numbers(args, 3, spec))
    raise CLIError(f"unknown sheet {spec!r}; use circle, ellipse:A,B or superellipse:A,B,P")


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
    parser.add_argument("--mesh-n", type=int, default=401, help="seam samples in the mesh")
    args = parser.parse_args(argv)

    from mathlab._validate import integer, positive
    from mathlab.gluing import Ellipse, glue

    # every argument is checked before anything is computed, printed or written
    if args.pattern and Path(args.pattern).suffix.lower() not in (".pdf", ".svg"):
        raise CLIError(f"--pattern file must end in .pdf or .svg; got {args.pattern!r}")
    picture = args.picture.lower() != "none"
    if picture and Path(args.picture).suffix.lower() not in (".png", ".pdf", ".svg"):
        raise CLIError(f"--picture file must end in .png, .pdf or .svg (or be 'none'); "
                       f"got {args.picture!r}")
    integer("--mesh-n", args.mesh_n, minimum=4)
    positive("--mm-per-unit", args.mm_per_unit)
    if args.sheet and (args.a is not None or args.b is not None):
        raise CLIError("give sheet 1 either as --a/--b or as --sheet, not both")
    if args.sheet:
        sheet = _outline(args.sheet)
    else:
        sheet = Ellipse(2.0 if args.a is None else args.a, 1.0 if args.b is None else args.b)
    other = _outline(args.other, sheet) if args.other else None
    solid = glue(sheet, other)
    print(f"sheet 1        {solid.sheet!r}")
    print(f"sheet 2        {solid.other!r}")
    print(f"l (quarter)    {solid.quarter_length:.12g}")
    print(f"X (depth)      {solid.depth:.12g}")
    print(f"V (volume)     {solid.volume:.12g}")
    print(f"min margin     {solid.min_margin:.6g} at s = {solid.min_margin_at:.6g}")
    if args.stl:
        solid.save_stl(args.stl, n=args.mesh_n)
        print(f"wrote {args.stl}")
    if args.obj:
        solid.save_obj(args.obj, n=args.mesh_n)
        print(f"wrote {args.obj}")
    if args.pattern:
        solid.cut_pattern(args.pattern, mm_per_unit=args.mm_per_unit)
        print(f"wrote {args.pattern}")
    if picture:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        from mathlab._figures import save_figure

        ax = solid.plot()
        try:
            save_figure(ax.figure, args.picture)
        finally:
            plt.close(ax.figure)
        print(f"wrote {args.picture}")
    return 0


if __name__ == "__main__":
    sys.exit(run(main, prog="gluing.py"))
