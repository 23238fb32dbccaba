"""Cut pattern at true scale, the command-line front end and the figure registry."""

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from mathlab.gluing import Ellipse, glue_ellipses
from mathlab.gluing.figures import FIGURES
from mathlab.gluing.pattern import pattern_figure

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "gluing.py"
POINTS_PER_MM = 72 / 25.4


def _expected_size_mm(a, b, mm):
    # 10 mm margins around and between the sheets, a 14 mm header band
    return 3 * 10 + 4 * a * mm, 2 * 10 + 14 + 2 * b * mm


def test_pdf_pattern_is_true_to_scale(tmp_path):
    path = glue_ellipses(2.0, 1.0).cut_pattern(tmp_path / "p.pdf", mm_per_unit=30.0)
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", path.read_bytes())
    width, height = _expected_size_mm(2.0, 1.0, 30.0)
    assert float(box.group(1)) == pytest.approx(width * POINTS_PER_MM, abs=1e-3)
    assert float(box.group(2)) == pytest.approx(height * POINTS_PER_MM, abs=1e-3)


def test_svg_pattern_is_true_to_scale(tmp_path):
    path = glue_ellipses(3.0, 1.0).cut_pattern(tmp_path / "p.svg", mm_per_unit=20.0)
    head = re.search(r'<svg[^>]*width="([\d.]+)pt" height="([\d.]+)pt"', path.read_text())
    width, height = _expected_size_mm(3.0, 1.0, 20.0)
    assert float(head.group(1)) == pytest.approx(width * POINTS_PER_MM, abs=1e-3)
    assert float(head.group(2)) == pytest.approx(height * POINTS_PER_MM, abs=1e-3)


def test_pattern_data_units_are_millimetres():
    fig = pattern_figure(glue_ellipses(2.0, 1.0), mm_per_unit=25.0)
    ax = fig.axes[0]
    width_in, height_in = fig.get_size_inches()
    assert ax.get_position().bounds == pytest.approx((0, 0, 1, 1))
    assert ax.get_xlim()[1] == pytest.approx(width_in * 25.4)
    assert ax.get_ylim()[1] == pytest.approx(height_in * 25.4)
    # the first drawn line is sheet 1's outline: a 100 mm x 50 mm ellipse
    x, y = ax.lines[0].get_data()
    assert np.ptp(x) == pytest.approx(100.0, rel=1e-6)
    assert np.ptp(y) == pytest.approx(50.0, rel=1e-6)


def test_pattern_rejects_other_formats(tmp_path):
    with pytest.raises(ValueError, match=r"must end in \.pdf or \.svg"):
        glue_ellipses(2.0, 1.0).cut_pattern(tmp_path / "p.png")


def _run(*args, cwd=None):
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def test_cli_prints_results_and_writes_files(tmp_path):
    result = _run("--a", "2", "--b", "1", "--stl", "s.stl", "--obj", "s.obj", "--pattern",
                  "p.pdf", "--mesh-n", "50", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    solid = glue_ellipses(2.0, 1.0)
    out = result.stdout
    assert f"{solid.quarter_length:.12g}" in out and f"{solid.depth:.12g}" in out
    assert f"{solid.volume:.12g}" in out
    for name in ("s.stl", "s.obj", "p.pdf", "gluing_solid.png"):
        assert (tmp_path / name).stat().st_size > 0


def test_cli_other_sheet(tmp_path):
    e = Ellipse(2.0, 1.0)
    result = _run("--other", "circle", "--picture", "none", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"Circle(radius={2 * e.quarter_length / np.pi!r}" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["--offset", "nan"], "--offset must be a finite real number"),
    (["--a", "-1"], "a must be > 0"),
    (["--other", "ellipse:1,1"], "perimeters must be equal"),
    (["--other", "ellipse:1"], "needs 2 comma-separated numbers"),
    (["--other", "blob"], "unknown sheet"),
    (["--pattern", "x.txt"], "must end in .pdf or .svg"),
    (["--a", "two"], "invalid float value"),
    (["--a", "2", "--sheet", "ellipse:2,1"], "not both"),
    (["--sheet", "circle"], "needs a first sheet"),
])
def test_cli_errors_are_one_line_with_status_2(tmp_path, args, message):
    result = _run(*args, "--picture", "none", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_figure_registry():
    names = [spec.name for spec in FIGURES]
    assert len(names) == len(set(names)) and all(n.startswith("gluing_") for n in names)
    assert all(spec.caption for spec in FIGURES)
    pattern = next(spec for spec in FIGURES if spec.name == "gluing_cut_pattern")
    assert "pdf" in pattern.formats


@pytest.mark.parametrize("spec", FIGURES, ids=lambda spec: spec.name)
def test_figures_build(spec):
    assert spec.make().axes


def test_marks_with_the_same_number_meet_on_the_seam():
    """Map each mark of both flat sheets to 3D by the bending and compare the points.

    Sheet 1 (rulings parallel to y): its point (x1, y1) at quarter-arc s from its vertex goes
    to (x(s), y1, sign(x1) h2(l - s)). Sheet 2 (rulings parallel to z): its point (x2, y2) at
    quarter-arc u from its vertex goes to (x(l - u), sign(x2) h1(l - u), y2). The quarter arcs
    are computed here from the coordinates with scipy's incomplete elliptic integral.
    """
    from scipy.special import ellipeinc

    from mathlab.gluing.pattern import matching_marks

    a, b = 2.0, 1.0
    e = Ellipse(a, b)
    l = e.quarter_length

    def quarter_arc(x, y):
        return b * ellipeinc(np.arctan2(np.abs(y) / b, np.abs(x) / a), 1 - (a / b) ** 2)

    x1, y1 = matching_marks(e, 5)
    x2, y2 = matching_marks(e, 5, clockwise_from_covertex=True)
    s1, s2 = quarter_arc(x1, y1), l - quarter_arc(x2, y2)
    np.testing.assert_allclose(s1, s2, atol=1e-12)          # same depth x(s)
    sign = lambda v: np.where(np.abs(v) < 1e-12, 0.0, np.sign(v))  # noqa: E731
    np.testing.assert_allclose(np.abs(y1), e.h(s1), atol=1e-12)
    np.testing.assert_allclose(sign(y1), sign(x2) * (e.h(s1) > 1e-12))   # same y
    np.testing.assert_allclose(y2, sign(x1) * e.h(l - s1), atol=1e-12)  # same z


def test_family_figure_draws_all_solids_at_one_scale():
    import matplotlib.pyplot as plt

    spec = next(spec for spec in FIGURES if spec.name == "gluing_family")
    fig = spec.make()
    try:
        limits = {(ax.get_xlim(), ax.get_ylim(), ax.get_zlim()) for ax in fig.axes}
        assert len(fig.axes) == 3 and len(limits) == 1
        (x0, x1), (y0, y1), _ = limits.pop()
        assert x0 == 0.0 and x1 == pytest.approx(glue_ellipses(4.0, 1.0).depth)
        assert (y0, y1) == (-1.0, 1.0)
    finally:
        plt.close(fig)
