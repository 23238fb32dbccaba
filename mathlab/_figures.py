"""Figure registry and deterministic, atomic saving.

Each toolkit lists its figures in ``mathlab/<toolkit>/figures.py`` as a tuple ``FIGURES`` of
:class:`FigureSpec`. ``scripts/make_figures.py`` collects them and writes ``figures/<name>.<fmt>``.
Figure names start with the toolkit's name (``rope_``, ``gluing_``, ``hsic_``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ._io import atomic_path

__all__ = ["FigureSpec", "save_figure", "TOOLKITS"]

TOOLKITS = ("rope", "gluing", "hsic")

# Metadata that would change on every run (dates, library versions) is dropped so that
# regenerated figures are identical in content.
_METADATA = {
    ".png": {"Software": None},
    ".pdf": {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None},
    ".svg": {"Date": None, "Creator": None},
}


@dataclass(frozen=True)
class FigureSpec:
    """One figure of the gallery.

    Attributes
    ----------
    name : str
        File stem under figures/, prefixed by the toolkit name.
    make : callable
        ``make() -> matplotlib.figure.Figure``; builds the figure from computed results.
    formats : tuple of str
        File formats to write (suffixes without the dot).
    caption : str
        One or two sentences: what the figure shows, which post figure it reproduces and where
        mathlab's corrected result differs.
    """

    name: str
    make: Callable
    formats: tuple[str, ...] = ("png",)
    caption: str = ""


def save_figure(fig, path, *, dpi: int = 150) -> Path:
    """Save a matplotlib Figure atomically with reproducible metadata; return the path."""
    import matplotlib as mpl

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".png", ".pdf", ".svg"):
        raise ValueError(f"figure file must end in .png, .pdf or .svg; got {str(path)!r}")
    with mpl.rc_context({"svg.hashsalt": "mathlab", "pdf.compression": 6}):
        with atomic_path(path) as tmp:
            fig.savefig(tmp, dpi=dpi, metadata=_METADATA[suffix])
    return path
