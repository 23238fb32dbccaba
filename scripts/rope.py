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
  animate    an animation (GIF, or MP4 where ffmpeg exists) of a real skipping rope through
             one revolution of its periodic motion; with --mode N (N >= 2), of Kolodner's
             mode N hanging from a spinning pole and losing stability when damped

With no arguments it writes rope_skipping.png in the current folder and says where.
--out chooses the figure file (.png, .pdf or .svg), --csv also writes the coordinates
(columns curve, s, r, z, tension), --show opens a window. Bad arguments: one line on stderr, exit 2,
before anything is computed or written (the ranges are those of mathlab.rope, checked before its
solvers are loaded); both files are written only once both are ready.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mathlab._cli import ArgumentParser, CLIError, run  # noqa: E402

CASES = ("skipping", "darrieus", "hanging", "article", "animate")
FORMATS = (".png", ".pdf", ".svg")
MOVIES = (".gif", ".mp4")
# Defaults per case: (length m, span m, omega rad/s, g m/s^2).
DEFAULTS = {
    "skipping": (3.0, 2.0, 4.0 * 3.141592653589793, 9.81),
    "darrieus": (3.0, 2.0, 2.0, 3.0),
    "hanging": (1.0, None, 12.0, 9.81),
    "article": (None, None, 2.0, 3.0),
    "animate": (3.0, 2.0, 4.0 * 3.141592653589793, 9.81),
}
ANIMATE_OPTIONS = ("links", "drag", "end_radius", "mode", "turns", "damping", "frames", "fps")
DENSITY, C1, SAMPLES = 1.0, 1.0, 801
# The library's parameter names as this command spells them, for error messages.
FLAGS = {"length": "--length", "span": "--span", "omega": "--omega", "g": "--g",
         "density": "--density", "C1": "--c1", "n": "--samples", "samples": "--samples"}
# Options that do not apply to a case (refused rather than ignored).
NOT_FOR = {
    "skipping": ("c1",),
    "darrieus": ("c1",),
    "hanging": ("span", "c1"),
    "article": ("length", "span", "density", "samples"),
}
WHY_NOT = {
    ("hanging", "span"): " (the lower end is free)",
    ("article", "samples"): " (the post samples its ODE every 1e-4)",
}


def _parser():
    parser = ArgumentParser(prog="rope.py", description=__doc__.splitlines()[0])
    parser.add_argument("case", nargs="?", default="skipping", choices=CASES,
                        help="which problem (default: skipping)")
    parser.add_argument("--length", type=float,
                        help="rope length L (m); default 3, or 1 for hanging")
    parser.add_argument("--span", type=float,
                        help="distance between the ends D (m); default 2")
    parser.add_argument("--omega", type=float,
                        help="angular speed (rad/s); default 4 pi (skipping), 2 (darrieus, "
                             "article), 12 (hanging)")
    parser.add_argument("--g", type=float,
                        help="gravitational acceleration (m/s^2); default 9.81, or 3 for "
                             "darrieus and article")
    parser.add_argument("--density", type=float,
                        help=f"linear density (kg/m); default {DENSITY:g}")
    parser.add_argument("--c1", type=float,
                        help=f"the post's constant C1 (article case; the post shows 0 and 1); "
                             f"default {C1:g}")
    parser.add_argument("--samples", type=int,
                        help=f"points along the rope; default {SAMPLES}")
    parser.add_argument("--out", help="figure file (.png, .pdf or .svg); "
                                      "default rope_<case>.png")
    parser.add_argument("--csv", help="also write the coordinates to this CSV file")
    parser.add_argument("--show", action="store_true", help="open a window with the figure")
    movie = parser.add_argument_group("animate")
    movie.add_argument("--links", type=int, help="links of the chain (default 48 for the "
                                                 "skipping rope, 24 for a hanging mode)")
    movie.add_argument("--drag", type=float, default=0.0,
                       help="quadratic drag coefficient c (N s^2/m^3; needs --end-radius > 0)")
    movie.add_argument("--end-radius", dest="end_radius", type=float, default=0.0,
                       help="radius of the hands' circles (m), default 0")
    movie.add_argument("--mode", type=int, help="animate Kolodner's mode N >= 2 (length "
                                                "default 1 m) losing stability when damped")
    movie.add_argument("--turns", type=int, default=12,
                       help="revolutions simulated for --mode (default 12, at most 200)")
    movie.add_argument("--damping", type=float, default=1.0,
                       help="damping relative to the turning frame for --mode, "
                            "b / (rho omega) in (0, 1] (default 1)")
    movie.add_argument("--frames", type=int, default=48,
                       help="frames of the animation, 2 to 2000 (default 48)")
    movie.add_argument("--fps", type=int, default=24, help="frames per second (default 24)")
    return parser


