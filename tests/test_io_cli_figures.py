"""Atomic writing, the one-line CLI error convention and deterministic figure files."""

import subprocess
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

from mathlab._cli import ArgumentParser, run
from mathlab._figures import save_figure
from mathlab._io import atomic_path, atomic_write_text

ROOT = Path(__file__).resolve().parents[1]


def test_atomic_path_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("boom")
    assert target.read_text() == "old"
    assert list(tmp_path.iterdir()) == [target]


def test_atomic_write_replaces(tmp_path):
    target = atomic_write_text(tmp_path / "a.csv", "1,2\n")
    assert target.read_text() == "1,2\n"
    with pytest.raises(ValueError, match="does not exist"):
        atomic_write_text(tmp_path / "missing" / "a.csv", "x")


def test_run_turns_value_error_into_one_line(capsys):
    def main(argv):
        raise ValueError("length must be > 0;\n got -1")

    assert run(main, [], prog="tool") == 2
    err = capsys.readouterr().err
    assert err == "tool: error: length must be > 0; got -1\n"


def test_run_reports_non_convergence_in_one_line(capsys):
    def main(argv):
        raise RuntimeError("did not converge after 50 iterations")

    assert run(main, [], prog="tool") == 2
    assert capsys.readouterr().err == "tool: error: did not converge after 50 iterations\n"


def test_run_lets_programming_errors_through():
    def main(argv):
        raise TypeError("bug")

    with pytest.raises(TypeError):
        run(main, [], prog="tool")


def test_parser_error_is_one_line_with_status_2(capsys):
    parser = ArgumentParser(prog="tool")
    parser.add_argument("--n", type=int)
    with pytest.raises(SystemExit) as exc:
        parser.parse_args(["--n", "x"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("tool: error:")


@pytest.mark.parametrize("suffix", ["png", "pdf", "svg"])
def test_saved_figures_are_reproducible(tmp_path, suffix):
    def make():
        fig, ax = plt.subplots()
        ax.plot([0, 1, 2], [0, 1, 4])
        return fig

    a = save_figure(make(), tmp_path / f"a.{suffix}").read_bytes()
    b = save_figure(make(), tmp_path / f"b.{suffix}").read_bytes()
    assert a == b


def test_save_figure_rejects_unknown_format(tmp_path):
    fig, _ = plt.subplots()
    with pytest.raises(ValueError, match=r"\.png, \.pdf or \.svg"):
        save_figure(fig, tmp_path / "a.jpg")


def test_make_figures_unknown_name_exits_2():
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_figures.py"),
                           "--only", "no_such_figure"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "matches no figure" in proc.stderr


def test_atomic_files_get_umask_permissions(tmp_path):
    import os

    mask = os.umask(0o022)
    try:
        path = atomic_write_text(tmp_path / "p.txt", "x")
    finally:
        os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o644
