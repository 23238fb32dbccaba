"""Atomic file writing: a failure never leaves a half-written file behind, nothing else is harmed.

Rules for an output ``path`` (checked by :func:`writable_target`, before any work when the
caller asks, and again by :func:`atomic_path` when writing):

* a symbolic link is written THROUGH: its final target (the link chain followed) receives the
  new content, atomically, by a rename inside the target's own directory; the link stays. A
  dangling link creates its target.
* anything that exists and is not a regular file (a directory, a FIFO, a character or block
  device such as /dev/null or /dev/full, a socket) is refused with a ValueError quoting the
  user's path; it is never replaced by a regular file. So is a read-only file.
* the directory must exist and be writable.

These refusals raise :class:`OutputPathError` (a ValueError carrying the user's path and the
reason, so that a command line can word it with its flag).

The content is written to a temporary file next to the target,
``.<name>.mathlab-<pid>-<random>.tmp<suffix>`` (the target's suffix kept, so writers that infer
the format from the name behave as on the target), created with mode 0666 & ~umask, and renamed
onto the target. A write killed before the rename leaves such a file behind; the next write to
the same target removes those of processes that no longer exist, so they do not accumulate.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from pathlib import Path

__all__ = ["atomic_path", "atomic_write_text", "atomic_write_bytes", "writable_target",
           "temporary_name_pattern", "OutputPathError"]

_KINDS = {stat.S_IFDIR: "a directory", stat.S_IFIFO: "a FIFO (named pipe)",
          stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
          stat.S_IFSOCK: "a socket"}


class OutputPathError(ValueError):
    """An output path that cannot be written: ``cannot write '<path>': <reason>``.

    Attributes ``path`` (as the user gave it) and ``reason``.
    """

    def __init__(self, path: str, reason: str):
        super().__init__(f"cannot write {path!r}: {reason}")
        self.path = path
        self.reason = reason


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _as_path(path, name: str) -> Path:
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    if not isinstance(path, (str, os.PathLike)):
        raise ValueError(f"{name} must be a file name (str or os.PathLike); got {path!r}")
    text = os.fspath(path)
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    if text == "" or text.endswith(os.sep) or Path(text).name in ("", ".", ".."):
        raise ValueError(f"{name} must be a file name; got {text!r}")
    return Path(text)


def writable_target(path, *, name: str = "path") -> Path:
    """The regular file that writing ``path`` replaces or creates (symbolic links followed).

    Raises :class:`OutputPathError` (a ValueError quoting ``path`` as the user gave it) when
    it is (or links to) something that is not a regular file, is read-only, or its directory
    does not exist or is not writable; ValueError naming ``name`` when it is not a file name
    at all (``path must be a file name ...``).

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> writable_target(folder / "a.txt") == (folder / "a.txt").resolve()
    True
    >>> writable_target(folder)
    Traceback (most recent call last):
    ...
    mathlab._io.OutputPathError: cannot write '...': it is a directory, not a regular file
    """
    user = _as_path(path, name)
    shown = str(user)
    try:
        target = Path(os.path.realpath(user, strict=False))
        info = os.stat(target) if os.path.lexists(target) else None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OutputPathError(shown, "too many levels of symbolic links") from None
        raise OutputPathError(shown, exc.strerror or str(exc)) from None
    via = f"it is a symbolic link to {str(target)!r}, " if os.path.islink(user) else "it is "
    if info is not None and not stat.S_ISREG(info.st_mode):
        kind = _KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
        raise OutputPathError(shown, f"{via}{kind}, not a regular file")
    directory = target.parent
    if not directory.is_dir():
        raise OutputPathError(shown, f"{via}whose directory {str(directory)!r} does not exist"
                              if os.path.islink(user)
                              else f"directory {str(user.parent)!r} does not exist")
    if info is not None and not os.access(target, os.W_OK):
        raise OutputPathError(shown, f"{via}a read-only file")
    if not os.access(directory, os.W_OK | os.X_OK):
        raise OutputPathError(shown, f"directory {str(directory)!r} is not writable")
    return target


def temporary_name_pattern(target) -> re.Pattern:
    """Pattern of the temporary files :func:`atomic_path` makes for ``target`` (group: pid).

    >>> bool(temporary_name_pattern("a.png").fullmatch(".a.png.mathlab-42-x1y2.tmp.png"))
    True
    """
    name = Path(target).name
    return re.compile(rf"\.{re.escape(name)}\.mathlab-(\d+)-[A-Za-z0-9_]+\.tmp"
                      rf"{re.escape(Path(target).suffix)}")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: someone else's live process
        return True
    return True


def _remove_stale_temporaries(target: Path) -> None:
    """Delete temporary files of ``target`` left by writes whose process has died."""
    pattern = temporary_name_pattern(target)
    with contextlib.suppress(OSError):
        for entry in os.scandir(target.parent):
            match = pattern.fullmatch(entry.name)
            if match and not _alive(int(match.group(1))) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


@contextlib.contextmanager
def atomic_path(path, *, name: str = "path"):
    """Yield a temporary path next to ``path``'s target; on success rename it onto the target.

    See the module docstring for symbolic links, non-regular files and temporary names. If
    the body raises, the temporary file is removed and the target is left untouched.

    >>> import pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> with atomic_path(target) as tmp:
    ...     _ = tmp.write_text("hello")
    >>> target.read_text()
    'hello'
    """
    target = writable_target(path, name=name)
    _remove_stale_temporaries(target)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.mathlab-{os.getpid()}-",
                                        suffix=f".tmp{target.suffix}", dir=target.parent)
    except OSError as exc:
        raise type(exc)(f"cannot write {str(path)!r}: {exc.strerror}") from None
    os.close(fd)
    tmp = Path(tmp_name)
    # mkstemp creates the file private (0600); give the result the usual permissions.
    os.chmod(tmp, 0o666 & ~_current_umask())
    try:
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def atomic_write_text(path, text: str, encoding: str = "utf-8", *, name: str = "path") -> Path:
    """Write ``text`` to ``path`` atomically and return the path."""
    with atomic_path(path, name=name) as tmp:
        tmp.write_text(text, encoding=encoding)
    return Path(path)


def atomic_write_bytes(path, data: bytes, *, name: str = "path") -> Path:
    """Write ``data`` to ``path`` atomically and return the path."""
    with atomic_path(path, name=name) as tmp:
        tmp.write_bytes(data)
    return Path(path)
