#!/usr/bin/env python3
"""Shapes of spinning ropes from the command line (mathlab.rope).

Usage: python scripts/rope.py [CASE] [--length L] [--span D] [--omega W] [--g G] [--density RHO]
                              [--c1 C1] [--samples N] [--out FILE] [--csv FILE] [--show]

CASE is one of
  skipping   a real skipping rope, horizontal axis, snapshot at its lowest point (default),
             drawn with the gravity-free troposkien for comparison
  darrieus   both ends on a vertical axis, gravity along it (Darrieus blade), with the
             troposkien (g = 0) for comparison
  hanging    a rope hanging from a point on a vertical axis, lower end free: all of its
             non-vertical equilibria at this omega (Kolodner)
  article    the post's own ODE, as published (not the physical answer)

With no arguments it writes rope_skipping.png in the current folder and says where.
--out chooses the figure file (.png, .pdf or .svg), --csv also writes the coordinates
(columns curve, s, r, z, tension), --show opens a window. Bad arguments: one line on stderr, exit 2.
"""

from __future__ import annotations

import io
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mathlab._cli import ArgumentParser, CLIError, run  # noqa: E402

CASES = ("skipping", "darrieus", "hanging", "article")
FORMATS = (".png", ".pdf", ".svg")
# Defaults per case: (length m, span m, omega rad/s, g m/s^2).
DEFAULTS = {
    "skipping": (3.0, 2.0, 4.0 * 3.141592653589793, 9.81),
    "darrieus": (3.0, 2.0, 2.0, 3.0),
    "hanging": (1.0, None, 12.0, 9.81),
    "article": (None, None, 2.0, 3.0),
}


def _parser():
    parser = ArgumentParser(prog="rope.py", description=__doc__.splitlines()[0])
    parser.add_argument("case", nargs="?", default="skipping", choices=CASES,
                        help="which problem (default: skipping)")
    parser.add_argument("--length", type=float, help="rope length L (m)")
    parser.add_argument("--span", type=float, help="distance between the ends D (m)")
    parser.add_argument("--omega", type=float, help="angular speed (rad/s)")
    parser.add_argument("--g", type=float, help="gravitational acceleration (m/s^2)")
    parser.add_argument("--density", type=float, default=1.0, help="linear density (kg/m)")
    parser.add_argument("--c1", type=float, default=1.0,
                        help="the post's constant C1 (article case; the post shows 0 and 1)")
    parser.add_argument("--samples", type=int, default=801,
                        help="points along the rope")
    parser.add_argument("--out", help="figure file (.png, .pdf or .svg); "
                                      "default rope_<case>.png")
    parser.add_argument("--csv", help="also write the coordinates to this CSV file")
    parser.add_argument("--show", action="store_true", help="open a window with the figure")
    return parser


def _option(args, name, case):
    value = getattr(args, name)
    if value is not None:
        return value
    index = ("length", "span", "omega", "g").index(name)
    return DEFAULTS[case][index]


def _compute(args):
    """Return (curves, labels, title) for the chosen case."""
    import mathlab.rope as rope

    case = args.case
    if case == "article":
        for name in ("length", "span"):
            if getattr(args, name) is not None:
                raise CLIError(f"--{name} does not apply to the article case")
        omega, g = _option(args, "omega", case), _option(args, "g", case)
        curve = rope.article_curve(args.c1, omega=omega, g=g)
        return [curve], [f"post's ODE, C1 = {args.c1:g}"], (
            f"The post's own ODE (omega = {omega:g}, g = {g:g}):\nimplied tension at most "
            f"{curve.tension.max():.3g}, not a physical rope")
    length, omega, g = (_option(args, n, case) for n in ("length", "omega", "g"))
    if case == "hanging":
        if args.span is not None:
            raise CLIError("--span does not apply to the hanging case (the lower end is free)")
        modes = rope.hanging_modes(omega, length, g=g, density=args.density,
                                  samples=args.samples)
        labels = [f"{m.nodes} axis crossing{'s' if m.nodes != 1 else ''}" for m in modes]
        plural = "um" if len(modes) == 1 else "a"
        return modes, labels, (f"Hanging rope, L = {length:g} m, omega = {omega:.4g} rad/s:\n"
                               f"{len(modes)} non-vertical equilibri{plural}")
    span = _option(args, "span", case)
    reference = rope.troposkien(length, span, omega, args.density).curve(args.samples)
    if case == "skipping":
        curve = rope.skipping_rope(length, span, omega, g=g, density=args.density,
                                   n=args.samples)
        title = (f"Skipping rope at its lowest point (quasi-static snapshot)\n"
                 f"L = {length:g} m, D = {span:g} m, omega = {omega:.4g} rad/s, "
                 f"g/(omega^2 R) = {curve.info['gravity_ratio']:.2g}")
    else:
        curve = rope.spinning_rope(length, span, omega, g=g, density=args.density,
                                   n=args.samples)
        title = (f"Darrieus blade (ends on a vertical axis, gravity along it)\n"
                 f"L = {length:g} m, D = {span:g} m, omega = {omega:.4g} rad/s")
    return [curve, reference], [f"g = {g:g} m/s^2", "troposkien (g = 0)"], title


