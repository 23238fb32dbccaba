#!/usr/bin/env python3
"""HSIC at scale: time, peak memory and error of exact, RFF, Nystrom and block HSIC.

Usage: python benchmarks/bench_hsic_scale.py [--quick] [--csv PATH | --no-csv] [--max-n N]

For n from 1e3 to 1e7 (one-dimensional pairs y = sin(x) + noise) it times, in this process:
  exact    mathlab.hsic.hsic (O(n^2) numba pair pass; up to n = 3e4)
  dense    a plain numpy baseline tr(KHLH)/n^2 with n x n matrices (up to n = 3e3)
  hyppo    hyppo.independence.Hsic().statistic (n x n kernels; up to n = 3e3)
  rff      mathlab.hsic.hsic_rff, 128 feature columns per variable (every n)
  rff32    the same with precision="single" (float32 features and chunk products)
  nystrom  mathlab.hsic.hsic_nystrom, 128 inducing points (up to n = 1e6)
  block    mathlab.hsic.hsic_block, B = 50 (from n = 1500, i.e. 30 blocks, up to n = 1e6)
Peak memory is the peak of memory allocated through Python/numpy during the call
(tracemalloc), i.e. the working memory of the method, not counting its input data. The
n = 1e7 inputs are written chunk-wise to .npy memory maps in a temporary folder, so the
benchmark's own data never sits in memory; the RFF call streams them in chunks of 16384 rows.

The relative error is |estimate - exact| / exact against mathlab.hsic.hsic on the same data
(biased HSIC; for block HSIC, the unbiased HSIC it estimates) where exact ran.

The floor of the n = 1e7 RFF run: 1e7 x 64 frequencies x 2 variables cos+sin evaluations at
numpy's measured throughput, plus the (D+1) x (D+1) products of n rows at the measured
single-threaded BLAS throughput, divided by the number of cores (mathlab runs one chunk per
core with single-threaded BLAS; multi-threaded OpenBLAS collapses on a shared machine). mathlab evaluates cos and sin with its own vectorised numba kernel, so it can beat
that floor; the BLAS-only part is printed as well.

The timing table is written (atomically) to benchmarks/results/hsic_scale.csv, which the
figure hsic_scale_timing reads.
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from mathlab._cli import ArgumentParser, run  # noqa: E402
from mathlab._io import atomic_write_text  # noqa: E402
from mathlab.hsic import hsic, hsic_block, hsic_nystrom, hsic_rff  # noqa: E402
from mathlab.hsic.features import DEFAULT_CHUNK_SIZE, _usable_cores  # noqa: E402
from mathlab.hsic.bandwidth import median_heuristic  # noqa: E402

CSV_DEFAULT = ROOT / "benchmarks" / "results" / "hsic_scale.csv"
FEATURES = 128
SIZES = (1_000, 3_000, 10_000, 30_000, 100_000, 1_000_000, 10_000_000)
LIMITS = {"exact": 30_000, "dense": 3_000, "hyppo": 3_000, "rff": 10 ** 9, "rff32": 10 ** 9,
          "nystrom": 1_000_000, "block": 1_000_000}
QUICK_SIZES = (1_000, 3_000, 10_000, 100_000)


def make_pair(n, seed=0, chunk=1_000_000):
    """In-memory sample pair y = sin(x) + 0.5 noise."""
    rng = np.random.default_rng(seed)
    x = np.empty(n)
    y = np.empty(n)
    for start in range(0, n, chunk):
        stop = min(start + chunk, n)
        x[start:stop] = rng.normal(size=stop - start)
        y[start:stop] = np.sin(x[start:stop]) + 0.5 * rng.normal(size=stop - start)
    return x, y


def make_memmap_pair(n, folder, seed=0, chunk=1_000_000):
    """The same kind of pair written chunk-wise to .npy memory maps."""
    rng = np.random.default_rng(seed)
    x = np.lib.format.open_memmap(folder / "x.npy", mode="w+", shape=(n,))
    y = np.lib.format.open_memmap(folder / "y.npy", mode="w+", shape=(n,))
    for start in range(0, n, chunk):
        stop = min(start + chunk, n)
        xs = rng.normal(size=stop - start)
        x[start:stop] = xs
        y[start:stop] = np.sin(xs) + 0.5 * rng.normal(size=stop - start)
    x.flush()
    y.flush()
    return (np.load(folder / "x.npy", mmap_mode="r"), np.load(folder / "y.npy", mmap_mode="r"))


def dense_numpy_hsic(x, y, sigma, sigma_y):
    """Baseline: explicit n x n Gram matrices, tr(K H L H) / n^2."""
    n = x.size
    k = np.exp(-np.subtract.outer(x, x) ** 2 / (2 * sigma ** 2))
    l_ = np.exp(-np.subtract.outer(y, y) ** 2 / (2 * sigma_y ** 2))
    kc = k - k.mean(axis=0) - k.mean(axis=1)[:, None] + k.mean()
    return float(np.sum(kc * l_)) / n ** 2


def hyppo_statistic(x, y):
    from hyppo.independence import Hsic

    return float(Hsic().statistic(x[:, None], y[:, None]))


def measure(fn, repeats=1):
    """(result, best seconds, peak MB of traced allocations)."""
    best = np.inf
    result = None
    peak = 0.0
    for _ in range(repeats):
        tracemalloc.start()
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
        peak = max(peak, tracemalloc.get_traced_memory()[1] / 2 ** 20)
        tracemalloc.stop()
    return result, best, peak


def floor_seconds(n, features=FEATURES, chunk=DEFAULT_CHUNK_SIZE, dtype=np.float64):
    """Time of the unavoidable work at this machine's measured per-core throughput.

    cos + sin of n * features/2 arguments per variable at numpy's throughput, and the
    (features+1)^2 products of n rows at single-threaded BLAS throughput, both divided by the
    number of usable cores (perfect parallel scaling, which is how mathlab runs the chunks).
    Returns (feature seconds, product seconds, GFLOP/s per core, ns per cos+sin argument).
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # then BLAS runs with its default threads (the floor is optimistic)
        import contextlib

        def threadpool_limits(**_):
            return contextlib.nullcontext()

    cores = _usable_cores()
    m = features // 2
    rng = np.random.default_rng(1)
    theta = rng.normal(size=(chunk, m))
    t0 = time.perf_counter()
    for _ in range(3):
        np.cos(theta)
        np.sin(theta)
    per_theta = (time.perf_counter() - t0) / 3 / theta.size  # cos + sin of one argument
    a = rng.normal(size=(chunk, features + 1)).astype(dtype)
    b = rng.normal(size=(chunk, features + 1)).astype(dtype)
    with threadpool_limits(limits=1, user_api="blas"):
        a.T @ b
        t0 = time.perf_counter()
        for _ in range(5):
            a.T @ b
        per_row = (time.perf_counter() - t0) / 5 / chunk
    gflops = 2 * (features + 1) ** 2 / per_row / 1e9
    return 2 * n * m * per_theta / cores, n * per_row / cores, gflops, per_theta * 1e9


