"""scripts/rope.py: default run, each case, CSV output, one-line errors with exit status 2."""

import csv
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from mathlab.rope import article_curve, spinning_rope

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "rope.py"


def _run(args, cwd):
    return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def _read_csv(path):
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {k: np.array([float(r[k]) for r in rows]) for k in rows[0]}


def test_no_arguments_writes_default_plot_and_says_where(tmp_path):
    proc = _run([], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "wrote rope_skipping.png"
    assert (tmp_path / "rope_skipping.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_darrieus_csv_matches_the_library(tmp_path):
    proc = _run(["darrieus", "--length", "3", "--span", "2", "--omega", "2", "--g", "1.5",
                 "--samples", "51", "--out", "d.svg", "--csv", "d.csv"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "d.svg").read_text().lstrip().startswith("<?xml")
    data = _read_csv(tmp_path / "d.csv")
    first = data["curve"] == 0
    ref = spinning_rope(3.0, 2.0, 2.0, g=1.5, n=51)
    np.testing.assert_allclose(data["r"][first], ref.r, atol=1e-12)
    np.testing.assert_allclose(data["tension"][first], ref.tension, rtol=1e-12)
    assert np.count_nonzero(data["curve"] == 1) == 51   # the troposkien for comparison


def test_article_case_pdf_and_csv(tmp_path):
    proc = _run(["article", "--c1", "0", "--out", "a.pdf", "--csv", "a.csv"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "a.pdf").read_bytes()[:4] == b"%PDF"
    data = _read_csv(tmp_path / "a.csv")
    assert (data["r"][-1], data["z"][-1]) == pytest.approx((0.85994, -0.47384), abs=5e-6)
    np.testing.assert_allclose(data["r"], article_curve(0.0).r, atol=1e-15)


def test_skipping_outside_quasi_static_regime_warns_in_one_line(tmp_path):
    proc = _run(["skipping", "--omega", "4", "--samples", "51"], tmp_path)
    assert proc.returncode == 0
    assert proc.stderr.count("\n") == 1 and "warning" in proc.stderr


def test_hanging_calls_kolodner_modes(tmp_path):
    # omega = 12 rad/s, L = 1 m: between omega_2 = 8.65 and omega_3 = 13.6 -> two modes.
    proc = _run(["hanging", "--omega", "12", "--samples", "101", "--csv", "h.csv"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = _read_csv(tmp_path / "h.csv")
    assert set(data["curve"]) == {0.0, 1.0}


@pytest.mark.parametrize("args, message", [
    (["--out", "x.jpg"], "--out must end in .png, .pdf or .svg"),
    (["--length", "-1"], "--length must be > 0"),
    (["darrieus", "--span", "5"], "--span must be < --length"),
    (["article", "--length", "2"], "--length does not apply"),
    (["article", "--c1", "5"], "leaves its domain"),
    (["--omega", "abc"], "invalid float value"),
    (["spiral"], "invalid choice"),
    (["--csv", "no/such/dir/x.csv"], "does not exist"),
    (["--omega", "1e300"], "--omega must be in [1e-50, 1e+50] rad/s"),
    (["--omega", "nan"], "--omega must be a finite real number"),
    (["--samples", "100000000"], "--samples must be an integer <= 1000000"),
    (["hanging", "--samples", "2"], "--samples must be an integer >= 3"),
    (["hanging", "--omega", "1000"], "--omega = 1000.0 rad/s must be in [0, 990.454]"),
    (["darrieus", "--g", "100"], "--g must be <= 12 m/s^2 at --omega = 2.0"),
    (["--omega", "0.1"], "--omega must be >= 0.308403 rad/s"),
    (["--length", "1.00000000000001", "--span", "1"], "--length / --span = 1.00000000000001"),
    (["--c1", "2"], "--c1 does not apply to the skipping case"),
    (["article", "--samples", "9"], "--samples does not apply to the article case"),
    (["--out", "a.png", "--csv", "a.png"], "--out and --csv must be different files"),
    (["--csv", "."], "--csv: cannot write '.': it exists and is not a regular file"),
])
def test_bad_arguments_one_line_exit_2(tmp_path, args, message):
    proc = _run(args, tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not any(tmp_path.iterdir())   # nothing half-written


def test_range_errors_come_before_the_solvers_are_loaded(tmp_path):
    # The flags are checked with mathlab.rope's light input checks; numba, sympy,
    # scipy.integrate and matplotlib are not even imported.
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(SCRIPT.parent)!r})\n"
        "import rope\n"
        "from mathlab._cli import run\n"
        "for argv in (['hanging', '--omega', '1e3'], ['--omega', '0.1'], ['--samples', '0']):\n"
        "    assert run(rope.main, argv, prog='rope.py') == 2\n"
        "print([m for m in ('numba', 'sympy', 'scipy.integrate', 'matplotlib') "
        "if m in sys.modules])\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
    assert proc.stderr.count("\n") == 3 and "Traceback" not in proc.stderr


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc (Linux)")
def test_no_output_is_written_when_a_later_one_fails(tmp_path):
    # /proc accepts no new files, even for root, whom the up-front permission check lets
    # through: then the CSV fails after the computation, and the figure, which would have
    # been written first, is not written either. The message quotes the user's path.
    proc = _run(["--samples", "21", "--out", "fig.png", "--csv", "/proc/rope.csv"], tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("rope.py: error: --csv: cannot write '/proc/rope.csv': ")
    assert proc.stderr.count("\n") == 1 and ".tmp" not in proc.stderr
    assert not any(tmp_path.iterdir())


def test_extreme_scales_plot_without_warnings_on_stderr(tmp_path):
    proc = _run(["--length", "1e-40", "--span", "6e-41", "--omega", "1e20", "--g", "0",
                 "--samples", "21", "--csv", "x.csv"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    data = _read_csv(tmp_path / "x.csv")
    assert np.all(np.isfinite(data["tension"])) and data["s"].max() == pytest.approx(1e-40)
