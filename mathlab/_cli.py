"""Helpers shared by the command-line front ends in scripts/.

Conventions (every script follows them through these helpers):

Errors
    Bad arguments or failures print ONE line on stderr and exit with status 2; no traceback
    for expected errors: ValueError (bad input, and mathlab's solver errors, which subclass
    it), OSError (files), RuntimeError (non-convergence reported by scipy), the arithmetic
    errors OverflowError, ZeroDivisionError and FloatingPointError, and MemoryError (reported
    as an argument outside the range the numerics can handle). Programming errors
    (TypeError, ...) still show a traceback.

Flag names in messages: ``run(main, flags={api_parameter: "--flag"})``
    The ONE mechanism for errors raised by the API: :func:`run` rewrites the message of any
    ValueError escaping ``main`` (other than a :class:`CLIError`, which the script words with
    flags itself) with :func:`flag_message`, so ``n must be an integer in [2, 26843545]; got
    2147483648`` is printed as ``--samples must be an integer in [2, 26843545]; got
    2147483648``. A parameter name is replaced where it is used as one: followed by ``must``,
    ``is``, ``has``, ``and``, ``or``, ``,`` or ``=`` (``x and y must ...``, ``(omega=1e+200,
    g=9.81)``), never inside an equation or another word. Checks that must happen before an
    expensive import (numba takes seconds) call the same :mod:`mathlab._validate` helpers
    with the flag as the name: ``count("--samples", args.samples, ...)``.

Outputs: ``check_outputs({"--out": args.out, "--csv": args.csv}, formats=...)``
    Called before any work starts, it checks ALL output paths of a command at once (directory
    exists and is writable, the path is not a directory, FIFO or device, suffixes, no two
    outputs naming the same file, no output overwriting an input) with messages quoting the
    flag and the user's path: ``--out 'x/y.png': directory 'x' does not exist``. Files are
    then written with :mod:`mathlab._io` (atomic; symbolic links written through).

Warnings
    Inside :func:`run`, a warning whose category is defined by mathlab (a ``mathlab.*``
    Warning subclass such as ``QuasiStaticWarning``) is printed as one line
    ``prog: warning: message``; every other warning (matplotlib's constrained_layout,
    scipy's interpolation, numpy's loadtxt, RuntimeWarnings) is dropped: results are checked
    on the way out, so these carry no information for a command-line user.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import warnings
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from ._io import OutputPathError, writable_target

__all__ = ["ArgumentParser", "run", "CLIError", "check_outputs", "check_directory",
           "flag_message"]


class CLIError(ValueError):
    """An error to report to the user as a one-line message (exit status 2)."""


class ArgumentParser(argparse.ArgumentParser):
    """argparse parser whose errors are a single line on stderr and exit status 2."""

    def error(self, message: str):  # noqa: D401 - argparse API
        self.exit(2, f"{self.prog}: error: {_one_line(message)}\n")


def _one_line(message: str) -> str:
    return " ".join(str(message).split())


_USE = r"(?=\s*(?:=|,|\s(?:must|is|are|has|have|and|or|cannot|needs?)\b))"


def flag_message(message: str, flags: Mapping[str, str]) -> str:
    """``message`` with each API parameter name of ``flags`` replaced by its flag.

    >>> flag_message("n must be an integer >= 2; got 1", {"n": "--samples"})
    '--samples must be an integer >= 2; got 1'
    >>> flag_message("length and span must satisfy length > span", {"length": "--length",
    ...              "span": "--span"})
    '--length and --span must satisfy length > span'
    >>> flag_message("omega^2 length / g is about 1e+399 (omega=1e+200, length=1, g=9.81)",
    ...              {"omega": "--omega", "g": "--g"})
    'omega^2 length / g is about 1e+399 (--omega=1e+200, length=1, --g=9.81)'
    """
    for name in sorted(flags, key=len, reverse=True):
        message = re.sub(rf"(?<![\w.\-/*^])(?<![/*^] ){re.escape(name)}(?![\w^]){_USE}",
                         lambda m, flag=flags[name]: flag, message)
    return message


_ARITHMETIC = {OverflowError: "numerical overflow", ZeroDivisionError: "division by zero",
               FloatingPointError: "floating-point error"}


def _arithmetic_message(exc: BaseException) -> str:
    kind = next((text for cls, text in _ARITHMETIC.items() if isinstance(exc, cls)),
                "arithmetic error")
    detail = exc.args[-1] if exc.args else ""
    if isinstance(exc, MemoryError):
        kind, detail = "out of memory", detail or "a size is too large"
    return (f"{kind} ({_one_line(detail)}): an argument is outside the range the numerics "
            "can handle")


def run(main: Callable[[Sequence[str] | None], int | None], argv: Sequence[str] | None = None,
        *, prog: str | None = None, flags: Mapping[str, str] | None = None) -> int:
    """Call ``main(argv)`` and turn expected errors into a one-line message and status 2.

    ``flags`` maps API parameter names to the command's flags for messages of ValueErrors
    raised by the API (see the module docstring; a :class:`CLIError` is printed as it is).
    Warnings are handled as the module docstring says. Returns the exit status (0 on
    success); use as ``sys.exit(run(main, prog=..., flags=...))``.
    """
    prog = prog or (sys.argv[0].rsplit("/", 1)[-1] if sys.argv and sys.argv[0] else "mathlab")

    def show(message, category, filename, lineno, file=None, line=None):
        if getattr(category, "__module__", "").split(".")[0] == "mathlab":
            print(f"{prog}: warning: {_one_line(message)}", file=sys.stderr)

    with warnings.catch_warnings():
        warnings.showwarning = show
        try:
            status = main(argv)
        except CLIError as exc:
            return _fail(prog, str(exc))
        except ValueError as exc:
            return _fail(prog, flag_message(_one_line(exc), flags or {}))
        except (ArithmeticError, MemoryError) as exc:
            return _fail(prog, _arithmetic_message(exc))
        except (OSError, RuntimeError) as exc:
            return _fail(prog, str(exc))
        except KeyboardInterrupt:
            print(f"{prog}: interrupted", file=sys.stderr)
            return 130
    return 0 if status is None else int(status)


def _fail(prog: str, message: str) -> int:
    print(f"{prog}: error: {_one_line(message)}", file=sys.stderr)
    return 2


def _suffix_text(suffixes: Sequence[str]) -> str:
    shown = [s if s.startswith(".") else "." + s for s in suffixes]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def check_outputs(outputs: Mapping[str, object] | Sequence[tuple[str, object]], *,
                  formats: Mapping[str, Sequence[str]] | None = None,
                  inputs: Mapping[str, object] | None = None) -> dict[str, Path]:
    """Check every output path of a command before any work; return {flag: Path} of those given.

    ``outputs`` maps each output flag to the user's path (None or "" when not given), or is
    a sequence of (flag, path) pairs when one flag names several files (an output folder);
    ``formats`` maps a flag to its allowed suffixes (case-insensitive); ``inputs`` maps an
    input's name (flag or argument) to its path, which no output may overwrite. Raises
    :class:`CLIError` naming the flag and quoting the path.

    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> out = os.path.join(folder, "a.png")
    >>> sorted(check_outputs({"--out": out, "--csv": None}))
    ['--out']
    >>> check_outputs({"--out": os.path.join(folder, "a.jpg")}, formats={"--out": (".png",)})
    Traceback (most recent call last):
    ...
    mathlab._cli.CLIError: --out '...a.jpg': must end in .png
    >>> check_outputs({"--out": out, "--csv": out})
    Traceback (most recent call last):
    ...
    mathlab._cli.CLIError: --out and --csv both name '...a.png'; give each output its own file
    """
    pairs = list(outputs.items()) if isinstance(outputs, Mapping) else list(outputs)
    given = [(flag, path) for flag, path in pairs if path not in (None, "")]
    targets: dict[Path, tuple[str, str]] = {}
    for flag, path in given:
        shown = repr(os.fspath(path)) if isinstance(path, (str, os.PathLike)) else repr(path)
        allowed = (formats or {}).get(flag)
        if allowed and Path(os.fspath(path)).suffix.lower() not in {
                s.lower() if s.startswith(".") else "." + s.lower() for s in allowed}:
            raise CLIError(f"{flag} {shown}: must end in {_suffix_text(allowed)}")
        try:
            target = writable_target(path, name=flag)
        except OutputPathError as exc:
            raise CLIError(f"{flag} {shown}: {exc.reason}") from None
        except ValueError as exc:  # not a path at all
            raise CLIError(str(exc)) from None
        if target in targets:
            raise CLIError(f"{targets[target][0]} and {flag} both name {shown}; give each "
                           "output its own file")
        targets[target] = (flag, shown)
    for name, path in (inputs or {}).items():
        if path in (None, ""):
            continue
        source = Path(os.path.realpath(os.fspath(path)))
        if source in targets:
            flag, shown = targets[source]
            raise CLIError(f"{flag} {shown} would overwrite the input {name}; choose another "
                           "output file")
    return {flag: Path(os.fspath(path)) for flag, path in given}


def check_directory(flag: str, path, *, missing_ok: bool = False) -> Path:
    """Check an output folder before any work: an existing writable folder, or (with
    ``missing_ok``) a missing one whose nearest existing parent is a writable folder, so that
    the caller can create it once everything else is checked. Nothing is created here.

    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> check_directory("--outdir", os.path.join(folder, "new"), missing_ok=True).name
    'new'
    >>> check_directory("--outdir", os.path.join(folder, "new"))
    Traceback (most recent call last):
    ...
    mathlab._cli.CLIError: --outdir '...new': folder does not exist
    """
    if not isinstance(path, (str, os.PathLike)) or os.fspath(path) == "":
        raise CLIError(f"{flag} must be a folder name; got {path!r}")
    folder = Path(os.fspath(path))
    shown = repr(os.fspath(path))
    probe = folder
    while not probe.exists():
        if probe.is_symlink():
            raise CLIError(f"{flag} {shown}: {str(probe)!r} is a dangling symbolic link")
        if not missing_ok:
            raise CLIError(f"{flag} {shown}: folder does not exist")
        probe = probe.parent
    if not probe.is_dir():
        raise CLIError(f"{flag} {shown}: {str(probe)!r} is not a folder")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise CLIError(f"{flag} {shown}: folder {str(probe)!r} is not writable")
    return folder
