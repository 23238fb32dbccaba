"""numba caching that degrades instead of failing, and parallel passes that survive fork and threads."""

import ctypes
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import textwrap
import threading
from pathlib import Path

import numpy as np
import pytest

from mathlab import _numba

ROOT = Path(__file__).resolve().parents[1]


def _drop_root_file_override():
    """Make permission bits apply to root too (drop CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH)."""
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
            if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def _read_only_install(base: Path) -> Path:
    """A copy of the package without caches, then made read-only; returns its parent."""
    site = base / "site"
    shutil.copytree(ROOT / "mathlab", site / "mathlab",
                    ignore=shutil.ignore_patterns("__pycache__", "*.nbi", "*.nbc"))
    for path in [site, *site.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    return site


def _run_isolated(code: str, site: Path, home: Path, tmp: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("NUMBA_CACHE_DIR", "XDG_CACHE_HOME", "PYTHONPATH")}
    env.update(HOME=str(home), TMPDIR=str(tmp), PYTHONPATH=str(site),
               PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-c", code], cwd=str(site), env=env,
                          capture_output=True, text=True, timeout=300,
                          preexec_fn=_drop_root_file_override)


def _make_writable(path: Path):
    for p in [path, *path.rglob("*")]:
        if not p.is_symlink():
            p.chmod(p.stat().st_mode | stat.S_IWUSR)


@pytest.fixture
def read_only_install():
    base = Path(tempfile.mkdtemp(prefix="mathlab-ro-"))
    try:
        site = _read_only_install(base)
        home = base / "home"
        home.mkdir()
        home.chmod(0o555)
        tmp = base / "tmp"
        tmp.mkdir()
        yield site, home, tmp
    finally:
        _make_writable(base)
        shutil.rmtree(base, ignore_errors=True)


def test_import_and_compute_with_read_only_package_and_home(read_only_install):
    site, home, tmp = read_only_install
    code = textwrap.dedent("""
        import json, os
        assert not os.access(os.environ["HOME"], os.W_OK)
        assert not os.access("mathlab", os.W_OK)
        import mathlab.rope as rope, mathlab.hsic as hsic
        import numpy as np
        x = np.arange(30.0)
        print(json.dumps([list(rope.critical_speeds(2, 1.0)), hsic.hsic(x, x ** 2)]))
    """)
    proc = _run_isolated(code, site, home, tmp)
    assert proc.returncode == 0, proc.stderr
    speeds, value = json.loads(proc.stdout)
    assert speeds == pytest.approx(list(np.asarray([2.404825557695773, 5.520078110286311])
                                        / 2 * np.sqrt(9.81)), rel=1e-9)  # j_{0,n}/2 sqrt(g/L)
    assert 0 < value < 1
    assert proc.stderr == ""
    # the kernels were cached in the private per-user folder of the temporary directory
    cache = tmp / f"mathlab-numba-cache-{os.getuid()}"
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert any(cache.rglob("*.nbi")), list(cache.rglob("*"))
    assert not list(home.iterdir())


def test_import_without_any_writable_cache_location(read_only_install):
    site, home, tmp = read_only_install
    # a folder of that name owned by the attacker's choice is refused: here a symbolic link
    (tmp / f"mathlab-numba-cache-{os.getuid()}").symlink_to(home)
    code = ("import mathlab.hsic as h, numpy as np; x = np.arange(12.0); "
            "print(h.hsic(x, np.sin(x)))")
    proc = _run_isolated(code, site, home, tmp)
    assert proc.returncode == 0, proc.stderr
    assert float(proc.stdout) > 0
    assert proc.stderr == ""
    assert sorted(p.name for p in tmp.iterdir()) == [f"mathlab-numba-cache-{os.getuid()}"]


def test_njit_falls_back_to_the_private_folder_then_to_no_cache(tmp_path, monkeypatch):
    from numba.core import caching

    impl = getattr(caching, "CacheImpl", None) or caching._CacheImpl  # renamed in numba 0.61
    user_provided = (getattr(caching, "UserProvidedCacheLocator", None)
                     or caching._UserProvidedCacheLocator)
    monkeypatch.setattr(impl, "_locator_classes", [user_provided])  # NUMBA_CACHE_DIR only: unset
    monkeypatch.setattr(_numba.numba.config, "CACHE_DIR", "")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def cube(v):
        return v * v * v

    cached = _numba.njit(cache=True)(cube)
    assert cached(2.0) == 8.0
    assert _numba.numba.config.CACHE_DIR == ""  # the fallback does not leak to other users
    assert any((tmp_path / f"mathlab-numba-cache-{os.getuid()}").rglob("*.nbi"))

    monkeypatch.setattr(_numba, "fallback_cache_dir", lambda: None)
    uncached = _numba.njit(cache=True)(cube)
    assert uncached(3.0) == 27.0
    assert uncached._cache.__class__.__name__ == "NullCache"


@pytest.mark.parametrize("spoil", ["symlink", "group_writable", "file"])
def test_fallback_cache_dir_refuses_unsafe_folders(tmp_path, monkeypatch, spoil):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    path = tmp_path / f"mathlab-numba-cache-{os.getuid()}"
    if spoil == "symlink":
        (tmp_path / "elsewhere").mkdir()
        path.symlink_to(tmp_path / "elsewhere")
    elif spoil == "group_writable":
        path.mkdir()
        path.chmod(0o770)
    else:
        path.write_text("")
    assert _numba.fallback_cache_dir() is None


def test_fallback_cache_dir_is_private(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    path = Path(_numba.fallback_cache_dir())
    assert path.parent == tmp_path and stat.S_IMODE(path.stat().st_mode) == 0o700


_FORK_SCRIPT = textwrap.dedent("""
    import json, multiprocessing as mp
    import numpy as np
    import numba
    from mathlab.hsic import hsic, hsic_test

    rng = np.random.default_rng(1)
    n = 3000  # above the size where the pair pass runs in parallel (1500)
    x = rng.normal(size=n)
    y = x + rng.normal(size=n)
    xs, ys = x[:60], y[:60]

    def values(_):
        return [hsic(x, y), hsic(x, y, estimator="unbiased"),
                hsic_test(x, y, method="gamma").pvalue,
                hsic_test(xs, ys, method="permutation", n_permutations=200,
                          random_state=0).pvalue]

    parent = values(None)
    with mp.get_context("fork").Pool(2) as pool:  # a child that dies would hang map()
        children = pool.map_async(values, range(2)).get(timeout=150)
    print(json.dumps({"layer": numba.threading_layer(), "parent": parent,
                      "children": children, "after": values(None)}))
""")


def test_forked_children_run_hsic_after_a_parallel_pass():
    proc = subprocess.run([sys.executable, "-c", _FORK_SCRIPT], capture_output=True, text=True,
                          timeout=300, cwd=str(ROOT))
    assert proc.returncode == 0, proc.stderr
    assert "OpenMP" not in proc.stderr
    out = json.loads(proc.stdout)
    for child in out["children"] + [out["after"]]:
        assert child == pytest.approx(out["parent"], rel=1e-12, abs=0)


def test_concurrent_threads_give_the_single_thread_result():
    from mathlab.hsic import hsic

    rng = np.random.default_rng(2)
    x = rng.normal(size=3000)  # the parallel pass
    y = np.tanh(x) + rng.normal(size=x.size)
    alone = hsic(x, y)
    results = []
    threads = [threading.Thread(target=lambda: results.append(hsic(x, y))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == pytest.approx([alone] * 4, rel=1e-12, abs=0)


def test_workqueue_layer_survives_concurrent_threads():
    code = textwrap.dedent("""
        import threading, numpy as np, numba
        numba.config.THREADING_LAYER = "workqueue"
        from mathlab.hsic import hsic
        x = np.random.default_rng(3).normal(size=3000)  # the parallel pass
        y = x ** 2
        alone = hsic(x, y)
        out = []
        ts = [threading.Thread(target=lambda: out.append(hsic(x, y))) for _ in range(4)]
        [t.start() for t in ts]
        [t.join() for t in ts]
        assert numba.threading_layer() == "workqueue"
        assert len(out) == 4 and max(abs(v - alone) for v in out) <= 1e-12 * alone, (out, alone)
        print("ok")
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300, cwd=str(ROOT))
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr


def test_fork_safe_kernel_runs_serially_in_a_child_of_gnu_openmp(monkeypatch):
    calls = []
    kernel = _numba.fork_safe(lambda v: calls.append("parallel") or v,
                              lambda v: calls.append("serial") or v)
    assert kernel(1) == 1 and calls == ["parallel"]
    monkeypatch.setattr(_numba, "_forked_from_gnu_openmp", True)
    assert kernel(2) == 2 and calls == ["parallel", "serial"]
    assert not _numba.parallel_allowed()
