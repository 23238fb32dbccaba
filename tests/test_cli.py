"""Command-line helpers: outputs checked first, flag names in messages, no tracebacks, no noise."""

import io
import os
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from mathlab._cli import CLIError, check_directory, check_outputs, flag_message, run

ROOT = Path(__file__).resolve().parents[1]
MAKE_FIGURES = ROOT / "scripts" / "make_figures.py"


@pytest.mark.parametrize("exc, text", [
    (OverflowError(34, "Numerical result out of range"), "numerical overflow (Numerical result "
                                                         "out of range)"),
    (ZeroDivisionError("float division by zero"), "division by zero (float division by zero)"),
    (FloatingPointError("underflow encountered in multiply"), "floating-point error"),
    (MemoryError(), "out of memory (a size is too large)"),
])
def test_numerical_errors_are_one_line(capsys, exc, text):
    def main(argv):
        raise exc

    assert run(main, [], prog="tool") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"tool: error: {text}")
    assert "outside the range the numerics can handle" in err


def test_api_errors_are_reported_with_flag_names(capsys):
    def main(argv):
        raise ValueError("n must be an integer in [2, 26843545]; got 2147483648")

    assert run(main, [], prog="rope.py", flags={"n": "--samples"}) == 2
    assert capsys.readouterr().err == ("rope.py: error: --samples must be an integer in "
                                       "[2, 26843545]; got 2147483648\n")


def test_cli_errors_are_printed_as_they_are(capsys):
    def main(argv):
        raise CLIError("n must be given with --samples")

    assert run(main, [], prog="tool", flags={"n": "--samples"}) == 2
    assert capsys.readouterr().err == "tool: error: n must be given with --samples\n"


@pytest.mark.parametrize("message, expected", [
    ("x and y must have the same number of samples; got 3 and 2",
     "--x and --y must have the same number of samples; got 3 and 2"),
    ("omega^2 length / g is about 1e+399, outside [1e-150, 1e+150], the range the float64 "
     "numerics can handle (omega=1e+200, length=1, g=9.81)",
     "omega^2 length / g is about 1e+399, outside [1e-150, 1e+150], the range the float64 "
     "numerics can handle (--omega=1e+200, --length=1, --g=9.81)"),
    ("sigma_y must be > 0; got -1.0", "--sigma-y must be > 0; got -1.0"),
    ("sigma must be > 0; got 0.0", "--sigma must be > 0; got 0.0"),
    ("the arc length exceeds the rope", "the arc length exceeds the rope"),
    ("length, span and omega must be > 0", "--length, --span and --omega must be > 0"),
])
def test_flag_message_replaces_parameter_uses_only(message, expected):
    flags = {"x": "--x", "y": "--y", "omega": "--omega", "length": "--length", "g": "--g",
             "sigma": "--sigma", "sigma_y": "--sigma-y", "span": "--span"}
    assert flag_message(message, flags) == expected


def test_third_party_warnings_are_dropped_and_mathlab_warnings_are_one_line(capsys):
    category = type("SolverWarning", (UserWarning,), {"__module__": "mathlab.rope.shooting"})

    def main(argv):
        np.loadtxt(io.StringIO(""))  # numpy: "input contained no data"
        warnings.warn("constrained_layout not applied", UserWarning)  # as matplotlib does
        np.array([1e308]) * 10  # RuntimeWarning: overflow
        warnings.warn("outside the quasi-static regime:\n omega is large", category)

    assert run(main, [], prog="tool") == 0
    assert capsys.readouterr().err == ("tool: warning: outside the quasi-static regime: "
                                       "omega is large\n")


def test_run_restores_warning_display():
    before = warnings.showwarning
    run(lambda argv: None, [], prog="tool")
    assert warnings.showwarning is before


