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
    (["--length", "-1"], "length must be > 0"),
    (["darrieus", "--span", "5"], "span must be < length"),
    (["article", "--length", "2"], "--length does not apply"),
    (["article", "--c1", "5"], "leaves its domain"),
    (["--omega", "abc"], "invalid float value"),
    (["spiral"], "invalid choice"),
    (["--csv", "no/such/dir/x.csv"], "does not exist"),
])
def test_bad_arguments_one_line_exit_2(tmp_path, args, message):
    proc = _run(args, tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not any(tmp_path.iterdir())   # nothing half-written
