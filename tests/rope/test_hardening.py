"""Every input gets a right answer or a clear ValueError: limits, budgets, domains, diagnoses.

Each test pins one cause of a hang, a silent inf/NaN, a wrong exception type or a wrong
diagnosis, and checks that the refusal names the parameter, its value and the allowed range,
or that the answer is right (against a closed form, an identity or a scaling).
"""

import math
import os
import signal
import subprocess
import sys
import warnings
from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mathlab.rope as rope
from mathlab.rope import (bifurcation_diagram, catenary, critical_speeds, hanging_modes,
                          skipping_rope, spinning_rope, troposkien)
from mathlab.rope import _domain
from mathlab.rope.article import ArticleODEError, article_curve
from mathlab.rope.shooting import ShootingError


@contextmanager
def deadline(seconds):
    """Fail (rather than hang) if the body runs longer than ``seconds``: a hang guard."""
    def alarm(signum, frame):
        raise TimeoutError(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# ----------------------------------------------------------------- sizes, counts and budgets

@pytest.mark.parametrize("call, words", [
    (lambda: hanging_modes(1e300, 1.0), ["omega", "1e+300", "[0, 1e+50]"]),
    (lambda: hanging_modes(12.0, 1.0, g=1e-300), ["g", "1e-300", "[1e-50, 1e+50]"]),
    (lambda: bifurcation_diagram([3.0], length=1e300), ["length", "1e+300"]),
    (lambda: critical_speeds(10**9, 1.0), ["count", "<= 100000", "1000000000"]),
    (lambda: hanging_modes(1000.0, 1.0), ["omega^2 L / g", "omega = 1000.0", "[0, 990.4"]),
    (lambda: hanging_modes(12.0, 1e8), ["omega^2 L / g", "length = 100000000.0"]),
    (lambda: bifurcation_diagram([3.0, 2e3], 1.0), ["omega[1] = 2000.0", "[0, 990.4"]),
    (lambda: bifurcation_diagram(np.full(20, 900.0), 1.0), ["sum of omega^2 L / g", "1e+06"]),
    (lambda: bifurcation_diagram(np.ones(10_001), 1.0), ["at most 10000 speeds", "10001"]),
    (lambda: hanging_modes(300.0, 1.0, samples=10**6), ["samples must be <=", "modes"]),
])
def test_sizes_and_solver_groups_are_refused_up_front(call, words):
    with deadline(5), pytest.raises(ValueError) as info:
        call()
    for word in words:
        assert word in str(info.value)


@pytest.mark.parametrize("call, name", [
    (lambda n: troposkien(3.0, 2.0).curve(n), "n"),
    (lambda n: spinning_rope(3.0, 2.0, 2.0, n=n), "n"),
    (lambda n: skipping_rope(3.0, 2.0, 12.0, n=n), "n"),
    (lambda n: catenary(3.0, 2.0, n=n), "n"),
    (lambda n: hanging_modes(12.0, 1.0, samples=n), "samples"),
])
@pytest.mark.parametrize("n", [10**8, 2**31, 2**63, 1e300])
def test_sample_counts_have_a_stated_maximum(call, name, n):
    with deadline(5), pytest.raises(ValueError, match=rf"^{name} must be an integer <= 1000000"):
        call(n)


def test_the_largest_sample_counts_work():
    # The integrators land on every sample, so their step budgets grow with the samples.
    c = spinning_rope(3.0, 2.0, 2.0, g=1.0, n=300_001)
    small = spinning_rope(3.0, 2.0, 2.0, g=1.0, n=3)
    np.testing.assert_allclose(c.r[::150_000], small.r, atol=1e-10)
    assert c.max_radius == pytest.approx(small.max_radius, rel=1e-10)
    w1, w2 = critical_speeds(2, 1.0)
    mode, = hanging_modes(0.5 * (w1 + w2), 1.0, samples=_domain.MAX_SAMPLES - 1)
    coarse, = hanging_modes(0.5 * (w1 + w2), 1.0, samples=3)
    np.testing.assert_allclose(mode.r[::(_domain.MAX_SAMPLES - 2) // 2], coarse.r, atol=1e-12)
    np.testing.assert_allclose(mode.z[::(_domain.MAX_SAMPLES - 2) // 2], coarse.z, atol=1e-12)


def test_article_step_count_and_evaluation_budget(monkeypatch):
    with pytest.raises(ValueError, match=r"step must be >= s_max / 1000000 = 5e-07"):
        article_curve(1.0, step=1e-8)
    monkeypatch.setattr("mathlab.rope.article._MAX_EVALUATIONS", 10)
    with pytest.raises(ArticleODEError, match="more than 10 evaluations"):
        article_curve(1.0)


# ----------------------------------------------------------------- no silent inf or NaN

@pytest.mark.parametrize("call, name", [
    (lambda: critical_speeds(3, 5e-324), "length"),
    (lambda: article_curve(1.0, omega=1e200), "omega"),
    (lambda: troposkien(3.0, 2.0, density=1e-300), "density"),
    (lambda: catenary(3.0, 2.0, g=5e-324), "g"),
    (lambda: bifurcation_diagram([3.0], length=5e-324), "length"),
])
def test_values_that_would_overflow_or_underflow_inside_are_refused(call, name):
    with pytest.raises(ValueError, match=rf"^{name} must be in \["):
        call()


def test_bifurcation_diagram_holds_no_nan():
    # An absent branch is the vertical rope (r_free = 0), flagged by ``exists``.
    d = bifurcation_diagram([0.0, 3.0, 12.0], 1.0)
    assert np.all(np.isfinite(d.free_radius)) and np.all(np.isfinite(d.shooting_parameter))
    assert d.exists.tolist() == [[False, False], [False, False], [True, True]]
    assert d.free_radius[:2].tolist() == [[0.0, 0.0], [0.0, 0.0]]
    assert np.all(d.free_radius[2] > 0)


# ----------------------------------------------------------------- exception types

@pytest.mark.parametrize("omega", [1e160, 1e300, 1e-200, 5e-324])
@pytest.mark.parametrize("call", [
    lambda w: troposkien(3.0, 2.0, omega=w),
    lambda w: spinning_rope(3.0, 2.0, w),
    lambda w: skipping_rope(3.0, 2.0, w),
    lambda w: article_curve(1.0, omega=w),
])
def test_extreme_omega_is_a_value_error_not_overflow_or_zero_division(call, omega):
    with pytest.raises(ValueError, match=r"^omega must be in \[1e-50, 1e\+50\]"):
        call(omega)


@pytest.mark.parametrize("value", [1 + 2j, np.complex128(3.0), "3", None, [3.0], 10**400, True])
@pytest.mark.parametrize("call, name", [
    (lambda v: troposkien(v, 2.0), "length"),
    (lambda v: spinning_rope(3.0, v, 2.0), "span"),
    (lambda v: skipping_rope(3.0, 2.0, v), "omega"),
    (lambda v: catenary(3.0, 2.0, g=v), "g"),
    (lambda v: hanging_modes(12.0, 1.0, density=v), "density"),
    (lambda v: critical_speeds(3, 1.0, g=v), "g"),
    (lambda v: article_curve(v), "C1"),
    (lambda v: troposkien(3.0, 2.0).radius_at(v), "zeta"),
    (lambda v: troposkien(3.0, 2.0).arc_length_at(v), "zeta"),
])
def test_wrong_types_are_value_errors_naming_the_parameter(call, name, value):
    with pytest.raises(ValueError, match=rf"^{name} must"):
        call(value)


def test_plot_arguments_are_checked_before_drawing():
    import matplotlib.pyplot as plt

    curve = catenary(3.0, 2.0, n=11)
    for bad in ("ax", 3.0, [1]):
        with pytest.raises(ValueError, match="ax must be None or a matplotlib Axes"):
            curve.plot(ax=bad)
        with pytest.raises(ValueError, match="ax must be None or a matplotlib Axes"):
            bifurcation_diagram([3.0], 1.0).plot(ax=bad)
    with pytest.raises(ValueError, match="invalid line property"):
        troposkien(3.0, 2.0).plot(n=11, colour="red")
    # A single speed: no singular-limits warning from matplotlib.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = bifurcation_diagram([12.0], 1.0).plot()
    lo, hi = ax.get_xlim()
    assert lo < 12.0 / math.sqrt(9.81) < hi
    plt.close("all")


# ----------------------------------------------------------------- domains of methods

def test_troposkien_methods_refuse_points_off_the_rope():
    t = troposkien(3.0, 2.0)
    for bad in (1e300, 5.0, -1.0, -1e-12, 2.0 + 1e-12):
        with pytest.raises(ValueError, match=r"zeta must be in \[0, 2\] m \(the span\)"):
            t.radius_at(bad)
        with pytest.raises(ValueError, match=r"zeta must be in \[0, 2\]"):
            t.arc_length_at(bad)
    with pytest.raises(ValueError, match=r"1 of 3 entries outside"):
        t.radius_at([0.0, 1.0, 3.0])


def test_troposkien_methods_stay_in_range_at_the_ends_of_the_span():
    t = troposkien(3.0, 2.0)
    zeta = np.linspace(0.0, t.span, 101)
    r, s = t.radius_at(zeta), t.arc_length_at(zeta)
    assert np.all((0.0 <= r) & (r <= t.radius)) and r[0] == 0.0 and r[-1] == 0.0
    assert np.all((0.0 <= s) & (s <= t.length)) and np.all(np.diff(s) > 0)
    assert s[-1] == pytest.approx(t.length, rel=1e-14)
    # symmetric about mid-span (independent of the clipping)
    np.testing.assert_allclose(r, r[::-1], atol=1e-12)
    assert isinstance(t.radius_at(0.5), np.floating)


# ----------------------------------------------------------------- diagnoses

def test_nearly_taut_skipping_rope_is_refused_with_the_supported_range_not_a_collapse():
    with pytest.raises(ValueError) as info:
        skipping_rope(1 + 1e-8, 1.0, 12.0)
    message = str(info.value)
    assert "collapse" not in message
    assert "g / (omega^2 R) = 1070 must be <= 100" in message
    omega_min = float(message.split("omega must be >= ")[1].split()[0])
    # The smallest omega it names works, and gives the nearly straight rope: its sag lies
    # between the catenary's (uniform load) and the troposkien's (load proportional to r).
    with pytest.warns(rope.shooting.QuasiStaticWarning):   # far from quasi-static, as said
        c = skipping_rope(1 + 1e-8, 1.0, 1.001 * omega_min, n=201)
    assert catenary(1 + 1e-8, 1.0).max_radius < c.max_radius < troposkien(1 + 1e-8, 1.0).radius
    assert c.residual < 1e-11 and np.all(c.tension > 0)


def test_nearly_taut_ropes_under_gravity_follow_one_branch():
    # With the whole end angle inside the Newton trust region, the continuation used to jump
    # to the doubled rope on the axis and report a collapse at g/(omega^2 L) ~ 0.12. The width
    # at a given g/(omega^2 L) hardly depends on the slack once the rope is nearly taut.
    widths = []
    for slack in (1e-10, 1.53e-6, 7.54e-4):
        length = 1.0 + slack
        c = spinning_rope(length, 1.0, 1.0, g=0.4 * length, n=201)
        energy = c.tension - c.g * c.z + 0.5 * c.r ** 2
        np.testing.assert_allclose(energy, energy[0], rtol=1e-9)
        assert c.info["tension_top"] - c.info["tension_bottom"] == pytest.approx(c.g,
                                                                                 rel=1e-8)
        widths.append(c.max_radius / troposkien(length, 1.0).radius)
    np.testing.assert_allclose(widths, 0.4596, rtol=2e-3)


def test_shooting_ranges_are_stated():
    with pytest.raises(ValueError, match=r"too close to 1 for the shooting solver.*>= 1e-10"):
        spinning_rope(1 + 1e-14, 1.0, 1.0)
    with pytest.raises(ValueError, match=r"length / span must be <= 1e\+06"):
        skipping_rope(2e6, 1.0, 100.0)
    with pytest.raises(ValueError, match=r"g / \(omega\^2 L\) = 8.333 must be <= 1 .* g must "
                                         r"be <= 12 m/s\^2 .* omega >= 5.7735"):
        spinning_rope(3.0, 2.0, 2.0, g=100.0)
    with pytest.raises(ValueError, match=r"end_radius / R = 969.5 must be <= 100 .* "
                                         r"end_radius must be <= 103.14"):
        spinning_rope(3.0, 2.0, 2.0, end_radius=1e3)
    # Just inside: the ends 100 widths off the axis.
    R = troposkien(3.0, 2.0).radius
    c = spinning_rope(3.0, 2.0, 2.0, end_radius=99.0 * R, n=101)
    assert c.r[-1] == pytest.approx(99.0 * R, abs=1e-9) and c.max_radius > 99.0 * R


# ----------------------------------------------------------------- extreme accepted scales

@pytest.mark.parametrize("scale", [1e-40, 1e40])
def test_shapes_scale_exactly_at_the_ends_of_the_magnitude_window(scale):
    # Lengths times `scale`, omega and density chosen so that products of five inputs reach
    # about 1e+-200: the dimensionless answer must not change.
    omega, density = 1.0 / scale ** 0.5, scale
    t, t1 = troposkien(3 * scale, 2 * scale, omega, density), troposkien(3.0, 2.0)
    assert t.radius / scale == pytest.approx(t1.radius, rel=1e-13)
    assert t.tension_end / (density * omega ** 2 * scale ** 2) == pytest.approx(
        t1.tension_end, rel=1e-13)
    g = 0.2 * omega ** 2 * 3 * scale
    c = spinning_rope(3 * scale, 2 * scale, omega, g=g, density=density, n=21)
    c1 = spinning_rope(3.0, 2.0, 1.0, g=0.6, n=21)
    np.testing.assert_allclose(c.r / scale, c1.r, atol=1e-9)
    np.testing.assert_allclose(c.tension / (density * omega ** 2 * scale ** 2), c1.tension,
                               rtol=1e-9)
    gk = scale ** -0.5
    modes = hanging_modes(math.sqrt(20.0 * gk / scale), scale, g=gk, density=density,
                          samples=11)
    modes1 = hanging_modes(math.sqrt(20.0), 1.0, g=1.0, samples=11)
    assert len(modes) == len(modes1) == 3
    for m, m1 in zip(modes, modes1):
        np.testing.assert_allclose(m.r / scale, m1.r, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(m.tension / (density * gk * scale), m1.tension, rtol=1e-9)


# ----------------------------------------------------------------- light input checks

def test_input_checks_load_no_solver():
    # The package loads its modules on first use, so a front end can run every range check
    # (the skipping rope's needs the troposkien, which needs scipy but not numba) first.
    code = (
        "import sys\n"
        "import mathlab.rope as rope\n"
        "from mathlab.rope import _domain\n"
        "_domain.skipping_args(3.0, 2.0, 12.0, 9.81, 1.0, 51)\n"
        "_domain.spinning_args(3.0, 2.0, 2.0, 3.0, 1.0, 0.0, 51)\n"
        "_domain.hanging_args(12.0, 1.0, 9.81, 1.0, 51)\n"
        "_domain.article_args(1.0, 2.0, 3.0, 0.5, 1e-4)\n"
        "heavy = [m for m in ('numba', 'sympy', 'scipy.integrate', 'matplotlib') "
        "if m in sys.modules]\n"
        "print(heavy, set(rope.__all__) <= set(dir(rope)))\n"
        "print(rope.spinning_rope.__module__, 'numba' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, env={**os.environ, "MPLBACKEND": "Agg"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:2] == ["[] True", "mathlab.rope.shooting True"]
    with pytest.raises(AttributeError, match="no attribute 'nonexistent'"):
        rope.nonexistent  # noqa: B018


# ----------------------------------------------------------------- property-based sweep

_BAD = st.sampled_from([math.nan, math.inf, -math.inf, 0.0, -1.0, 5e-324, 1e-300, 1e300,
                        -1e300, 10**400, 2**31, 2**63, "abc", None, 1 + 1j, [1.0, 2.0], True])
_ANY = st.one_of(_BAD, st.floats(allow_nan=True, allow_infinity=True),
                 st.floats(1e-60, 1e60), st.integers(-2**70, 2**70))

# (callable, the parameters it sweeps with their valid baselines)
_TARGETS = {
    "troposkien": (lambda **k: troposkien(**k).curve(11),
                   dict(length=3.0, span=2.0, omega=1.0, density=1.0)),
    "radius_at": (lambda **k: troposkien(3.0, 2.0).radius_at(**k), dict(zeta=0.3)),
    "arc_length_at": (lambda **k: troposkien(3.0, 2.0).arc_length_at(**k), dict(zeta=0.3)),
    "curve": (lambda **k: troposkien(3.0, 2.0).curve(**k), dict(n=11)),
    "spinning_rope": (spinning_rope, dict(length=3.0, span=2.0, omega=2.0, g=3.0, density=1.0,
                                          end_radius=0.0, n=11)),
    "skipping_rope": (skipping_rope, dict(length=3.0, span=2.0, omega=12.0, g=9.81,
                                          density=1.0, n=11)),
    "catenary": (catenary, dict(length=3.0, span=2.0, g=9.81, density=1.0, n=11)),
    "hanging_modes": (hanging_modes, dict(omega=12.0, length=1.0, g=9.81, density=1.0,
                                          samples=11)),
    "critical_speeds": (critical_speeds, dict(count=3, length=1.0, g=9.81)),
    "bifurcation_diagram": (bifurcation_diagram, dict(omega=[3.0, 6.0], length=1.0, g=9.81)),
    "article_curve": (article_curve, dict(C1=1.0, omega=2.0, g=3.0, s_max=0.5, step=1e-2)),
}


def _nonfinite(value):
    if isinstance(value, (float, np.floating)):
        return not math.isfinite(value)
    if isinstance(value, np.ndarray):
        return value.dtype.kind == "f" and not np.all(np.isfinite(value))
    if hasattr(value, "__dataclass_fields__"):
        return any(_nonfinite(getattr(value, f)) for f in value.__dataclass_fields__)
    if isinstance(value, (list, tuple)):
        return any(_nonfinite(v) for v in value)
    if isinstance(value, dict):
        return any(_nonfinite(v) for v in value.values())
    return False


@settings(max_examples=int(os.environ.get("MATHLAB_SWEEP_EXAMPLES", "150")), deadline=None,
          derandomize=True)
@given(target=st.sampled_from(sorted(_TARGETS)), data=st.data())
def test_every_input_gets_a_finite_answer_or_a_value_error_naming_it(target, data):
    call, base = _TARGETS[target]
    name = data.draw(st.sampled_from(sorted(base)))
    value = data.draw(_ANY)
    if name == "omega" and target == "bifurcation_diagram":
        value = [value, 6.0]
    args = dict(base, **{name: value})
    with warnings.catch_warnings(), deadline(30):
        warnings.simplefilter("ignore", rope.shooting.QuasiStaticWarning)
        warnings.simplefilter("error", RuntimeWarning)
        try:
            result = call(**args)
        except ValueError as exc:
            assert name in str(exc) or isinstance(exc, (ShootingError, ArticleODEError)), exc
            return
    assert not _nonfinite(result), (target, args)
