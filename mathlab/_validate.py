"""Shared input checks.

Every public function validates its arguments with these helpers so that bad input raises a
``ValueError`` whose message names the parameter, the value received and what is allowed.

Scalars: :func:`real` (finite float; refuses bool, complex, str, None, ints beyond float64),
:func:`positive`, :func:`nonnegative`, :func:`in_interval`, :func:`optional` (None passes).
Counts and sizes: :func:`integer`, and :func:`count`, which always has a maximum: the caller's,
the largest value whose arrays fit :data:`MEMORY_BUDGET`, or :data:`MAX_INT32`, so that
``2**31`` or ``10**9`` is refused with the allowed range before anything is allocated.
Ranges the numerics can represent: :func:`dimensionless` refuses a product of powers of the
parameters (omega^2 L / g, g / (omega^2 R), ...) outside [:data:`TINY`, :data:`HUGE`], so
that a value that would overflow or underflow inside is refused at the door.
Arrays: :func:`finite_array`, :func:`same_length`. Others: :func:`choice`,
:func:`random_generator`, and :func:`finite_result` for results on the way out.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable

import numpy as np

__all__ = [
    "real",
    "positive",
    "nonnegative",
    "in_interval",
    "integer",
    "choice",
    "finite_array",
    "same_length",
    "random_generator",
    "finite_result",
    "optional",
    "count",
    "dimensionless",
    "MAX_INT32",
    "MEMORY_BUDGET",
    "TINY",
    "HUGE",
]

MAX_INT32 = 2**31 - 1
"""Largest count accepted by :func:`count` unless the caller states another maximum."""

MEMORY_BUDGET = 2**31
"""Bytes (2 GiB) that the arrays sized by one count argument may take (see :func:`count`)."""

TINY = 1e-150
"""Default lower end of :func:`dimensionless`: its square is still a normal float64."""

HUGE = 1e150
"""Default upper end of :func:`dimensionless`: its square is still finite in float64."""


def _describe(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def real(name: str, value) -> float:
    """Return ``value`` as a finite float, or raise ValueError naming ``name``.

    Refused: NaN and inf, bool, complex (also complex numpy scalars and 0-d arrays), strings,
    None, and integers too large for float64.

    >>> real("g", 9.81)
    9.81
    >>> real("g", float("nan"))
    Traceback (most recent call last):
    ...
    ValueError: g must be a finite real number; got nan
    >>> real("g", 1 + 2j)
    Traceback (most recent call last):
    ...
    ValueError: g must be a finite real number; got (1+2j)
    >>> real("g", 10**400)
    Traceback (most recent call last):
    ...
    ValueError: g must be a finite real number; got an integer of 401 digits (beyond float64)
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.ndarray)):
        raise ValueError(f"{name} must be a finite real number; got {_describe(value)}")
    if isinstance(value, np.ndarray):
        if value.shape != ():
            raise ValueError(f"{name} must be a scalar; got an array of shape {value.shape}")
        if value.dtype.kind not in "iuf":
            raise ValueError(f"{name} must be a finite real number; got {_describe(value)}")
        value = value[()]
    try:
        result = float(value)
    except OverflowError:
        raise ValueError(f"{name} must be a finite real number; got an integer of "
                         f"{len(str(abs(int(value))))} digits (beyond float64)") from None
    if not math.isfinite(result):
        raise ValueError(f"{name} must be a finite real number; got {result!r}")
    return result


def positive(name: str, value) -> float:
    """Return ``value`` as a float > 0, or raise ValueError.

    >>> positive("length", 2)
    2.0
    >>> positive("length", 0)
    Traceback (most recent call last):
    ...
    ValueError: length must be > 0; got 0.0
    """
    result = real(name, value)
    if not result > 0:
        raise ValueError(f"{name} must be > 0; got {result!r}")
    return result


def nonnegative(name: str, value) -> float:
    """Return ``value`` as a float >= 0, or raise ValueError."""
    result = real(name, value)
    if result < 0:
        raise ValueError(f"{name} must be >= 0; got {result!r}")
    return result


def in_interval(name: str, value, low: float, high: float, *, closed: str = "neither") -> float:
    """Return ``value`` as a float inside the interval from ``low`` to ``high``.

    ``closed`` is one of "neither", "left", "right", "both" (which ends are included).

    >>> in_interval("p", 0.5, 0, 1)
    0.5
    >>> in_interval("p", 1, 0, 1)
    Traceback (most recent call last):
    ...
    ValueError: p must be in (0, 1); got 1.0
    """
    if closed not in ("neither", "left", "right", "both"):
        raise ValueError(f"closed must be 'neither', 'left', 'right' or 'both'; got {closed!r}")
    result = real(name, value)
    left_ok = result >= low if closed in ("left", "both") else result > low
    right_ok = result <= high if closed in ("right", "both") else result < high
    if not (left_ok and right_ok):
        lb = "[" if closed in ("left", "both") else "("
        rb = "]" if closed in ("right", "both") else ")"
        raise ValueError(f"{name} must be in {lb}{low:g}, {high:g}{rb}; got {result!r}")
    return result


