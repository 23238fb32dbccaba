"""numba settings shared by every kernel module (private).

Kernel modules import ``njit`` from here instead of from numba, and wrap each ``parallel=True``
build with :func:`fork_safe`. Two things then hold wherever mathlab is installed:

On-disk caching degrades instead of failing
    ``njit(cache=True)`` first lets numba pick its usual cache location (``NUMBA_CACHE_DIR``,
    the package's ``__pycache__``, the user-wide cache under HOME). When none is writable (a
    read-only system-wide install used by an account whose HOME is not writable, where plain
    numba raises "cannot cache function ...: no locator available" at import), the function is
    cached in a private per-user folder of the system's temporary directory,
    ``<tmp>/mathlab-numba-cache-<uid>`` (created with mode 0700 and used only if it is a real
    folder owned by this user and writable by nobody else: cached machine code is executed).
    When that is impossible too, the function is compiled in memory on first use, without a
    cache. Nothing is printed in either case; only start-up gets slower.

Parallel passes survive ``fork`` and concurrent threads
    numba's threading layer is left as numba chooses it (OpenMP on Linux when libgomp is
    present, else TBB or the built-in workqueue): it is shared with the rest of the process,
    and OpenMP is both the fastest layer here and thread-safe. GNU OpenMP cannot run in a child
    process forked after its threads started (numba would terminate the child with "fork()
    called from a process already using GNU OpenMP"), and the workqueue layer aborts the
    process when two threads enter a parallel region at once. A :func:`fork_safe` kernel
    therefore runs its serial build instead of the parallel one (a) in a process forked from
    one that had started GNU OpenMP threads, and (b) while another thread is inside one of
    mathlab's parallel kernels. The serial builds run the same per-block code, so results do
    not depend on which build ran.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import threading

import numba
from numba import prange

__all__ = ["njit", "prange", "fork_safe", "parallel_allowed", "fallback_cache_dir"]

_NO_LOCATOR = "no locator available"


def fallback_cache_dir() -> str | None:
    """The private per-user cache folder under the temporary directory, or None if unusable.

    The folder is created (mode 0700) when missing. It is refused when it is a symbolic link,
    not a folder, owned by another user, writable by group or others, or not writable.
    """
    path = os.path.join(tempfile.gettempdir(), f"mathlab-numba-cache-{os.getuid()}")
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
        info = os.lstat(path)
        if (not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid()
                or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
            return None
        tempfile.TemporaryFile(dir=path).close()
    except OSError:
        return None
    return path


@contextlib.contextmanager
def _cache_dir(path: str):
    """numba.config.CACHE_DIR set to ``path`` while a function is decorated.

    numba fixes a function's cache location when it is decorated, so the setting does not
    outlive the decoration and other numba users in the process are not affected.
    """
    previous = numba.config.CACHE_DIR
    numba.config.CACHE_DIR = path
    try:
        yield
    finally:
        numba.config.CACHE_DIR = previous


def _compile(fn, options: dict):
    if not options.get("cache"):
        return numba.njit(**options)(fn)
    try:
        return numba.njit(**options)(fn)
    except RuntimeError as exc:
        if _NO_LOCATOR not in str(exc):
            raise
    fallback = fallback_cache_dir()
    if fallback is not None:
        with _cache_dir(fallback):
            try:
                return numba.njit(**options)(fn)
            except RuntimeError as exc:
                if _NO_LOCATOR not in str(exc):
                    raise
    return numba.njit(**dict(options, cache=False))(fn)


def njit(*args, **options):
    """``numba.njit`` whose ``cache=True`` falls back as described in the module docstring.

    Used as ``@njit``, ``@njit(cache=True, ...)`` or ``njit(cache=True)(fn)``.

    >>> @njit(cache=True)
    ... def twice(v):
    ...     return 2.0 * v
    >>> twice(1.5)
    3.0
    """
    if args and callable(args[0]) and len(args) == 1 and not options:
        return _compile(args[0], {})
    if args:
        raise TypeError("mathlab._numba.njit takes keyword options only")
    return lambda fn: _compile(fn, options)


# --- parallel kernels under fork and threads -----------------------------------------------

_forked_from_gnu_openmp = False
_busy = threading.Lock()


def _gnu_openmp_running() -> bool:
    """Whether this process has started numba's GNU OpenMP threads."""
    try:
        layer = numba.threading_layer()
    except ValueError:  # no parallel region has run yet: no threads to inherit
        return False
    if layer != "omp":
        return False
    try:
        from numba.np.ufunc import omppool
    except ImportError:
        return True
    return getattr(omppool, "openmp_vendor", "GNU") != "Intel"


def _after_fork_in_child() -> None:
    global _forked_from_gnu_openmp, _busy
    if _gnu_openmp_running():
        _forked_from_gnu_openmp = True
    _busy = threading.Lock()  # the parent's holder thread does not exist here


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def parallel_allowed() -> bool:
    """False in a process forked after GNU OpenMP threads had started (serial passes only).

    >>> parallel_allowed() in (True, False)
    True
    """
    return not _forked_from_gnu_openmp


class fork_safe:  # noqa: N801 - used like a decorator-made function
    """A ``parallel=True`` kernel that falls back to its serial build where it cannot run.

    ``fork_safe(parallel, serial)(*args)`` calls ``parallel(*args)``, or ``serial(*args)`` in
    a process forked from one running GNU OpenMP threads and while another thread is inside a
    mathlab parallel kernel (see the module docstring). Both builds must compute the same
    thing; they are kept as the attributes ``parallel`` and ``serial``. Called from Python
    only (not from other jitted code).
    """

    def __init__(self, parallel, serial):
        self.parallel = parallel
        self.serial = serial
        self.__doc__ = getattr(parallel, "__doc__", None)
        self.__name__ = getattr(parallel, "__name__", "kernel")

    def __call__(self, *args):
        if _forked_from_gnu_openmp:
            return self.serial(*args)
        lock = _busy
        if not lock.acquire(blocking=False):
            return self.serial(*args)
        try:
            return self.parallel(*args)
        finally:
            lock.release()

    def __repr__(self) -> str:
        return f"fork_safe({self.__name__})"
