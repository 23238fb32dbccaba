"""HSIC independence tests of the columns of a CSV table (mathlab.hsic).

Three questions, one table of results each:

  pairs    mathlab hsic TABLE --x COL [--x COL ...] --y COL
           each --x column against --y (hsic_test); several are ranked by p-value, with
           p-values adjusted for multiple testing
  given    mathlab hsic TABLE --x COL [--x ...] --y COL --given COL [--given COL ...]
           each --x column against --y given the --given columns (kci_test: conditional
           independence)
  joint    mathlab hsic TABLE --joint --x COL --x COL [--x ...] [--y COL]
           one test of the joint independence of all the columns named (dhsic_test)

and --demo writes the gallery figure of classic relationships.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import math
import os
import re
import stat
import warnings
from pathlib import Path

from .._cli import ArgumentParser, CLIError, run
from ._pvalues import ADJUSTMENTS, adjust_pvalues
from ._table import read_table

__all__ = ["main", "build_parser", "PAIR_METHODS", "JOINT_METHODS", "GIVEN_METHODS",
           "APPROXIMATE_KERNELS", "KERNELS", "LIMITS"]

PAIR_METHODS = ("gamma", "permutation", "spectral", "rff", "nystrom", "block")
"""Methods of hsic_test offered for --x/--y pairs."""
APPROXIMATE_KERNELS = {"rff": ("gaussian",), "nystrom": ("gaussian", "laplace"),
                       "block": ("gaussian", "laplace")}
"""The approximate (linear-time) methods and the kernels they support."""
JOINT_METHODS = ("permutation", "bootstrap", "gamma")
"""Methods of dhsic_test (--joint)."""
GIVEN_METHODS = ("gamma", "spectral", "rcit")
"""Methods of kci_test (--given)."""
KERNELS = ("gaussian", "laplace", "linear", "polynomial", "distance")
"""Kernels for numeric columns (categorical columns always use the delta kernel)."""
DEFAULT_METHOD = {"pairs": "gamma", "given": "gamma", "joint": "permutation"}
MODE_METHODS = {"pairs": PAIR_METHODS, "given": GIVEN_METHODS, "joint": JOINT_METHODS}
_MODE_FLAG = {"given": "--given", "joint": "--joint"}
# options of one approximate method: CLI default and the hsic_test parameter
_METHOD_OPTIONS = {"rff": ("--n-features", "n_features", 512),
                   "nystrom": ("--n-inducing", "n_inducing", 256),
                   "block": ("--block-size", "block_size", 50)}
_FIGURE_FORMATS = (".png", ".pdf", ".svg")
# the library's stated maxima (tested to agree), checked before mathlab.hsic (numba) is imported
LIMITS = {"--permutations": (1, 1_000_000), "--n-features": (2, 8192),
          "--n-inducing": (1, 10_000), "--block-size": (4, 2000), "--seed": (0, 2**63 - 1)}
"""Allowed ranges of the count options (those of hsic_test: MAX_PERMUTATIONS, ...)."""

_METHOD_TEXT = {
    "gamma": "statistic n HSIC_b, p-value from hsic_test's analytic (moment-fitted) null",
    "permutation": "statistic n HSIC_b, p-value from {R} permutations of the --y column",
    "spectral": "statistic n HSIC_b, p-value from {R} draws of its spectral (eigenvalue) null",
    "rff": "statistic n HSIC of {n_features} random Fourier features per variable, p-value from "
           "{R} permutations of the feature rows",
    "nystrom": "statistic n_t HSIC of Nystrom features from {n_inducing} inducing rows (the "
               "other n_t rows are tested), p-value from {R} permutations of the feature rows",
    "block": "statistic z = sqrt(k) mean(block HSIC_u) / null sd over k blocks of "
             "{block_size} rows, normal p-value",
}
_GIVEN_TEXT = {
    "gamma": "KCI statistic, p-value from its gamma approximation",
    "spectral": "KCI statistic, p-value from {R} draws of its spectral null",
    "rcit": "RCIT statistic of random Fourier features, p-value from its fitted null",
}
_JOINT_TEXT = {
    "permutation": "statistic n dHSIC_b, p-value from {R} permutations of all but the first "
                   "column",
    "bootstrap": "statistic n dHSIC_b, p-value from {R} bootstrap draws",
    "gamma": "statistic n dHSIC_b, p-value from a gamma law fitted to its null moments",
}


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the description's layout; wide enough for the option names."""

    def __init__(self, prog):
        super().__init__(prog, max_help_position=30)


