"""Progress bars for long work: tqdm on a terminal or in a notebook, silent otherwise.

Long computations (a bifurcation diagram, a large exact HSIC pass, a permutation test, the figure
gallery) accept ``progress=True`` (the default) and show a bar only when someone is watching: the
standard error stream is a terminal, or the code runs in a Jupyter kernel. ``progress=False``
always silences it. tqdm is an optional dependency (``pip install "mathlab[progress]"``); without
it there is no bar and nothing else changes.
"""

from __future__ import annotations

import sys

__all__ = ["progress_bar", "interactive"]


def interactive() -> bool:
    """True when a person can see a progress bar: stderr is a terminal or a Jupyter kernel runs."""
    kernel = sys.modules.get("ipykernel")
    if kernel is not None:
        try:
            from IPython import get_ipython

            shell = get_ipython()
            if shell is not None and getattr(shell, "kernel", None) is not None:
                return True
        except ImportError:  # pragma: no cover - ipykernel always brings IPython
            pass
    stream = sys.stderr
    return bool(stream is not None and hasattr(stream, "isatty") and stream.isatty())


class _Silent:
    """Stands in for a tqdm bar when none is shown."""

    def update(self, n: int = 1) -> None:
        pass

    def set_postfix_str(self, s: str = "", refresh: bool = True) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def progress_bar(total: int | None, desc: str, *, enabled: bool = True, unit: str = "it",
                 min_total: int = 1):
    """A context manager with ``update(n)``: a tqdm bar when ``enabled`` and interactive.

    Parameters
    ----------
    total : int or None
        Number of steps (None if unknown).
    desc : str
        Short label shown before the bar.
    enabled : bool
        The caller's ``progress`` argument; False never shows a bar.
    unit : str
        Name of one step.
    min_total : int
        No bar for work smaller than this many steps.

    Examples
    --------
    >>> with progress_bar(3, "demo", enabled=False) as bar:
    ...     for _ in range(3):
    ...         bar.update()
    """
    if not enabled or (total is not None and total < min_total) or not interactive():
        return _Silent()
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return _Silent()
    return tqdm(total=total, desc=desc, unit=unit, leave=False, dynamic_ncols=True)
