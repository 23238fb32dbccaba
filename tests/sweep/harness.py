"""Sweep of mathlab's public API with bad and extreme values, one parameter at a time.

Every public function, constructor and computing method re-exported by ``mathlab.rope``,
``mathlab.gluing`` and ``mathlab.hsic`` has a :class:`Target` here: a valid baseline call and,
for each parameter, a kind (real scalar, count, option string, sample array, ...). A *case*
replaces ONE parameter of the baseline by one bad value of its kind (NaN, inf, 0, negative,
5e-324, 1e300, 10**400, wrong types, empty or mis-shaped arrays, 2**31 and 10**9 as sizes, ...).
A case passes when, within :data:`BUDGET` seconds, the call either

* raises ``ValueError`` (or a subclass) whose message names the parameter, or
* returns a result whose every float is finite and that passes the target's own check
  (a domain invariant such as 0 <= r <= R, or scale invariance where the mathematics has it).

Anything else is a failure: another exception type (TypeError, OverflowError, MemoryError,
a RuntimeWarning from mathlab's own code, ...), a message that does not name the parameter,
NaN/inf or an out-of-domain value in the result, a hang (the case is killed at the budget) or
a crashed worker.

Cases run in worker processes (``python -m tests.sweep.harness --worker``) so that a hang can
be killed and runaway memory is stopped: each case runs under an address-space limit of the
worker's current size plus :data:`MEMORY_HEADROOM`, so a size that is not refused before
allocating shows up as MemoryError instead of swapping the machine. The first case of each
target runs its baseline (numba compilation is not charged to the budget).

``tests/sweep/test_sweep.py`` runs a fixed subset in the test suite; ``benchmarks/bench_sweep.py``
runs every case and prints the outcomes per function.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]

BUDGET = 10.0
"""Seconds a case may take before it counts as a hang (the machine may be loaded)."""

WARMUP_BUDGET = 300.0
"""Seconds for a target's baseline call in a fresh worker (numba compilation included)."""

MEMORY_HEADROOM = 2**30
"""Bytes of address space a case may add to the worker before allocation fails."""

GOOD = ("error", "result")
"""Outcome kinds that pass; the others are failures."""


# --- bad values ----------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Bad:
    """One bad value: ``label`` (used in case ids) and ``make(baseline_value, workdir)``."""

    label: str
    make: Callable[[Any, Path], Any]


def _const(label, value):
    return Bad(label, lambda base, work, value=value: value)


def _with_entry(value):
    def make(base, work):
        arr = np.array(base, dtype=float, copy=True)
        arr.flat[0] = value
        return arr
    return make


SCALAR = (
    _const("nan", math.nan), _const("inf", math.inf), _const("-inf", -math.inf),
    _const("0", 0.0), _const("-1", -1.0), _const("5e-324", 5e-324), _const("1e-300", 1e-300),
    _const("1e300", 1e300), _const("-1e300", -1e300), _const("10**400", 10**400),
    _const("'abc'", "abc"), _const("None", None), _const("1+1j", 1 + 1j),
    _const("[1.0, 2.0]", [1.0, 2.0]), _const("True", True),
)

COUNT = (
    _const("0", 0), _const("-1", -1), _const("2.5", 2.5), _const("2**31", 2**31),
    _const("10**9", 10**9), _const("2**63", 2**63), _const("1e300", 1e300),
    _const("nan", math.nan), _const("'abc'", "abc"), _const("None", None),
    _const("1+1j", 1 + 1j), _const("True", True),
)

CHOICE = (
    _const("'nonexistent'", "nonexistent"), _const("None", None), _const("3", 3),
    _const("''", ""),
)

FLAG = (_const("'yes'", "yes"), _const("None", None), _const("2", 2), _const("nan", math.nan))

SEED = (_const("-1", -1), _const("1.5", 1.5), _const("'abc'", "abc"), _const("1+1j", 1 + 1j),
        _const("[]", []))

DATA = (
    _const("[]", []), Bad("nan-entry", _with_entry(math.nan)),
    Bad("inf-entry", _with_entry(math.inf)),
    Bad("complex", lambda base, work: np.asarray(base) + 1j),
    Bad("3-D", lambda base, work: np.asarray(base).reshape(len(base), 1, -1)),
    _const("scalar", 1.0), Bad("strings", lambda base, work: ["a"] * len(base)),
    _const("None", None),
    Bad("x*1e300", lambda base, work: np.asarray(base) * 1e300),
    Bad("x*1e-300", lambda base, work: np.asarray(base) * 1e-300),
    Bad("constant", lambda base, work: np.ones_like(np.asarray(base, dtype=float))),
    Bad("2-rows", lambda base, work: np.asarray(base)[:2]),
    Bad("n-1-rows", lambda base, work: np.asarray(base)[:-1]),
)

VECTOR = (
    _const("[]", []), Bad("nan-entry", _with_entry(math.nan)),
    Bad("inf-entry", _with_entry(math.inf)), Bad("0-entry", _with_entry(0.0)),
    Bad("-1-entry", _with_entry(-1.0)), Bad("5e-324-entry", _with_entry(5e-324)),
    Bad("1e300-entry", _with_entry(1e300)),
    Bad("complex", lambda base, work: np.asarray(base) + 1j),
    Bad("2-D", lambda base, work: np.asarray(base)[:, None] * np.ones(2)),
    _const("None", None), _const("'abc'", "abc"),
)