_EPILOG = """\
tables:
  The first non-blank row holds the column names (unique). UTF-8 with or without a
  byte-order mark; cells may be quoted ("1.5", "a; b"). The delimiter is detected among
  , ; TAB | unless --delimiter is given. Empty cells and NA, N/A, NaN, NULL, #N/A (any case)
  are missing: without --dropna a missing cell in a column used is an error naming its
  file line and column; with --dropna every row with one is dropped (the same rows for every
  test). A column whose cells are all numbers is numeric and uses --kernel; a column of text
  is categorical and uses the delta kernel k(a, b) = [a = b] (said in the output); a column
  mixing both is refused unless given with --categorical.

output:
  One row per test: the column, its kernel and bandwidth, the rows tested, the statistic,
  (pairs) the normalised HSIC of the exact methods or the z of the approximate ones, the
  p-value and the adjusted p-value. --csv and --json save the same table with full precision
  (--json adds what was read and how the tests were made).

examples:
  mathlab hsic examples/health.csv --y systolic --x age --x bmi --x smoker --x region
  mathlab hsic examples/health.csv --y systolic --x cholesterol --dropna --method permutation
  mathlab hsic examples/health.csv --y systolic --x cholesterol --given age --dropna
  mathlab hsic examples/health.csv --joint --x age --x systolic --x smoker --json out/joint.json

Bad arguments or unreadable tables: one line on stderr, exit status 2.
"""


def build_parser(prog: str = "mathlab hsic") -> ArgumentParser:
    """The argument parser of ``mathlab hsic`` (every option with its default)."""
    doc = __doc__.split("\n", 1)
    parser = ArgumentParser(prog=prog, description=doc[0] + "\n" + doc[1].rstrip(),
                            epilog=_EPILOG, formatter_class=_Formatter)
    add = parser.add_argument
    add("table", nargs="?", metavar="TABLE", help="CSV file with a header row")
    add("--x", action="append", default=[], metavar="COL",
        help="column to test (repeat for several); default: none")
    add("--y", metavar="COL", help="the column each --x is tested against (pairs, --given); "
                                   "with --joint one more variable; default: none")
    add("--joint", action="store_true",
        help="one dHSIC test of the joint independence of the --x columns (and --y); "
             "default: off")
    add("--given", action="append", default=[], metavar="COL",
        help="condition on this column (repeat for several): test each --x against --y "
             "given them (KCI); default: none")
    add("--method", metavar="NAME", choices=tuple(dict.fromkeys(PAIR_METHODS + GIVEN_METHODS + JOINT_METHODS)),
        help="pairs: exact gamma, permutation, spectral (n <= 3000); approximate, linear "
             "in n, for large tables: rff (gaussian kernel), nystrom, block (gaussian or "
             "laplace); --given: gamma, spectral, rcit; --joint: permutation, bootstrap, "
             "gamma; default: gamma (pairs, --given), permutation (--joint)")
    add("--kernel", default="gaussian", choices=KERNELS,
        help="kernel of the numeric columns, with the median-heuristic bandwidth for "
             "gaussian and laplace (categorical columns use the delta kernel); "
             "default: gaussian")
    add("--permutations", type=int, default=1000, metavar="R",
        help="permutations, bootstrap or simulated null draws (not used by gamma, block, "
             "rcit); default: 1000")
    for method, (flag, _, default) in _METHOD_OPTIONS.items():
        text = {"rff": "random Fourier feature columns per variable, even",
                "nystrom": "Nystrom inducing rows, not tested themselves, at most rows - 4",
                "block": "rows per block, at least 4; needs rows / block-size >= 30 blocks"}
        add(flag, type=int, metavar="N",
            help=f"{text[method]} (--method {method} only); default: {default}")
    add("--seed", type=int, default=0,
        help="random seed of permutations, draws, features and blocks; default: 0")
    add("--adjust", choices=tuple(ADJUSTMENTS),
        help="multiple-testing adjustment of the p-values of several --x: bh "
             "(Benjamini-Hochberg, false discovery rate), holm (family-wise error rate), "
             "none; default: bh with more than one --x, else none")
    add("--categorical", action="append", default=[], metavar="COL",
        help="treat this column's values as categories (delta kernel) even if they are "
             "numbers, e.g. codes 1, 2, 3 (repeat for several); default: none")
    add("--dropna", action="store_true",
        help="drop rows with a missing cell in any column used, instead of an error; "
             "default: off")
    add("--delimiter", metavar="CHAR",
        help="cell delimiter, one character (\\t or 'tab' for a tab); default: detected "
             "among , ; tab |")
    add("--decimal", choices=(".", ","), default=".", metavar="MARK",
        help="decimal mark of the numbers, . or , (then the delimiter cannot be ,); "
             "default: .")
    add("--csv", metavar="FILE", help="also write the table of results as CSV; default: none")
    add("--json", metavar="FILE", help="also write the results and what was read as JSON; "
                                       "default: none")
    add("--demo", action="store_true",
        help="write the gallery figure of classic relationships instead; default: off")
    add("--out", metavar="FILE", default="hsic_gallery.png",
        help="figure file of --demo (.png, .pdf or .svg); default: hsic_gallery.png")
    return parser