def _option(args, name, case):
    value = getattr(args, name)
    if value is not None:
        return value
    index = ("length", "span", "omega", "g").index(name)
    return DEFAULTS[case][index]


def _outputs(args):
    """The figure and CSV paths, checked before any work.

    Each must be a new or regular file in an existing, writable folder, and the two must
    differ, so that no computation is wasted and neither file is written if the other cannot be.
    """
    out = Path(args.out) if args.out else Path(f"rope_{args.case}.png")
    if out.suffix.lower() not in FORMATS:
        raise CLIError(f"--out must end in .png, .pdf or .svg; got {str(out)!r}")
    paths = [("--out", out)] + ([("--csv", Path(args.csv))] if args.csv else [])
    for flag, path in paths:
        parent = path.parent if str(path.parent) else Path(".")
        if not parent.is_dir():
            raise CLIError(f"{flag}: cannot write {str(path)!r}: folder {str(parent)!r} "
                           f"does not exist")
        if path.exists() and not path.is_file():
            raise CLIError(f"{flag}: cannot write {str(path)!r}: it exists and is not a "
                           f"regular file")
        if not os.access(parent, os.W_OK | os.X_OK):
            raise CLIError(f"{flag}: cannot write {str(path)!r}: folder {str(parent)!r} is not "
                           f"writable")
    if len(paths) == 2 and os.path.abspath(paths[0][1]) == os.path.abspath(paths[1][1]):
        raise CLIError(f"--out and --csv must be different files; both are {str(out)!r}")
    return out, (paths[1][1] if len(paths) == 2 else None)


def _arguments(args):
    """The case's parameters, validated with the library's own ranges and the flags' names.

    Only mathlab.rope's light input checks are loaded here, not its solvers (numba).
    """
    from mathlab.rope import _domain

    case = args.case
    for name in NOT_FOR[case]:
        if getattr(args, name) is not None:
            raise CLIError(f"--{name} does not apply to the {case} case"
                           f"{WHY_NOT.get((case, name), '')}")
    density = DENSITY if args.density is None else args.density
    samples = SAMPLES if args.samples is None else args.samples
    length, span, omega, g = (_option(args, n, case) for n in ("length", "span", "omega", "g"))
    if case == "article":
        c1 = C1 if args.c1 is None else args.c1
        c1, omega, g, _, _ = _domain.article_args(c1, omega, g, 0.5, 1e-4, names=FLAGS)
        return {"C1": c1, "omega": omega, "g": g}
    if case == "hanging":
        omega, length, g, density, samples = _domain.hanging_args(omega, length, g, density,
                                                                  samples, names=FLAGS)
        return {"omega": omega, "length": length, "g": g, "density": density,
                "samples": samples}
    if case == "skipping":
        length, span, omega, g, density, samples = _domain.skipping_args(
            length, span, omega, g, density, samples, names=FLAGS)
    else:
        length, span, omega, g, density, _, samples = _domain.spinning_args(
            length, span, omega, g, density, 0.0, samples, names=FLAGS)
    return {"length": length, "span": span, "omega": omega, "g": g, "density": density,
            "samples": samples}


def _compute(case, p):
    """Return (curves, labels, title) for the chosen case and validated parameters ``p``."""
    import mathlab.rope as rope

    if case == "article":
        curve = rope.article_curve(p["C1"], omega=p["omega"], g=p["g"])
        return [curve], [f"post's ODE, C1 = {p['C1']:g}"], (
            f"The post's own ODE (omega = {p['omega']:g}, g = {p['g']:g}):\nimplied tension "
            f"at most {curve.tension.max():.3g}, not a physical rope")
    length, omega, g, density, samples = (p[k] for k in ("length", "omega", "g", "density",
                                                         "samples"))
    if case == "hanging":
        modes = rope.hanging_modes(omega, length, g=g, density=density, samples=samples)
        labels = [f"{m.nodes} axis crossing{'s' if m.nodes != 1 else ''}" for m in modes]
        plural = "um" if len(modes) == 1 else "a"
        return modes, labels, (f"Hanging rope, L = {length:g} m, omega = {omega:.4g} rad/s:\n"
                               f"{len(modes)} non-vertical equilibri{plural}")
    span = p["span"]
    reference = rope.troposkien(length, span, omega, density).curve(samples)
    if case == "skipping":
        curve = rope.skipping_rope(length, span, omega, g=g, density=density, n=samples)
        title = (f"Skipping rope at its lowest point (quasi-static snapshot)\n"
                 f"L = {length:g} m, D = {span:g} m, omega = {omega:.4g} rad/s, "
                 f"g/(omega^2 R) = {curve.info['gravity_ratio']:.2g}")
    else:
        curve = rope.spinning_rope(length, span, omega, g=g, density=density, n=samples)
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


