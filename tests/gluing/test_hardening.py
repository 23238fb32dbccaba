"""Every input gets a right answer or a clear ValueError: sizes from 1e-300 to 1e300 obey the
scaling laws, results that a format or float64 cannot hold are refused, every count has a
stated maximum, the post's scheme is its own algorithm, and the command line checks all of
its options and outputs before it computes or writes anything."""

import importlib.util
import math
import re
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import cumulative_trapezoid, trapezoid

from mathlab.gluing import (Circle, Ellipse, GluedSolid, Superellipse, article_scheme, glue,
                            glue_ellipses, gluing_margin)
from mathlab.gluing.article import _cumulative_integral, _derivative
from mathlab.gluing.pattern import matching_marks, pattern_figure, write_cut_pattern

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "gluing.py"
UNIT = glue_ellipses(2.0, 1.0)


# -- 1. scale-free numerics ------------------------------------------------------------------

@pytest.mark.parametrize("k", [-990, -500, -100, 100, 500, 990])
def test_power_of_two_scaling_is_exact(k):
    """Scaling the sheets by 2^k scales l, X, the seam and the margin position exactly."""
    c = 2.0 ** k
    solid = glue_ellipses(2.0 * c, c)
    assert solid.quarter_length == c * UNIT.quarter_length
    assert solid.depth == c * UNIT.depth and solid.depth_error == c * UNIT.depth_error
    assert solid.min_margin == UNIT.min_margin and solid.min_margin_at == c * UNIT.min_margin_at
    for part, unit_part in zip(solid.seam(201), UNIT.seam(201)):
        np.testing.assert_array_equal(part, c * unit_part)
    if abs(k) <= 300:  # c^3 V is a normal double
        assert solid.volume == c ** 3 * UNIT.volume


@pytest.mark.parametrize("c", [1e-300, 1e-150, 1e-100, 3e-7, 7e5, 1e100, 1e150, 3e299])
@pytest.mark.parametrize("make", [
    lambda c: (Ellipse(2 * c, c), None),
    lambda c: (Superellipse(2 * c, c, 4.0), None),
    lambda c: (Ellipse(3 * c, c), Circle(2 * Ellipse(3 * c, c).quarter_length / math.pi)),
], ids=["ellipse", "superellipse", "ellipse-circle"])
def test_scaling_laws_at_every_size(make, c):
    """l ~ c, X ~ c and V ~ c^3 from 1e-300 to 1e300; V is refused only where float64
    cannot hold it (c^3 V outside the normal range), with a message giving its size."""
    sheet, other = make(c)
    reference = glue(*make(1.0))
    solid = glue(sheet, other)
    assert solid.quarter_length / c == pytest.approx(reference.quarter_length, rel=1e-14)
    assert solid.depth / c == pytest.approx(reference.depth, rel=1e-12)
    assert solid.min_margin == pytest.approx(reference.min_margin, rel=1e-9)
    log_volume = math.log10(reference.volume) + 3 * math.log10(c)
    if -307 < log_volume < 308:
        assert solid.volume / c / c / c == pytest.approx(reference.volume, rel=1e-12)
        assert solid.volume_error >= 0.0
    else:
        with pytest.raises(ValueError, match=r"volume is about .*e[+-]\d+ cubic sheet units, "
                                             r"outside float64's range") as info:
            solid.volume
        mantissa, exponent = str(info.value).split("about ")[1].split(" ")[0].split("e")
        assert float(mantissa) * 10 ** (int(exponent) - round(log_volume)) == pytest.approx(
            reference.volume * 10 ** (3 * math.log10(c) - round(log_volume)), rel=1e-4)
        with pytest.raises(ValueError, match="volume_error"):
            solid.volume_error
        assert "beyond float64" in repr(solid)


@settings(max_examples=25, deadline=None)
@given(exponent=st.floats(-300.0, 298.0), ratio=st.floats(1.01, 50.0))
def test_scaling_property_over_the_whole_range(exponent, ratio):
    c = 10.0 ** exponent
    unit, solid = glue_ellipses(ratio, 1.0), glue_ellipses(ratio * c, c)
    assert solid.quarter_length / c == pytest.approx(unit.quarter_length, rel=1e-13)
    assert solid.depth / c == pytest.approx(unit.depth, rel=1e-11)
    x = solid.seam(64)[1]
    assert np.all(np.isfinite(x)) and x[-1] / c == pytest.approx(unit.seam(64)[1][-1], rel=1e-11)