def main(argv=None, prog: str = "mathlab hsic") -> int:
    """Run ``mathlab hsic`` with ``argv``; return the exit status (2 with one line on error)."""
    def body(args):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # what matters is reported in the output
            return _main(args, prog)

    try:
        return run(body, argv, prog=prog)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2, already printed)
        return exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 2


# --------------------------------------------------------------------------- checks

def _mode(args) -> str:
    if args.joint and args.given:
        raise CLIError("--joint and --given cannot be combined")
    return "joint" if args.joint else "given" if args.given else "pairs"


def _check_arguments(args, parser) -> tuple[str, str, dict]:
    """Check the options (before any file is read or module imported); return mode, method,
    and the options of the method."""
    mode = _mode(args)
    if args.table is None:
        parser.error("give a CSV file (or --demo)")
    if mode == "joint":
        if len(dict.fromkeys(args.x + ([args.y] if args.y else []))) < 2:
            raise CLIError("--joint needs at least two different columns (--x, and --y)")
    elif not args.x or args.y is None:
        parser.error("give at least one --x COL and one --y COL (or --joint, or --demo)")
    method = args.method or DEFAULT_METHOD[mode]
    allowed = MODE_METHODS[mode]
    if method not in allowed:
        where = _MODE_FLAG.get(mode, "--x/--y pairs")
        raise CLIError(f"--method {method} is not a test for {where}; choose "
                       f"{', '.join(allowed)}")
    options = {}
    for name, (flag, parameter, default) in _METHOD_OPTIONS.items():
        value = getattr(args, parameter)
        if value is not None and method != name:
            raise CLIError(f"{flag} is an option of --method {name}; the {method} test does "
                           "not use it")
        if method == name:
            options[parameter] = default if value is None else value
    counts = {"--permutations": args.permutations, "--seed": args.seed}
    counts.update({_METHOD_OPTIONS[method][0]: value for value in options.values()})
    for flag, value in counts.items():
        low, high = LIMITS[flag]
        if not low <= value <= high:
            raise CLIError(f"{flag} must be an integer from {low} to {high}; got {value}")
    if options.get("n_features", 0) % 2:
        raise CLIError(f"--n-features counts cos and sin columns and must be even; "
                       f"got {options['n_features']}")
    if method in APPROXIMATE_KERNELS and args.kernel not in APPROXIMATE_KERNELS[method]:
        raise CLIError(f"--method {method} supports --kernel "
                       f"{' or '.join(APPROXIMATE_KERNELS[method])}; got {args.kernel}")
    tested = set(args.x) | {args.y}
    both = [name for name in dict.fromkeys(args.given) if name in tested]
    if both:
        raise CLIError(f"--given {both[0]!r} is also a tested column; condition on other "
                       "columns")
    return mode, method, options


