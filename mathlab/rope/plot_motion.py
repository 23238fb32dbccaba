"""Pictures and animations of the rope in motion (RopeMotion, PeriodicRope, ModeStability).

These functions take computed results and draw them; they compute no physics.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .._validate import integer

__all__ = ["plot_motion", "animate_motion", "MAX_FRAMES"]

MAX_FRAMES = 2000
_FORMATS = (".gif", ".mp4")


def _frame_indices(count, total):
    return np.unique(np.round(np.linspace(0, total - 1, count)).astype(int))


def _limits(ax3d, x):
    lo, hi = x.reshape(-1, 3).min(axis=0), x.reshape(-1, 3).max(axis=0)
    mid, half = 0.5 * (lo + hi), 0.5 * float(np.max(hi - lo)) * 1.05 + 1e-12
    ax3d.set_xlim(mid[0] - half, mid[0] + half)
    ax3d.set_ylim(mid[1] - half, mid[1] + half)
    ax3d.set_zlim(mid[2] - half, mid[2] + half)
    ax3d.set_box_aspect((1, 1, 1))


def plot_motion(motion, ax=None, *, frames=8, frame="lab"):
    """Snapshots of a RopeMotion: 3-D lab view, or r against z in the turning frame."""
    import matplotlib.pyplot as plt

    from .._validate import choice

    frames = integer("frames", frames, minimum=1, maximum=MAX_FRAMES)
    frame = choice("frame", frame, ("lab", "turning"))
    idx = _frame_indices(frames, motion.t.size)
    colors = plt.get_cmap("viridis")(np.linspace(0.0, 0.9, len(idx)))
    if frame == "lab":
        if ax is None:
            fig = plt.figure(figsize=(5.5, 5.0))
            ax = fig.add_subplot(projection="3d")
        x = motion.positions
        for c, i in zip(colors, idx):
            ax.plot(x[i, :, 0], x[i, :, 1], x[i, :, 2], color=c, lw=1.2,
                    label=f"t = {motion.t[i]:.3g} s")
        _limits(ax, x[idx])
        ax.set_xlabel("x (m)")
        ax.set_ylabel("y (m)")
        ax.set_zlabel("z (m)")
    else:
        if ax is None:
            _, ax = plt.subplots(figsize=(4.5, 5.0))
        q = motion.turning_positions
        r = np.hypot(q[..., 0], q[..., 1]) * np.where(q[..., 0] < 0, -1.0, 1.0)
        for c, i in zip(colors, idx):
            ax.plot(r[i], q[i, :, 2], color=c, lw=1.2, label=f"t = {motion.t[i]:.3g} s")
        ax.axvline(0.0, color="0.6", lw=0.8, ls="--", zorder=0)
        ax.set_aspect("equal", adjustable="datalim")
        ax.set_xlabel("r (m), turning frame")
        ax.set_ylabel("z (m), along the axis")
    ax.legend(fontsize=6, frameon=False)
    return ax


def animate_motion(motion, path, *, fps=24, frames=None, dpi=80, title=None):
    """Write an animation of a RopeMotion (3-D lab view) to ``path`` (.gif or .mp4)."""
    import matplotlib.pyplot as plt
    from matplotlib import animation

    from .._io import atomic_path

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _FORMATS:
        raise ValueError(f"animation file must end in .gif or .mp4; got {str(path)!r}")
    fps = integer("fps", fps, minimum=1, maximum=60)
    dpi = integer("dpi", dpi, minimum=20, maximum=300)
    total = motion.t.size
    frames = min(total, MAX_FRAMES) if frames is None else integer(
        "frames", frames, minimum=2, maximum=MAX_FRAMES)
    if suffix == ".mp4" and not animation.writers.is_available("ffmpeg"):
        raise ValueError("writing .mp4 needs ffmpeg on the PATH; write a .gif instead")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise ValueError(f"cannot write {str(path)!r}: folder {str(parent)!r} does not exist")
    idx = _frame_indices(frames, total)
    x = motion.positions
    fig = plt.figure(figsize=(4.8, 4.4))
    ax = fig.add_subplot(projection="3d")
    _limits(ax, x[idx])
    ax.set_xlabel("x (m)", fontsize=7)
    ax.set_ylabel("y (m)", fontsize=7)
    ax.set_zlabel("z (m)", fontsize=7)
    ax.tick_params(labelsize=6)
    ends = [0] if motion.free_end else [0, -1]
    line, = ax.plot([], [], [], color="C0", lw=1.6)
    dots, = ax.plot([], [], [], "ko", ms=3)
    label = ax.text2D(0.02, 0.95, "", transform=ax.transAxes, fontsize=7)
    if title:
        ax.set_title(title, fontsize=8)

    def draw(k):
        i = idx[k]
        line.set_data_3d(x[i, :, 0], x[i, :, 1], x[i, :, 2])
        dots.set_data_3d(x[i, ends, 0], x[i, ends, 1], x[i, ends, 2])
        label.set_text(f"t = {motion.t[i]:.3f} s")
        return line, dots, label

    anim = animation.FuncAnimation(fig, draw, frames=len(idx), blit=False)
    writer = (animation.PillowWriter(fps=fps) if suffix == ".gif"
              else animation.FFMpegWriter(fps=fps))
    try:
        with atomic_path(path) as tmp:
            anim.save(str(tmp), writer=writer, dpi=dpi)
    finally:
        plt.close(fig)
    return path
