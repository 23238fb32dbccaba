#!/usr/bin/env python3
"""Regenerate every figure of mathlab under figures/ (what `make figures` runs).

Usage: python scripts/make_figures.py [--only NAME ...] [--outdir DIR] [--list]

NAME is a figure name (e.g. rope_bifurcation), a prefix of names (e.g. rope_), or a toolkit
(rope, gluing, hsic). One line is printed per file written. Files are written atomically.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import matplotlib  # noqa: E402

matplotlib.use("Agg")

from mathlab._cli import ArgumentParser, CLIError, run  # noqa: E402
from mathlab._figures import TOOLKITS, save_figure  # noqa: E402


def _toolkit_specs(toolkit):
    module = importlib.import_module(f"mathlab.{toolkit}.figures")
    return tuple(module.FIGURES)


def _wanted_toolkits(only):
    if not only:
        return TOOLKITS
    return tuple(t for t in TOOLKITS if any(o == t or o.startswith(t + "_") or t.startswith(o)
                                           for o in only))


def _matches(name, only):
    return not only or any(name == o or name.startswith(o) for o in only)


def main(argv=None):
    parser = ArgumentParser(prog="make_figures.py", description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", metavar="NAME", default=[],
                        help="figure names, name prefixes or toolkits to regenerate")
    parser.add_argument("--outdir", default=str(ROOT / "figures"), help="output folder")
    parser.add_argument("--list", action="store_true", help="list figure names and exit")
    args = parser.parse_args(argv)

    import matplotlib.pyplot as plt

    outdir = Path(args.outdir)
    specs = [s for t in _wanted_toolkits(args.only) for s in _toolkit_specs(t)
             if _matches(s.name, args.only)]
    if args.only and not specs:
        raise CLIError(f"--only {' '.join(args.only)} matches no figure; "
                       "see --list for the names")
    if args.list:
        for spec in specs:
            print(spec.name)
        return 0
    outdir.mkdir(parents=True, exist_ok=True)
    for spec in specs:
        fig = spec.make()
        try:
            for fmt in spec.formats:
                path = save_figure(fig, outdir / f"{spec.name}.{fmt}")
                print(f"wrote {path}")
        finally:
            plt.close(fig)
    return 0


if __name__ == "__main__":
    sys.exit(run(main, prog="make_figures.py"))
