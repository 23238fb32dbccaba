"""mathlab.rope: shapes of spinning ropes, and ropes in motion.

Skipping rope and Darrieus troposkien (closed form and shooting), the real skipping rope under
gravity, Kolodner's heavy rotating string (all of its modes, with or without a tip mass), the
post's own ODE for comparison, and the sympy Euler-Lagrange equations with and without the
length multiplier the post omits. In motion: the 3-D simulation of a chain of rigid links
(simulate_rope), the steady periodic motion of a real skipping rope (periodic_skipping_rope),
the steady 3-D shape with air drag (spinning_rope(..., drag=...)), and the stability of every
equilibrium in the turning frame (mode_stability).

The public names are loaded from their modules on first use, so that importing the package
(or its light input checks, which command-line front ends run first) does not load numba,
scipy.integrate or sympy.
"""

from __future__ import annotations

import importlib

# Public name -> the module that defines it.
_EXPORTS = {
    "troposkien": "closed_form",
    "Troposkien": "closed_form",
    "spinning_rope": "shooting",
    "skipping_rope": "shooting",
    "hanging_modes": "kolodner",
    "critical_speeds": "kolodner",
    "bifurcation_diagram": "kolodner",
    "BifurcationDiagram": "kolodner",
    "catenary": "shooting",
    "article_curve": "article",
    "euler_lagrange": "symbolic",
    "RopeCurve": "curve",
    "simulate_rope": "motion",
    "RopeMotion": "motion",
    "periodic_skipping_rope": "periodic",
    "PeriodicRope": "periodic",
    "mode_stability": "stability",
    "ModeStability": "stability",
}

__all__ = list(_EXPORTS)


def __getattr__(name):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
