#!/usr/bin/env python3
"""Benchmark: Darrieus blade under gravity (case B), numba shooting against solve_ivp shooting.

``spinning_rope`` solves the two-point boundary-value problem by Newton shooting on the upper
end's angle and tension, with continuation in g from the closed-form troposkien. Both sides run
that same algorithm; only the integrator differs (``method="numba"``: the numba Dormand-Prince
kernel; ``method="scipy"``: ``scipy.integrate.solve_ivp`` DOP853 at the same tolerance). The
sweep is the one behind the Darrieus figure: L/D = 1.5, g/(omega^2 L) from 0 to 0.4.

Usage: python benchmarks/bench_rope_shapes.py [--points N] [--repeat R]
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
from mathlab.rope import spinning_rope  # noqa: E402

LENGTH, SPAN, OMEGA = 3.0, 2.0, 2.0


def _sweep(method, gravities):
    t0 = time.perf_counter()
    curves = [spinning_rope(LENGTH, SPAN, OMEGA, g=g, method=method) for g in gravities]
    return time.perf_counter() - t0, curves


def main(argv=None):
    parser = ArgumentParser(prog="bench_rope_shapes.py", description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=9, help="gravity values (default 9)")
    parser.add_argument("--repeat", type=int, default=3, help="best of R for numba (default 3)")
    args = parser.parse_args(argv)
    if args.points < 1 or args.repeat < 1:
        parser.error("--points and --repeat must be >= 1")
    gravities = np.linspace(0.0, 0.4, args.points) * OMEGA**2 * LENGTH
    spinning_rope(LENGTH, SPAN, OMEGA, g=gravities[-1])           # compile
    t_numba = min(_sweep("numba", gravities)[0] for _ in range(args.repeat))
    _, fast = _sweep("numba", gravities)
    t_scipy, slow = _sweep("scipy", gravities)
    dr = max(float(np.max(np.abs(a.r - b.r))) / LENGTH for a, b in zip(fast, slow))
    dt = max(float(np.max(np.abs(a.tension / b.tension - 1))) for a, b in zip(fast, slow))
    print(f"Darrieus sweep: L/D = {LENGTH / SPAN:g}, {args.points} values of g/(omega^2 L) in "
          "[0, 0.4], each solved from the troposkien by continuation")
    print(f"{'integrator':<22}{'seconds':>10}{'ratio':>9}")
    print(f"{'numba (mathlab)':<22}{t_numba:>10.3f}{1.0:>9.1f}")
    print(f"{'solve_ivp DOP853':<22}{t_scipy:>10.3f}{t_scipy / t_numba:>9.1f}")
    print(f"agreement: max |dr|/L = {dr:.1e}, max relative tension difference = {dt:.1e}")
    return 0


if __name__ == "__main__":
    sys.exit(run(main, prog="bench_rope_shapes.py"))
