import numpy as np
import pytest

from mathlab.rope.curve import RopeCurve, count_sign_changes


def _curve(r):
    s = np.linspace(0, 1, len(r))
    return RopeCurve(s=s, r=r, z=-s, tension=np.ones_like(s), case="hanging", length=1.0,
                     omega=1.0, g=9.81, density=1.0, span=None, end_radius=0.0,
                     nodes=count_sign_changes(r), max_radius=float(np.max(np.abs(r))))


def test_sign_changes_exclude_the_ends():
    assert count_sign_changes([-1.0, 1.0, 1.0]) == 0
    assert count_sign_changes([0.0, 1.0, -1.0, 1.0, -1.0]) == 2
    assert count_sign_changes(np.sin(np.linspace(0, 3 * np.pi, 1001))) == 2


def test_curve_arrays_are_read_only_and_plot():
    c = _curve(np.sin(np.linspace(0, np.pi, 11)))
    with pytest.raises(ValueError):
        c.r[0] = 1.0
    ax = c.plot()
    assert ax.get_xlabel().startswith("r")
