"""Size of the HSIC gamma tests under independence, by sample size, kernel and kind of data.

For each n, kernel and data kind, independent samples x, y (both of that kind, 1-D) are drawn
``reps`` times and tested with ``hsic_test(method="gamma")`` (the calibrated Pearson III fit of
the exact permutation moments) and ``method="gamma_gretton"`` (the published form). The table
gives the rejection rates at alpha = 0.01 and 0.05, with the binomial standard error of a
calibrated test, and the share of replicates for which the calibrated test warned
(CalibrationWarning: one point dominates the null variance; use the permutation test there).
Rates more than 3 standard errors from alpha are marked with '*'.

Data kinds: gauss N(0, 1); lognorm exp(N(0, 1)); t2 Student t with 2 degrees of freedom;
cauchy; multi a mixture of N(-4, 0.5^2), N(0, 0.5^2), N(4, 0.5^2); discrete Poisson(1)
counts (many ties). The delta kernel is run on the discrete kinds only: Poisson(1) labels
(unbalanced) and cat3, three equally likely labels.

Usage: python benchmarks/bench_calibration.py [--sizes 50,100,...] [--reps R] [--kernels ...]
The full table (n up to 2000) takes hours on a loaded 2-core machine; the default sizes stop
at 500. Prints one line per cell as it goes, then the table.
"""

from __future__ import annotations

import argparse
import math
import time
import warnings

import numpy as np

from mathlab.hsic import hsic_test
from mathlab.hsic.independence import CalibrationWarning

KERNELS = ("gaussian", "laplace", "linear", "polynomial", "distance", "delta")
KINDS = ("gauss", "lognorm", "t2", "cauchy", "multi", "discrete")
DELTA_KINDS = ("discrete", "cat3")


def draw(kind: str, n: int, rng: np.random.Generator) -> np.ndarray:
    if kind == "gauss":
        return rng.normal(size=n)
    if kind == "lognorm":
        return rng.lognormal(size=n)
    if kind == "t2":
        return rng.standard_t(2, size=n)
    if kind == "cauchy":
        return rng.standard_cauchy(size=n)
    if kind == "multi":
        return rng.choice([-4.0, 0.0, 4.0], n) + 0.5 * rng.normal(size=n)
    if kind == "discrete":
        return rng.poisson(1.0, n).astype(float)
    return rng.integers(0, 3, n).astype(float)   # cat3


def cell(n: int, kernel: str, kind: str, reps: int, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    p_cal, p_gre, warned, skipped = [], [], 0, 0
    for _ in range(reps):
        x, y = draw(kind, n, rng), draw(kind, n, rng)
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                p_cal.append(hsic_test(x, y, kernel=kernel).pvalue)
            warned += any(issubclass(w.category, CalibrationWarning) for w in caught)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                p_gre.append(hsic_test(x, y, kernel=kernel, method="gamma_gretton").pvalue)
        except ValueError:        # a sample constant under its kernel (tiny discrete samples)
            skipped += 1
    p_cal, p_gre = np.array(p_cal), np.array(p_gre)
    return {"n": n, "kernel": kernel, "kind": kind, "reps": p_cal.size, "skipped": skipped,
            "warned": warned / max(p_cal.size, 1),
            **{f"cal{a}": float(np.mean(p_cal <= a)) for a in (0.01, 0.05)},
            **{f"gre{a}": float(np.mean(p_gre <= a)) for a in (0.01, 0.05)}}


def mark(rate: float, alpha: float, reps: int) -> str:
    se = math.sqrt(alpha * (1 - alpha) / reps)
    return f"{100 * rate:5.2f}{'*' if abs(rate - alpha) > 3 * se else ' '}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,100,200,500")
    parser.add_argument("--reps", type=int, default=400)
    parser.add_argument("--kernels", default=",".join(KERNELS))
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    rows = []
    start = time.perf_counter()
    for n in [int(s) for s in args.sizes.split(",")]:
        for kernel in args.kernels.split(","):
            kinds = DELTA_KINDS if kernel == "delta" else args.kinds.split(",")
            for kind in kinds:
                # one seed per cell, so that cells are independent of each other
                seed = args.seed + 10_000 * n + 100 * KERNELS.index(kernel) + \
                    (KINDS + DELTA_KINDS).index(kind)
                row = cell(n, kernel, kind, args.reps, seed)
                rows.append(row)
                print(f"# {n:5d} {kernel:10s} {kind:8s} cal {row['cal0.01']:.4f} "
                      f"{row['cal0.05']:.4f} gretton {row['gre0.01']:.4f} {row['gre0.05']:.4f} "
                      f"warned {row['warned']:.2f} ({time.perf_counter() - start:.0f} s)",
                      flush=True)
    print()
    print("rejection rate (%) under independence; * = more than 3 binomial s.e. from alpha")
    print(f"{'n':>5} {'kernel':10} {'data':8} {'reps':>5} | {'calibrated gamma':^15} | "
          f"{'Gretton gamma':^15} | warned")
    print(f"{'':5} {'':10} {'':8} {'':5} | {'1%':>7}{'5%':>8} | {'1%':>7}{'5%':>8} |")
    for r in rows:
        reps = max(r["reps"], 1)
        print(f"{r['n']:5d} {r['kernel']:10} {r['kind']:8} {r['reps']:5d} | "
              f"{mark(r['cal0.01'], 0.01, reps)} {mark(r['cal0.05'], 0.05, reps)} | "
              f"{mark(r['gre0.01'], 0.01, reps)} {mark(r['gre0.05'], 0.05, reps)} | "
              f"{100 * r['warned']:5.1f}%")
    se1, se5 = (math.sqrt(a * (1 - a) / args.reps) for a in (0.01, 0.05))
    print(f"binomial s.e. with {args.reps} reps: {100 * se1:.2f}% at 1%, {100 * se5:.2f}% at 5%; "
          f"{time.perf_counter() - start:.0f} s in all")


if __name__ == "__main__":
    main()
