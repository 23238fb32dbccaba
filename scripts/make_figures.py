#!/usr/bin/env python3
"""Regenerate every figure of mathlab under figures/ (what `make figures` runs).

Usage: python scripts/make_figures.py [--only NAME ...] [--outdir DIR] [--list]

NAME is a figure name (e.g. rope_bifurcation), a prefix of names (e.g. rope_), or a toolkit
(rope, gluing, hsic). One line is printed per file written. Files are written atomically.
Every NAME and the output folder are checked before any figure is computed; a NAME that
cannot belong to any toolkit is refused before a toolkit is even imported.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mathlab._cli import (ArgumentParser, CLIError, check_directory, check_outputs,  # noqa: E402
                          run)
from mathlab._figures import TOOLKITS  # noqa: E402


def _toolkit_specs(toolkit):
    module = importlib.import_module(f"mathlab.{toolkit}.figures")
    return tuple(module.FIGURES)


def _toolkits_of(name):
    """Toolkits whose figures NAME can match: its own toolkit, or those it is a prefix of."""
    return tuple(t for t in TOOLKITS if name == t or name.startswith(t + "_") or t.startswith(name))


def _matches(name, only):
    return not only or any(name == o or name.startswith(o) for o in only)


def main(argv=None):
    parser = ArgumentParser(prog="make_figures.py", description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", metavar="NAME", default=[],
                        help="figure names, name prefixes or toolkits to regenerate")
    parser.add_argument("--outdir", default=str(ROOT / "figures"),
                        help="output folder (created if missing; default figures/)")
    parser.add_argument("--list", action="store_true", help="list figure names and exit")
    args = parser.parse_args(argv)

    # 1. everything that needs no toolkit: the names' form and the output folder
    unknown = [o for o in args.only if not _toolkits_of(o)]
    if unknown:
        raise CLIError(f"--only {' '.join(map(repr, unknown))} matches no figure: names start "
                       f"with {', '.join(t + '_' for t in TOOLKITS)}; see --list")
    outdir = None if args.list else check_directory("--outdir", args.outdir, missing_ok=True)

    # 2. the registries of the toolkits named (imports them), then every name and output file
    wanted = sorted({t for o in args.only for t in _toolkits_of(o)} or set(TOOLKITS),
                    key=TOOLKITS.index)
    specs = [s for t in wanted for s in _toolkit_specs(t) if _matches(s.name, args.only)]
    missing = [o for o in args.only if not any(_matches(s.name, [o]) for s in specs)]
    if missing:
        raise CLIError(f"--only {' '.join(map(repr, missing))} matches no figure; "
                       "see --list for the names")
    if args.list:
        for spec in specs:
            print(spec.name)
        return 0
    if outdir.is_dir():
        check_outputs([("--outdir", outdir / f"{spec.name}.{fmt}")
                       for spec in specs for fmt in spec.formats])
    outdir.mkdir(parents=True, exist_ok=True)

    # 3. the work
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from mathlab._figures import save_figure

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