def _outline(factory):
    def make(base, work):
        import mathlab.gluing as gluing
        return factory(gluing)
    return make


OUTLINE = (
    _const("None", None), _const("'ellipse'", "ellipse"), _const("1.0", 1.0),
    Bad("Circle(1)", _outline(lambda g: g.Circle(1.0))),
)

OBJECT = (_const("None", None), _const("'x'", "x"), _const("1.0", 1.0))

PATH = (
    Bad("missing-folder", lambda base, work: work / "missing" / Path(base).name),
    Bad("a-folder", lambda base, work: work),
    Bad("wrong-suffix", lambda base, work: work / (Path(base).stem + ".txt")),
    _const("''", ""), _const("None", None), _const("3", 3),
)

KINDS = {"scalar": SCALAR, "count": COUNT, "choice": CHOICE, "flag": FLAG, "seed": SEED,
         "data": DATA, "vector": VECTOR, "outline": OUTLINE, "object": OBJECT, "path": PATH}


# --- targets -------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Target:
    """A swept call.

    name : str
        Case-id prefix, ``toolkit.function`` or ``toolkit.Class.method`` (``[variant]``).
    function : str
        Dotted name of the public callable (``mathlab.rope.troposkien``) whose signature the
        coverage test compares with ``params``.
    call : callable
        ``call(**kwargs)``: builds any instance it needs and calls the function.
    baseline : callable
        ``baseline(workdir) -> dict`` of valid keyword arguments.
    params : dict
        Swept parameter -> kind (a key of :data:`KINDS`).
    check : callable, optional
        ``check(result, baseline_result, param, label) -> str | None``: a reason why a finite
        result is nevertheless wrong.
    """

    name: str
    function: str
    call: Callable
    baseline: Callable[[Path], dict]
    params: dict
    check: Callable | None = None


def _rng_data(n, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    return x, np.tanh(x) + 0.5 * rng.normal(size=n)


def _imports():
    import mathlab.gluing as gluing
    import mathlab.hsic as hsic
    import mathlab.rope as rope
    return rope, gluing, hsic


def _scaled(label):
    return {"x*1e300": 1e300, "x*1e-300": 1e-300}.get(label)


def _close(a, b, rel=1e-6):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rel, atol=1e-12 * np.abs(b).max()
                                                    if b.size else 0.0))


def _scale_free(*names, value=lambda r: r):
    """The result does not change when a sample is multiplied by 1e300 or 1e-300."""
    def check(result, base, param, label):
        if param in names and _scaled(label) is not None and not _close(value(result),
                                                                        value(base)):
            return (f"not scale invariant: {_summary(value(result))} instead of "
                    f"{_summary(value(base))}")
        return None
    return check


def _all_checks(*checks):
    def check(result, base, param, label):
        for c in checks:
            reason = c(result, base, param, label)
            if reason:
                return reason
        return None
    return check


def _pvalue_ok(result, base, param, label):
    if not 0.0 <= result.pvalue <= 1.0:
        return f"p-value {result.pvalue!r} outside [0, 1]"
    return None


def _test_value(result):
    return [result.statistic, result.pvalue]


def _in_range(low, high, what):
    def check(result, base, param, label, low=low, high=high):
        lo, hi = low(base), high(base)
        v = np.asarray(result, dtype=float)
        if np.any(v < lo) or np.any(v > hi):
            return f"{what} {_summary(result)} outside [{lo:g}, {hi:g}]"
        return None
    return check


def _stl_finite(result, base, param, label):
    data = Path(result).read_bytes()
    count = int(np.frombuffer(data[80:84], "<u4")[0])
    rec = np.dtype([("normal", "<f4", 3), ("v", "<f4", (3, 3)), ("attr", "<u2")])
    tri = np.frombuffer(data[84:84 + count * rec.itemsize], rec)
    if not (np.isfinite(tri["v"]).all() and np.isfinite(tri["normal"]).all()):
        return "the STL file holds non-finite float32 coordinates"
    return None


_TROPO = {}


def _troposkien():
    if "t" not in _TROPO:
        _TROPO["t"] = _imports()[0].troposkien(3.0, 2.0)
    return _TROPO["t"]


_SPIN = {}


def _spinning():
    if "c" not in _SPIN:
        _SPIN["c"] = _imports()[0].spinning_rope(3.0, 2.0, 2.0, g=3.0, n=51)
    return _SPIN["c"]


_SOLID = {}


def _solid():
    if "s" not in _SOLID:
        _SOLID["s"] = _imports()[1].glue_ellipses(2.0, 1.0)
    return _SOLID["s"]


def _ellipse():
    return _imports()[1].Ellipse(2.0, 1.0)


def _accumulator():
    return _imports()[2].HSICAccumulator.rff(1, 1, n_features=16, random_state=0)


def _test_result():
    x, y = _rng_data(40)
    return _imports()[2].hsic_test(x, y)


