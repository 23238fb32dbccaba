"""Helpers shared by the command-line front ends in scripts/.

Conventions: bad arguments or failures print ONE line on stderr and exit with status 2;
no traceback is shown for expected errors: ValueError (bad input, and mathlab's solver errors,
which subclass it), OSError (files) and RuntimeError (non-convergence reported by scipy).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

__all__ = ["ArgumentParser", "run", "CLIError"]


class CLIError(ValueError):
    """An error to report to the user as a one-line message (exit status 2)."""


class ArgumentParser(argparse.ArgumentParser):
    """argparse parser whose errors are a single line on stderr and exit status 2."""

    def error(self, message: str):  # noqa: D401 - argparse API
        self.exit(2, f"{self.prog}: error: {_one_line(message)}\n")


def _one_line(message: str) -> str:
    return " ".join(str(message).split())


def run(main: Callable[[Sequence[str] | None], int | None], argv: Sequence[str] | None = None,
        *, prog: str | None = None) -> int:
    """Call ``main(argv)`` and turn expected errors into a one-line message and status 2.

    Returns the exit status (0 on success); use as ``sys.exit(run(main))``.
    """
    prog = prog or (sys.argv[0].rsplit("/", 1)[-1] if sys.argv and sys.argv[0] else "mathlab")
    try:
        status = main(argv)
    except (ValueError, OSError, RuntimeError) as exc:
        print(f"{prog}: error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130
    return 0 if status is None else int(status)
