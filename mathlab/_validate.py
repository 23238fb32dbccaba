"""Shared input checks.

Every public function validates its arguments with these helpers so that bad input raises a
``ValueError`` whose message names the parameter, the value received and what is allowed.
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
]


def _describe(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def real(name: str, value) -> float:
    """Return ``value`` as a finite float, or raise ValueError naming ``name``.

    >>> real("g", 9.81)
    9.81
    >>> real("g", float("nan"))
    Traceback (most recent call last):
    ...
    ValueError: g must be a finite real number; got nan
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.ndarray)):
        raise ValueError(f"{name} must be a finite real number; got {_describe(value)}")
    if isinstance(value, np.ndarray):
        if value.shape != ():
            raise ValueError(f"{name} must be a scalar; got an array of shape {value.shape}")
        value = value[()]
    result = float(value)
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
        raise ValueError(f"{name} must be an integer >= {minimum}; got {result}")
    if maximum is not None and result > maximum:
        raise ValueError(f"{name} must be an integer <= {maximum}; got {result}")
    return result


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
