#!/usr/bin/env python3
"""Benchmark: Kolodner bifurcation diagram, numba shooting against a plain solve_ivp shooting.

Both sides run the same complete mode search of ``mathlab.rope.kolodner.bifurcation_diagram``
(bisection of the sign-change count of U', brentq at the scan tolerance, secant polishing at
full accuracy) at every omega; only the integrator differs: the numba Dormand-Prince 5(4)
kernel, or ``scipy.integrate.solve_ivp`` (DOP853, the fastest scipy method at these
tolerances, and the default RK45 for reference). The diagram covers omega / sqrt(g/L) from 0.5
to 9.8 (past omega_6 = 9.036), so every branch up to the sixth is computed.

The reference is slow, so it is timed on every k-th omega (``--stride``) and extrapolated per
omega to the whole grid; the printout says so. Agreement is the largest relative difference of
the free-end radii on those omegas.

Usage: python benchmarks/bench_rope.py [--omegas N] [--stride K] [--repeat R]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from mathlab._cli import ArgumentParser, run  # noqa: E402
from mathlab.rope import kolodner  # noqa: E402


def _timed(fn, *args, **kwargs):
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - t0, out


def _max_rel_diff(x, y):
    """Largest relative difference of the free-end radii of two diagrams' common branches."""
    if not np.array_equal(x.exists, y.exists):
        return float("inf")          # a branch found by one side only
    both = x.exists
    return (float(np.max(np.abs(x.free_radius[both] / y.free_radius[both] - 1.0)))
            if both.any() else 0.0)


def main(argv=None):
    parser = ArgumentParser(prog="bench_rope.py", description=__doc__.splitlines()[0])
    parser.add_argument("--omegas", type=int, default=300,
                        help="number of omega values in the diagram (>= 2, default 300)")
    parser.add_argument("--stride", type=int, default=10,
                        help="time the reference on every K-th omega (default 10)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="repetitions of the mathlab timing; the best is kept (default 3)")
    parser.add_argument("--no-rk45", action="store_true",
                        help="skip the (slowest) solve_ivp RK45 reference")
    args = parser.parse_args(argv)
    if args.omegas < 2 or args.stride < 1 or args.repeat < 1:
        parser.error("--omegas must be >= 2, --stride and --repeat >= 1")

    length, g = 1.0, 9.81
    unit = np.sqrt(g / length)
    scaled = np.linspace(0.5, 9.8, args.omegas)
    omega = scaled * unit
    subset = omega[::args.stride]

    print(f"Kolodner bifurcation diagram: {omega.size} omegas, omega/sqrt(g/L) in "
          f"[{scaled[0]:g}, {scaled[-1]:g}] (omega_6/sqrt(g/L) = "
          f"{kolodner.critical_speeds(6, 1.0, 1.0)[-1]:.4f}), all branches")

    t_first, _ = _timed(kolodner.bifurcation_diagram, omega[-3:], length, g)
    times = []
    for _ in range(args.repeat):
        t, fast = _timed(kolodner.bifurcation_diagram, omega, length, g)
        times.append(t)
    t_fast = min(times)
    print(f"  branches found: {fast.free_radius.shape[1]}, mode counts "
          f"{int(fast.mode_count.min())}..{int(fast.mode_count.max())}, "
          f"{fast.integrations} shooting integrations")
    print(f"  first call (numba compile or cache load, last 3 omegas): {t_first:8.3f} s")
    print(f"  mathlab diagram after compilation (best of {args.repeat}): {t_fast:8.3f} s "
          f"({1e6 * t_fast / fast.integrations:.1f} us per integration)")

    fast_sub = kolodner.bifurcation_diagram(subset, length, g)
    rows = []
    methods = [("DOP853", "solve_ivp")]
    if not args.no_rk45:
        methods.append(("RK45", "solve_ivp_rk45"))
    for label, key in methods:
        t_sub, ref = _timed(kolodner.bifurcation_diagram, subset, length, g, method=key)
        t_ref = t_sub * omega.size / subset.size
        rows.append((label, t_sub, t_ref, t_ref / t_fast,
                     _max_rel_diff(fast_sub, ref),
                     np.array_equal(fast_sub.mode_count, ref.mode_count)))

    print(f"\n  reference timed on {subset.size} of the {omega.size} omegas (every "
          f"{args.stride}-th), extrapolated per omega to the whole diagram:")
    print(f"  {'baseline':<22} {'subset s':>9} {'diagram s':>10} {'speed-up':>9} "
          f"{'max rel diff r_free':>20} {'same counts':>12}")
    print(f"  {'mathlab (numba DP5)':<22} {'':>9} {t_fast:10.3f} {1.0:9.1f} {'':>20} {'':>12}")
    for label, t_sub, t_ref, ratio, diff, same in rows:
        print(f"  {'solve_ivp ' + label:<22} {t_sub:9.3f} {t_ref:10.2f} {ratio:9.1f} "
              f"{diff:20.2e} {str(same):>12}")
    print("\n  targets: >= 50x faster than the reference, whole diagram < 1 s after compilation")
    return 0


if __name__ == "__main__":
    sys.exit(run(main, prog="bench_rope.py"))
