#!/usr/bin/env python3
"""Benchmark: the D-form solver (dform) against closed forms, its convergence, and its speed.

Three tables, all timed in this process (best of --repeat runs):

1. ``dform(..., method="alexandrov")`` against the exact two-cylinder solid where it is the
   D-form: two 2 x 1 ellipses at offset 1/4 (the post's gluing), and the ellipse with the
   circle of equal perimeter, the circle as sheet 1 at offset 0.1 (a circle turns freely, so
   every offset gives glue(ellipse, circle)), at several tolerances; error = |V - V_exact|.
2. Convergence in the discretisation for the 45-degree gluing (two 2 x 1 ellipses, offset
   1/8): the discrete volumes V_n, n^2 (V_n - V) and the once-extrapolated values, with V
   from the finest extrapolation.
3. The target, any pair of smooth outlines to 1e-8 (relative) in volume in under 2 s:
   time and estimated error (true error where a closed form exists) for several pairs at the
   default tol = 1e-8.

Timings depend on the load of the machine; run it on a quiet one for the numbers to quote.

Usage: python benchmarks/bench_dform.py [--repeat R]
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from bench_gluing import _best  # noqa: E402  (best of R runs, the same helper)
from mathlab._cli import ArgumentParser, run  # noqa: E402
from mathlab.gluing import (Circle, Ellipse, Outline, Superellipse, dform, glue,  # noqa: E402
                            match_perimeter)


def _egg(t):
    return np.cos(t) * (1.0 + 0.15 * np.cos(t)), 0.8 * np.sin(t)


def closed_forms(repeat):
    e = Ellipse(2.0, 1.0)
    c = Circle(2.0 * e.quarter_length / math.pi)
    cases = (("2x1 ellipses, offset 1/4", (e,), {}, glue(e).volume),
             ("circle + 2x1 ellipse, offset 0.1", (c, e), {"offset": 0.1}, glue(e, c).volume))
    print("1. discrete solver against the closed form")
    print(f"{'pair':34s} {'tol':>7s} {'time s':>8s} {'n':>6s} {'V':>16s} {'|V - exact|':>12s}"
          f" {'estimate':>9s}")
    for name, sheets, kw, exact in cases:
        t, form = _best(repeat, dform, *sheets, **kw)
        print(f"{name:34s} {'auto':>7s} {t:8.3f} {'-':>6s} {form.volume:16.12f} "
              f"{abs(form.volume - exact):12.2e} {form.volume_error:9.1e}  ({form.method})")
        for tol in (1e-6, 1e-8, 1e-10):
            t, form = _best(repeat, dform, *sheets, method="alexandrov", tol=tol, **kw)
            print(f"{name:34s} {tol:7.0e} {t:8.3f} {form.resolution[-1]:6d} "
                  f"{form.volume:16.12f} {abs(form.volume - exact):12.2e} "
                  f"{form.volume_error:9.1e}")


def convergence():
    form = dform(Ellipse(2.0, 1.0), offset=0.125, tol=1e-12)
    n = np.array(form.resolution, dtype=float)
    v = np.array(form.volumes)
    once = (4.0 * v[1:] - v[:-1]) / 3.0
    print("\n2. convergence for two 2x1 ellipses glued 45 degrees apart (offset 1/8)")
    print(f"   V = {form.volume:.12f} +- {form.volume_error:.1e} (finest extrapolation)")
    print(f"{'n':>7s} {'V_n':>16s} {'n^2 (V_n - V)':>14s} {'extrapolated':>16s} {'change':>10s}")
    for k in range(len(n)):
        ext = f"{once[k - 1]:16.12f}" if k else " " * 16
        change = f"{once[k - 1] - once[k - 2]:10.1e}" if k >= 2 else " " * 10
        print(f"{int(n[k]):7d} {v[k]:16.12f} {n[k] ** 2 * (v[k] - form.volume):14.4f} {ext} "
              f"{change}")


def target(repeat):
    e = Ellipse(2.0, 1.0)
    c = Circle(2.0 * e.quarter_length / math.pi)
    squircle = Superellipse(1.0, 1.0, 4.0)
    egg = Outline.from_function(_egg, (0.0, 2.0 * math.pi))
    cases = (
        ("2x1 ellipses, 45 degrees", (e,), {"offset": 0.125}, None),
        ("2x1 ellipses, 22.5 degrees", (e,), {"offset": 0.0625}, None),
        ("2x1 ellipses, 85 degrees", (e,), {"offset": 85 / 360}, None),
        ("circle + 2x1 ellipse, 0.1", (c, e), {"offset": 0.1}, glue(e, c).volume),
        ("squircle + circle", (squircle, match_perimeter(Circle(1.0), squircle)), {}, None),
        ("superellipse p = 4, congruent", (Superellipse(2.0, 1.0, 4.0),), {}, None),
        ("egg + circle", (egg, match_perimeter(Circle(1.0), egg)), {}, None),
    )
    print("\n3. target: smooth pairs to 1e-8 (relative) in under 2 s, default tol = 1e-8")
    print(f"{'pair':32s} {'time s':>8s} {'n':>6s} {'V':>15s} {'est. rel.':>10s} "
          f"{'true rel.':>10s}")
    for name, sheets, kw, exact in cases:
        t, form = _best(repeat, dform, *sheets, **kw)
        true = f"{abs(form.volume - exact) / exact:10.1e}" if exact is not None else " " * 10
        n = form.resolution[-1] if form.resolution else "-"
        print(f"{name:32s} {t:8.3f} {n!s:>6s} {form.volume:15.11f} "
              f"{form.volume_error / form.volume:10.1e} {true}")


def main(argv=None):
    parser = ArgumentParser(prog="bench_dform.py", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs per timing (best of; 1)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        raise ValueError(f"--repeat must be an integer >= 1; got {args.repeat}")
    closed_forms(args.repeat)
    convergence()
    target(args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(run(main, prog="bench_dform.py"))