def test_the_reported_diagnosis_now_works():
    """glue_ellipses(2e150, 1e150) used to raise a convergence error."""
    solid = glue_ellipses(2e150, 1e150)
    assert solid.quarter_length == pytest.approx(2.42211205514e150, rel=1e-11)
    assert solid.depth == pytest.approx(1.5697573788407e150, rel=1e-12)


def test_solid_with_unrepresentable_volume_compares_and_hashes():
    one, two = glue_ellipses(2e150, 1e150), glue_ellipses(2e150, 1e150)
    assert one == two and hash(one) == hash(two) and one != glue_ellipses(3e150, 1e150)
    # ordinary solids keep the dataclass repr, equality and frozenness
    import dataclasses

    fields = ", ".join(f"{f.name}={getattr(UNIT, f.name)!r}" for f in dataclasses.fields(UNIT))
    assert repr(UNIT) == f"GluedSolid({fields})"
    assert UNIT == glue_ellipses(2.0, 1.0) and len({UNIT, glue_ellipses(2.0, 1.0)}) == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        UNIT.volume = 1.0


@pytest.mark.parametrize("make, match", [
    (lambda: Ellipse(2e300, 1e300), r"a must be in \[1e-300, 1e\+300\]"),
    (lambda: Ellipse(1.0, 5e-324), r"b must be in \[1e-300, 1e\+300\]"),
    (lambda: Circle(1e-301), r"radius must be in \[1e-300"),
    (lambda: Superellipse(1.0, 1e301, 3.0), r"b must be in"),
    (lambda: article_scheme(2e-300, 1e-301, 1e-302), r"b must be in"),
])
def test_sizes_outside_what_float64_carries_are_refused(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_article_scheme_is_scale_free():
    c = 2.0 ** 600
    big, unit = article_scheme(2 * c, c, 1e-3 * c), article_scheme(2.0, 1.0, 1e-3)
    assert big.depth == c * unit.depth and big.quarter_length == c * unit.quarter_length
    np.testing.assert_array_equal(big.x, c * unit.x)
    assert big.min_margin == unit.min_margin
    # other sizes: the post's absolute regulariser 1e-10 applies in units of 2^-665 here
    tiny = article_scheme(2e-200, 1e-200, 1e-203)
    assert tiny.depth / 1e-200 == pytest.approx(unit.depth, rel=1e-6)


# -- 2. results checked on the way out -------------------------------------------------------

@pytest.mark.parametrize("c", [1e50, 1e38, 1e-31, 1e-40])
def test_stl_that_float32_cannot_hold_is_refused(tmp_path, c):
    solid = glue_ellipses(2 * c, c)
    with pytest.raises(ValueError, match=r"as binary STL: its coordinates reach .* float32.*"
                                         r"another length unit"):
        solid.save_stl(tmp_path / "s.stl", n=20)
    assert not list(tmp_path.iterdir())  # nothing written, no temporary left


@pytest.mark.parametrize("c", [1e37, 1e-29])
def test_stl_near_the_float32_limits_is_exact_to_float32(tmp_path, c):
    solid = glue_ellipses(2 * c, c)
    data = (tmp_path / "s.stl").read_bytes() if solid.save_stl(tmp_path / "s.stl", n=20) else b""
    record = np.dtype([("normal", "<f4", 3), ("v", "<f4", (3, 3)), ("attr", "<u2")])
    facets = np.frombuffer(data, record, offset=84)
    vertices, faces = solid.mesh(20)
    np.testing.assert_allclose(facets["v"].astype(float), vertices[faces], rtol=1e-7, atol=0)
    assert np.all(np.isfinite(facets["normal"]))


def test_obj_keeps_every_digit_at_any_size(tmp_path):
    solid = glue_ellipses(2e200, 1e200)
    lines = solid.save_obj(tmp_path / "s.obj", n=12).read_text().splitlines()
    vertices = np.array([[float(v) for v in line.split()[1:]] for line in lines
                         if line.startswith("v ")])
    np.testing.assert_array_equal(vertices, solid.mesh(12)[0])
    assert np.max(vertices[:, 1]) == pytest.approx(1e200, rel=1e-15)


@pytest.mark.parametrize("mm, match", [
    (1e4, r"mm_per_unit must be in \[0.01, 631.2\]"),
    (1e-3, r"mm_per_unit must be in \[0.01, "),
    (float("inf"), "mm_per_unit must be a finite real number"),
    (2 + 0j, "mm_per_unit must be a finite real number; got complex"),
])
def test_pattern_that_no_page_holds_is_refused_before_drawing(tmp_path, mm, match):
    with pytest.raises(ValueError, match=match):
        UNIT.cut_pattern(tmp_path / "p.pdf", mm_per_unit=mm)
    assert not list(tmp_path.iterdir())


def test_pattern_limits_follow_the_sheet_size(tmp_path):
    """The allowed mm_per_unit range moves with the sheets: the scale-free pattern."""
    big = glue_ellipses(2e150, 1e150)
    with pytest.raises(ValueError, match=r"mm_per_unit must be in \[1e-152, 6.312e-148\]"):
        big.cut_pattern(tmp_path / "p.svg")
    path = big.cut_pattern(tmp_path / "p.svg", mm_per_unit=25e-150)
    reference = UNIT.cut_pattern(tmp_path / "q.svg", mm_per_unit=25.0)
    # the same drawing apart from the sheets' numbers in the text
    assert len(path.read_text()) == pytest.approx(len(reference.read_text()), rel=0.01)
    elongated = glue_ellipses(1e100, 1.0)
    with pytest.raises(ValueError, match="no mm_per_unit fits these sheets on one page"):
        elongated.cut_pattern(tmp_path / "e.pdf")


def test_pattern_marks_of_huge_sheets_point_outwards():
    """The normal direction at the marks is computed without squaring 1e150."""
    e, big = Ellipse(2.0, 1.0), Ellipse(2e150, 1e150)
    (x, y), (bx, by) = matching_marks(e, 3), matching_marks(big, 3)
    np.testing.assert_allclose(bx / 1e150, x, rtol=1e-14, atol=1e-14)
    np.testing.assert_allclose(by / 1e150, y, rtol=1e-14, atol=1e-14)
    fig = pattern_figure(glue(big), mm_per_unit=25e-150)
    assert fig.axes and fig.get_size_inches()[0] == pytest.approx(230 / 25.4)


# -- 3. counts, types, complex values --------------------------------------------------------

@pytest.mark.parametrize("call, match", [
    (lambda: gluing_margin(Ellipse(2.0, 1.0), n=1_000_001), "n must be an integer <= 1000000"),
    (lambda: UNIT.seam(2 ** 31), "n must be an integer <= 1000000"),
    (lambda: UNIT.mesh(100_001), "n must be an integer <= 100000"),
    (lambda: UNIT.save_stl("x.stl", n=2 ** 63), "n must be an integer <= 100000"),
    (lambda: UNIT.plot(n=10_001), "n must be an integer <= 10000"),
    (lambda: UNIT.cut_pattern("p.pdf", marks=201), "marks must be an integer <= 200"),
    (lambda: UNIT.cut_pattern("p.pdf", rulings=10 ** 400), "rulings must be an integer <= 200"),
    (lambda: UNIT.seam(1e300), "n must be an integer <= 1000000"),
    (lambda: UNIT.seam(4.5), "n must be an integer; got 4.5"),
    (lambda: UNIT.mesh("40"), "n must be an integer; got '40'"),
])
def test_every_count_has_a_stated_maximum(call, match, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match=match):
        call()
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("value", [2 + 0j, np.complex128(2.0), np.array(2.0 + 1j), "2", None,
                                   [2.0], np.ones(2), 10 ** 400, True, float("nan")])
@pytest.mark.parametrize("make, name", [
    (lambda v: Ellipse(v, 1.0), "a"), (lambda v: Ellipse(2.0, v), "b"),
    (lambda v: Circle(v), "radius"), (lambda v: Superellipse(2.0, 1.0, v), "p"),
    (lambda v: glue_ellipses(v, 1.0), "a"), (lambda v: article_scheme(2.0, 1.0, v), "step"),
    (lambda v: UNIT.cut_pattern("p.pdf", mm_per_unit=v), "mm_per_unit"),
])
def test_wrong_types_and_complex_values_name_the_parameter(make, name, value, tmp_path,
                                                           monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match=rf"^{name} must be"):
        make(value)


@pytest.mark.parametrize("value", [None, 3.0, ["a.stl"], "", "   "])
def test_output_paths_are_checked_before_any_work(value, tmp_path):
    for write in (UNIT.save_stl, UNIT.save_obj, UNIT.cut_pattern):
        with pytest.raises(ValueError, match="path|file"):
            write(value)
    with pytest.raises(ValueError, match="is a directory"):
        UNIT.save_obj(tmp_path)
    with pytest.raises(ValueError, match="does not exist"):
        UNIT.cut_pattern(tmp_path / "missing" / "p.pdf")
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("call, match", [
    (lambda: UNIT.plot(ax="axes"), "ax must be a 3D Axes"),
    (lambda: article_scheme(2.0, 1.0, 1e-2).plot(ax=1.0), "ax must be a 3D Axes"),
    (lambda: Ellipse(2.0, 1.0).h(10 ** 400), "s must contain real numbers"),
    (lambda: Ellipse(2.0, 1.0).h(np.ones((2, 2))), "s must be 0 or 1-dimensional"),
    (lambda: Ellipse(2.0, 1.0).boundary_point([1j]), "sigma must be an array of real"),
    (lambda: matching_marks("ellipse", 3), "outline must be an Ellipse"),
    (lambda: pattern_figure(Ellipse(2.0, 1.0)), "solid must be a GluedSolid"),
    (lambda: glue(Ellipse(2.0, 1.0), None).plot(n=None), "n must be an integer"),
])
def test_other_bad_arguments_are_value_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_a_2d_axes_is_refused_for_3d_drawings():
    import matplotlib.pyplot as plt

    _, ax = plt.subplots()
    with pytest.raises(ValueError, match=r"3D Axes \(projection='3d'\)"):
        UNIT.plot(ax=ax)


def test_empty_and_tiny_arc_lengths():
    e = Ellipse(2.0, 1.0)
    assert e.h([]).shape == (0,)
    assert float(e.h(5e-324)) == pytest.approx(5e-324 * 1.0, abs=1e-323)
    assert float(e.dh(0.0)) == 1.0


# -- 4. the post's own scheme ----------------------------------------------------------------

def test_post_integral_places_sums_at_midpoints():
    """On a uniform grid an interior node gets the mean of the integrals up to its two
    neighbours, i.e. the trapezoid sum plus half of the next cell; the ends get 0 and the
    full sum (written out by hand, without interpolation)."""
    rng = np.random.default_rng(3)
    t, f = np.arange(12) * 0.25, rng.normal(size=12)
    cells = 0.5 * (f[:-1] + f[1:]) * 0.25
    plain = np.concatenate(([0.0], np.cumsum(cells)))  # trapezoid sums at the nodes
    expected = np.concatenate(([0.0], plain[1:-1] + 0.5 * cells[1:], [plain[-1]]))
    np.testing.assert_allclose(_cumulative_integral(f, t), expected, rtol=1e-14, atol=1e-15)


def test_post_derivative_interpolates_midpoint_quotients():
    t = np.array([0.0, 0.1, 0.3, 0.6, 1.0])
    f = t ** 2
    q = (np.diff(f) + 1e-10) / (np.diff(t) + 1e-10)
    mid = 0.5 * (t[:-1] + t[1:])
    expected = [q[0]] + [q[i - 1] + (q[i] - q[i - 1]) * (t[i] - mid[i - 1]) / (mid[i] - mid[i - 1])
                         for i in range(1, 4)] + [q[-1]]
    np.testing.assert_allclose(_derivative(f, t), expected, rtol=1e-14)


def test_article_scheme_values_of_the_posts_code():
    """The post's code (a = 2, b = 1, step 1e-6) gives l = 2.41933969570 and
    X = 1.56695225366; its l is the plain trapezoid sum of ds/dy, and the midpoint placement
    moves X by 3.7e-4 at step 1e-5 against plain node-based trapezoids."""
    scheme = article_scheme(2.0, 1.0, 1e-6)
    assert scheme.quarter_length == pytest.approx(2.41933969570, abs=1e-10)
    assert scheme.depth == pytest.approx(1.56695225366, abs=1e-10)
    assert scheme.s.size == scheme.x.size == scheme.y.size == scheme.z.size == 1_000_000
    a, b, step = 2.0, 1.0, 1e-5
    y = np.arange(0.0, b, step)
    ds = np.sqrt(1 + a ** 2 * y ** 2 / b ** 2 / (b ** 2 - y ** 2))
    s = cumulative_trapezoid(ds, y, initial=0.0)
    z = np.interp(s[-1] - s, s, y)
    slope1 = (np.diff(y) + 1e-10) / (np.diff(s) + 1e-10)
    slope2 = (np.diff(z) + 1e-10) / (np.diff(s) + 1e-10)
    root = np.sqrt(np.clip(1 - slope1 ** 2 - slope2 ** 2, 0, 1))
    node_based = trapezoid(root, s[:-1])
    scheme = article_scheme(a, b, step)
    assert scheme.quarter_length == pytest.approx(trapezoid(ds, y), rel=1e-14)
    assert scheme.depth - node_based == pytest.approx(3.7e-4, rel=0.05)
    assert scheme.x[0] == 0.0 and scheme.s[0] == 0.0


# -- 5. the command line ---------------------------------------------------------------------

def _load_cli():
    spec = importlib.util.spec_from_file_location("gluing_cli", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CLI = _load_cli()


def _cli(capsys, *argv):
    try:
        status = CLI.run(CLI.main, list(argv), prog="gluing.py")
    except SystemExit as exc:  # argparse's own errors (e.g. "--a -inf" reads as a flag)
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0", "-1", "5e-324", "1e-300", "1e300",
                                   "1e400", "-0"])