def _delimiter(text: str | None) -> str | None:
    if text is None:
        return None
    value = {"\\t": "\t", "tab": "\t", "TAB": "\t"}.get(text, text)
    if len(value) != 1 or value in "\"\r\n" or value.isalnum() or value == ".":
        raise CLIError(f"--delimiter must be one character such as , ; | or \\t (tab), "
                       f"not a quote, letter or digit; got {text!r}")
    return value


def _check_outputs(outputs: dict, *, table: str | None = None,
                   formats: dict | None = None) -> dict[str, Path]:
    """Check every output path before any work: {flag: Path} of those given."""
    found, targets = {}, {}
    source = os.path.realpath(table) if table else None
    for flag, path in outputs.items():
        if path is None:
            continue
        shown = repr(path)
        if path == "" or path.endswith(os.sep) or Path(path).name in ("", ".", ".."):
            raise CLIError(f"{flag} must be a file name; got {shown}")
        allowed = (formats or {}).get(flag)
        if allowed and Path(path).suffix.lower() not in allowed:
            raise CLIError(f"{flag} {shown}: must end in {', '.join(allowed)}")
        target = os.path.realpath(path)
        if os.path.lexists(target):
            mode = os.stat(target).st_mode if os.path.exists(target) else 0
            if not stat.S_ISREG(mode):
                kind = "a directory" if stat.S_ISDIR(mode) else "not a regular file"
                raise CLIError(f"{flag} {shown}: it is {kind}; give a file name")
            if not os.access(target, os.W_OK):
                raise CLIError(f"{flag} {shown}: the file is read-only")
        directory = os.path.dirname(target)
        if not os.path.isdir(directory):
            raise CLIError(f"{flag} {shown}: directory {os.path.dirname(path)!r} does not "
                           "exist")
        if not os.access(directory, os.W_OK | os.X_OK):
            raise CLIError(f"{flag} {shown}: directory {os.path.dirname(path) or '.'!r} is "
                           "not writable")
        if target in targets:
            raise CLIError(f"{targets[target]} and {flag} both name {shown}; give each output "
                           "its own file")
        if target == source:
            raise CLIError(f"{flag} {shown} would overwrite the input table; choose another "
                           "file")
        targets[target] = flag
        found[flag] = Path(path)
    return found


def _check_columns(table, mode: str, method: str, args) -> None:
    """Refuse columns no test can use: constant, all distinct labels, or text where the
    method needs numbers."""
    import numpy as np

    for column in table.columns.values():
        n = column.values.size
        if column.categorical:
            count = len(column.categories)
            if count == 1:
                raise CLIError(f"column {column.name!r} has one value ({column.categories[0]!r}) "
                               f"in all {n} rows used; a constant cannot depend on anything")
            if count == n:
                raise CLIError(f"column {column.name!r} has a different text value in each of "
                               f"the {n} rows used (first {column.categories[0]!r}); as "
                               "categories they carry no information about dependence")
        elif np.ptp(column.values) == 0:
            raise CLIError(f"column {column.name!r} is constant ({column.values[0]:g} in all "
                           f"{n} rows used); a constant cannot depend on anything")
    text = [c.name for c in table.columns.values() if c.categorical]
    if text and (method in APPROXIMATE_KERNELS or mode == "given"):
        if mode == "pairs":
            raise CLIError(f"--method {method} works on numeric columns only; {text[0]!r} is "
                           "categorical (text): use --method gamma or permutation, which "
                           "test it with the delta kernel")
        raise CLIError(f"--given (the KCI test) works on numeric columns only; {text[0]!r} is "
                       "categorical (text)")


