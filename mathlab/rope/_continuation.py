"""Natural-parameter continuation with a secant predictor and step halving (private)."""

from __future__ import annotations

__all__ = ["follow"]


def follow(solve_at, x_start, *, error, max_steps, min_step, what):
    """Follow a solution from parameter 0 (``x_start`` solves it) to parameter 1.

    ``solve_at(p, guess)`` returns ``(x, residual, iterations)`` or raises ``error``. A failed
    step is halved; below ``min_step`` an ``error`` is raised saying how far it got (``what``
    names the parameter), with attributes ``reached`` (the last parameter solved) and ``last``
    (its solution). Returns ``(x, residual, total iterations, steps)``.
    """
    p, dp = 0.0, 1.0
    x, x_prev, p_prev = x_start, None, None
    total = 0
    for steps in range(1, max_steps + 1):
        p_next = min(1.0, p + dp)
        guess = x if x_prev is None else x + (x - x_prev) * (p_next - p) / (p - p_prev)
        try:
            x_new, res, it = solve_at(p_next, guess)
        except error as exc:
            dp *= 0.5
            if dp < min_step:
                raise _stop(error(f"the solution could not be followed beyond {p:.6g} of the "
                                  f"way to the requested {what} ({exc})"), p, x) from None
            continue
        total += it
        x_prev, p_prev, x, p = x, p, x_new, p_next
        if p >= 1.0:
            return x, res, total, steps
        dp = min(2.0 * dp, 1.0 - p)
    raise _stop(error(f"the continuation in the {what} needed more than {max_steps} steps "
                      f"(reached {p:.6g} of the way)"), p, x)


def _stop(exc, reached, last):
    exc.reached, exc.last = reached, last
    return exc