def _csv_text(curves):
    buf = io.StringIO()
    buf.write("curve,s,r,z,tension\n")
    for i, c in enumerate(curves):
        for row in zip(c.s, c.r, c.z, c.tension):
            buf.write(f"{i}," + ",".join(f"{v:.17g}" for v in row) + "\n")
    return buf.getvalue()


def main(argv=None):
    args = _parser().parse_args(argv)
    out = Path(args.out) if args.out else Path(f"rope_{args.case}.png")
    if out.suffix.lower() not in FORMATS:
        raise CLIError(f"--out must end in .png, .pdf or .svg; got {str(out)!r}")
    if args.samples < 2:
        raise CLIError(f"--samples must be >= 2; got {args.samples}")
    for path in [out] + ([Path(args.csv)] if args.csv else []):
        parent = path.parent if str(path.parent) else Path(".")
        if not parent.is_dir():
            raise CLIError(f"cannot write {str(path)!r}: folder {str(parent)!r} does not exist")

    import matplotlib

    if not args.show:
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from mathlab._figures import save_figure
    from mathlab._io import atomic_write_text
    from mathlab.rope.plot import plot_shapes
    from mathlab.rope.shooting import QuasiStaticWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", QuasiStaticWarning)
        curves, labels, title = _compute(args)
    for w in caught:
        print(f"rope.py: warning: {w.message}", file=sys.stderr)
    fig, ax = plt.subplots(figsize=(6.0, 5.4), layout="constrained")
    if args.case == "skipping":
        # Drawn as seen by the jumper: hands on a horizontal line, the rope below it.
        for c, label, color in zip(curves, labels, ("C0", "0.5")):
            ax.plot(-c.z, -c.r, color=color, lw=1.6 if color == "C0" else 1.0,
                    ls="-" if color == "C0" else "--", label=label)
        ax.plot([0.0, -curves[0].z[-1]], [0.0, 0.0], "ko", ms=5, label="hands")
        ax.axhline(0.0, color="0.6", lw=0.8, ls=":", zorder=0)
        ax.set_aspect("equal", adjustable="datalim")
        ax.set_xlabel("distance along the line of the hands (m)")
        ax.set_ylabel("height relative to the hands (m)")
        ax.legend(fontsize=8, frameon=False)
    elif curves:
        plot_shapes(curves, ax=ax, labels=labels)
    else:
        ax.plot([0.0, 0.0], [0.0, -_option(args, "length", args.case)], color="C0",
                label="hangs straight down (omega <= omega_1)")
        ax.legend(fontsize=7, frameon=False)
        ax.set_xlabel("r (m)")
        ax.set_ylabel("z (m)")
    if args.case == "article":
        ax.set_xlabel("x (radius)")
        ax.set_ylabel("y (height)")
    ax.set_title(title, fontsize=9)
    save_figure(fig, out)
    print(f"wrote {out}")
    if args.csv:
        atomic_write_text(args.csv, _csv_text(curves))
        print(f"wrote {args.csv}")
    if args.show:
        plt.show()
    plt.close(fig)
    return 0


if __name__ == "__main__":
    sys.exit(run(main, prog="rope.py"))
