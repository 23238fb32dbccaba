#!/usr/bin/env python3
"""Fast exact HSIC for low-dimensional data: time and agreement, side by side, in one run.

Usage: python benchmarks/bench_hsic_fast.py [--quick] [--max-n N] [--csv PATH | --no-csv]

Data: y = sin(x) + 0.5 noise (1-D pairs; 2-D pairs take two such columns each).

1. Distance kernel, 1-D, n = 1e4 .. 1e7, ONE thread: mathlab's O(n log n) sums ("sorted")
   against dcor's fastest O(n log n) distance covariance (method "mergesort" and "avl"; dcor's
   V-statistic dCov^2 = 4 HSIC_b) and against mathlab's O(n^2) pass over the pairs where it
   finishes (n <= 1e5, both threads); agreement is |4 HSIC_b - dCov^2| / dCov^2.
2. Laplace kernel, 1-D, up to 1e7: time, agreement with the pass over the pairs up to 1e5.
3. Gaussian kernel, 1-D and 2-D, up to 1e7 (2-D up to 1e6 unless --max-n-2d is raised): the
   fast Gauss transform with tol = 1e-8 and 1e-10 (1-D; 1e-6 and 1e-8 in 2-D, where the grid
   of the joint space is 4-D) (time, the relative bound it reports, the true relative error
   against the pass over the pairs up to 1e5) and the random-feature estimate with 128
   features for comparison (its error against the Gauss transform at n > 1e5).
4. Permutation test, n = 1e5, 1000 permutations, 1-D (Gaussian and distance kernels).
5. The O(n^2) pass at n = 1e5 (Gaussian kernels) against its roofline: the same kernel
   evaluations (distances and the vectorised exp, both variables, every pair i < j) summed
   on contiguous arrays by the same threads, with no row sums or bookkeeping.

The machine is shared: timings of one run are noisy (the CPU time of the process is printed
next to the wall time for the single-threaded rows). The table is written to
benchmarks/results/hsic_fast.csv.
"""

from __future__ import annotations

import csv
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numba  # noqa: E402
import numpy as np  # noqa: E402
from numba import njit, prange  # noqa: E402

from mathlab._cli import ArgumentParser, run  # noqa: E402
from mathlab._io import atomic_write_text  # noqa: E402
from mathlab.hsic import hsic, hsic_rff, hsic_test, median_heuristic  # noqa: E402
from mathlab.hsic._pairs import _FAST, _exp_neg  # noqa: E402
from mathlab.hsic.kernels import prepare_pair  # noqa: E402
from mathlab.hsic.statistics import n_blocks, pair_sums  # noqa: E402

CSV_DEFAULT = ROOT / "benchmarks" / "results" / "hsic_fast.csv"
SIZES = (10_000, 100_000, 1_000_000, 10_000_000)
QUICK_SIZES = (10_000, 100_000)
PAIRS_MAX = 100_000
COLUMNS = ("section", "method", "kernel", "dim", "n", "seconds", "cpu_seconds", "rel_error",
           "rel_bound")


def make_pair(n, dim=1, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, dim))
    y = np.sin(x) + 0.5 * rng.normal(size=(n, dim))
    return (x[:, 0], y[:, 0]) if dim == 1 else (x, y)


def timed(fn):
    """(result, wall seconds, CPU seconds of this process)."""
    c0, t0 = time.process_time(), time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0, time.process_time() - c0


def fmt(value, spec):
    return "-" if value is None or (isinstance(value, float) and np.isnan(value)) else \
        format(value, spec)


class Table:
    def __init__(self):
        self.rows = []

    def add(self, section, method, kernel, dim, n, seconds, cpu=None, rel_error=None,
            rel_bound=None):
        self.rows.append(dict(section=section, method=method, kernel=kernel, dim=dim, n=n,
                              seconds=seconds, cpu_seconds=cpu, rel_error=rel_error,
                              rel_bound=rel_bound))
        print(f"  {method:22s} {kernel:9s} {dim:>3d} {n:>10,d} {fmt(seconds, '9.3f')} "
              f"{fmt(cpu, '9.3f')} {fmt(rel_error, '10.1e')} {fmt(rel_bound, '10.1e')}",
              flush=True)

    def header(self, title):
        print(f"\n{title}")
        print(f"  {'method':22s} {'kernel':9s} {'dim':>3s} {'n':>10s} {'wall s':>9s} "
              f"{'cpu s':>9s} {'rel.err':>10s} {'rel.bound':>10s}")

    def csv_text(self):
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in self.rows:
            writer.writerow({k: ("" if v is None else (f"{v:.6g}" if isinstance(v, float)
                                                        else v)) for k, v in row.items()})
        return out.getvalue()