def test_check_outputs_reports_flag_and_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CLIError, match=r"^--out 'x/y\.png': directory 'x' does not exist$"):
        check_outputs({"--out": "x/y.png", "--csv": None})
    os.mkfifo("pipe.csv")
    with pytest.raises(CLIError, match=r"^--csv 'pipe\.csv': it is a FIFO \(named pipe\), not "
                                       r"a regular file$"):
        check_outputs({"--out": "a.png", "--csv": "pipe.csv"})
    with pytest.raises(CLIError, match=r"^--out '/dev/null': it is a character device"):
        check_outputs({"--out": "/dev/null"})
    with pytest.raises(CLIError, match=r"^--out 'a\.jpg': must end in \.png, \.pdf or \.svg$"):
        check_outputs({"--out": "a.jpg"}, formats={"--out": (".png", ".pdf", ".svg")})
    assert check_outputs({"--out": "A.PNG"}, formats={"--out": ("png",)}) == {"--out": Path("A.PNG")}
    with pytest.raises(CLIError, match="^--out must be a file name"):
        check_outputs({"--out": "d/"})
    assert list(tmp_path.iterdir()) == [tmp_path / "pipe.csv"]  # nothing written


def test_check_outputs_refuses_one_file_twice_and_overwriting_an_input(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("data.csv").write_text("a,b\n")
    Path("alias.csv").symlink_to("data.csv")
    with pytest.raises(CLIError, match=r"^--stl and --obj both name 'sub/\.\./m\.stl'"):
        Path("sub").mkdir()
        check_outputs({"--stl": "m.stl", "--obj": "sub/../m.stl"})
    with pytest.raises(CLIError, match=r"^--out 'alias\.csv' would overwrite the input csv; "):
        check_outputs({"--out": "alias.csv"}, inputs={"csv": "data.csv"})


def test_check_directory(tmp_path):
    assert check_directory("--outdir", tmp_path) == tmp_path
    assert check_directory("--outdir", tmp_path / "a" / "b", missing_ok=True) == tmp_path / "a" / "b"
    assert not (tmp_path / "a").exists()
    (tmp_path / "file").write_text("")
    with pytest.raises(CLIError, match=r"^--outdir '.*file/sub': '.*file' is not a folder$"):
        check_directory("--outdir", tmp_path / "file" / "sub", missing_ok=True)
    with pytest.raises(CLIError, match="^--outdir '.*missing': folder does not exist$"):
        check_directory("--outdir", tmp_path / "missing")


def _make_figures(*args, cwd=None):
    code = ("import sys; sys.path.insert(0, %r); import make_figures as m; "
            "from mathlab._cli import run; status = run(m.main, sys.argv[1:], "
            "prog='make_figures.py'); "
            "print('imported:', sorted(k for k in ('numba', 'matplotlib.pyplot') "
            "if k in sys.modules)); sys.exit(status)" % str(ROOT / "scripts"))
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def test_make_figures_refuses_unknown_names_before_importing_a_toolkit():
    proc = _make_figures("--only", "rope_bifurcation", "nosuch")
    assert proc.returncode == 2
    assert proc.stderr == ("make_figures.py: error: --only 'nosuch' matches no figure: names "
                           "start with rope_, gluing_, hsic_; see --list\n")
    assert "imported: []" in proc.stdout


def test_make_figures_checks_the_folder_before_importing_a_toolkit(tmp_path):
    proc = _make_figures("--outdir", "/dev/null")
    assert proc.returncode == 2
    assert proc.stderr == "make_figures.py: error: --outdir '/dev/null': '/dev/null' is not a folder\n"
    assert "imported: []" in proc.stdout


def test_make_figures_checks_every_output_file_before_computing(tmp_path):
    os.mkfifo(tmp_path / "gluing_margin.png")
    proc = subprocess.run([sys.executable, str(MAKE_FIGURES), "--only", "gluing",
                           "--outdir", str(tmp_path)], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == (f"make_figures.py: error: --outdir '{tmp_path}/gluing_margin.png': "
                           "it is a FIFO (named pipe), not a regular file\n")
    assert [p.name for p in tmp_path.iterdir()] == ["gluing_margin.png"]


def test_make_figures_creates_a_missing_folder_only_when_all_is_well(tmp_path):
    proc = _make_figures("--only", "gluing_nosuch", "--outdir", str(tmp_path / "new"))
    assert proc.returncode == 2 and "matches no figure; see --list" in proc.stderr
    assert not (tmp_path / "new").exists()