def integer(name: str, value, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """Return ``value`` as an int within [minimum, maximum], or raise ValueError.

    Floats are accepted only when they are whole numbers.

    >>> integer("count", 3, minimum=1)
    3
    >>> integer("count", 0, minimum=1)
    Traceback (most recent call last):
    ...
    ValueError: count must be an integer >= 1; got 0
    """
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be an integer; got {_describe(value)}")
    if isinstance(value, numbers.Integral):
        result = int(value)
    elif isinstance(value, numbers.Real) and math.isfinite(value) and float(value).is_integer():
        result = int(value)
    else:
        raise ValueError(f"{name} must be an integer; got {_describe(value)}")
    if minimum is not None and result < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}; got {_describe(result)}")
    if maximum is not None and result > maximum:
        raise ValueError(f"{name} must be an integer <= {maximum}; got {_describe(result)}")
    return result


def count(name: str, value, *, minimum: int = 0, maximum: int | None = None,
          item_bytes: float | None = None, budget: int = MEMORY_BUDGET) -> int:
    """Return a size or count as an int in [minimum, maximum]; huge values are refused up front.

    Every count has a maximum. ``maximum`` states it; otherwise, when ``item_bytes`` (the
    bytes the call allocates per unit of the count, e.g. 8 * number of float64 arrays of that
    length) is given, it is the largest count whose arrays fit ``budget`` bytes (default
    :data:`MEMORY_BUDGET`, 2 GiB); otherwise :data:`MAX_INT32`. Floats are accepted only when
    they are whole numbers (as in :func:`integer`).

    >>> count("n", 2001, minimum=2, item_bytes=80)
    2001
    >>> count("n", 2**31, minimum=2, item_bytes=80)
    Traceback (most recent call last):
    ...
    ValueError: n must be an integer in [2, 26843545] (larger values need more than 2 GiB); got 2147483648
    >>> count("n_permutations", 10**10, minimum=1)
    Traceback (most recent call last):
    ...
    ValueError: n_permutations must be an integer in [1, 2147483647]; got 10000000000
    >>> count("samples", 1.5)
    Traceback (most recent call last):
    ...
    ValueError: samples must be an integer; got 1.5
    """
    result = integer(name, value)
    why = ""
    if maximum is None:
        if item_bytes is not None:
            maximum = min(MAX_INT32, int(budget // item_bytes))
            why = f" (larger values need more than {budget / 2**30:g} GiB)"
        else:
            maximum = MAX_INT32
    if not minimum <= result <= maximum:
        raise ValueError(f"{name} must be an integer in [{minimum}, {maximum}]{why}; "
                         f"got {_describe(result)}")
    return result


def dimensionless(expression: str, *, low: float = TINY, high: float = HUGE,
                  **factors: tuple[float, float]) -> float:
    """Return the product of ``value ** power`` over ``factors`` if it lies in [low, high].

    Checks a combination of parameters that the numerics use (``omega**2 * length / g``,
    ``g / (omega**2 * radius)``, ``sigma / spread``, ...) before anything overflows: the
    magnitude is computed from mantissas and exponents, so neither the check nor the returned
    value overflows or underflows even when ``omega**2`` alone would. The message names every
    parameter with its value. Each factor is ``name=(value, power)``; values must be finite
    and nonzero (check them first with :func:`positive`); the sign of the product is kept.

    >>> dimensionless("omega^2 length / g", omega=(2.0, 2), length=(1.0, 1), g=(9.81, -1))
    0.4077471967380224
    >>> dimensionless("omega^2 length / g", omega=(1e200, 2), length=(1.0, 1), g=(9.81, -1))
    Traceback (most recent call last):
    ...
    ValueError: omega^2 length / g is about 1e+399, outside [1e-150, 1e+150], the range the float64 numerics can handle (omega=1e+200, length=1, g=9.81)
    """
    mantissa, exponent = 1.0, 0.0
    for key, (value, power) in factors.items():
        v = real(key, value)
        if v == 0.0:
            raise ValueError(f"{key} must be nonzero in {expression}; got {v!r}")
        m, e = math.frexp(abs(v))
        mantissa *= m ** power
        exponent += e * power
        if v < 0 and float(power).is_integer() and int(power) % 2:
            mantissa = -mantissa
    whole = math.floor(exponent)
    mantissa *= 2.0 ** (exponent - whole)
    log2 = math.log2(abs(mantissa)) + whole
    if not math.log2(low) <= log2 <= math.log2(high):
        shown = ", ".join(f"{key}={float(v):g}" for key, (v, _) in factors.items())
        raise ValueError(f"{expression} is about 1e{log2 * math.log10(2):+.0f}, outside "
                         f"[{low:g}, {high:g}], the range the float64 numerics can handle "
                         f"({shown})")
    return math.ldexp(mantissa, whole)


def optional(check, name: str, value, *args, **kwargs):
    """``None`` if ``value`` is None, else ``check(name, value, *args, **kwargs)``.

    For parameters where None means a default (a bandwidth from the median heuristic, say).

    >>> optional(positive, "sigma", None) is None
    True
    >>> optional(positive, "sigma", -1.0)
    Traceback (most recent call last):
    ...
    ValueError: sigma must be > 0; got -1.0
    """
    return None if value is None else check(name, value, *args, **kwargs)


def choice(name: str, value, allowed: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``allowed``, or raise ValueError listing the options.

    >>> choice("method", "gamma", ("gamma", "permutation"))
    'gamma'
    >>> choice("method", "gama", ("gamma", "permutation"))
    Traceback (most recent call last):
    ...
    ValueError: method must be one of 'gamma', 'permutation'; got 'gama'
    """
    allowed = tuple(allowed)
    if not isinstance(value, str) or value not in allowed:
        options = ", ".join(repr(a) for a in allowed)
        raise ValueError(f"{name} must be one of {options}; got {_describe(value)}")
    return value


def finite_array(name: str, value, *, ndim: int | tuple[int, ...] | None = None,
                 min_length: int = 0, dtype=np.float64) -> np.ndarray:
    """Return ``value`` as a float array with no NaN or inf, or raise ValueError.

    Parameters
    ----------
    name : str
        Parameter name used in error messages.
    value : array_like
        The input.
    ndim : int or tuple of int, optional
        Allowed numbers of dimensions.
    min_length : int
        Minimum length of the first axis.
    dtype : numpy dtype
        Target dtype (float64 by default).

    >>> finite_array("x", [1, 2, 3])
    array([1., 2., 3.])
    >>> finite_array("x", [1, float("inf")])
    Traceback (most recent call last):
    ...
    ValueError: x must contain only finite values; found 1 non-finite entry (first at index 1)
    """
    if value is None:
        raise ValueError(f"{name} must be an array of real numbers; got None")
    if np.iscomplexobj(value) or (isinstance(value, np.ndarray) and value.dtype == object
                                  and any(isinstance(v, complex) for v in value.flat)):
        raise ValueError(f"{name} must be an array of real numbers; got complex values")
    try:
        arr = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be an array of real numbers; got {_describe(value)}") from exc
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            dims = " or ".join(str(d) for d in allowed)
            raise ValueError(f"{name} must be {dims}-dimensional; got shape {arr.shape}")
    if arr.ndim > 0 and arr.shape[0] < min_length:
        raise ValueError(f"{name} must have at least {min_length} entries; got {arr.shape[0]}")
    bad = ~np.isfinite(arr)
    if bad.any():
        count = int(bad.sum())
        first = np.unravel_index(int(np.argmax(bad)), arr.shape)
        where = first[0] if len(first) == 1 else tuple(int(i) for i in first)
        plural = "entry" if count == 1 else "entries"
        raise ValueError(f"{name} must contain only finite values; "
                         f"found {count} non-finite {plural} (first at index {where})")
    return arr


def same_length(**arrays) -> int:
    """Check that all arrays share the length of their first axis and return it.

    >>> same_length(x=[1, 2], y=[3, 4])
    2
    >>> same_length(x=[1, 2], y=[3])
    Traceback (most recent call last):
    ...
    ValueError: x and y must have the same number of samples; got 2 and 1
    """
    names = list(arrays)
    lengths = [len(arrays[n]) for n in names]
    if len(set(lengths)) > 1:
        raise ValueError(f"{' and '.join(names)} must have the same number of samples; "
                         f"got {' and '.join(str(n) for n in lengths)}")
    return lengths[0] if lengths else 0


def random_generator(random_state) -> np.random.Generator:
    """Return a numpy Generator from None, an int seed or a Generator.

    >>> int(random_generator(0).integers(10)) == int(random_generator(0).integers(10))
    True
    """
    if isinstance(random_state, np.random.Generator):
        return random_state
    if random_state is None:
        return np.random.default_rng()
    if isinstance(random_state, (numbers.Integral, np.integer)) and not isinstance(random_state, bool):
        if random_state < 0:
            raise ValueError(f"random_state must be a non-negative integer; got {random_state}")
        return np.random.default_rng(int(random_state))
    raise ValueError("random_state must be None, a non-negative int or a numpy Generator; "
                     f"got {_describe(random_state)}")


def finite_result(what: str, value, *, hint: str = ""):
    """Return ``value`` (a float or an array) if every entry is finite, else raise ValueError.

    The check on the way out of a public function: a result that overflowed or became NaN inside
    the numerics is refused with a message saying what could not be computed, never returned.

    >>> finite_result("radius", 1.5)
    1.5
    >>> finite_result("radius", float("inf"), hint="omega is too large for float64")
    Traceback (most recent call last):
    ...
    ValueError: radius is not finite (inf): omega is too large for float64
    """
    arr = np.asarray(value)
    if arr.dtype.kind in "fc" and not np.all(np.isfinite(arr)):
        shown = _describe(value) if arr.ndim == 0 else f"{int(np.sum(~np.isfinite(arr)))} non-finite entries"
        detail = f": {hint}" if hint else "; the inputs are outside the range the numerics can represent"
        raise ValueError(f"{what} is not finite ({shown}){detail}")
    return value
