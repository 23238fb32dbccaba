"""Figures of HSIC at scale, the committed timing table and the benchmark's command line."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure

from mathlab.hsic.figures import (FIGURES, TIMING_CSV, AccuracySweep, dependent_pair,
                                  read_timings)
from mathlab.hsic.plot import plot_accuracy, plot_timing

SCALE_FIGURES = [s for s in FIGURES if s.name.startswith("hsic_scale")]

ROOT = Path(__file__).resolve().parents[2]


def test_figure_names_and_captions():
    assert [s.name for s in FIGURES] == ["hsic_gallery", "hsic_null", "hsic_power",
                                         "hsic_tests_power", "hsic_scale_accuracy",
                                         "hsic_scale_timing"]
    assert all(len(s.caption) > 80 for s in SCALE_FIGURES)
    assert "hsic_scale.csv" in SCALE_FIGURES[1].caption


def test_committed_timing_table_is_complete():
    table = read_timings(TIMING_CSV)
    assert set(table.methods()) == {"exact", "dense", "hyppo", "rff", "rff32", "nystrom",
                                     "block"}
    n_rff, t_rff = table.series("rff")
    assert n_rff.max() == 1e7 and np.all(t_rff > 0)
    # exact O(n^2) grows faster than RFF between the same two sizes
    n_ex, t_ex = table.series("exact")
    assert t_ex[-1] / t_ex[0] > (t_rff[n_rff == n_ex[-1]][0] / t_rff[n_rff == n_ex[0]][0])
    fig = plot_timing(table)
    assert isinstance(fig, Figure) and len(fig.axes[0].lines) >= 7


def test_read_timings_errors(tmp_path):
    with pytest.raises(ValueError, match="cannot read the timing table"):
        read_timings(tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("method,n\nrff,10\n")
    with pytest.raises(ValueError, match="must have the columns"):
        read_timings(bad)
    worse = tmp_path / "worse.csv"
    worse.write_text("method,n,seconds,peak_mb,rel_error\nrff,ten,1,1,1\n")
    with pytest.raises(ValueError, match="malformed row"):
        read_timings(worse)


def test_plot_accuracy_takes_a_sweep():
    sizes = np.array([8, 16, 32])
    errors = np.array([[1e-2, 7e-3, 5e-3], [2e-2, 1e-2, 8e-3]])
    sweep = AccuracySweep(100, 2, ("linear", "sine"), np.array([0.1, 0.05]), sizes,
                          np.array([2, 4, 8]), errors, errors / 10)
    fig = plot_accuracy(sweep)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    assert len(fig.axes[0].lines) == 3  # two kinds and the D^-1/2 guide


def test_dependent_pair_kinds():
    rng = np.random.default_rng(0)
    x, y = dependent_pair("quadratic", 1000, rng)
    assert abs(np.corrcoef(x, y)[0, 1]) < 0.1 < abs(np.corrcoef(x ** 2, y)[0, 1])
    with pytest.raises(ValueError, match="kind must be one of"):
        dependent_pair("cubic", 10, rng)


@pytest.mark.parametrize("args", [["--max-n", "10"], ["--bogus"]])
def test_benchmark_bad_arguments_exit_2(args):
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_hsic_scale.py"), *args],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "error:" in proc.stderr


def test_tests_power_curves_are_rates_and_strong_effects_are_found():
    from mathlab.hsic.figures import tests_power_curves

    panels, reps = tests_power_curves(n=60, reps=3, seed=0)
    assert reps == 3 and len(panels) == 3
    for title, xlabel, effects, powers in panels:
        for rates in powers.values():
            assert len(rates) == len(effects) and all(0 <= r <= 1 for r in rates)
    assert panels[0][3]["dHSIC, gamma"][-1] == 1.0      # s = 0.8: c is a function of sign(ab)
