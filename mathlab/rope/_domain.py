"""The input domain of mathlab.rope: what the solvers can represent, checked at the door (private).

Every public function of mathlab.rope checks its arguments here once, and so do command-line
front ends (``names`` maps a parameter to the name the user typed, e.g. ``"--omega"``). This
module imports only the standard library and ``mathlab._validate`` (the troposkien width for
:func:`offset_ratio` is computed by :mod:`.closed_form`, which needs scipy but not numba), so a
front end can refuse bad arguments before the solvers are loaded.

Two kinds of limits:

* Magnitudes. Every dimensional input lies in [1e-50, 1e50] in SI units (quantities that may
  vanish, such as g or end_radius, in [0, 1e50]). The largest product the solvers form, the
  tension scale rho omega^2 L^2, has five such factors and so stays within 1e+-250, which
  leaves the dimensionless factors (up to about 1e15 for the longest troposkien) far from
  float64's limits (2.2e-308 to 1.8e308): nothing overflows, underflows or divides by zero
  inside.
* Dimensionless groups, from what each solver can do: length / span for the shooting solver,
  g / (omega^2 L) and the axis offset over the rope's width for the continuation,
  lambda = omega^2 L / g for Kolodner's mode search (its cost grows like lambda), and sample
  counts (memory). Each limit is stated next to its constant below.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping

from .._validate import integer, real

__all__ = ["SCALE_MIN", "SCALE_MAX", "MAX_SAMPLES", "MAX_POINTS", "MAX_CRITICAL_SPEEDS",
           "LAMBDA_MAX", "DIAGRAM_MAX_SPEEDS", "DIAGRAM_LAMBDA_SUM_MAX", "SLACK_MIN",
           "SHOOTING_RATIO_MAX", "GRAVITY_RATIO_MAX", "OFFSET_RATIO_MAX", "label", "scale",
           "signed_scale", "samples", "rope_ends", "shooting_geometry", "gravity_ratio",
           "offset_ratio", "kolodner_lambda", "mode_count_bound", "hanging_points",
           "real_array", "interval_array", "axes", "line_properties", "troposkien_args", "spinning_args",
           "skipping_args", "catenary_args", "hanging_args", "article_args"]

# Magnitude window of every dimensional input (SI units); see the module docstring.
SCALE_MIN = 1e-50
SCALE_MAX = 1e50
# Points along one curve: 8 MB per array, far more than any figure or table needs.
MAX_SAMPLES = 1_000_000
# Points over all the curves one call returns (hanging_modes: modes x samples), about 320 MB.
MAX_POINTS = 10_000_000
# critical_speeds: Bessel zeros computed in one call (about a second for 1e5).
MAX_CRITICAL_SPEEDS = 100_000
# Kolodner's mode search: lambda = omega^2 L / g up to 1e5 (omega up to 316 sqrt(g/L), 201
# modes, about ten seconds); its cost grows like lambda.
LAMBDA_MAX = 1e5
# bifurcation_diagram: number of speeds, and the sum of their lambdas (about a minute's work).
DIAGRAM_MAX_SPEEDS = 10_000
DIAGRAM_LAMBDA_SUM_MAX = 1e6
# Shooting (spinning_rope, skipping_rope): the end angle 2 arctan(k), about
# 2 sqrt((L - D) / D) for a nearly taut rope, must stay well above the solver's axis tolerance
# (1e-7 rad): at (L - D) / D = 1e-10 it is 2e-5 rad (below it the continuation in g stalls
# early), and long ropes fold sharply at mid-span.
SLACK_MIN = 1e-10
SHOOTING_RATIO_MAX = 1e6
# g / (omega^2 L) along the axis: with the ends on the axis the bowed branch ends (collapse or
# fold) below 0.65 for every length / span measured from 1 + 1e-10 to 1e8 (ends off the axis
# carry it a little further); the continuation is not supported beyond 1.
GRAVITY_RATIO_MAX = 1.0
# Distance of the ends from the axis over the rope's gravity-free width R: the continuation
# from the troposkien follows the ends out to 100 R (tested for length / span from 1 + 1e-12
# to 1e6, and up to 300 R with g along the axis too); for the skipping rope this is
# g / (omega^2 R), far outside its quasi-static regime.
OFFSET_RATIO_MAX = 100.0


def label(name: str, names: Mapping[str, str] | None) -> str:
    """The name to show for parameter ``name`` (a command-line flag if ``names`` maps it)."""
    return names.get(name, name) if names else name


def _unit(unit: str) -> str:
    return f" {unit}" if unit else ""


def _real(name: str, value) -> float:
    try:
        return real(name, value)
    except OverflowError:   # an int beyond float64's range
        raise ValueError(f"{name} must be a finite real number; got an integer with "
                         f"{len(str(abs(int(value))))} digits") from None


def scale(name: str, value, unit: str = "", *, zero: bool = False,
          names: Mapping[str, str] | None = None) -> float:
    """Return a dimensional input as a float in [SCALE_MIN, SCALE_MAX] (or [0, SCALE_MAX]).

    With ``zero=True`` the quantity may vanish (g, end_radius, a non-negative omega): small
    values then only approach that harmless limit, so they are accepted down to 0.

    >>> scale("length", 2)
    2.0
    >>> scale("omega", 1e300, "rad/s", names={"omega": "--omega"})
    Traceback (most recent call last):
    ...
    ValueError: --omega must be in [1e-50, 1e+50] rad/s (beyond 1e+-50 the products the solvers form would overflow or underflow); got 1e+300
    """
    shown = label(name, names)
    result = _real(shown, value)
    if result < 0.0 or (result == 0.0 and not zero):
        raise ValueError(f"{shown} must be {'>= 0' if zero else '> 0'}; got {result!r}")
    if result > SCALE_MAX or (result < SCALE_MIN and not zero):
        lo = "0" if zero else f"{SCALE_MIN:g}"
        raise ValueError(f"{shown} must be in [{lo}, {SCALE_MAX:g}]{_unit(unit)} (beyond 1e+-50 "
                         f"the products the solvers form would overflow or underflow); "
                         f"got {result!r}")
    return result


def signed_scale(name: str, value, *, names: Mapping[str, str] | None = None) -> float:
    """Return a real input of either sign with ``|value| <= SCALE_MAX``.

    >>> signed_scale("C1", -1)
    -1.0
    """
    shown = label(name, names)
    result = _real(shown, value)
    if abs(result) > SCALE_MAX:
        raise ValueError(f"{shown} must be in [-{SCALE_MAX:g}, {SCALE_MAX:g}] (beyond it the "
                         f"products the solver forms would overflow); got {result!r}")
    return result


def samples(name: str, value, minimum: int = 2, *,
            names: Mapping[str, str] | None = None) -> int:
    """Return a number of points along a curve, from ``minimum`` to MAX_SAMPLES.

    >>> samples("n", 10**8)
    Traceback (most recent call last):
    ...
    ValueError: n must be an integer <= 1000000; got 100000000
    """
    return integer(label(name, names), value, minimum=minimum, maximum=MAX_SAMPLES)


def rope_ends(length, span, *, names: Mapping[str, str] | None = None) -> tuple[float, float]:
    """Length and span of a rope with both ends fixed: magnitudes, and span < length."""
    length = scale("length", length, "m", names=names)
    span = scale("span", span, "m", names=names)
    if not span < length:
        raise ValueError(f"{label('span', names)} must be < {label('length', names)} "
                         f"(= {length!r}) for a rope whose ends are that far apart; got {span!r}")
    return length, span


def shooting_geometry(length: float, span: float, *,
                      names: Mapping[str, str] | None = None) -> None:
    """Refuse length / span outside what the shooting solver handles (see SLACK_MIN).

    >>> shooting_geometry(1.0 + 1e-14, 1.0)
    Traceback (most recent call last):
    ...
    ValueError: length / span = 1.00000000000001 is too close to 1 for the shooting solver: (length - span) / span = 1e-14 must be >= 1e-10 (the rope is then so nearly taut that its end angle, about 2 sqrt((L - D)/D) rad, approaches the solver's axis tolerance); use troposkien() for g = 0
    """
    shown = f"{label('length', names)} / {label('span', names)}"
    slack = (length - span) / span
    if slack < SLACK_MIN:
        raise ValueError(f"{shown} = {length / span!r} is too close to 1 for the shooting "
                         f"solver: ({label('length', names)} - {label('span', names)}) / "
                         f"{label('span', names)} = {slack:.3g} must be >= {SLACK_MIN:g} (the "
                         f"rope is then so nearly taut that its end angle, about "
                         f"2 sqrt((L - D)/D) rad, approaches the solver's axis tolerance); use "
                         f"troposkien() for g = 0")
    if length / span > SHOOTING_RATIO_MAX:
        raise ValueError(f"{shown} must be <= {SHOOTING_RATIO_MAX:g} for the shooting solver "
                         f"(a longer rope folds too sharply at mid-span to integrate); got "
                         f"{length / span:.6g}; use troposkien() for g = 0")


def gravity_ratio(g: float, omega: float, length: float, *,
                  names: Mapping[str, str] | None = None) -> float:
    """Return g / (omega^2 L) after checking it is at most GRAVITY_RATIO_MAX."""
    ratio = g / (omega * omega * length)
    if ratio > GRAVITY_RATIO_MAX:
        g_max = GRAVITY_RATIO_MAX * omega * omega * length
        omega_min = math.sqrt(g / (GRAVITY_RATIO_MAX * length))
        raise ValueError(
            f"g / (omega^2 L) = {ratio:.4g} must be <= {GRAVITY_RATIO_MAX:g} (with the ends on "
            f"the axis the bowed branch ends below 0.65 for every length / span, see "
            f"spinning_rope; the solver is not supported beyond {GRAVITY_RATIO_MAX:g}): "
            f"{label('g', names)} must be <= {g_max:.6g} "
            f"m/s^2 at {label('omega', names)} = {omega!r} rad/s, or {label('omega', names)} "
            f">= {omega_min:.6g} rad/s at {label('g', names)} = {g!r} m/s^2")
    return ratio


def offset_ratio(offset: float, length: float, span: float, what: str, *,
                 names: Mapping[str, str] | None = None, hint=None) -> float:
    """Return offset / R after checking it is at most OFFSET_RATIO_MAX.

    ``offset`` is the distance of the ends from the (effective) axis and R the width of the
    same rope without gravity (the troposkien radius); ``what`` names the ratio in the message
    and ``hint(R)`` returns the end of it, saying how to get into range.
    """
    from .closed_form import troposkien

    width = troposkien(length, span).radius
    ratio = offset / width
    if ratio > OFFSET_RATIO_MAX:
        raise ValueError(
            f"{what} = {ratio:.4g} must be <= {OFFSET_RATIO_MAX:g} (R = {width:.4g} m is the "
            f"width of this rope, {label('length', names)} = {length!r} m and "
            f"{label('span', names)} = {span!r} m, without gravity; the continuation from the "
            f"gravity-free shape is supported up to {OFFSET_RATIO_MAX:g} R)"
            f"{hint(width) if hint else ''}")
    return ratio


def kolodner_lambda(omega: float, length: float, g: float, *,
                    names: Mapping[str, str] | None = None) -> float:
    """Return lambda = omega^2 L / g after checking it is at most LAMBDA_MAX."""
    lam = omega * omega * length / g
    if lam > LAMBDA_MAX:
        omega_max = math.sqrt(LAMBDA_MAX * g / length)
        raise ValueError(
            f"omega^2 L / g = {lam:.4g} must be <= {LAMBDA_MAX:g} for the mode search ("
            f"up to {mode_count_bound(LAMBDA_MAX)} modes; its cost grows like omega^2 L / g): "
            f"{label('omega', names)} = {omega!r} rad/s must be in [0, {omega_max:.6g}] at "
            f"{label('length', names)} = {length!r} m and {label('g', names)} = {g!r} m/s^2")
    return lam


def mode_count_bound(lam: float) -> int:
    """An upper bound on the number of hanging modes at lambda: j_{0,n} > (n - 1/4) pi.

    >>> mode_count_bound(0.5), mode_count_bound(100.0)
    (1, 7)
    """
    return int(2.0 * math.sqrt(lam) / math.pi + 0.25) + 1


def hanging_points(lam: float, count: int, *, names: Mapping[str, str] | None = None) -> None:
    """Refuse a ``samples`` count whose curves, over all modes at lambda, exceed MAX_POINTS."""
    modes = mode_count_bound(lam)
    if modes * count > MAX_POINTS:
        raise ValueError(f"{label('samples', names)} must be <= {MAX_POINTS // modes} at this "
                         f"speed (up to {modes} modes, at most {MAX_POINTS:g} points in all); "
                         f"got {count}")


def real_array(name: str, value, **kwargs):
    """``mathlab._validate.finite_array`` (same keywords), also for ints beyond float64."""
    from .._validate import finite_array

    try:
        return finite_array(name, value, **kwargs)
    except OverflowError:   # an int beyond float64's range
        raise ValueError(f"{name} must hold finite real numbers; got an integer beyond "
                         f"float64's range") from None
    except ValueError as exc:   # numpy's own message for ragged input names nothing
        if str(exc).startswith(name):
            raise
        raise ValueError(f"{name} must be an array of real numbers; got {value!r:.60}") \
            from None


def interval_array(name: str, value, low: float, high: float, unit: str = ""):
    """Return ``value`` (a scalar or an array of any shape) as floats inside [low, high].

    >>> interval_array("zeta", [0.0, 1.0], 0.0, 2.0)
    array([0., 1.])
    >>> interval_array("zeta", 5.0, 0.0, 2.0, "m")
    Traceback (most recent call last):
    ...
    ValueError: zeta must be in [0, 2] m; got 5.0
    """
    import numpy as np

    if value is None or isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be a number or an array of numbers; got {value!r}")
    arr = np.asarray(_real(name, value)) if isinstance(value, numbers.Real) else \
        real_array(name, value)
    outside = (arr < low) | (arr > high)
    if outside.any():
        bad = float(arr[outside].flat[0])
        raise ValueError(f"{name} must be in [{low:.17g}, {high:.17g}]{_unit(unit)}; got {bad!r}"
                         + ("" if arr.ndim == 0 else f" ({int(outside.sum())} of {arr.size} "
                                                       "entries outside)"))
    return arr


def axes(ax):
    """Return ``ax`` if it is None or a matplotlib Axes, else raise ValueError."""
    if ax is None:
        return None
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise ValueError(f"ax must be None or a matplotlib Axes; got {type(ax).__name__}")
    return ax


def line_properties(kwargs: dict) -> dict:
    """Check matplotlib Line2D keyword arguments (``color``, ``lw``, ...) before any drawing."""
    from matplotlib.lines import Line2D

    try:
        Line2D([], [], **kwargs)
    except (AttributeError, TypeError, ValueError) as exc:
        raise ValueError(f"invalid line property for plot: {exc}") from None
    return kwargs


# --------------------------------------------------------------------------- argument sets
# The checks of each public function's arguments, in one place so that a front end can run
# them before loading the solver (``names`` maps each parameter to the name the user typed).

def troposkien_args(length, span, omega, density, *, names=None):
    """Arguments of :func:`~mathlab.rope.troposkien` as floats."""
    length, span = rope_ends(length, span, names=names)
    omega = scale("omega", omega, "rad/s", names=names)
    density = scale("density", density, "kg/m", names=names)
    return length, span, omega, density


def _shooting_args(length, span, omega, g, density, n, names):
    length, span = rope_ends(length, span, names=names)
    shooting_geometry(length, span, names=names)
    omega = scale("omega", omega, "rad/s", names=names)
    g = scale("g", g, "m/s^2", zero=True, names=names)
    density = scale("density", density, "kg/m", names=names)
    n = samples("n", n, names=names)
    return length, span, omega, g, density, n


def spinning_args(length, span, omega, g, density, end_radius, n, *, names=None):
    """Arguments of :func:`~mathlab.rope.spinning_rope` (all but ``method``)."""
    length, span, omega, g, density, n = _shooting_args(length, span, omega, g, density, n,
                                                        names)
    end_radius = scale("end_radius", end_radius, "m", zero=True, names=names)
    gravity_ratio(g, omega, length, names=names)
    shown = label("end_radius", names)
    offset_ratio(end_radius, length, span, f"{shown} / R", names=names,
                 hint=lambda width: f"; {shown} must be <= {OFFSET_RATIO_MAX * width:.6g} m")
    return length, span, omega, g, density, end_radius, n


def skipping_args(length, span, omega, g, density, n, *, names=None):
    """Arguments of :func:`~mathlab.rope.skipping_rope` (all but ``method``)."""
    length, span, omega, g, density, n = _shooting_args(length, span, omega, g, density, n,
                                                        names)
    offset = g / (omega * omega)
    shown = label("omega", names)
    offset_ratio(offset, length, span, "g / (omega^2 R)", names=names,
                 hint=lambda width: f": the skipping rope's axis offset g / omega^2 = "
                                    f"{offset:.4g} m, and the quasi-static snapshot needs "
                                    f"g / (omega^2 R) << 1; {shown} must be >= "
                                    f"{math.sqrt(g / (OFFSET_RATIO_MAX * width)):.6g} rad/s at "
                                    f"this g, or use catenary(), the omega -> 0 limit")
    return length, span, omega, g, density, n


def catenary_args(length, span, g, density, n, *, names=None):
    """Arguments of :func:`~mathlab.rope.catenary`."""
    length, span = rope_ends(length, span, names=names)
    g = scale("g", g, "m/s^2", names=names)
    density = scale("density", density, "kg/m", names=names)
    return length, span, g, density, samples("n", n, names=names)


def hanging_args(omega, length, g, density, count, *, names=None):
    """Arguments of :func:`~mathlab.rope.hanging_modes` (``count``: its ``samples``)."""
    omega = scale("omega", omega, "rad/s", zero=True, names=names)
    length = scale("length", length, "m", names=names)
    g = scale("g", g, "m/s^2", names=names)
    density = scale("density", density, "kg/m", names=names)
    count = samples("samples", count, minimum=3, names=names)
    lam = kolodner_lambda(omega, length, g, names=names)
    hanging_points(lam, count, names=names)
    return omega, length, g, density, count


def article_args(C1, omega, g, s_max, step, *, names=None):
    """Arguments of :func:`~mathlab.rope.article_curve` (the post's dimensionless units)."""
    C1 = signed_scale("C1", C1, names=names)
    omega = scale("omega", omega, names=names)
    g = scale("g", g, zero=True, names=names)
    s_max = scale("s_max", s_max, names=names)
    step = scale("step", step, names=names)
    shown = label("step", names)
    if step > s_max:
        raise ValueError(f"{shown} must be in (0, {label('s_max', names)} = {s_max!r}]; "
                         f"got {step!r}")
    count = math.ceil(s_max / step)
    if count > MAX_SAMPLES:
        raise ValueError(f"{shown} must be >= {label('s_max', names)} / {MAX_SAMPLES} = "
                         f"{s_max / MAX_SAMPLES:.6g} (at most {MAX_SAMPLES} samples); got "
                         f"{step!r}, which gives {count}")
    return C1, omega, g, s_max, step
