#!/usr/bin/env python3
"""Test the dependence of CSV columns with HSIC (mathlab.hsic).

Usage:
  python scripts/hsic.py data.csv --x COL [--x COL ...] --y COL [--method gamma|permutation|spectral|rff|nystrom|block]
  python scripts/hsic.py --demo [--out FILE.png]

The CSV file has a header row with column names and numeric values. For each --x column the
script prints n * HSIC_b (the test statistic), the normalised HSIC and the p-value of the test
of independence from --y; several --x columns are ranked by p-value, then by normalised HSIC.
--demo writes the gallery figure of classic relationships. Errors: one line on stderr, exit 2.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mathlab._cli import ArgumentParser, CLIError, run  # noqa: E402


def read_columns(path: str, names: list[str]) -> dict[str, "np.ndarray"]:
    """Read the named numeric columns of a CSV file with a header row."""
    import numpy as np

    try:
        with open(path, newline="", encoding="utf-8") as handle:
            header = next(csv.reader(handle), None)
    except UnicodeDecodeError as exc:
        raise CLIError(f"cannot read {path!r}: not a UTF-8 text file") from exc
    if not header:
        raise CLIError(f"{path!r} is empty; expected a header row with column names")
    header = [h.strip() for h in header]
    missing = [c for c in names if c not in header]
    if missing:
        raise CLIError(f"column(s) {', '.join(map(repr, missing))} not in {path!r}; "
                       f"available: {', '.join(header)}")
    index = [header.index(c) for c in names]
    try:
        data = np.loadtxt(path, delimiter=",", skiprows=1, usecols=index, ndmin=2,
                          encoding="utf-8")
    except ValueError as exc:
        raise CLIError(f"cannot read the columns of {path!r} as numbers: {exc}") from exc
    return {name: data[:, k] for k, name in enumerate(names)}


def check_counts(args) -> None:
    """The count options against the library's stated maxima, named by their flags."""
    from mathlab.hsic.block import MAX_BLOCK_SIZE
    from mathlab.hsic.features import MAX_FEATURES, MAX_INDUCING
    from mathlab.hsic.independence import MAX_PERMUTATIONS

    for flag, value, low, high in (("--permutations", args.permutations, 1, MAX_PERMUTATIONS),
                                   ("--n-features", args.n_features, 2, MAX_FEATURES),
                                   ("--n-inducing", args.n_inducing, 1, MAX_INDUCING),
                                   ("--block-size", args.block_size, 4, MAX_BLOCK_SIZE),
                                   ("--seed", args.seed, 0, 2**63 - 1)):
        if not low <= value <= high:
            raise CLIError(f"{flag} must be an integer from {low} to {high}; got {value}")
    if args.n_features % 2:
        raise CLIError(f"--n-features counts cos and sin columns and must be even; "
                       f"got {args.n_features}")


def _demo(out: str) -> int:
    import matplotlib

    matplotlib.use("Agg")
    from mathlab._figures import save_figure
    from mathlab.hsic.figures import gallery_figure

    import matplotlib.pyplot as plt

    fig = gallery_figure()
    try:
        print(f"wrote {save_figure(fig, out)}")
    finally:
        plt.close(fig)
    return 0


def main(argv=None) -> int:
    parser = ArgumentParser(prog="hsic.py", description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", help="CSV file with a header row")
    parser.add_argument("--x", action="append", default=[], metavar="COL",
                        help="candidate column (repeat to rank several)")
    parser.add_argument("--y", metavar="COL", help="target column")
    parser.add_argument("--method", default="gamma",
                        choices=("gamma", "permutation", "spectral", "rff", "nystrom", "block"),
                        help="exact tests: gamma (default), permutation, spectral; approximate "
                             "tests for large n (Gaussian kernel): rff, nystrom, block")
    parser.add_argument("--kernel", default="gaussian",
                        choices=("gaussian", "laplace", "linear", "polynomial", "distance"),
                        help="kernel for both variables (default gaussian, median heuristic)")
    parser.add_argument("--permutations", type=int, default=1000,
                        help="permutations or spectral draws (default 1000)")
    parser.add_argument("--n-features", type=int, default=512,
                        help="random Fourier feature columns per variable (rff; default 512)")
    parser.add_argument("--n-inducing", type=int, default=256,
                        help="Nystrom inducing points, not tested themselves "
                             "(nystrom; default 256; at most n - 4)")
    parser.add_argument("--block-size", type=int, default=50,
                        help="samples per block (block; default 50; "
                             "needs n / block-size >= 30 blocks)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--demo", action="store_true", help="write the gallery figure")
    parser.add_argument("--out", default="hsic_gallery.png", help="figure file for --demo")
    args = parser.parse_args(argv)

    if args.demo:
        return _demo(args.out)
    if args.csv is None or not args.x or args.y is None:
        parser.error("give a CSV file, at least one --x COL and one --y COL (or --demo)")

    from mathlab.hsic import hsic, hsic_test

    check_counts(args)
    columns = read_columns(args.csv, list(dict.fromkeys(args.x + [args.y])))
    y = columns[args.y]
    rows = []
    for name in dict.fromkeys(args.x):
        try:
            res = hsic_test(columns[name], y, method=args.method, kernel=args.kernel,
                            n_permutations=args.permutations, random_state=args.seed,
                            n_features=args.n_features, n_inducing=args.n_inducing,
                            block_size=args.block_size)
            nhsic = hsic(columns[name], y, kernel=args.kernel, sigma=res.sigma,
                         sigma_y=res.sigma_y, normalize=True)
        except ValueError as exc:
            raise CLIError(f"column {name!r}: {exc}") from None
        rows.append((res.pvalue, -nhsic, name, res))
    rows.sort(key=lambda r: (r[0], r[1]))
    n = rows[0][3].n
    print(f"# HSIC against {args.y!r}: n = {n}, kernel = {args.kernel}, method = {args.method}")
    print(f"{'rank':>4}  {'column':<20} {'statistic':>12} {'normalised':>11} {'p-value':>10}")
    for rank, (p, neg, name, res) in enumerate(rows, start=1):
        print(f"{rank:>4}  {name:<20} {res.statistic:>12.6g} {-neg:>11.4f} {p:>10.3g}")
    return 0


if __name__ == "__main__":
    sys.exit(run(main, prog="hsic.py"))
