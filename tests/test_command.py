"""The ``mathlab`` command: subcommand dispatch, --version, --help, python -m mathlab."""

import subprocess
import sys

import pytest

import mathlab
from mathlab.cli import SUBCOMMANDS, available, main


def test_version_and_help(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"mathlab {mathlab.__version__}\n"
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for name in available():
        assert f"  {name}" in out and SUBCOMMANDS[name] in out
    assert "hsic" in available()


@pytest.mark.parametrize("argv, message", [([], "choose a subcommand: "),
                                           (["nope"], "unknown subcommand 'nope'"),
                                           (["--nope"], "unknown option '--nope'")])
def test_bad_invocations_exit_2(capsys, argv, message):
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and message in captured.err.splitlines()[-1]


def test_version_and_help_import_nothing_heavy():
    code = ("import sys; from mathlab.cli import main; main(['--version']); main(['--help']); "
            "print(sorted(m for m in ('numpy', 'numba', 'scipy', 'mathlab.hsic', 'argparse') "
            "if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "[]"
    proc = subprocess.run([sys.executable, "-m", "mathlab", "--version"], capture_output=True,
                          text=True, timeout=120)
    assert (proc.returncode, proc.stdout) == (0, f"mathlab {mathlab.__version__}\n")