# --------------------------------------------------------------------------- messages

_FLAGS = {"n_permutations": "--permutations", "n_features": "--n-features",
          "n_inducing": "--n-inducing", "block_size": "--block-size", "random_state": "--seed"}
_VERBS = r"(?=\s(?:and|is|are|must|has|have|contains|labels)\b)"


def _in_flags(message: str, variables: dict[str, str]) -> str:
    """An API message in the command line's words: flags for parameters, columns for x, y."""
    message = " ".join(str(message).split())
    message = re.sub(r"\bmethod=(['\"]?)(\w+)\1", r"--method \2", message)
    message = re.sub(r"\bkernel(?:_y)?=(['\"]?)(\w+)\1", r"--kernel \2", message)
    message = re.sub(r"\bkernel(?:_y)?" + _VERBS, "--kernel", message)
    for name, flag in _FLAGS.items():  # in arithmetic such as "n // block_size": bracketed
        message = re.sub(rf"\b{name}=", f"{flag} ", message)
        message = re.sub(rf"(?<=[-+*/] ){name}\b", f"({flag})", message)
        message = re.sub(rf"\b{name}\b", flag, message)
    for name, column in variables.items():
        message = re.sub(rf"(?<![\w'\-.]){name}{_VERBS}", repr(column), message)
        message = re.sub(rf"\b(of|for|in) {name}\b(?![\w'(\[])", rf"\1 {column!r}", message)
        message = re.sub(rf"\bsigma{'' if name == 'x' else '_' + name}\b",
                         f"the bandwidth of {column!r}", message)
    return message


_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _from_mathlab(warning) -> bool:
    """A warning mathlab issued (its own category, or raised in its code), not a numerical
    RuntimeWarning."""
    if issubclass(warning.category, RuntimeWarning):
        return False
    own = getattr(warning.category, "__module__", "").split(".")[0] == "mathlab"
    return own or os.path.abspath(warning.filename).startswith(_PACKAGE + os.sep)