def _figure(case, curves, labels, title, length):
    import matplotlib.pyplot as plt

    from mathlab.rope.plot import plot_shapes

    fig, ax = plt.subplots(figsize=(6.0, 5.4), layout="constrained")
    if case == "skipping":
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
        ax.plot([0.0, 0.0], [0.0, -length], color="C0",
                label="hangs straight down (omega <= omega_1)")
        ax.legend(fontsize=7, frameon=False)
        ax.set_xlabel("r (m)")
        ax.set_ylabel("z (m)")
    if case == "article":
        ax.set_xlabel("x (radius)")
        ax.set_ylabel("y (height)")
    ax.set_title(title, fontsize=9)
    return fig


def _write(fig, out, csv, curves):
    """Write the figure and the CSV file: both to temporary files first, then renamed."""
    from mathlab._figures import save_figure
    from mathlab._io import atomic_path

    @contextlib.contextmanager
    def reported(flag, path):
        # Errors quote the user's path, not the temporary file's.
        try:
            yield
        except OSError as exc:
            raise CLIError(f"{flag}: cannot write {str(path)!r}: "
                           f"{exc.strerror or exc}") from None

    text = _csv_text(curves) if csv else None
    with contextlib.ExitStack() as stack:
        with reported("--out", out):
            fig_tmp = stack.enter_context(atomic_path(out))
        if csv:
            with reported("--csv", csv):
                csv_tmp = stack.enter_context(atomic_path(csv))
        with reported("--out", out):
            save_figure(fig, fig_tmp)
        if csv:
            with reported("--csv", csv):
                csv_tmp.write_text(text, encoding="utf-8")


def _check_animate_options(args):
    """Refuse animation options outside ``animate`` and out-of-range values, before any work."""
    if args.case != "animate":
        defaults = {"drag": 0.0, "end_radius": 0.0, "turns": 12, "damping": 1.0,
                    "frames": 48, "fps": 24}
        for name in ANIMATE_OPTIONS:
            if getattr(args, name) != defaults.get(name):
                flag = "--" + name.replace("_", "-")
                raise CLIError(f"{flag} applies to the animate case only")
        return
    if args.csv:
        raise CLIError("--csv does not apply to the animate case")
    if args.mode is not None and args.mode < 2:
        raise CLIError(f"--mode must be >= 2 (mode 1 is stable); got {args.mode}")
    if not 1 <= args.turns <= 200:
        raise CLIError(f"--turns must be in [1, 200]; got {args.turns}")
    if not 2 <= args.frames <= 2000:
        raise CLIError(f"--frames must be in [2, 2000]; got {args.frames}")
    if not 1 <= args.fps <= 60:
        raise CLIError(f"--fps must be in [1, 60]; got {args.fps}")
    if args.mode is not None:
        for name in ("span", "drag", "end_radius"):
            if getattr(args, name) not in (None, 0.0):
                flag = "--" + name.replace("_", "-")
                raise CLIError(f"{flag} does not apply to a hanging mode")


