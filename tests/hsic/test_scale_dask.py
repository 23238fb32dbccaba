"""Dask arrays: the same call becomes a dask reduction, in-process and on a LocalCluster."""

import subprocess
import sys

import numpy as np
import pytest

import dask.array as da  # noqa: E402  (dask is a test dependency: mathlab[test])

from mathlab.hsic import hsic_nystrom, hsic_rff  # noqa: E402


def test_importing_mathlab_hsic_does_not_import_dask():
    code = ("import sys, mathlab.hsic, numpy as np; "
            "mathlab.hsic.hsic_rff(np.arange(9.0), np.arange(9.0) ** 2, n_features=4); "
            "print(any(m == 'dask' or m.startswith('dask.') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(6000, 2))
    y = np.sin(x[:, :1] * x[:, 1:]) + 0.3 * rng.normal(size=(6000, 1))
    return x, y


def test_dask_reduction_equals_in_memory(data):
    x, y = data
    dx, dy = da.from_array(x, chunks=(700, 1)), da.from_array(y, chunks=(1100, 1))
    assert hsic_rff(dx, dy, n_features=48, random_state=2) == pytest.approx(
        hsic_rff(x, y, n_features=48, random_state=2), rel=1e-12)
    assert hsic_nystrom(dx, dy, n_inducing=30, random_state=2) == pytest.approx(
        hsic_nystrom(x, y, n_inducing=30, random_state=2), rel=1e-12)
    # one dask and one numpy input also works
    assert hsic_rff(dx, y, n_features=48, random_state=2) == pytest.approx(
        hsic_rff(x, y, n_features=48, random_state=2), rel=1e-12)


def test_dask_errors(data):
    x, y = data
    bad = x.copy()
    bad[5000, 1] = np.inf
    with pytest.raises(ValueError, match="finite values"):
        hsic_rff(da.from_array(bad, chunks=(1000, 2)), y, sigma=1.0, sigma_y=1.0)
    with pytest.raises(ValueError, match="same number of samples"):
        hsic_rff(da.from_array(x[:10]), y)


def test_runs_on_a_local_distributed_cluster(data):
    import distributed
    x, y = data
    expected = hsic_rff(x, y, n_features=32, random_state=5)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        with distributed.Client(cluster):
            got = hsic_rff(da.from_array(x, chunks=(1000, 2)), da.from_array(y, chunks=(1000, 1)),
                           n_features=32, random_state=5)
    assert got == pytest.approx(expected, rel=1e-12)
