"""scripts/rope.py animate: the skipping rope's revolution and a hanging mode losing stability."""

import shutil

import pytest

from .test_cli import _run


def _gif_frames(path):
    from PIL import Image

    with Image.open(path) as im:
        return im.n_frames


def test_animate_writes_a_revolution_of_the_skipping_rope(tmp_path):
    proc = _run(["animate", "--links", "16", "--frames", "6"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert lines[-1] == "wrote rope_animation.gif"
    assert lines[0].startswith("periodic skipping rope: largest radius")
    assert _gif_frames(tmp_path / "rope_animation.gif") == 6


def test_animate_a_damped_hanging_mode(tmp_path):
    proc = _run(["animate", "--mode", "2", "--links", "12", "--turns", "2", "--frames", "4",
                 "--out", "m.gif"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "hanging mode 2" in proc.stdout and "grows at" in proc.stdout
    assert _gif_frames(tmp_path / "m.gif") == 4


@pytest.mark.parametrize("args, message", [
    (["animate", "--mode", "1"], "--mode must be >= 2"),
    (["animate", "--out", "a.png"], "must end in .gif or .mp4"),
    (["animate", "--frames", "1"], "--frames"),
    (["animate", "--turns", "0"], "--turns"),
    (["animate", "--mode", "2", "--span", "1"], "--span does not apply"),
    (["animate", "--csv", "x.csv"], "--csv does not apply"),
    (["skipping", "--links", "10"], "--links applies to the animate case only"),
    (["animate", "--drag", "0.01"], "end_radius > 0"),
    (["animate", "--out", "no/such/dir/a.gif"], "does not exist"),
])
def test_bad_animation_arguments_one_line_exit_2(tmp_path, args, message):
    proc = _run(args, tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert message in proc.stderr
    assert not any(tmp_path.iterdir())


@pytest.mark.skipif(shutil.which("ffmpeg") is not None, reason="ffmpeg is installed")
def test_mp4_needs_ffmpeg(tmp_path):
    proc = _run(["animate", "--out", "a.mp4"], tmp_path)
    assert proc.returncode == 2 and "ffmpeg" in proc.stderr
