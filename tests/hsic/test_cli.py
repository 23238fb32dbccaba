"""scripts/hsic.py: ranking output, --demo, and one-line errors with exit status 2."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from mathlab.hsic import hsic, hsic_test

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "hsic.py"


def _run(*args, cwd=None):
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def data_csv(tmp_path_factory):
    rng = np.random.default_rng(0)
    n = 150
    x = rng.uniform(-1, 1, n)
    table = np.c_[x, x**2 + 0.1 * rng.normal(size=n), rng.normal(size=n)]
    path = tmp_path_factory.mktemp("hsic") / "data.csv"
    np.savetxt(path, table, delimiter=",", header="target,square,noise", comments="")
    return path, table


def test_ranks_columns_by_pvalue(data_csv):
    path, table = data_csv
    proc = _run(path, "--x", "noise", "--x", "square", "--y", "target")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert lines[2].split()[1] == "square" and lines[3].split()[1] == "noise"
    stat, nhsic, p = map(float, lines[2].split()[2:])
    res = hsic_test(table[:, 1], table[:, 0])
    assert stat == pytest.approx(res.statistic, rel=1e-5)
    assert p == pytest.approx(res.pvalue, rel=1e-2)
    assert nhsic == pytest.approx(hsic(table[:, 1], table[:, 0], normalize=True), abs=1e-4)


def test_permutation_method_is_seeded(data_csv):
    path, table = data_csv
    proc = _run(path, "--x", "noise", "--y", "target", "--method", "permutation",
                "--permutations", "99", "--seed", "3")
    assert proc.returncode == 0, proc.stderr
    p = float(proc.stdout.strip().splitlines()[-1].split()[-1])
    expected = hsic_test(table[:, 2], table[:, 0], method="permutation", n_permutations=99,
                         random_state=3).pvalue
    assert p == pytest.approx(expected, rel=1e-2)  # printed to 3 significant digits


@pytest.mark.parametrize("method, option", [("rff", ("--n-features", "64")),
                                            ("nystrom", ("--n-inducing", "32")),
                                            ("block", ("--block-size", "5"))])
def test_approximate_methods_are_forwarded(data_csv, method, option):
    path, table = data_csv
    proc = _run(path, "--x", "square", "--y", "target", "--method", method, *option,
                "--permutations", "49", "--seed", "1")
    assert proc.returncode == 0, proc.stderr
    stat, _, p = map(float, proc.stdout.strip().splitlines()[-1].split()[2:])
    keyword = {"--n-features": "n_features", "--n-inducing": "n_inducing",
               "--block-size": "block_size"}[option[0]]
    expected = hsic_test(table[:, 1], table[:, 0], method=method, n_permutations=49,
                         random_state=1, **{keyword: int(option[1])})
    assert stat == pytest.approx(expected.statistic, rel=1e-5)
    assert p == pytest.approx(expected.pvalue, rel=1e-2)


@pytest.mark.parametrize("args, message", [
    (("--x", "nope", "--y", "target"), "column(s) 'nope' not in"),
    (("--x", "noise"), "give a CSV file"),
    (("--x", "noise", "--y", "target", "--method", "exact"), "invalid choice"),
    (("--x", "noise", "--y", "target", "--method", "permutation", "--permutations", "0"),
     "--permutations must be an integer from 1 to"),
    (("--x", "noise", "--y", "target", "--method", "rff", "--permutations", str(2**31)),
     "--permutations must be an integer from 1 to 1000000; got 2147483648"),
    (("--x", "noise", "--y", "target", "--method", "rff", "--n-features", "7"),
     "--n-features counts cos and sin columns and must be even"),
    (("--x", "noise", "--y", "target", "--block-size", "100000"),
     "--block-size must be an integer from 4 to 2000"),
])
def test_bad_arguments_one_line_exit_2(data_csv, args, message):
    path, _ = data_csv
    proc = _run(path, *args)
    assert proc.returncode == 2
    assert message in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_unreadable_files(tmp_path):
    proc = _run(tmp_path / "missing.csv", "--x", "a", "--y", "b")
    assert proc.returncode == 2 and "No such file" in proc.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,x\n2,y\n")
    proc = _run(bad, "--x", "a", "--y", "b")
    assert proc.returncode == 2 and "as numbers" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    proc = _run(bad, "--x", "a", "--y", "a")
    assert proc.returncode == 2 and "at least 6 samples" in proc.stderr  # 2 rows only
    assert len(proc.stderr.strip().splitlines()) == 1


def test_demo_writes_gallery(tmp_path):
    out = tmp_path / "gallery.png"
    proc = _run("--demo", "--out", out)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