def warm_up():
    """Load (or compile) every kernel the sections use, outside the timings."""
    for dim in (1, 2):
        x, y = make_pair(3000, dim)
        for algorithm in ("pairs", "gauss_transform"):
            hsic(x, y, algorithm=algorithm, tol=1e-8)
    x, y = make_pair(3000)
    for kernel in ("distance", "laplace"):
        for algorithm in ("pairs", "sorted"):
            hsic(x, y, kernel=kernel, algorithm=algorithm)
    for kernel in ("gaussian", "distance"):
        hsic_test(x, y, kernel=kernel, method="permutation", n_permutations=2)


def distance_section(table, sizes):
    import dcor

    table.header("1. distance kernel, 1-D, one thread: mathlab (sorted) vs dcor vs the pairs")
    threads = numba.get_num_threads()
    x, y = make_pair(2000)
    hsic(x, y, kernel="distance")
    for method in ("mergesort", "avl"):
        dcor.distance_covariance_sqr(x, y, method=method)
    for n in sizes:
        x, y = make_pair(n)
        numba.set_num_threads(1)
        try:
            value, wall, cpu = timed(lambda: hsic(x, y, kernel="distance"))
            best = None
            for method in ("mergesort", "avl"):
                d, dw, dc = timed(lambda: dcor.distance_covariance_sqr(x, y, method=method))
                table.add(1, f"dcor {method}", "distance", 1, n, dw, dc,
                          abs(4 * value - d) / d)
                best = dw if best is None else min(best, dw)
        finally:
            numba.set_num_threads(threads)
        table.add(1, "mathlab sorted", "distance", 1, n, wall, cpu)
        print(f"  -> dcor's fastest / mathlab = {best / wall:.1f}x")
        if n <= PAIRS_MAX:
            ref, pw, pc = timed(lambda: hsic(x, y, kernel="distance", algorithm="pairs"))
            table.add(1, "mathlab pairs (2 thr.)", "distance", 1, n, pw, pc,
                      abs(value - ref) / abs(ref))


def laplace_section(table, sizes):
    table.header("2. Laplace kernel, 1-D: sorted vs the pass over the pairs")
    for n in sizes:
        x, y = make_pair(n)
        sx, sy = median_heuristic(x), median_heuristic(y)
        value, wall, cpu = timed(lambda: hsic(x, y, kernel="laplace", sigma=sx, sigma_y=sy))
        err = None
        if n <= PAIRS_MAX:
            ref, pw, pc = timed(lambda: hsic(x, y, kernel="laplace", sigma=sx, sigma_y=sy,
                                             algorithm="pairs"))
            table.add(2, "mathlab pairs (2 thr.)", "laplace", 1, n, pw, pc)
            err = abs(value - ref) / abs(ref)
        table.add(2, "mathlab sorted", "laplace", 1, n, wall, cpu, err)


def gaussian_section(table, sizes, dims, max_n_2d):
    table.header("3. Gaussian kernel: fast Gauss transform (tol) vs the pairs and 128 RFF")
    for dim in dims:
        for n in sizes:
            if dim > 1 and n > max_n_2d:
                continue
            x, y = make_pair(n, dim)
            sub = slice(0, min(n, 2000))
            sx, sy = median_heuristic(x[sub]), median_heuristic(y[sub])
            ref = None
            if n <= PAIRS_MAX:
                ref, pw, pc = timed(lambda: hsic(x, y, sigma=sx, sigma_y=sy,
                                                 algorithm="pairs"))
                table.add(3, "mathlab pairs (2 thr.)", "gaussian", dim, n, pw, pc)
            best = None
            for tol in ((1e-8, 1e-10) if dim == 1 else (1e-6, 1e-8)):
                est, wall, cpu = timed(lambda: hsic(x, y, sigma=sx, sigma_y=sy, tol=tol,
                                                    algorithm="gauss_transform",
                                                    return_details=True))
                err = None if ref is None else abs(est.value - ref) / abs(ref)
                table.add(3, f"gauss_transform {tol:g}", "gaussian", dim, n, wall, cpu, err,
                          est.relative_error_bound)
                best = est.value
            reference = ref if ref is not None else best
            if dim == 1:
                rff, rw, rc = timed(lambda: hsic_rff(x, y, n_features=128, sigma=sx,
                                                     sigma_y=sy, random_state=0))
                table.add(3, "rff 128 features", "gaussian", dim, n, rw, rc,
                          abs(rff - reference) / abs(reference))


