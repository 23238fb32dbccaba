#!/usr/bin/env python3
"""Benchmark: the post's finite-difference seam against mathlab's exact gluing (a = 2, b = 1).

Three computations are timed in the same process (best of --repeat runs):

* ``article_scheme(step=1e-6)``: the post's own scheme (a million-point grid in y);
* ``glue_ellipses(a, b)``: exact l, X and V (elliptic integrals, Gauss-Legendre quadrature),
  including the construction of the ellipse's arc-length table;
* ``seam(n=1_000_000)`` of the exact solid: a million seam points (x by cumulative Simpson).

Errors are measured against a reference computed with mpmath at 30 significant digits
(complete elliptic integral for l; tanh-sinh quadrature in the ellipse parameter with
root-finding for s -> t for X and V), independent of mathlab's code path.

Targets: glue_ellipses at least 10 times faster and 1000 times more accurate than the
scheme; the million-point exact seam within 3 times the scheme's time.

Usage: python benchmarks/bench_gluing.py [--a A] [--b B] [--repeat R] [--dps D]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mathlab._cli import ArgumentParser, run  # noqa: E402
from mathlab.gluing import article_scheme, glue_ellipses  # noqa: E402


def _best(repeat, fn, *args, **kwargs):
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn(*args, **kwargs)
        best = min(best, time.perf_counter() - t0)
    return best, out


def reference(a, b, dps=30):
    """l, X, V for the ellipse (a, b), a > b, with mpmath at ``dps`` digits."""
    import mpmath as mp

    mp.mp.dps = dps
    a, b = mp.mpf(a), mp.mpf(b)
    m = 1 - (a / b) ** 2

    def arc(t):
        return b * mp.ellipe(t, m)

    def speed(t):
        return mp.sqrt((a * mp.sin(t)) ** 2 + (b * mp.cos(t)) ** 2)

    l = arc(mp.pi / 2)

    def parts(t):
        target = l - arc(t)
        u = mp.findroot(lambda v: arc(v) - target, (mp.mpf(0), mp.pi / 2), solver="anderson")
        d1 = b * mp.cos(t) / speed(t)
        d2 = b * mp.cos(u) / speed(u)
        root = mp.sqrt(max(1 - d1 ** 2 - d2 ** 2, 0)) * speed(t)
        return root, 4 * b * mp.sin(t) * b * mp.sin(u) * root

    cache = {}

    def part(t, k):
        if t not in cache:
            cache[t] = parts(t)
        return cache[t][k]

    depth = mp.quad(lambda t: part(t, 0), [0, mp.pi / 4, mp.pi / 2])
    volume = mp.quad(lambda t: part(t, 1), [0, mp.pi / 4, mp.pi / 2])
    return float(l), float(depth), float(volume)


def main(argv=None):
    parser = ArgumentParser(prog="bench_gluing.py", description=__doc__.splitlines()[0])
    parser.add_argument("--a", type=float, default=2.0, help="bent semi-axis (2)")
    parser.add_argument("--b", type=float, default=1.0, help="other semi-axis (1)")
    parser.add_argument("--repeat", type=int, default=5, help="timing repetitions (5)")
    parser.add_argument("--dps", type=int, default=30, help="mpmath digits of the reference")
    args = parser.parse_args(argv)
    if args.repeat < 1 or not args.a > args.b > 0:
        parser.error("--repeat must be >= 1 and --a > --b > 0")

    t_ref = time.perf_counter()
    l_ref, x_ref, v_ref = reference(args.a, args.b, args.dps)
    t_ref = time.perf_counter() - t_ref

    t_scheme, scheme = _best(args.repeat, article_scheme, args.a, args.b, 1e-6)
    t_exact, solid = _best(args.repeat, glue_ellipses, args.a, args.b)
    t_seam, (_, x, _, _) = _best(args.repeat, solid.seam, 1_000_000)

    def rel(value, ref):
        return abs(value / ref - 1.0)

    rows = [
        ("article_scheme(step=1e-6)", t_scheme, rel(scheme.quarter_length, l_ref),
         rel(scheme.depth, x_ref), float("nan")),
        ("glue_ellipses", t_exact, rel(solid.quarter_length, l_ref), rel(solid.depth, x_ref),
         rel(solid.volume, v_ref)),
        ("seam(n=1_000_000)", t_seam, float("nan"), rel(x[-1], x_ref), float("nan")),
    ]
    print(f"a = {args.a:g}, b = {args.b:g}; reference (mpmath, {args.dps} digits, "
          f"{t_ref:.1f} s): l = {l_ref:.15g}, X = {x_ref:.15g}, V = {v_ref:.15g}")
    print(f"{'method':<28}{'time [ms]':>11}{'vs scheme':>11}{'rel err l':>12}"
          f"{'rel err X':>12}{'rel err V':>12}")
    for name, t, el, ex, ev in rows:
        print(f"{name:<28}{1e3 * t:>11.2f}{t / t_scheme:>11.3f}{el:>12.2e}{ex:>12.2e}"
              f"{ev:>12.2e}")
    speedup = t_scheme / t_exact
    gain_x = rel(scheme.depth, x_ref) / max(rel(solid.depth, x_ref), 1e-17)
    gain_l = rel(scheme.quarter_length, l_ref) / max(rel(solid.quarter_length, l_ref), 1e-17)
    print(f"glue_ellipses: {speedup:.1f}x faster than the scheme (target >= 10); "
          f"error in l {gain_l:.1e}x and in X {gain_x:.1e}x smaller (target >= 1000)")
    print(f"exact seam with 10^6 points: {t_seam / t_scheme:.2f}x the scheme's time "
          f"(target <= 3)")
    return 0


if __name__ == "__main__":
    sys.exit(run(main, prog="bench_gluing.py"))
