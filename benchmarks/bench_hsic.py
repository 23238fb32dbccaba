#!/usr/bin/env python3
"""Benchmark exact HSIC (mathlab.hsic) against hyppo in the same process; print ratio tables.

1. Statistic: hyppo's ``Hsic().statistic`` (normalised unbiased HSIC, Gaussian kernel with
   gamma = 1/(2 med^2) for both variables) against ``hsic(..., estimator="unbiased",
   normalize=True)`` with the same bandwidth, n = 1000, 2000, 4000 (target >= 30x).
2. Permutation test, 1000 permutations, n = 1000, against hyppo's permutation path
   (``Hsic().test(..., auto=False)``). hyppo needs about a second per permutation on this kind of
   machine, so its cost per permutation is measured from two short runs (difference of
   ``reps`` = 30 and 10, which cancels the fixed cost) and scaled to 1000 (target >= 20x).
3. Exact HSIC at n = 100,000 in a subprocess: seconds, peak resident memory during the call
   (Linux: VmHWM after resetting it through /proc/self/clear_refs; target < 500 MB)
   and the ratio to the floor of n^2 kernel evaluations at numpy's measured exp throughput
   (target <= 2).

Usage: python benchmarks/bench_hsic.py [--quick]
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from mathlab.hsic import hsic, hsic_test, median_heuristic  # noqa: E402


def best_of(fn, repeat=3):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def data(n, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 1))
    return x, np.sin(2 * x) + rng.normal(size=(n, 1))


def bench_statistic(ns):
    from hyppo.independence import Hsic

    print("\n1. statistic: normalised unbiased HSIC, Gaussian kernel, hyppo's bandwidth")
    print(f"{'n':>6} {'hyppo s':>9} {'mathlab s':>10} {'ratio':>7} {'rel. diff':>10}")
    hsic(*data(50))  # load the compiled kernels
    Hsic().statistic(*data(50))
    for n in ns:
        x, y = data(n)
        med = median_heuristic(x)
        gamma = 1.0 / (2 * med**2)
        t_h, s_h = best_of(lambda: Hsic(gamma=gamma).statistic(x, y), repeat=1 if n > 2000 else 2)
        t_m, s_m = best_of(lambda: hsic(x, y, sigma=med, sigma_y=med, estimator="unbiased",
                                        normalize=True), repeat=7)
        print(f"{n:>6} {t_h:>9.3f} {t_m:>10.4f} {t_h / t_m:>7.0f} {abs(s_m - s_h) / abs(s_h):>10.1e}")


def bench_permutation(n, reps_ours=1000):
    from hyppo.independence import Hsic

    print(f"\n2. permutation test, n = {n}, {reps_ours} permutations")
    x, y = data(n, seed=1)
    hsic_test(x[:50], y[:50], method="permutation", n_permutations=10, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        Hsic().test(x[:30], y[:30], reps=5, auto=False)
        t10, _ = best_of(lambda: Hsic().test(x, y, reps=10, auto=False), repeat=1)
        t30, (_, p_h) = best_of(lambda: Hsic().test(x, y, reps=30, auto=False), repeat=1)
    per_perm = max(t30 - t10, 1e-9) / 20
    fixed = max(t10 - 10 * per_perm, 0.0)
    t_h = fixed + reps_ours * per_perm
    t_m, res = best_of(lambda: hsic_test(x, y, method="permutation", n_permutations=reps_ours,
                                         random_state=0), repeat=2)
    print(f"hyppo: {per_perm * 1e3:.1f} ms per permutation (+{fixed:.2f} s fixed) -> "
          f"{t_h:.1f} s for {reps_ours} (extrapolated from reps = 10 and 30)")
    print(f"mathlab: {t_m:.3f} s for {reps_ours}  (dense path: {res.details['dense']})")
    print(f"ratio: {t_h / t_m:.0f}x   p-values: mathlab {res.pvalue:.3f}, hyppo (30 reps) "
          f"{p_h:.3f}")


_CHILD = r"""
import json, sys, time
sys.path.insert(0, {root!r})
import numpy as np
from mathlab.hsic import hsic


def rss_mb(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024


rng = np.random.default_rng(0)
n = {n}
x = rng.normal(size=n); y = np.sin(2 * x) + rng.normal(size=n)
hsic(x[:3000], y[:3000])  # load (or compile) the kernels and start the thread pool
before = rss_mb("VmRSS")
with open("/proc/self/clear_refs", "w") as f:  # reset the peak (VmHWM) to the current RSS
    f.write("5")
t = time.perf_counter(); value = hsic(x, y); seconds = time.perf_counter() - t
peak = rss_mb("VmHWM")
a = -rng.uniform(0, 10, 10_000_000); out = np.empty_like(a); per_exp = []
for _ in range(5):  # numpy exp throughput in the same process, right after the call
    t = time.perf_counter(); np.exp(a, out=out); per_exp.append((time.perf_counter() - t) / a.size)
print(json.dumps({{"seconds": seconds, "value": value, "peak_mb": peak, "before_mb": before,
                   "per_exp": min(per_exp)}}))
"""


def bench_large(n):
    print(f"\n3. exact HSIC at n = {n:,} (Gaussian kernels, median heuristic, subprocess)")
    proc = subprocess.run([sys.executable, "-c", _CHILD.format(root=str(ROOT), n=n)],
                          capture_output=True, text=True, check=True)
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    per_exp = out["per_exp"]
    floor = n * float(n) * per_exp
    print(f"time {out['seconds']:.2f} s, HSIC_b = {out['value']:.6e}")
    print(f"peak resident memory during the call {out['peak_mb']:.0f} MB (process before the "
          f"call: {out['before_mb']:.0f} MB; a dense Gram matrix alone would be "
          f"{n * n * 8 / 2**30:.0f} GB)")
    print(f"floor: n^2 = {n * float(n):.1e} exp evaluations at numpy's {per_exp * 1e9:.2f} ns "
          f"each = {floor:.2f} s; ratio to floor {out['seconds'] / floor:.2f}")


def main(argv=None):
    quick = "--quick" in (argv if argv is not None else sys.argv[1:])
    import numba

    print(f"numba threads: {numba.get_num_threads()}; timings on a shared machine are noisy")
    bench_statistic((1000, 2000) if quick else (1000, 2000, 4000))
    bench_permutation(1000)
    bench_large(20_000 if quick else 100_000)


if __name__ == "__main__":
    main()
