"""Sphinx configuration of the mathlab documentation (``make docs``).

The gallery is generated from the same figure registry that ``make figures`` uses: for every
:class:`mathlab._figures.FigureSpec` a small sphinx-gallery script is written under
``docs/_gallery_src/`` (git-ignored) that calls the spec's ``make()``; sphinx-gallery runs it and
shows its code, figure and caption. The tutorials are the notebooks in ``notebooks/``, copied
into ``docs/tutorials/`` (git-ignored) and executed by myst-nb during the build.
"""

from __future__ import annotations

import importlib
import os
import shutil
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(DOCS))
os.environ.setdefault("MPLBACKEND", "Agg")

import mathlab  # noqa: E402
from mathlab._figures import TOOLKITS  # noqa: E402

project = "mathlab"
author = "The mathlab developers"
copyright = "2026, The mathlab developers"
release = mathlab.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.intersphinx",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "myst_nb",
]

source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "_gallery_src", "**.ipynb_checkpoints", "gallery/**/*.ipynb",
                    "gallery/**/*.py", "gallery/**/*.zip"]
templates_path = ["_templates"]

autosummary_generate = True
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_validation_checks: set[str] = set()

intersphinx_mapping: dict = {}  # offline build: no inventories are fetched

myst_enable_extensions = ["dollarmath", "amsmath"]
nb_execution_mode = "force"
nb_execution_timeout = 600
nb_execution_raise_on_error = True
nb_merge_streams = True

html_theme = "pydata_sphinx_theme"
html_title = f"mathlab {release}"
html_theme_options = {"navigation_with_keys": False, "show_prev_next": False,
                      "secondary_sidebar_items": ["page-toc"]}
html_static_path: list[str] = []
html_show_sourcelink = False


# --------------------------------------------------------------------------- gallery
GALLERY_SRC = DOCS / "_gallery_src"
TITLES = {"rope": "Spinning ropes", "gluing": "Gluing two sheets: D-forms", "hsic": "HSIC"}


def _title(name: str) -> str:
    return name.split("_", 1)[1].replace("_", " ").capitalize()


def _write_gallery_sources() -> list[str]:
    """One sphinx-gallery script per registered figure, grouped by toolkit."""
    if GALLERY_SRC.exists():
        shutil.rmtree(GALLERY_SRC)
    dirs = []
    for toolkit in TOOLKITS:
        specs = importlib.import_module(f"mathlab.{toolkit}.figures").FIGURES
        folder = GALLERY_SRC / toolkit
        folder.mkdir(parents=True)
        (folder / "GALLERY_HEADER.rst").write_text(
            f"{TITLES[toolkit]}\n{'=' * len(TITLES[toolkit])}\n\n"
            f"The figures of ``mathlab.{toolkit}``, each computed by the code shown.\n")
        for spec in specs:
            title = _title(spec.name)
            caption = " ".join(spec.caption.split())
            script = (f'"""\n{title}\n{"=" * len(title)}\n\n{caption}\n\n'
                      f'``make figures`` writes this figure to ``figures/{spec.name}.png``.\n"""\n'
                      f"from mathlab.{toolkit}.figures import FIGURES\n\n"
                      f"spec = next(s for s in FIGURES if s.name == {spec.name!r})\n"
                      f"fig = spec.make()\n")
            (folder / f"plot_{spec.name}.py").write_text(script)
        dirs.append(str(folder))
    return dirs


_example_dirs = _write_gallery_sources()
sphinx_gallery_conf = {
    "examples_dirs": _example_dirs,
    "gallery_dirs": [f"gallery/{t}" for t in TOOLKITS],
    "filename_pattern": r"plot_",
    "image_scrapers": ("gallery_scraper.figure_scraper",),
    "download_all_examples": False,
    "remove_config_comments": True,
    "within_subsection_order": "FileNameSortKey",
    "show_memory": False,
    "plot_gallery": "True",
    "abort_on_example_error": True,
    "line_numbers": False,
}


# --------------------------------------------------------------------------- tutorials
def _copy_notebooks() -> None:
    target = DOCS / "tutorials"
    source = ROOT / "notebooks"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir()
    for nb in sorted(source.glob("*.ipynb")):
        shutil.copy2(nb, target / nb.name)
    for data in sorted(source.glob("*.csv")):
        shutil.copy2(data, target / data.name)


_copy_notebooks()


# --------------------------------------------------------------------------- API reference
def _write_api_pages() -> None:
    """docs/api/<toolkit>.rst: an autosummary table of every public name (the package's __all__)."""
    folder = DOCS / "api"
    folder.mkdir(exist_ok=True)
    for toolkit in TOOLKITS:
        module = importlib.import_module(f"mathlab.{toolkit}")
        title = f"mathlab.{toolkit}"
        doc = (module.__doc__ or "").strip().splitlines()
        summary = doc[0].split(":", 1)[-1].strip() if doc else ""
        lines = [title, "=" * len(title), "", f".. automodule:: mathlab.{toolkit}", "   :no-members:",
                 "", ".. currentmodule:: mathlab." + toolkit, "", ".. autosummary::",
                 "   :toctree: generated", "   :nosignatures:", ""]
        lines += [f"   {name}" for name in module.__all__]
        (folder / f"{toolkit}.rst").write_text("\n".join(lines) + "\n")
        del summary


_write_api_pages()