def _targets() -> tuple[Target, ...]:
    S, C, K, F, R = "scalar", "count", "choice", "flag", "seed"
    T = []

    def add(name, function, call, baseline, params, check=None):
        T.append(Target(name, function, call, baseline, params, check))

    rope = "mathlab.rope."
    add("rope.troposkien", rope + "troposkien",
        lambda **k: _imports()[0].troposkien(**k),
        lambda w: dict(length=3.0, span=2.0, omega=1.0, density=1.0),
        dict(length=S, span=S, omega=S, density=S))
    add("rope.Troposkien.radius_at", rope + "Troposkien.radius_at",
        lambda **k: _troposkien().radius_at(**k), lambda w: dict(zeta=0.3), dict(zeta=S),
        _in_range(lambda b: 0.0, lambda b: _troposkien().radius * (1 + 1e-12), "radius"))
    add("rope.Troposkien.arc_length_at", rope + "Troposkien.arc_length_at",
        lambda **k: _troposkien().arc_length_at(**k), lambda w: dict(zeta=0.3), dict(zeta=S),
        _in_range(lambda b: 0.0, lambda b: _troposkien().length * (1 + 1e-12), "arc length"))
    add("rope.Troposkien.curve", rope + "Troposkien.curve",
        lambda **k: _troposkien().curve(**k), lambda w: dict(n=51), dict(n=C))
    add("rope.spinning_rope", rope + "spinning_rope",
        lambda **k: _imports()[0].spinning_rope(**k),
        lambda w: dict(length=3.0, span=2.0, omega=2.0, g=3.0, density=1.0, end_radius=0.0,
                       n=51, method="numba", drag=0.0),
        dict(length=S, span=S, omega=S, g=S, density=S, end_radius=S, n=C, method=K,
             drag=S))
    add("rope.skipping_rope", rope + "skipping_rope",
        lambda **k: _imports()[0].skipping_rope(**k),
        lambda w: dict(length=3.0, span=2.0, omega=12.0, g=9.81, density=1.0, n=51,
                       method="numba"),
        dict(length=S, span=S, omega=S, g=S, density=S, n=C, method=K))
    add("rope.hanging_modes", rope + "hanging_modes",
        lambda **k: _imports()[0].hanging_modes(**k),
        lambda w: dict(omega=12.0, length=1.0, g=9.81, density=1.0, samples=51,
                       tip_mass=0.0),
        dict(omega=S, length=S, g=S, density=S, samples=C, tip_mass=S))
    add("rope.critical_speeds", rope + "critical_speeds",
        lambda **k: _imports()[0].critical_speeds(**k),
        lambda w: dict(count=3, length=1.0, g=9.81, tip_mass=0.0, density=1.0),
        dict(count=C, length=S, g=S, tip_mass=S, density=S))
    add("rope.bifurcation_diagram", rope + "bifurcation_diagram",
        lambda **k: _imports()[0].bifurcation_diagram(**k),
        lambda w: dict(omega=[3.0, 6.0], length=1.0, g=9.81, method="numba"),
        dict(omega="vector", length=S, g=S, method=K))
    add("rope.catenary", rope + "catenary", lambda **k: _imports()[0].catenary(**k),
        lambda w: dict(length=3.0, span=2.0, g=9.81, density=1.0, n=51),
        dict(length=S, span=S, g=S, density=S, n=C))
    add("rope.article_curve", rope + "article_curve",
        lambda **k: _imports()[0].article_curve(**k),
        lambda w: dict(C1=1.0, omega=2.0, g=3.0, s_max=0.5, step=1e-3),
        dict(C1=S, omega=S, g=S, s_max=S, step=S))
    add("rope.euler_lagrange", rope + "euler_lagrange",
        lambda **k: _imports()[0].euler_lagrange(**k), lambda w: dict(multiplier=True),
        dict(multiplier=F))

    add("rope.simulate_rope", rope + "simulate_rope",
        lambda **k: _imports()[0].simulate_rope(**k),
        lambda w: dict(length=1.0, span=0.5, omega=2.0, g=9.81, density=1.0, drag=0.0,
                       axis=None, end_radius=0.0, free_end=False, t_end=0.2, links=6,
                       initial=None, velocity=None, linear_drag=0.0, air="still",
                       tip_mass=0.0, samples=None, rtol=1e-8, max_steps=100000),
        dict(length=S, span=S, omega=S, g=S, density=S, drag=S, axis=K, end_radius=S,
             free_end=F, t_end=S, links=C, initial="object", velocity="object",
             linear_drag=S, air=K, tip_mass=S, samples=C, rtol=S, max_steps=C))
    add("rope.periodic_skipping_rope", rope + "periodic_skipping_rope",
        lambda **k: _imports()[0].periodic_skipping_rope(**k),
        lambda w: dict(length=3.0, span=2.0, omega=12.0, g=9.81, density=1.0, drag=0.0,
                       end_radius=0.0, links=8, harmonics=3),
        dict(length=S, span=S, omega=S, g=S, density=S, drag=S, end_radius=S, links=C,
             harmonics=C))
    add("rope.mode_stability", rope + "mode_stability",
        lambda **k: _imports()[0].mode_stability(**k),
        lambda w: dict(curve=_spinning(), links=10, damping=0.01),
        dict(curve="object", links=C, damping=S))

    gl = "mathlab.gluing."
    add("gluing.Ellipse", gl + "Ellipse", lambda **k: _imports()[1].Ellipse(**k),
        lambda w: dict(a=2.0, b=1.0), dict(a=S, b=S))
    add("gluing.Circle", gl + "Circle", lambda **k: _imports()[1].Circle(**k),
        lambda w: dict(radius=1.0), dict(radius=S))
    add("gluing.Superellipse", gl + "Superellipse",
        lambda **k: _imports()[1].Superellipse(**k), lambda w: dict(a=2.0, b=1.0, p=4.0),
        dict(a=S, b=S, p=S))
    quarter = 2.422112055136919  # quarter length of Ellipse(2, 1)
    for method in ("point", "h", "dh", "tangent_angle", "complement_angle"):
        check = (_in_range(lambda b: 0.0, lambda b: 1.0 + 1e-12, "h")
                 if method == "h" else None)
        add(f"gluing.Ellipse.{method}", gl + f"Outline.{method}",
            lambda method=method, **k: getattr(_ellipse(), method)(**k),
            lambda w: dict(s=0.5), dict(s=S), check)
    add("gluing.Ellipse.boundary_point", gl + "Outline.boundary_point",
        lambda **k: _ellipse().boundary_point(**k), lambda w: dict(sigma=0.5),
        dict(sigma=S))
    add("gluing.glue", gl + "glue", lambda **k: _imports()[1].glue(**k),
        lambda w: dict(sheet=_ellipse(), other=None), dict(sheet="outline", other="outline"))
    add("gluing.glue_ellipses", gl + "glue_ellipses",
        lambda **k: _imports()[1].glue_ellipses(**k), lambda w: dict(a=2.0, b=1.0),
        dict(a=S, b=S))
    add("gluing.glue_ellipses.save_stl", gl + "glue_ellipses",
        lambda path, **k: _imports()[1].glue_ellipses(**k).save_stl(path, n=21),
        lambda w: dict(a=2.0, b=1.0, path=w / "solid.stl"), dict(a=S, b=S), _stl_finite)
    add("gluing.gluing_margin", gl + "gluing_margin",
        lambda **k: _imports()[1].gluing_margin(**k),
        lambda w: dict(sheet=_ellipse(), other=None, n=51),
        dict(sheet="outline", other="outline", n=C))
    add("gluing.article_scheme", gl + "article_scheme",
        lambda **k: _imports()[1].article_scheme(**k),
        lambda w: dict(a=2.0, b=1.0, step=1e-3), dict(a=S, b=S, step=S))
    add("gluing.GluedSolid.seam", gl + "GluedSolid.seam", lambda **k: _solid().seam(**k),
        lambda w: dict(n=51), dict(n=C))
    add("gluing.GluedSolid.mesh", gl + "GluedSolid.mesh", lambda **k: _solid().mesh(**k),
        lambda w: dict(n=21), dict(n=C))
    add("gluing.GluedSolid.save_stl", gl + "GluedSolid.save_stl",
        lambda **k: _solid().save_stl(**k), lambda w: dict(path=w / "a.stl", n=21),
        dict(path="path", n=C), _stl_finite)
    add("gluing.GluedSolid.save_obj", gl + "GluedSolid.save_obj",
        lambda **k: _solid().save_obj(**k), lambda w: dict(path=w / "a.obj", n=21),
        dict(path="path", n=C))
    add("gluing.GluedSolid.cut_pattern", gl + "GluedSolid.cut_pattern",
        lambda **k: _solid().cut_pattern(**k),
        lambda w: dict(path=w / "a.svg", mm_per_unit=25.0, marks=6, rulings=12),
        dict(path="path", mm_per_unit=S, marks=C, rulings=C))

    add("gluing.match_perimeter", gl + "match_perimeter",
        lambda **k: _imports()[1].match_perimeter(**k),
        lambda w: dict(outline=_imports()[1].Circle(1.0), target=_ellipse()),
        dict(outline="outline", target="outline"))
    add("gluing.dform", gl + "dform", lambda **k: _imports()[1].dform(**k),
        lambda w: dict(sheet1=_ellipse(), sheet2=None, offset=0.25, tol=1e-4, method="auto"),
        dict(sheet1="outline", sheet2="outline", offset=S, tol=S, method=K))

    hs = "mathlab.hsic."
    data = dict(x="data", y="data")
    x40 = lambda w: dict(zip("xy", _rng_data(40)))  # noqa: E731
    x400 = lambda w: dict(zip("xy", _rng_data(400)))  # noqa: E731
    add("hsic.hsic", hs + "hsic", lambda **k: _imports()[2].hsic(**k),
        lambda w: dict(x40(w), kernel="gaussian", kernel_y=None, sigma=None, sigma_y=None,
                       estimator="biased", normalize=False, algorithm="auto", tol=1e-10,
                       return_details=False),
        dict(data, kernel=K, kernel_y=K, sigma=S, sigma_y=S, estimator=K, normalize=F,
             algorithm=K, tol=S, return_details=F),
        _all_checks(_scale_free("x", "y"),
                    _in_range(lambda b: 0.0, lambda b: math.inf, "biased HSIC")))
    add("hsic.hsic[polynomial]", hs + "hsic", lambda **k: _imports()[2].hsic(**k),
        lambda w: dict(x40(w), kernel="polynomial", degree=2, coef0=1.0),
        dict(degree=C, coef0=S))
    add("hsic.hsic_test", hs + "hsic_test", lambda **k: _imports()[2].hsic_test(**k),
        lambda w: dict(x40(w), method="gamma", kernel="gaussian", kernel_y=None,
                       sigma=None, sigma_y=None),
        dict(data, method=K, kernel=K, kernel_y=K, sigma=S, sigma_y=S),
        _all_checks(_pvalue_ok, _scale_free("x", "y", value=_test_value)))
    add("hsic.hsic_test[polynomial]", hs + "hsic_test",
        lambda **k: _imports()[2].hsic_test(**k),
        lambda w: dict(x40(w), kernel="polynomial", degree=2, coef0=1.0),
        dict(degree=C, coef0=S), _pvalue_ok)
    add("hsic.hsic_test[permutation]", hs + "hsic_test",
        lambda **k: _imports()[2].hsic_test(**k),
        lambda w: dict(x40(w), method="permutation", n_permutations=50, random_state=0),
        dict(data, n_permutations=C, random_state=R),
        _all_checks(_pvalue_ok, _scale_free("x", "y", value=_test_value)))
    add("hsic.hsic_test[rff]", hs + "hsic_test", lambda **k: _imports()[2].hsic_test(**k),
        lambda w: dict(x400(w), method="rff", n_features=16, n_permutations=50,
                       random_state=0),
        dict(data, n_features=C, n_permutations=C), _pvalue_ok)
    add("hsic.hsic_test[nystrom]", hs + "hsic_test",
        lambda **k: _imports()[2].hsic_test(**k),
        lambda w: dict(x400(w), method="nystrom", n_inducing=16, n_permutations=50,
                       random_state=0),
        dict(data, n_inducing=C), _pvalue_ok)
    add("hsic.hsic_test[block]", hs + "hsic_test", lambda **k: _imports()[2].hsic_test(**k),
        lambda w: dict(x400(w), method="block", block_size=10, random_state=0),
        dict(data, block_size=C), _pvalue_ok)
    add("hsic.gram", hs + "gram", lambda **k: _imports()[2].gram(**k),
        lambda w: dict(x=_rng_data(40)[0], kernel="gaussian", sigma=None),
        dict(x="data", kernel=K, sigma=S), _scale_free("x"))
    add("hsic.gram[polynomial]", hs + "gram", lambda **k: _imports()[2].gram(**k),
        lambda w: dict(x=_rng_data(40)[0], kernel="polynomial", degree=2, coef0=1.0),
        dict(degree=C, coef0=S))
    add("hsic.median_heuristic", hs + "median_heuristic",
        lambda **k: _imports()[2].median_heuristic(**k),
        lambda w: dict(x=_rng_data(40)[0], max_points=2000, random_state=0),
        dict(x="data", max_points=C, random_state=R),
        lambda r, b, p, label: (None if p != "x" or _scaled(label) is None
                                or _close(r, b * _scaled(label))
                                else f"not scale covariant: {r!r} for {label}"))
    add("hsic.hsic_rff", hs + "hsic_rff", lambda **k: _imports()[2].hsic_rff(**k),
        lambda w: dict(x400(w), n_features=16, sigma=None, sigma_y=None, random_state=0,
                       chunk_size=16384, precision="double"),
        dict(data, n_features=C, sigma=S, sigma_y=S, random_state=R, chunk_size=C,
             precision=K), _scale_free("x", "y"))
    add("hsic.hsic_nystrom", hs + "hsic_nystrom", lambda **k: _imports()[2].hsic_nystrom(**k),
        lambda w: dict(x400(w), n_inducing=16, sigma=None, sigma_y=None, random_state=0,
                       kernel="gaussian", eps=1e-8, chunk_size=16384),
        dict(data, n_inducing=C, sigma=S, sigma_y=S, random_state=R, kernel=K, eps=S,
             chunk_size=C), _scale_free("x", "y"))
    add("hsic.hsic_block", hs + "hsic_block", lambda **k: _imports()[2].hsic_block(**k),
        lambda w: dict(x400(w), block_size=10, random_state=0, sigma=None, sigma_y=None,
                       kernel="gaussian", kernel_y=None, n_null_pairings=20),
        dict(data, block_size=C, random_state=R, sigma=S, sigma_y=S, kernel=K, kernel_y=K,
             n_null_pairings=C), _all_checks(_pvalue_ok, _scale_free("x", "y", value=_test_value)))
    add("hsic.HSICAccumulator", hs + "HSICAccumulator",
        lambda **k: _imports()[2].HSICAccumulator(**k),
        lambda w: dict(map_x=_accumulator().map_x, map_y=_accumulator().map_y),
        dict(map_x="object", map_y="object"))
    add("hsic.HSICAccumulator.rff", hs + "HSICAccumulator.rff",
        lambda **k: _imports()[2].HSICAccumulator.rff(**k),
        lambda w: dict(dim_x=1, dim_y=1, n_features=16, sigma=1.0, sigma_y=None,
                       random_state=0),
        dict(dim_x=C, dim_y=C, n_features=C, sigma=S, sigma_y=S, random_state=R))
    add("hsic.HSICAccumulator.nystrom", hs + "HSICAccumulator.nystrom",
        lambda **k: _imports()[2].HSICAccumulator.nystrom(**k),
        lambda w: dict(inducing_x=_rng_data(10)[0][:, None], inducing_y=_rng_data(10)[1][:, None],
                       sigma=1.0, sigma_y=None, kernel="gaussian", eps=1e-8),
        dict(inducing_x="data", inducing_y="data", sigma=S, sigma_y=S, kernel=K, eps=S))

    add("hsic.dhsic", hs + "dhsic",
        lambda variables, **k: _imports()[2].dhsic(variables, *_rng_data(30)[1:], **k),
        lambda w: dict(variables=_rng_data(30)[0], kernel="gaussian", sigma=None),
        dict(variables="data", kernel=K, sigma=S), _scale_free("variables"))
    add("hsic.dhsic[polynomial]", hs + "dhsic",
        lambda variables, **k: _imports()[2].dhsic(variables, *_rng_data(30)[1:], **k),
        lambda w: dict(variables=_rng_data(30)[0], kernel="polynomial", degree=2, coef0=1.0),
        dict(degree=C, coef0=S))
    add("hsic.dhsic_test", hs + "dhsic_test",
        lambda variables, **k: _imports()[2].dhsic_test(variables, *_rng_data(30)[1:], **k),
        lambda w: dict(variables=_rng_data(30)[0], method="permutation", n_permutations=50,
                       random_state=0, kernel="gaussian", sigma=None),
        dict(variables="data", method=K, n_permutations=C, random_state=R, kernel=K,
             sigma=S), _pvalue_ok)
    add("hsic.dhsic_test[polynomial]", hs + "dhsic_test",
        lambda variables, **k: _imports()[2].dhsic_test(variables, *_rng_data(30)[1:], **k),
        lambda w: dict(variables=_rng_data(30)[0], n_permutations=50, random_state=0,
                       kernel="polynomial", degree=2, coef0=1.0),
        dict(degree=C, coef0=S), _pvalue_ok)
    add("hsic.kci_test", hs + "kci_test", lambda **k: _imports()[2].kci_test(**k),
        lambda w: dict(x=_rng_data(30)[0], y=_rng_data(30)[1], z=_rng_data(30, seed=1)[0],
                       method="gamma", n_permutations=50, random_state=0, kernel="gaussian",
                       kernel_y=None, kernel_z=None, sigma=None, sigma_y=None, sigma_z=None,
                       epsilon=1e-3, z_weight=0.5, n_features=6, n_features_z=20),
        dict(x="data", y="data", z="data", method=K, n_permutations=C, random_state=R,
             kernel=K, kernel_y=K, kernel_z=K, sigma=S, sigma_y=S, sigma_z=S, epsilon=S,
             z_weight=S, n_features=C, n_features_z=C), _pvalue_ok)
    add("hsic.ksample_test", hs + "ksample_test",
        lambda samples, **k: _imports()[2].ksample_test(samples, _rng_data(30, seed=1)[0],
                                                        **k),
        lambda w: dict(samples=_rng_data(30)[0], method="gamma", n_permutations=50,
                       random_state=0, kernel="gaussian", sigma=None),
        dict(samples="data", method=K, n_permutations=C, random_state=R, kernel=K, sigma=S),
        _pvalue_ok)
    add("hsic.ksample_test[polynomial]", hs + "ksample_test",
        lambda samples, **k: _imports()[2].ksample_test(samples, _rng_data(30, seed=1)[0],
                                                        **k),
        lambda w: dict(samples=_rng_data(30)[0], kernel="polynomial", degree=2, coef0=1.0),
        dict(degree=C, coef0=S), _pvalue_ok)

    def update(**k):
        acc = _accumulator()
        acc.update(**k)
        return acc.statistic()

    add("hsic.HSICAccumulator.update", hs + "HSICAccumulator.update", update,
        lambda w: dict(x_chunk=_rng_data(40)[0], y_chunk=_rng_data(40)[1], chunk_size=16384),
        dict(x_chunk="data", y_chunk="data", chunk_size=C))

    def merge(**k):
        acc = _accumulator()
        acc.update(*_rng_data(40))
        return acc.merge(**k).statistic()

    add("hsic.HSICAccumulator.merge", hs + "HSICAccumulator.merge", merge,
        lambda w: dict(other=_accumulator()), dict(other="object"))
    add("hsic.HSICTestResult.reject", hs + "HSICTestResult.reject",
        lambda **k: _test_result().reject(**k), lambda w: dict(alpha=0.05), dict(alpha=S))
    return tuple(T)