def main(argv=None):
    parser = ArgumentParser(prog="bench_hsic_scale.py", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only (no CSV)")
    parser.add_argument("--csv", default=str(CSV_DEFAULT), help="timing table to write")
    parser.add_argument("--no-csv", action="store_true", help="do not write the CSV")
    parser.add_argument("--max-n", type=int, default=SIZES[-1], help="largest n to run")
    args = parser.parse_args(argv)
    if args.max_n < 1000:
        parser.error(f"--max-n must be >= 1000; got {args.max_n}")
    sizes = [n for n in (QUICK_SIZES if args.quick else SIZES) if n <= args.max_n]
    rows = []
    print(f"{'method':8s} {'n':>10s} {'seconds':>9s} {'peak MB':>9s} {'rel.err':>9s}")
    for n in sizes:
        big = n > 1_000_000
        tmp = tempfile.TemporaryDirectory() if big else None
        x, y = make_memmap_pair(n, Path(tmp.name)) if big else make_pair(n)
        sx, sy = median_heuristic(x[:2000]), median_heuristic(y[:2000])
        exact_b = exact_u = None
        timings = {}
        values = {}
        candidates = [
            ("exact", lambda: hsic(x, y, sigma=sx, sigma_y=sy)),
            ("dense", lambda: dense_numpy_hsic(x, y, sx, sy)),
            ("hyppo", lambda: hyppo_statistic(x, y)),
            ("rff", lambda: hsic_rff(x, y, n_features=FEATURES, sigma=sx, sigma_y=sy,
                                     random_state=0)),
            ("rff32", lambda: hsic_rff(x, y, n_features=FEATURES, sigma=sx, sigma_y=sy,
                                       random_state=0, precision="single")),
            ("nystrom", lambda: hsic_nystrom(x, y, n_inducing=FEATURES, sigma=sx, sigma_y=sy,
                                             random_state=0)),
            ("block", lambda: hsic_block(x, y, block_size=50, sigma=sx, sigma_y=sy,
                                         random_state=0).hsic),
        ]
        for method, fn in candidates:
            if n > LIMITS[method]:
                continue
            if method == "block" and n < 30 * 50:
                continue                  # the normal null needs >= 30 blocks of B = 50
            value, seconds, peak = measure(fn, repeats=3 if n <= 10_000 else 1)
            if method == "exact":
                exact_b = value
                exact_u = hsic(x, y, sigma=sx, sigma_y=sy, estimator="unbiased")
            reference = exact_u if method == "block" else exact_b
            rel = (abs(value - reference) / abs(reference)
                   if reference is not None
                   and method in ("rff", "rff32", "nystrom", "block", "dense")
                   else float("nan"))
            timings[method] = seconds
            values[method] = value
            rows.append((method, n, seconds, peak, rel))
            print(f"{method:8s} {n:10d} {seconds:9.4f} {peak:9.1f} {rel:9.2e}")
        if "exact" in timings:
            ratios = ", ".join(f"{m} {timings['exact'] / t:.3g}x" for m, t in timings.items()
                               if m != "exact")
            print(f"{'':8s} speed-up over exact at n={n}: {ratios}")
        if n == 10_000_000:
            feats, blas, gflops, ns = floor_seconds(n)
            rff_s = timings["rff"]
            print(f"\nRFF n=1e7, D=128 per variable: {rff_s:.2f} s (target < 10 s)")
            print(f"floor on {_usable_cores()} cores at numpy cos+sin ({ns:.1f} ns per argument) "
                  f"and single-threaded BLAS ({gflops:.0f} GFLOP/s per core): {feats:.2f} s features + {blas:.2f} s products "
                  f"= {feats + blas:.2f} s; mathlab / floor = {rff_s / (feats + blas):.2f}")
            print(f"BLAS-only floor {blas:.2f} s; mathlab / BLAS-only floor = {rff_s / blas:.2f}")
            _, blas32, gflops32, _ = floor_seconds(n, dtype=np.float32)
            rff32_s = timings["rff32"]
            print(f"precision='single': {rff32_s:.2f} s; float32 BLAS-only floor ({gflops32:.0f} "
                  f"GFLOP/s per core) {blas32:.2f} s; ratio {rff32_s / blas32:.2f}")
            print(f"agreement single vs double at n=1e7: relative difference "
                  f"{abs(values['rff32'] - values['rff']) / values['rff']:.1e}")
        if tmp is not None:
            del x, y
            tmp.cleanup()
    if not args.quick and not args.no_csv:
        lines = ["method,n,seconds,peak_mb,rel_error"]
        lines += [f"{m},{n},{s:.6g},{p:.4g},{e:.4g}" for m, n, s, p, e in rows]
        path = atomic_write_text(args.csv, "\n".join(lines) + "\n")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(run(main, prog="bench_hsic_scale.py"))