@contextlib.contextmanager
def _api(what: str, variables: dict[str, str], notes: list[str]):
    """Run a test: its errors become one CLI line naming the columns, its warnings notes."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        except CLIError:
            raise
        except ValueError as exc:
            raise CLIError(f"{what}: {_in_flags(exc, variables)}") from None
        except (ArithmeticError, MemoryError) as exc:
            raise CLIError(f"{what}: {type(exc).__name__} ({exc}); the values are outside "
                           "the range the numerics can handle") from None
    for warning in caught:
        if not _from_mathlab(warning):
            continue  # other libraries' warnings: results are checked on the way out
        note = f"{what}: {_in_flags(warning.message, variables)}"
        if note not in notes:
            notes.append(note)


# --------------------------------------------------------------------------- tests

def _kernel(column, args) -> str:
    return "delta" if column.categorical else args.kernel


def _rows_tested(res) -> int:
    return int(res.details.get("rows_tested", res.details.get("rows_used", res.n)))


def _z(res, method: str):
    """How many null standard deviations the statistic lies above the null mean."""
    import numpy as np

    if method == "block":
        return float(res.statistic)
    null = res.null_distribution
    sd = float(np.std(null, ddof=1)) if null is not None and null.size > 1 else 0.0
    return (float(res.statistic) - float(np.mean(null))) / sd if sd > 0 else None


def _pairs(table, args, method, options, notes) -> list[dict]:
    from mathlab.hsic import hsic, hsic_test

    y = table.columns[args.y]
    records = []
    for name in dict.fromkeys(args.x):
        x = table.columns[name]
        kx, ky = _kernel(x, args), _kernel(y, args)
        with _api(f"--x {name!r} against --y {args.y!r}", {"x": name, "y": args.y}, notes):
            res = hsic_test(x.values, y.values, method=method, kernel=kx, kernel_y=ky,
                            n_permutations=args.permutations, random_state=args.seed,
                            **options)
            normalised = z = None
            if method in APPROXIMATE_KERNELS:
                z = _z(res, method)  # from the test's own output: no O(n^2) pass
            else:
                normalised = hsic(x.values, y.values, kernel=kx, kernel_y=ky, sigma=res.sigma,
                                  sigma_y=res.sigma_y, normalize=True)
        records.append(_record(name, res, normalised=normalised, z=z))
    return records


def _given(table, args, method, notes) -> list[dict]:
    import numpy as np

    kci_test = _needed("kci_test", "--given")
    given = list(dict.fromkeys(args.given))
    z = np.column_stack([table.columns[name].values for name in given])
    y = table.columns[args.y]
    records = []
    for name in dict.fromkeys(args.x):
        x = table.columns[name]
        variables = {"x": name, "y": args.y, "z": ", ".join(given)}
        what = f"--x {name!r} against --y {args.y!r} given {', '.join(map(repr, given))}"
        with _api(what, variables, notes):
            res = kci_test(x.values, y.values, z, method=method,
                           n_permutations=args.permutations, random_state=args.seed,
                           kernel=args.kernel)
        records.append(_record(name, res))
    return records


def _joint(table, args, method, notes) -> list[dict]:
    dhsic_test = _needed("dhsic_test", "--joint")
    names = list(dict.fromkeys(args.x + ([args.y] if args.y else [])))
    columns = [table.columns[name] for name in names]
    kernels = [_kernel(column, args) for column in columns]
    with _api(f"--joint {', '.join(map(repr, names))}", {}, notes):
        res = dhsic_test(*(column.values for column in columns), method=method,
                         n_permutations=args.permutations, random_state=args.seed,
                         kernel=kernels)
    record = _record(" + ".join(names), res)
    record["kernel"] = ", ".join(kernels)
    sigmas = res.details.get("sigmas")
    record["sigma"] = None
    record["sigmas"] = list(sigmas) if sigmas is not None else None
    return [record]


def _needed(function: str, flag: str):
    import mathlab.hsic

    found = getattr(mathlab.hsic, function, None)
    if found is None:
        raise CLIError(f"{flag} needs mathlab.hsic.{function}, which this installation of "
                       f"mathlab does not have")
    return found


def _record(name: str, res, *, normalised=None, z=None) -> dict:
    return {"column": name, "kernel": res.kernel, "sigma": res.sigma, "rows": _rows_tested(res),
            "statistic": float(res.statistic), "hsic": float(res.hsic),
            "normalised": None if normalised is None else float(normalised),
            "z": None if z is None else float(z), "pvalue": float(res.pvalue),
            "target_kernel": res.kernel_y, "target_sigma": res.sigma_y}


# --------------------------------------------------------------------------- report

def _number(value, digits: int = 4) -> str:
    return "-" if value is None else f"{value:.{digits}g}"


def _print_table(records: list[dict], mode: str, method: str, adjusted: bool) -> None:
    score = None
    if mode == "pairs":
        score = "z" if method in APPROXIMATE_KERNELS else "normalised"
    columns = [("rank", lambda r: str(r["rank"]), ">"), ("column", lambda r: r["column"], "<"),
               ("kernel", lambda r: r["kernel"], "<"),
               ("sigma", lambda r: _number(r["sigma"]), ">"),
               ("rows", lambda r: str(r["rows"]), ">"),
               ("statistic", lambda r: _number(r["statistic"], 6), ">")]
    if score:
        columns.append((score, lambda r: _number(r[score]), ">"))
    else:
        columns.append(("dHSIC" if mode == "joint" else "hsic",
                        lambda r: _number(r["hsic"]), ">"))
    columns.append(("p-value", lambda r: _number(r["pvalue"], 3), ">"))
    if adjusted:
        columns.append(("p-adjusted", lambda r: _number(r["pvalue_adjusted"], 3), ">"))
    if mode == "joint":
        columns = [c for c in columns if c[0] not in ("rank", "sigma")]
    cells = [[get(r) for _, get, _ in columns] for r in records]
    widths = [max(len(title), *(len(row[k]) for row in cells))
              for k, (title, _, _) in enumerate(columns)]
    print("  ".join(f"{title:{align}{w}}" for (title, _, align), w in zip(columns, widths)))
    for row in cells:
        print("  ".join(f"{cell:{align}{w}}"
                        for cell, (_, _, align), w in zip(row, columns, widths)))


def _describe(mode, method, args, options, table, records, adjust) -> list[str]:
    fields = {"R": args.permutations, **options}
    names = ", ".join(repr(name) for name in dict.fromkeys(args.given))
    first = records[0]
    if mode == "pairs":
        lines = [f"HSIC test of independence of each --x column from --y {args.y!r}",
                 f"method {method}: {_METHOD_TEXT[method].format(**fields)}"]
    elif mode == "given":
        lines = [f"conditional independence of each --x column and --y {args.y!r} given "
                 f"{names} (kci_test)",
                 f"method {method}: {_GIVEN_TEXT[method].format(**fields)}"]
    else:
        lines = [f"joint independence of {', '.join(map(repr, table.columns))} (dhsic_test, "
                 f"d = {len(table.columns)})",
                 f"method {method}: {_JOINT_TEXT[method].format(**fields)}"]
    lines.insert(1, "table " + table.describe())
    bandwidth = " with the median-heuristic bandwidth" if args.kernel in ("gaussian",
                                                                          "laplace") else ""
    text = [repr(c.name) + f" ({len(c.categories)} categories)"
            for c in table.columns.values() if c.categorical]
    kernels = f"kernels: {args.kernel}{bandwidth} for numeric columns"
    if text:
        kernels += f"; delta (categorical, k(a, b) = [a = b]) for {', '.join(text)}"
    lines.append(kernels)
    if mode != "joint":
        sigma = first["target_sigma"]
        lines.append(f"--y {args.y!r}: {first['target_kernel']} kernel"
                     + (f", sigma = {sigma:.4g}" if sigma is not None else "")
                     + (" (KCI: bandwidths of the standardised columns, that of each --x "
                        "for it joined with the --given columns)" if mode == "given" else ""))
    if mode == "pairs" and method in APPROXIMATE_KERNELS:
        lines.append("z = (statistic - null mean) / null sd of the test's own null; no exact "
                     "O(n^2) pass is made" if method != "block" else
                     "z is the block statistic itself; no exact O(n^2) pass is made")
    elif mode == "pairs":
        lines.append("normalised = HSIC(x, y) / sqrt(HSIC(x, x) HSIC(y, y)), in [0, 1]")
    if len(records) > 1:
        how = ("p-adjusted: " + ADJUSTMENTS[adjust] + f" over {len(records)} tests "
               f"(--adjust {adjust})" if adjust != "none" else "p-values not adjusted "
               "(--adjust none)")
        order = "normalised HSIC" if mode == "pairs" and method not in APPROXIMATE_KERNELS \
            else "z" if mode == "pairs" else "statistic"
        lines.append(f"{how}; ranked by p-value, then {order}")
    if "sigmas" in first and first["sigmas"]:
        lines.append("bandwidths: " + ", ".join(_number(s) for s in first["sigmas"]))
    return lines


def _rank(records: list[dict], mode: str, method: str, adjust: str) -> list[dict]:
    key = "normalised" if mode == "pairs" and method not in APPROXIMATE_KERNELS else \
        "z" if mode == "pairs" else "statistic"

    def order(r):
        score = r[key]
        return (r["pvalue"], -score if score is not None else math.inf)

    adjusted = adjust_pvalues([r["pvalue"] for r in records], adjust)
    for record, value in zip(records, adjusted):
        record["pvalue_adjusted"] = float(value)
    return [{"rank": rank, **record}
            for rank, record in enumerate(sorted(records, key=order), start=1)]


_CSV_FIELDS = ("rank", "column", "kernel", "sigma", "rows", "statistic", "hsic", "normalised",
               "z", "pvalue", "pvalue_adjusted", "target", "target_kernel", "target_sigma",
               "given", "method", "adjust")


def _csv_text(records, meta) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_CSV_FIELDS)
    for record in records:
        row = {**record, "target": meta["target"], "given": ";".join(meta["given"]),
               "method": meta["method"], "adjust": meta["adjust"]}
        writer.writerow(["" if row.get(f) is None else row[f] for f in _CSV_FIELDS])
    return out.getvalue()


def _json_text(records, meta) -> str:
    clean = [{k: v for k, v in r.items() if not k.startswith("target")} for r in records]
    return json.dumps({**meta, "results": clean}, indent=2, allow_nan=False) + "\n"


# --------------------------------------------------------------------------- main

def _demo(args) -> int:
    outputs = _check_outputs({"--out": args.out}, formats={"--out": _FIGURE_FORMATS})
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from mathlab._figures import save_figure
    from mathlab.hsic.figures import gallery_figure

    fig = gallery_figure()
    try:
        print(f"wrote the gallery of relationships to {save_figure(fig, outputs['--out'])}")
    finally:
        plt.close(fig)
    return 0


def _main(argv, prog: str) -> int:
    parser = build_parser(prog)
    args = parser.parse_args(argv)
    if args.demo:
        used = [flag for flag, value in (("TABLE", args.table), ("--x", args.x),
                                         ("--y", args.y), ("--csv", args.csv),
                                         ("--json", args.json)) if value]
        if used:
            raise CLIError(f"--demo draws a built-in gallery; it takes no {', '.join(used)}")
        return _demo(args)
    mode, method, options = _check_arguments(args, parser)
    delimiter = _delimiter(args.delimiter)
    adjust = args.adjust or ("bh" if mode != "joint" and len(set(args.x)) > 1 else "none")
    outputs = _check_outputs({"--csv": args.csv, "--json": args.json}, table=args.table)

    names = args.x + ([args.y] if args.y else []) + args.given
    table = read_table(args.table, names, delimiter=delimiter, decimal=args.decimal,
                       dropna=args.dropna, categorical=args.categorical)
    _check_columns(table, mode, method, args)

    notes: list[str] = []
    if mode == "pairs":
        records = _pairs(table, args, method, options, notes)
    elif mode == "given":
        records = _given(table, args, method, notes)
    else:
        records = _joint(table, args, method, notes)
    records = _rank(records, mode, method, adjust)

    for line in _describe(mode, method, args, options, table, records, adjust):
        print(f"# {line}")
    for note in notes:
        print(f"# note: {note}")
    _print_table(records, mode, method, adjusted=adjust != "none" and mode != "joint")

    meta = {"input": args.table, "delimiter": table.delimiter, "rows_read": table.rows_read,
            "rows_dropped": table.dropped, "missing": table.missing, "rows_used": table.rows,
            "test": {"pairs": "hsic_test", "given": "kci_test", "joint": "dhsic_test"}[mode],
            "method": method, "kernel": args.kernel, "permutations": args.permutations,
            "seed": args.seed, **options, "target": args.y,
            "given": list(dict.fromkeys(args.given)),
            "categorical": [c.name for c in table.columns.values() if c.categorical],
            "adjust": adjust, "notes": notes}
    texts = {"--csv": lambda: _csv_text(records, meta), "--json": lambda: _json_text(records, meta)}
    from mathlab._io import atomic_write_text

    for flag, path in outputs.items():
        atomic_write_text(path, texts[flag]())
        print(f"wrote {path} ({flag[2:]})")
    return 0

