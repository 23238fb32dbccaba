#!/usr/bin/env python3
"""Benchmark: the rope in motion, numba time stepper against scipy's solve_ivp on the same model.

One revolution of a real skipping rope (L = 3 m, D = 2 m, omega = 4 pi rad/s, g = 9.81,
hands on the axis, started from the quasi-static snapshot) as a chain of rigid links. Both
sides integrate exactly the same equations (the tensions solved every step from the
Baumgarte-stabilised constraints) with the Dormand-Prince 5(4) pair at the same tolerances
(rtol, atol = rtol / 100): mathlab's compiled stepper, and ``scipy.integrate.solve_ivp``
(RK45) calling either the numpy reference right-hand side or the compiled one. Agreement is
the largest distance between the ropes after the revolution, in units of L, and each side's
distance from a DOP853 run at rtol = 1e-12. Also timed: ``periodic_skipping_rope`` with its
defaults.

Usage: python benchmarks/bench_rope_motion.py [--links N] [--rtol R] [--repeat K]
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from scipy.integrate import solve_ivp  # noqa: E402

from mathlab._cli import ArgumentParser, run  # noqa: E402
from mathlab.rope import _chain, _kernels_motion  # noqa: E402
from mathlab.rope.motion import simulate_rope  # noqa: E402
from mathlab.rope.periodic import periodic_skipping_rope  # noqa: E402

L, D, OMEGA, G = 3.0, 2.0, 4 * math.pi, 9.81


def _best(fn, repeat):
    best, out = math.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main(argv=None):
    parser = ArgumentParser(prog="bench_rope_motion.py", description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, default=200, help="links of the chain (default 200)")
    parser.add_argument("--rtol", type=float, default=1e-8, help="relative tolerance (1e-8)")
    parser.add_argument("--repeat", type=int, default=5,
                        help="repetitions; the best time is kept (default 5)")
    args = parser.parse_args(argv)
    if not 2 <= args.links <= 2000 or args.repeat < 1 or not 1e-12 <= args.rtol <= 1e-3:
        parser.error("--links must be in [2, 2000], --repeat >= 1, --rtol in [1e-12, 1e-3]")

    turn = 2 * math.pi / OMEGA
    t_first = time.perf_counter()
    base = simulate_rope(L, D, OMEGA, g=G, links=args.links, t_end=turn, samples=2,
                         rtol=args.rtol)
    t_first = time.perf_counter() - t_first
    chain = base._chain
    y0 = np.array(base._states[0])
    grid = np.array([0.0, 2 * math.pi])
    rtol, atol = args.rtol, args.rtol * 1e-2
    n = args.links + 1

    def stepper():
        return _kernels_motion.integrate(y0, grid, chain.inv_mass, chain.params, rtol, atol,
                                         50_000_000, 1e-3)

    def whole():
        return simulate_rope(L, D, OMEGA, g=G, links=args.links, t_end=turn, samples=2,
                             rtol=args.rtol)

    work = _kernels_motion.workspace(args.links)
    tau = np.empty(args.links)

    def compiled_rhs(t, y):
        dy = np.empty_like(y)
        _kernels_motion.rhs(t, y, chain.inv_mass, chain.params, dy, tau, work)
        return dy

    def reference_rhs(t, y):
        return _chain.rhs(t, y, chain)[0]

    def scipy_with(f):
        return solve_ivp(f, (0.0, grid[-1]), y0, method="RK45", rtol=rtol, atol=atol,
                         t_eval=grid)

    t_step, (states, _, status, steps, rejected) = _best(stepper, args.repeat)
    t_whole, _ = _best(whole, args.repeat)
    t_ref, sol_ref = _best(lambda: scipy_with(reference_rhs), max(1, args.repeat // 2))
    t_jit, sol_jit = _best(lambda: scipy_with(compiled_rhs), max(1, args.repeat // 2))
    truth = solve_ivp(compiled_rhs, (0.0, grid[-1]), y0, method="DOP853", rtol=1e-12,
                      atol=1e-14, t_eval=grid).y[:3 * n, -1]
    mine = states[-1, :3 * n]
    theirs = sol_ref.y[:3 * n, -1]
    print(f"One revolution of a skipping rope, {args.links} links, rtol = {rtol:g} "
          f"(status {status}, {steps} steps, {rejected} rejected)")
    print(f"  first call (compile or cache load, and set-up):    {t_first:9.4f} s")
    print(f"  mathlab stepper (numba Dormand-Prince):            {t_step * 1e3:9.2f} ms"
          f"   target < 50 ms: {'met' if t_step < 0.05 else 'MISSED'}")
    print(f"  simulate_rope (stepper + initial shape + output):  {t_whole * 1e3:9.2f} ms")
    print(f"  solve_ivp RK45, numpy right-hand side:             {t_ref * 1e3:9.2f} ms"
          f"   ratio {t_ref / t_step:6.1f}x ({sol_ref.nfev} evaluations)")
    print(f"  solve_ivp RK45, compiled right-hand side:          {t_jit * 1e3:9.2f} ms"
          f"   ratio {t_jit / t_step:6.1f}x ({sol_jit.nfev} evaluations)")
    print(f"  agreement mathlab vs solve_ivp after the turn:     "
          f"{np.max(np.abs(mine - theirs)):.2e} L")
    print(f"  distance from DOP853 at rtol 1e-12: mathlab {np.max(np.abs(mine - truth)):.2e} L,"
          f" solve_ivp {np.max(np.abs(theirs - truth)):.2e} L")

    periodic_skipping_rope(L, D, OMEGA)           # warm-up
    t_per, p = _best(lambda: periodic_skipping_rope(L, D, OMEGA), max(1, args.repeat // 2))
    print(f"periodic_skipping_rope (defaults: {p.links} links, {p.harmonics} phases): "
          f"{t_per:7.3f} s   target < 1 s: {'met' if t_per < 1.0 else 'MISSED'}; "
          f"periodicity checked to {p.periodicity_error:.1e} m")
    print("(timings on a machine shared with other jobs are noisy)")
    return 0


if __name__ == "__main__":
    sys.exit(run(main, prog="bench_rope_motion.py"))