TARGETS = {t.name: t for t in _targets()}

EXEMPT = {
    "mathlab.rope.Troposkien": "result record (made by troposkien); its methods are swept",
    "mathlab.rope.BifurcationDiagram": "result record (made by bifurcation_diagram)",
    "mathlab.rope.RopeCurve": "result record (made by the solvers)",
    "mathlab.gluing.Outline": "abstract base class; its methods are swept on an Ellipse",
    "mathlab.gluing.GluedSolid": "result record (made by glue); its methods are swept",
    "mathlab.gluing.GluingError": "exception class",
    "mathlab.gluing.GluingConvergenceError": "exception class",
    "mathlab.gluing.ArticleScheme": "result record (made by article_scheme)",
    "mathlab.gluing.SymbolicCheck": "result record (made by symbolic_check)",
    "mathlab.gluing.symbolic_check": "takes no parameters",
    "mathlab.hsic.HSICTestResult": "result record (made by the tests); reject() is swept",
    "mathlab.hsic.HSICEstimate": "result record (made by hsic(..., return_details=True))",
    "mathlab.rope.RopeMotion": "result record (made by simulate_rope)",
    "mathlab.rope.PeriodicRope": "result record (made by periodic_skipping_rope)",
    "mathlab.rope.ModeStability": "result record (made by mode_stability)",
    "mathlab.gluing.PolygonOutline": "made by Outline.from_points, which checks the points",
    "mathlab.gluing.SplineOutline": "made by Outline.from_points(smooth=True) and "
                                    "Outline.from_function, which check the points and knots",
    "mathlab.gluing.DForm": "result record (made by dform)",
    "mathlab.hsic.CalibrationWarning": "warning class",
}
"""Public names that are not swept, with the reason."""

