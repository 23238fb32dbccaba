"""How results read: a short repr, an HTML table for notebooks, and ``to_dict``.

Result types are frozen dataclasses that inherit :class:`Summary` and are declared with
``@dataclass(frozen=True, repr=False)`` (so the dataclass does not write its own repr). They name
their key numbers in ``_summary`` (fields or properties); the repr shows those, never whole
arrays, and the HTML table shows them with arrays described by shape and range.
"""

from __future__ import annotations

import dataclasses
import html
import math
from typing import Any, ClassVar

import numpy as np

__all__ = ["Summary", "short"]


def short(value: Any, *, digits: int = 6) -> str:
    """A compact text for one value: numbers to ``digits`` significant digits, arrays by shape.

    >>> short(3.141592653589793)
    '3.14159'
    >>> short(np.arange(5.0))
    'array(shape=(5,), 0 .. 4)'
    >>> short("gaussian")
    "'gaussian'"
    """
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        v = float(value)
        return repr(v) if not math.isfinite(v) else f"{v:.{digits}g}"
    if isinstance(value, np.ndarray):
        if value.size == 0:
            return f"array(shape={value.shape})"
        if value.dtype.kind in "fiu":
            lo, hi = np.nanmin(value), np.nanmax(value)
            return f"array(shape={value.shape}, {short(lo, digits=4)} .. {short(hi, digits=4)})"
        return f"array(shape={value.shape}, dtype={value.dtype})"
    if isinstance(value, (tuple, list)):
        if len(value) > 4 or any(isinstance(v, np.ndarray) for v in value):
            return f"{type(value).__name__}(len={len(value)})"
        inner = ", ".join(short(v, digits=digits) for v in value)
        return f"({inner})" if isinstance(value, tuple) else f"[{inner}]"
    if isinstance(value, dict):
        return f"dict(len={len(value)})"
    if isinstance(value, Summary):
        return type(value).__name__
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class Summary:
    """Mixin for result dataclasses: ``__repr__``, ``_repr_html_`` and ``to_dict``."""

    _summary: ClassVar[tuple[str, ...]] = ()

    def _summary_items(self) -> list[tuple[str, Any]]:
        names = self._summary or tuple(f.name for f in dataclasses.fields(self)
                                       if not isinstance(getattr(self, f.name), np.ndarray))
        return [(name, getattr(self, name)) for name in names]

    def __repr__(self) -> str:
        body = ", ".join(f"{name}={short(value)}" for name, value in self._summary_items())
        return f"{type(self).__name__}({body})"

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><th style='text-align:left'>{html.escape(name)}</th>"
                       f"<td style='text-align:left'>{html.escape(short(value, digits=10))}</td></tr>"
                       for name, value in self._summary_items())
        return (f"<table><caption style='text-align:left'><b>{type(self).__name__}</b></caption>"
                f"{rows}</table>")

    def to_dict(self) -> dict[str, Any]:
        """Every field (and every key number named in the summary) as a plain dict.

        Arrays stay numpy arrays; nested results become dicts too.
        """
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            out[f.name] = _plain(getattr(self, f.name))
        for name in self._summary:
            if name not in out:
                out[name] = _plain(getattr(self, name))
        return out


def _plain(value):
    if isinstance(value, Summary):
        return value.to_dict()
    if isinstance(value, (np.floating, np.integer, np.bool_)):
        return value.item()
    if isinstance(value, (list, tuple)) and any(isinstance(v, Summary) for v in value):
        return [_plain(v) for v in value]
    return value