def _animate(args, out):
    """Compute the motion and write the animation; return the lines to print."""
    import math

    import numpy as np

    density = args.density if args.density is not None else DENSITY

    import mathlab.rope as rope

    if args.mode is None:
        length, span, omega, g = (_option(args, n, "animate")
                                  for n in ("length", "span", "omega", "g"))
        p = rope.periodic_skipping_rope(length, span, omega, g=g, density=density,
                                        drag=args.drag, end_radius=args.end_radius,
                                        links=args.links or 48)
        p.animate(out, frames=args.frames, fps=args.fps)
        return [f"periodic skipping rope: largest radius {p.max_radius:.4f} m at phase "
                f"{math.degrees(p.max_radius_phase):.0f} deg, tension at the hands "
                f"{p.hand_tension[:, 0].min():.4g} to {p.hand_tension[:, 0].max():.4g} N, "
                f"g/(omega^2 R) = {p.gravity_ratio:.3g}, the snapshot off by "
                f"{p.snapshot_error * 1e3:.3g} mm (periodic to {p.periodicity_error:.1e} m)"]
    from mathlab.rope.periodic import chain_equilibrium
    from mathlab.rope.stability import _problem

    length = args.length if args.length is not None else 1.0
    g = args.g if args.g is not None else 9.81
    n = args.mode
    if args.omega is None:
        w = rope.critical_speeds(n + 1, length, g)
        omega = 0.5 * (w[n - 1] + w[n])
    else:
        omega = args.omega
    modes = rope.hanging_modes(omega, length, g=g, density=density, samples=801)
    if len(modes) < n:
        raise CLIError(f"--mode {n}: at omega = {omega:.6g} rad/s the rope has only "
                       f"{len(modes)} non-vertical mode{'s' if len(modes) != 1 else ''}")
    mode = modes[n - 1]
    links = args.links or 24
    if not 0 < args.damping <= 1:
        raise CLIError(f"--damping must be in (0, 1]; got {args.damping}")
    st = rope.mode_stability(mode, links=links, damping=args.damping)
    chain, _, tension = _problem(mode, links, args.damping)
    q, _, _, _ = chain_equilibrium(chain, mode.s, mode.r, mode.z, tension, length)
    kick = 1e-6 * length * np.random.default_rng(0).standard_normal(q.shape)
    kick[0] = 0.0
    turn = 2 * math.pi / omega
    m = rope.simulate_rope(length, None, omega, g=g, density=density, free_end=True,
                           links=links, initial=q * length + kick, air="turning",
                           linear_drag=args.damping * density * omega,
                           t_end=args.turns * turn, samples=max(args.frames, 2))
    from mathlab.rope.plot_motion import animate_motion

    animate_motion(m, out, fps=args.fps, frames=args.frames,
                   title=f"mode {n}, damped: grows at {st.growth_rate:.3g} 1/s")
    dev = np.max(np.linalg.norm(m.turning_positions - m.turning_positions[0], axis=2), axis=1)
    return [f"hanging mode {n} at omega = {omega:.6g} rad/s: {st.downhill_in_plane} downhill "
            f"direction(s) in its plane and {st.downhill_out_of_plane} out of it; with damping "
            f"b = {args.damping:g} rho omega it grows at {st.growth_rate:.4g} 1/s; after "
            f"{args.turns} turns the rope has moved {dev[-1]:.3g} m from the mode"]


def main(argv=None):
    args = _parser().parse_args(argv)
    _check_animate_options(args)
    if args.case == "animate":
        out = Path(args.out) if args.out else Path("rope_animation.gif")
        if out.suffix.lower() not in MOVIES:
            raise CLIError(f"--out must end in .gif or .mp4 for an animation; got {str(out)!r}")
        parent = out.parent if str(out.parent) else Path(".")
        if not parent.is_dir():
            raise CLIError(f"cannot write {str(out)!r}: folder {str(parent)!r} does not exist")
        if out.suffix.lower() == ".mp4":
            import shutil

            if shutil.which("ffmpeg") is None:
                raise CLIError("--out .mp4 needs ffmpeg on the PATH; write a .gif instead")
        import matplotlib

        matplotlib.use("Agg")
        for line in _animate(args, out):
            print(line)
        print(f"wrote {out}")
        return 0
    out, csv = _outputs(args)
    params = _arguments(args)

    import matplotlib

    if not args.show:
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from mathlab.rope.shooting import QuasiStaticWarning

    # Warnings are collected, not shown: the model's own (quasi-static validity) are reported
    # in one line each, the libraries' (layout, ticks) would only be noise on stderr.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        curves, labels, title = _compute(args.case, params)
        fig = _figure(args.case, curves, labels, title, params.get("length"))
        _write(fig, out, csv, curves)
    for w in caught:
        if issubclass(w.category, QuasiStaticWarning):
            print(f"rope.py: warning: {w.message}", file=sys.stderr)
    print(f"wrote {out}")
    if csv:
        print(f"wrote {csv}")
    if args.show:
        plt.show()
    plt.close(fig)
    return 0


if __name__ == "__main__":
    sys.exit(run(main, prog="rope.py"))