NOT_SWEPT = {
    "mathlab.hsic.gram": {"kernel_args": "swept as degree and coef0 in hsic.gram[polynomial]"},
}
"""Parameters of swept functions that are deliberately not swept, with the reason."""


# --- cases ---------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Case:
    target: str
    param: str
    label: str

    @property
    def id(self) -> str:
        return f"{self.target}[{self.param}={self.label}]"


def all_cases() -> list[Case]:
    """Every case of every target, in a fixed order."""
    return [Case(t.name, p, bad.label) for t in TARGETS.values()
            for p, kind in t.params.items() for bad in KINDS[kind]]


def subset(cases, per_param: int = 2) -> list[Case]:
    """A fixed subset: ``per_param`` bad values per parameter (more for a kind that few
    parameters have), taken in turn from each kind's list with one running position per
    kind, so that every bad value of every kind is used by some parameter."""
    by_param: dict[tuple[str, str], list[Case]] = {}
    for c in cases:
        by_param.setdefault((c.target, c.param), []).append(c)
    users: dict[str, int] = {}
    for target, param in by_param:
        kind = TARGETS[target].params[param]
        users[kind] = users.get(kind, 0) + 1
    position: dict[str, int] = {}
    chosen = []
    for (target, param), group in by_param.items():
        kind = TARGETS[target].params[param]
        labels = [bad.label for bad in KINDS[kind]]
        wanted = max(per_param, -(-len(labels) // users[kind]))
        start = position.get(kind, 0)
        for step in range(min(wanted, len(labels))):
            label = labels[(start + step) % len(labels)]
            chosen += [c for c in group if c.label == label]
        position[kind] = start + wanted
    return chosen


def parse_case_id(case_id: str) -> Case:
    match = re.fullmatch(r"(.+)\[([^=\[\]]+)=(.*)\]", case_id)
    if not match:
        raise ValueError(f"not a case id: {case_id!r}")
    return Case(*match.groups())


# --- evaluation (inside a worker) ----------------------------------------------------------

def _summary(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _nonfinite(obj, where="result", depth=0):
    """Where ``obj`` holds a NaN or inf float (a path string), or None."""
    if depth > 6:
        return None
    if isinstance(obj, (bool, np.bool_, int, np.integer, str, bytes, Path)) or obj is None:
        return None
    if isinstance(obj, (float, np.floating, complex, np.complexfloating)):
        return None if np.isfinite(obj) else f"{where} = {obj!r}"
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind in "fc" and not np.isfinite(obj).all():
            return f"{where} has {int((~np.isfinite(obj)).sum())} non-finite entries"
        return None
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            found = _nonfinite(getattr(obj, f.name), f"{where}.{f.name}", depth + 1)
            if found:
                return found
        return None
    if isinstance(obj, (list, tuple)):
        for i, item in enumerate(obj):
            found = _nonfinite(item, f"{where}[{i}]", depth + 1)
            if found:
                return found
        return None
    if isinstance(obj, dict):
        for key, item in obj.items():
            found = _nonfinite(item, f"{where}[{key!r}]", depth + 1)
            if found:
                return found
    return None


_FOLLOWERS = {"must", "and", "or", "is", "are", "has", "have", "contains", "of", "with", "at",
              "=", "got", "cannot", "needs", "exceeds", "times", "to"}


def names_parameter(message: str, name: str) -> bool:
    """Whether ``message`` names the parameter ``name`` (as a word; for one-letter names the
    word must be followed by punctuation or a verb-like word, not read as an article).

    >>> names_parameter("a must be > 0; got -1.0", "a")
    True
    >>> names_parameter("b must be a finite real number", "a")
    False
    >>> names_parameter("sigma_y must be > 0", "sigma")
    False
    """
    for match in re.finditer(rf"(?<![\w.]){re.escape(name)}(?!\w)", message):
        if len(name) > 1:
            return True
        rest = message[match.end():]
        if not rest or not rest[0].isspace():
            return True
        word = rest.split(None, 1)[0] if rest.strip() else ""
        if word.strip(",;:") in _FOLLOWERS or not word[:1].isalpha():
            return True
    return False


def evaluate(case: Case, workdir: Path, baselines: dict) -> dict:
    """Run one case and classify it: {"kind", "detail", "seconds"}."""
    target = TARGETS[case.target]
    if case.target not in baselines:
        base_kwargs = target.baseline(workdir)
        baselines[case.target] = target.call(**base_kwargs)
    base_result = baselines[case.target]
    kwargs = target.baseline(workdir)
    bad = next(b for b in KINDS[target.params[case.param]] if b.label == case.label)
    kwargs[case.param] = bad.make(kwargs.get(case.param), workdir)
    start = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            warnings.filterwarnings("error", category=RuntimeWarning, module=r"mathlab\.")
            result = target.call(**kwargs)
    except ValueError as exc:
        message = " ".join(str(exc).split())
        named = names_parameter(message, case.param)
        if target.params[case.param] == "path" and isinstance(kwargs[case.param], (str, Path)):
            named = named or repr(str(kwargs[case.param])) in message
        kind = "error" if named else "unnamed-error"
        detail = f"{type(exc).__name__}: {message}"
    except BaseException as exc:  # noqa: BLE001 - everything else is the finding
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        kind = "wrong-exception"
        detail = f"{type(exc).__name__}: {' '.join(str(exc).split())}"
    else:
        reason = _nonfinite(result)
        if reason is None and target.check is not None:
            try:
                reason = target.check(result, base_result, case.param, case.label)
            except Exception as exc:  # noqa: BLE001
                reason = f"check failed: {type(exc).__name__}: {exc}"
        kind = "result" if reason is None else "bad-result"
        detail = _summary(result) if reason is None else reason
    detail = detail.replace(str(workdir), "<tmp>").replace(workdir.name, "<tmp>")
    return {"kind": kind, "detail": detail[:300], "seconds": time.perf_counter() - start}


def _vm_bytes() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _limit_memory():
    try:
        import resource
        limit = _vm_bytes() + MEMORY_HEADROOM
        resource.setrlimit(resource.RLIMIT_AS, (limit, resource.RLIM_INFINITY))
    except (ImportError, OSError, ValueError):
        pass


def _unlimit_memory():
    with contextlib.suppress(ImportError, OSError, ValueError):
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))


def worker_main():
    """Read case ids (one JSON line each) on stdin, answer one JSON line each."""
    channel = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # keep stray prints off the channel
    import matplotlib
    matplotlib.use("Agg")
    baselines: dict = {}
    workdir = Path(os.environ["MATHLAB_SWEEP_WORKDIR"])  # made and removed by the parent
    os.chdir(workdir)  # relative output paths of a case land here
    for line in sys.stdin:
        request = json.loads(line)
        case = Case(**request["case"])
        if request.get("warmup"):
            try:
                target = TARGETS[case.target]
                baselines[case.target] = target.call(**target.baseline(workdir))
                answer = {"kind": "warm"}
            except Exception as exc:  # noqa: BLE001
                answer = {"kind": "baseline-failed",
                          "detail": f"{type(exc).__name__}: {exc}"[:300]}
        else:
            _limit_memory()
            try:
                answer = evaluate(case, workdir, baselines)
            finally:
                _unlimit_memory()
        import matplotlib.pyplot as plt
        plt.close("all")
        channel.write(json.dumps(answer) + "\n")


# --- running cases (in the parent) ---------------------------------------------------------

class Worker:
    """One worker process; restarted after a hang or a crash."""

    def __init__(self):
        self.proc = None
        self.workdir = None
        self.warm: set[str] = set()

    def _start(self):
        self.stop()
        self.workdir = tempfile.mkdtemp(prefix="mathlab-sweep-")
        env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
                   MATHLAB_SWEEP_WORKDIR=self.workdir,
                   MKL_NUM_THREADS="1", MPLBACKEND="Agg",
                   PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
        self.proc = subprocess.Popen([sys.executable, "-m", "tests.sweep.harness", "--worker"],
                                     cwd=str(ROOT), env=env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     text=True, bufsize=1)
        self.warm = set()

    def _ask(self, request: dict, budget: float) -> dict | None:
        if self.proc is None or self.proc.poll() is not None:
            self._start()
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], budget)
        if not ready:
            self.stop()
            return None
        line = self.proc.stdout.readline()
        if not line:
            code = self.proc.wait()
            self.proc = None
            return {"kind": "crash", "detail": f"worker exited with status {code}",
                    "seconds": 0.0}
        return json.loads(line)

    def run(self, case: Case, budget: float = BUDGET) -> dict:
        if self.proc is None or self.proc.poll() is not None:
            self._start()  # a fresh worker: its targets need their baselines again
        if case.target not in self.warm:
            answer = self._ask({"case": dataclasses.asdict(case), "warmup": True},
                               WARMUP_BUDGET)
            if answer is None or answer["kind"] != "warm":
                return {"kind": "baseline-failed",
                        "detail": (answer or {}).get("detail", "baseline timed out"),
                        "seconds": 0.0}
            self.warm.add(case.target)
        start = time.perf_counter()
        answer = self._ask({"case": dataclasses.asdict(case)}, budget)
        if answer is None:
            return {"kind": "timeout", "detail": f"no answer within {budget:g} s",
                    "seconds": time.perf_counter() - start}
        return answer

    def stop(self):
        if self.proc is not None:
            with contextlib.suppress(OSError):
                self.proc.kill()
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                self.proc.wait(timeout=30)
            for stream in (self.proc.stdin, self.proc.stdout):
                with contextlib.suppress(OSError):
                    stream.close()
            self.proc = None
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None


def run_cases(cases, workers: int = 2, budget: float = BUDGET, progress=None) -> dict:
    """Run ``cases`` on ``workers`` worker processes; returns {case id: outcome}."""
    pending = list(cases)
    lock = threading.Lock()
    results: dict[str, dict] = {}

    def loop():
        worker = Worker()
        try:
            while True:
                with lock:
                    if not pending:
                        return
                    case = pending.pop(0)
                outcome = worker.run(case, budget)
                with lock:
                    results[case.id] = outcome
                    if progress:
                        progress(case, outcome, len(results))
        finally:
            worker.stop()

    threads = [threading.Thread(target=loop) for _ in range(max(1, workers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def function_of(case_id: str) -> str:
    """The target name of a case id (the part before the parameter)."""
    return parse_case_id(case_id).target


if __name__ == "__main__" and "--worker" in sys.argv:
    worker_main()
