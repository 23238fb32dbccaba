"""The command line with D-forms: offsets, outlines from CSV files, paper, units."""

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from mathlab.gluing import Ellipse, Outline, dform

from .test_hardening import CLI   # the script loaded as a module

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "gluing.py"
HEXAGON = "x,y\n2,0\n1,1\n-1,1\n-2,0\n-1,-1\n1,-1\n"




class _Result:
    def __init__(self, returncode, stdout, stderr):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


@pytest.fixture
def run_cli(capsys, monkeypatch):
    """Run the command line in this process (as scripts/gluing.py would) in a folder."""
    def call(*args, cwd):
        monkeypatch.chdir(cwd)
        try:
            status = CLI.run(CLI.main, list(args), prog="gluing.py")
        except SystemExit as exc:   # argparse's own errors
            status = exc.code
        out, err = capsys.readouterr()
        return _Result(status, out, err)
    return call


def _number(out, label):
    return float(re.search(rf"^{re.escape(label)}\s+([-\d.e+]+)", out, re.M).group(1))


def test_offset_gives_the_dform(tmp_path):
    """Through a real subprocess once: exit status and output."""
    result = subprocess.run([sys.executable, str(SCRIPT), "--offset", "0.125", "--tol", "1e-5",
                             "--picture", "none"], capture_output=True, text=True, cwd=tmp_path,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert "method         alexandrov" in result.stdout
    expected = dform(Ellipse(2.0, 1.0), offset=0.125, tol=1e-5).volume
    assert _number(result.stdout, "V (volume)") == pytest.approx(expected, rel=1e-11)


def test_minor_axis_first_falls_back_to_the_turned_cylinders(tmp_path, run_cli):
    result = run_cli("--a", "1", "--b", "2", "--picture", "none", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert _number(result.stdout, "V (volume)") == pytest.approx(3.16746359186, rel=1e-11)


def test_outline_files_and_millimetre_meshes(tmp_path, run_cli):
    (tmp_path / "hex.csv").write_text(HEXAGON)
    result = run_cli("--outline", "hex.csv", "--offset", "0.1", "--picture", "none", "--stl",
                  "h.stl", "--unit", "cm", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    hexagon = Outline.from_points(np.loadtxt(tmp_path / "hex.csv", delimiter=",", skiprows=1))
    form = dform(hexagon, offset=0.1)
    assert _number(result.stdout, "V (volume)") == pytest.approx(form.volume, rel=1e-10)
    data = (tmp_path / "h.stl").read_bytes()
    count = int(np.frombuffer(data, "<u4", 1, 80)[0])
    record = np.dtype([("normal", "<f4", 3), ("v", "<f4", (3, 3)), ("attr", "<u2")])
    corners = np.frombuffer(data, record, count, 84)["v"].reshape(-1, 3)
    np.testing.assert_allclose(np.ptp(corners, axis=0), 10 * np.array(form.extents), rtol=1e-6)
    smooth = run_cli("--outline", "hex.csv", "--smooth", "--tol", "1e-4", "--picture", "none",
                  cwd=tmp_path)
    assert smooth.returncode == 0 and "SplineOutline(n=6" in smooth.stdout


def test_tiled_pattern(tmp_path, run_cli):
    result = run_cli("--offset", "0.125", "--tol", "1e-4", "--picture", "none", "--pattern",
                     "p.pdf", "--paper", "a4", "--mm-per-unit", "40", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    pages = re.findall(rb"/MediaBox", (tmp_path / "p.pdf").read_bytes())
    assert len(pages) >= 2


@pytest.mark.parametrize("args, message", [
    (["--outline", "missing.csv"], "--outline: cannot read 'missing.csv'"),
    (["--outline", "bad.csv"], "turns the wrong way at point 2 [1.0, 0.2]"),
    (["--outline", "text.csv"], "line 3 is not two numbers"),
    (["--outline", "bad.csv", "--a", "2"], "give sheet 1 one way only"),
    (["--smooth"], "--smooth applies to --outline points only"),
    (["--unit", "cm", "--mm-per-unit", "3"], "by --unit or by --mm-per-unit, not both"),
    (["--paper", "a4", "--pattern", "p.svg"], "must end in .pdf with --paper a4"),
    (["--paper", "a3"], "invalid choice: 'a3'"),
    (["--tol", "0"], "--tol must be in [1e-12, 0.01]"),
    (["--other", "outline:hex.csv", "--tol", "1e-3"], None),
])
def test_cli_errors_and_scaled_outlines(tmp_path, run_cli, args, message):
    (tmp_path / "bad.csv").write_text("0,0\n2,0\n1,0.2\n2,2\n0,2\n")
    (tmp_path / "text.csv").write_text("x,y\n1,0\nzero,one\n")
    (tmp_path / "hex.csv").write_text(HEXAGON)
    result = run_cli(*args, "--picture", "none", cwd=tmp_path)
    if message is None:   # sheet 2 scaled to sheet 1's perimeter: it glues
        assert result.returncode == 0, result.stderr
        return
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert "Traceback" not in result.stderr
