"""The ``mathlab`` command: one entry point, a subcommand per toolkit.

``mathlab SUBCOMMAND [OPTIONS]`` runs ``mathlab.cli.<SUBCOMMAND>.main(options, prog)``. The
subcommand modules are imported only when they are run, so ``mathlab --version`` and
``mathlab --help`` import nothing but this module (no numpy, no numba). Each subcommand module
exposes ``main(argv, prog) -> int`` (the exit status: 0 on success, 2 with a one-line message on
stderr for bad input) and a ``--help`` of its own.

>>> main(["--version"])  # doctest: +ELLIPSIS
mathlab ...
0
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Sequence

__all__ = ["main", "SUBCOMMANDS", "available"]

SUBCOMMANDS = {
    "rope": "shapes, tensions and modes of spinning ropes (mathlab.rope)",
    "glue": "glue two bent sheets into a closed solid (mathlab.gluing)",
    "hsic": "HSIC independence tests of the columns of a CSV table (mathlab.hsic)",
    "figures": "regenerate the figures of every toolkit",
}
"""Every planned subcommand and its one-line description (those without a module are skipped)."""

_PROG = "mathlab"


def available() -> list[str]:
    """The subcommands whose module ``mathlab.cli.<name>`` exists (none of them is imported)."""
    return [name for name in SUBCOMMANDS
            if importlib.util.find_spec(f"{__name__}.{name}") is not None]


def _version() -> str:
    from mathlab import __version__

    return __version__


def _help(names: list[str]) -> str:
    width = max((len(name) for name in names), default=0)
    lines = [f"usage: {_PROG} [--version] [--help] SUBCOMMAND [OPTIONS]", "",
             "Solvers, tests and figures for three mathematical blog posts (spinning ropes, "
             "gluing bent sheets, HSIC).", "", "subcommands:"]
    lines += [f"  {name:<{width}}  {SUBCOMMANDS[name]}" for name in names]
    lines += ["", "options:",
              "  -h, --help     show this message and exit",
              "  --version      print the version of mathlab and exit", "",
              f"'{_PROG} SUBCOMMAND --help' explains the options of a subcommand and their "
              "defaults."]
    return "\n".join(lines)


def _error(message: str) -> int:
    print(f"usage: {_PROG} [--version] [--help] SUBCOMMAND [OPTIONS]", file=sys.stderr)
    print(f"{_PROG}: error: {message}", file=sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``mathlab`` with ``argv`` (default ``sys.argv[1:]``); return the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    names = available()
    if not args:
        return _error(f"choose a subcommand: {', '.join(names)}")
    first, rest = args[0], args[1:]
    if first in ("-h", "--help"):
        print(_help(names))
        return 0
    if first == "--version":
        print(f"{_PROG} {_version()}")
        return 0
    if first not in names:
        kind = "option" if first.startswith("-") else "subcommand"
        return _error(f"unknown {kind} {first!r}; choose a subcommand: {', '.join(names)} "
                      f"(or --help, --version)")
    module = importlib.import_module(f"{__name__}.{first}")
    return int(module.main(rest, prog=f"{_PROG} {first}"))