@pytest.mark.parametrize("flag", ["--a", "--b", "--mm-per-unit", "--other-ellipse",
                                  "--sheet-superellipse"])
def test_no_numeric_input_gives_a_traceback_or_a_warning(flag, value, capsys, tmp_path,
                                                         monkeypatch):
    monkeypatch.chdir(tmp_path)
    if flag == "--other-ellipse":
        argv = ["--other", f"ellipse:{value},1"]
    elif flag == "--sheet-superellipse":
        argv = ["--sheet", f"superellipse:2,1,{value}"]
    elif flag == "--mm-per-unit":
        argv = [flag, value, "--pattern", "p.svg"]
    else:
        argv = [flag, value]
    status, out, err = _cli(capsys, *argv, "--picture", "none")
    if status == 0:
        assert err == "" and "X (depth)" in out
    else:
        assert status == 2 and out == "" and err.count("\n") == 1
        flag_name = flag.split("-ellipse")[0].split("-superellipse")[0]
        named = err.split("error: ")[1].split(":")[0].split()[:2]
        assert any(flag_name in word for word in named), err


def test_cli_handles_every_size(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, out, err = _cli(capsys, "--a", "2e150", "--b", "1e150", "--obj", "s.obj",
                            "--picture", "solid.png")
    assert status == 0 and err == ""
    assert "X (depth)      1.56975737884e+150" in out
    assert "volume is about 3.1675e+450 cubic sheet units" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.obj", "solid.png"]


@pytest.mark.parametrize("argv, message", [
    (["--a", "2e50", "--b", "1e50", "--obj", "s.obj", "--stl", "s.stl"],
     "--stl: cannot write 's.stl' as binary STL"),
    (["--obj", "s.obj", "--pattern", "missing/p.pdf"], "directory 'missing' does not exist"),
    (["--obj", "s.obj", "--stl", "./s.obj"], "--stl and --obj name the same file"),
    (["--obj", "s.obj", "--pattern", "p.pdf", "--mm-per-unit", "1e6"],
     r"--mm-per-unit must be in [0.01, 631.2]"),
    (["--obj", "s.obj", "--stl", "."], "--stl file '.' is a directory"),
    (["--stl", "s.stl", "--mesh-n", "100001"], "--mesh-n must be an integer <= 100000"),
    (["--stl", "s.stl", "--picture", "p.gif"], "--picture file must end in .png, .pdf or .svg"),
    (["--obj", "s.obj", "--other", "ellipse:1,1"], "perimeters must be equal"),
])
def test_nothing_is_written_when_any_output_would_fail(argv, message, capsys, tmp_path,
                                                       monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, out, err = _cli(capsys, *argv)
    assert status == 2 and out == "" and message in err and err.count("\n") == 1
    assert not list(tmp_path.iterdir())


def test_cli_subprocess_exit_status_and_clean_stderr(tmp_path):
    bad = subprocess.run([sys.executable, str(SCRIPT), "--a", "1e400", "--stl", "s.stl"],
                         capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert bad.returncode == 2 and bad.stdout == "" and "Traceback" not in bad.stderr
    assert bad.stderr == "gluing.py: error: --a must be a finite real number; got inf\n"
    good = subprocess.run([sys.executable, "-W", "default", str(SCRIPT), "--a", "3e-20",
                           "--b", "1e-20", "--pattern", "p.svg", "--mm-per-unit", "1e21"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert good.returncode == 0 and good.stderr == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gluing_solid.png", "p.svg"]


def test_result_type_is_unchanged():
    assert isinstance(UNIT, GluedSolid) and UNIT.volume == pytest.approx(3.16746359186)


# -- 6. a sweep of bad values over every public entry point ----------------------------------

BAD_VALUES = [float("nan"), float("inf"), -float("inf"), 0.0, -1.0, 5e-324, 1e300, "2", None,
              1j, np.array(2.0 + 1j), [], np.array([]), [1.0, 2.0], np.ones((2, 2)), 2 ** 31,
              10 ** 9, 2 ** 63, 10 ** 400, True, 3]


def _entry_points(tmp):
    solid, scheme = UNIT, article_scheme(2.0, 1.0, 1e-2)
    e = Ellipse(2.0, 1.0)
    return {
        "Ellipse.a": lambda v: Ellipse(v, 1.0), "Ellipse.b": lambda v: Ellipse(2.0, v),
        "Circle.radius": Circle, "Superellipse.a": lambda v: Superellipse(v, 1.0, 3.0),
        "Superellipse.p": lambda v: Superellipse(2.0, 1.0, v),
        "glue.sheet": glue, "glue.other": lambda v: glue(e, v),
        "glue_ellipses.a": lambda v: glue_ellipses(v, 1.0),
        "glue_ellipses.b": lambda v: glue_ellipses(2.0, v),
        "gluing_margin.sheet": gluing_margin, "gluing_margin.n": lambda v: gluing_margin(e, n=v),
        "seam.n": solid.seam, "mesh.n": solid.mesh,
        "save_stl.path": solid.save_stl, "save_stl.n": lambda v: solid.save_stl(tmp / "a.stl", v),
        "save_obj.path": solid.save_obj, "save_obj.n": lambda v: solid.save_obj(tmp / "a.obj", v),
        "cut_pattern.path": solid.cut_pattern,
        "cut_pattern.mm": lambda v: solid.cut_pattern(tmp / "a.svg", mm_per_unit=v),
        "cut_pattern.marks": lambda v: solid.cut_pattern(tmp / "a.svg", marks=v),
        "cut_pattern.rulings": lambda v: solid.cut_pattern(tmp / "a.svg", rulings=v),
        "plot.ax": lambda v: solid.plot(ax=v), "plot.n": lambda v: solid.plot(n=v),
        "article_scheme.a": lambda v: article_scheme(v, 1.0, 1e-2),
        "article_scheme.b": lambda v: article_scheme(2.0, v, 1e-2),
        "article_scheme.step": lambda v: article_scheme(2.0, 1.0, v),
        "ArticleScheme.plot.ax": lambda v: scheme.plot(ax=v),
        "Outline.h": e.h, "Outline.dh": e.dh, "Outline.point": e.point,
        "Outline.tangent_angle": e.tangent_angle, "Outline.boundary_point": e.boundary_point,
        "write_cut_pattern.solid": lambda v: write_cut_pattern(v, tmp / "b.svg"),
    }


def _finite_parts(value):
    if isinstance(value, (float, np.floating, np.ndarray)):
        yield np.asarray(value, dtype=float)
    elif isinstance(value, tuple):
        for part in value:
            yield from _finite_parts(part)


PARAMETER = {"mm": "mm_per_unit", "Outline.h": "s", "Outline.dh": "s", "Outline.point": "s",
             "Outline.tangent_angle": "s", "Outline.boundary_point": "sigma"}


@pytest.mark.parametrize("entry", sorted(_entry_points(Path("."))))
def test_sweep_clear_error_or_finite_result(entry, tmp_path, monkeypatch):
    """Each bad value gives a ValueError naming the parameter, or a finite result."""
    monkeypatch.chdir(tmp_path)  # "2" is a valid file name
    call = _entry_points(tmp_path)[entry]
    name = PARAMETER.get(entry, PARAMETER.get(entry.split(".")[-1], entry.split(".")[-1]))
    for value in BAD_VALUES:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # no complex part dropped, no overflow
                result = call(value)
        except ValueError as exc:
            assert re.search(rf"\b{name}\b", str(exc)), (entry, value, str(exc))
            continue
        for part in _finite_parts(result):
            assert np.all(np.isfinite(part)), (entry, value)
