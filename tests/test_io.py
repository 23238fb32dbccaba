"""Output paths: symbolic links written through, non-regular files refused, temporaries cleaned."""

import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mathlab import _io
from mathlab._io import atomic_path, atomic_write_text, writable_target

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _never_replace_special_files(monkeypatch):
    """Even a broken atomic_path must not replace a device or FIFO while these tests run."""
    real_replace = os.replace

    def guarded(src, dst, *args, **kwargs):
        if os.path.exists(dst) and not stat.S_ISREG(os.stat(dst).st_mode):
            raise AssertionError(f"os.replace onto the non-regular file {dst!r}")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", guarded)


def test_symlink_is_written_through_to_its_target(tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "out.txt"
    target.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    seen = []
    with atomic_path(link) as tmp:
        seen.append(tmp.parent)
        tmp.write_text("new")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() == "new"
    assert seen == [target.parent]  # renamed inside the target's directory
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "real"]
    assert [p.name for p in (tmp_path / "real").iterdir()] == ["out.txt"]


def test_chain_of_symlinks_and_relative_link(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "f.txt").write_text("old")
    (tmp_path / "a").symlink_to("d/f.txt")
    (tmp_path / "b").symlink_to("a")
    atomic_write_text(tmp_path / "b", "new")
    assert (tmp_path / "d" / "f.txt").read_text() == "new"
    assert (tmp_path / "b").is_symlink() and (tmp_path / "a").is_symlink()


def test_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "created.csv")
    atomic_write_text(link, "1,2\n")
    assert link.is_symlink() and (tmp_path / "created.csv").read_text() == "1,2\n"


def test_dangling_symlink_into_a_missing_directory(tmp_path):
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "nowhere" / "x.csv")
    with pytest.raises(ValueError, match=r"^cannot write '.*link\.csv': it is a symbolic link "
                                         r"to '.*nowhere/x\.csv', whose directory '.*nowhere' "
                                         r"does not exist$"):
        atomic_write_text(link, "x")
    assert link.is_symlink()


def test_symlink_loop_is_refused(tmp_path):
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    with pytest.raises(ValueError, match="cannot write '.*a': too many levels of symbolic links"):
        atomic_write_text(tmp_path / "a", "x")


def test_fifo_is_refused_and_kept(tmp_path):
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    with pytest.raises(ValueError, match=r"^cannot write '.*pipe\.png': it is a FIFO "
                                         r"\(named pipe\), not a regular file$"):
        atomic_write_text(fifo, "x")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe.png"]


@pytest.mark.parametrize("device", ["/dev/null", "/dev/full"])
def test_devices_are_refused_and_kept(device):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    before = os.stat(device)
    with pytest.raises(ValueError, match=rf"^cannot write '{device}': it is a character device, "
                                         "not a regular file$"):
        atomic_write_text(device, "x")
    after = os.stat(device)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


def test_symlink_to_a_device_is_refused(tmp_path):
    link = tmp_path / "out.png"
    link.symlink_to("/dev/null")
    with pytest.raises(ValueError, match=r"^cannot write '.*out\.png': it is a symbolic link to "
                                         r"'/dev/null', a character device, not a regular file$"):
        atomic_write_text(link, "x")
    assert link.is_symlink()


def test_directory_and_non_paths_are_refused(tmp_path):
    with pytest.raises(ValueError, match="it is a directory, not a regular file"):
        atomic_write_text(tmp_path, "x")
    for bad in ("", "out/", None, 3, 2.5):
        with pytest.raises(ValueError, match="^path must be a file name"):
            atomic_write_text(bad, "x")
    with pytest.raises(ValueError, match="^out must be a file name"):
        writable_target(None, name="out")


def test_read_only_file_is_refused(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root may write read-only files")
    target = tmp_path / "keep.txt"
    target.write_text("old")
    target.chmod(0o444)
    with pytest.raises(ValueError, match="it is a read-only file"):
        atomic_write_text(target, "x")
    assert target.read_text() == "old"


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_stale_temporaries_of_dead_processes_are_removed(tmp_path):
    target = tmp_path / "fig.png"
    dead = tmp_path / f".fig.png.mathlab-{_dead_pid()}-abc123.tmp.png"
    dead.write_bytes(b"half")
    mine = tmp_path / f".fig.png.mathlab-{os.getpid()}-zzz999.tmp.png"  # a write in progress
    mine.write_bytes(b"busy")
    other = tmp_path / f".other.png.mathlab-{_dead_pid()}-abc123.tmp.png"  # another target
    other.write_bytes(b"x")
    atomic_write_text(target, "done")
    assert not dead.exists()
    assert mine.exists() and other.exists()
    assert target.read_text() == "done"


def test_killed_write_leaves_a_recognisable_temporary_that_the_next_write_removes(tmp_path):
    target = tmp_path / "mesh.stl"
    code = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from mathlab._io import atomic_path
        with atomic_path({str(target)!r}) as tmp:
            tmp.write_bytes(b"partial")
            print(tmp.name, flush=True)
            time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    name = proc.stdout.readline().strip()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    assert _io.temporary_name_pattern(target).fullmatch(name)
    assert name.startswith(f".mesh.stl.mathlab-{proc.pid}-") and name.endswith(".tmp.stl")
    assert (tmp_path / name).exists() and not target.exists()
    atomic_write_text(target, "solid")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mesh.stl"]


def test_messages_quote_the_users_path_not_the_temporary(tmp_path, monkeypatch):
    def fail(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(_io.tempfile, "mkstemp", fail)
    with pytest.raises(PermissionError, match=r"^cannot write 'rel/x\.txt': Permission denied$"):
        (tmp_path / "rel").mkdir()
        monkeypatch.chdir(tmp_path)
        atomic_write_text("rel/x.txt", "x")


def test_umask_applies_through_a_symlink(tmp_path):
    link = tmp_path / "l.txt"
    link.symlink_to(tmp_path / "t.txt")
    mask = os.umask(0o027)
    try:
        atomic_write_text(link, "x")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "t.txt").stat().st_mode) == 0o640


def test_writable_target_writes_nothing(tmp_path):
    assert writable_target(tmp_path / "new.txt") == (tmp_path / "new.txt").resolve()
    assert list(tmp_path.iterdir()) == []