def permutation_section(table, n, permutations):
    table.header(f"4. permutation test, n = {n:,}, {permutations} permutations, 1-D")
    x, y = make_pair(n, seed=3)
    y = np.random.default_rng(4).permutation(y)  # independent pairs
    for kernel in ("gaussian", "distance"):
        res, wall, cpu = timed(lambda: hsic_test(x, y, kernel=kernel, method="permutation",
                                                 n_permutations=permutations,
                                                 random_state=0))
        bound = res.details.get("statistic_bound", 0.0) / res.statistic
        table.add(4, f"permutation ({res.details.get('algorithm', 'pairs')})", kernel, 1, n,
                  wall, cpu, None, bound)
        print(f"  -> p = {res.pvalue:.3f}")


@njit(parallel=True, fastmath=_FAST)
def _roofline(a, b, bounds):
    """sum over i < j of exp(-(a_i - a_j)^2) exp(-(b_i - b_j)^2): the kernel evaluations of
    the pass alone, vectorised over j on contiguous arrays, row blocks in parallel."""
    n = a.size
    nb = bounds.size - 1
    out = np.zeros(nb)
    for blk in prange(nb):
        total = 0.0
        for i in range(bounds[blk], bounds[blk + 1]):
            ai = a[i]
            bi = b[i]
            acc = 0.0
            for j in range(i + 1, n):
                dx = a[j] - ai
                dy = b[j] - bi
                acc += _exp_neg(dx * dx) * _exp_neg(dy * dy)
            total += acc
        out[blk] = total
    return out.sum()


def roofline_section(table, n):
    table.header(f"5. the O(n^2) pass at n = {n:,} against its roofline "
                 f"({numba.get_num_threads()} threads)")
    x, y = make_pair(n)
    pair = prepare_pair(x, y, kernel="gaussian", kernel_y=None, sigma=None, sigma_y=None,
                        degree=None, coef0=None, min_samples=2)
    a, b = pair.x.pass_data[0].copy(), pair.y.pass_data[0].copy()
    bounds = n_blocks(n)
    _roofline(a[:64], b[:64], n_blocks(64))
    pair_sums(prepare_pair(x[:2000], y[:2000], kernel="gaussian", kernel_y=None, sigma=None,
                           sigma_y=None, degree=None, coef0=None, min_samples=2))
    _, roof, roof_cpu = timed(lambda: _roofline(a, b, bounds))
    _, wall, cpu = timed(lambda: pair_sums(pair))
    table.add(5, "roofline (kernels only)", "gaussian", 1, n, roof, roof_cpu)
    table.add(5, "pairs pass", "gaussian", 1, n, wall, cpu)
    pairs = n * (n - 1) / 2
    print(f"  -> pass / roofline = {wall / roof:.2f} ({roof / pairs * 1e9:.2f} ns per pair for "
          f"the roofline, {wall / pairs * 1e9:.2f} for the pass)")


def main(argv=None):
    parser = ArgumentParser(prog="bench_hsic_fast.py", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="n <= 1e5, 100 permutations at n = 1e4, roofline at n = 2e4")
    parser.add_argument("--max-n", type=int, default=SIZES[-1], help="largest n to run")
    parser.add_argument("--max-n-2d", type=int, default=1_000_000,
                        help="largest n for the 2-D Gaussian rows (default 1e6)")
    parser.add_argument("--csv", default=str(CSV_DEFAULT), help="table to write")
    parser.add_argument("--no-csv", action="store_true", help="do not write the CSV")
    args = parser.parse_args(argv)
    if args.max_n < 10_000:
        parser.error(f"--max-n must be >= 10000; got {args.max_n}")
    csv_path = None if args.no_csv or args.quick else Path(args.csv)
    if csv_path is not None and not csv_path.parent.is_dir():
        parser.error(f"--csv: the folder of {args.csv!r} does not exist")
    sizes = [n for n in (QUICK_SIZES if args.quick else SIZES) if n <= args.max_n]
    print(f"numba threads: {numba.get_num_threads()}; the machine is shared, so timings are "
          "noisy (wall and CPU seconds)")
    table = Table()
    warm_up()
    distance_section(table, sizes)
    laplace_section(table, sizes)
    gaussian_section(table, sizes, (1, 2), args.max_n_2d)
    if args.quick:
        permutation_section(table, 10_000, 100)
        roofline_section(table, 20_000)
    else:
        permutation_section(table, 100_000, 1000)
        roofline_section(table, 100_000)
    if csv_path is not None:
        atomic_write_text(csv_path, table.csv_text())
        print(f"\nwrote {csv_path}")


if __name__ == "__main__":
    sys.exit(run(main))
