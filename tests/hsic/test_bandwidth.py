"""median_heuristic: the convention of the spec (median pairwise Euclidean distance)."""

import numpy as np
import pytest
from scipy.spatial.distance import pdist

from mathlab.hsic.bandwidth import median_heuristic


def test_hand_case():
    # distances 1, 3, 2 -> median 2
    assert median_heuristic([0.0, 1.0, 3.0]) == 2.0


def test_matches_full_pdist_below_max_points():
    x = np.random.default_rng(0).normal(size=(300, 3))
    assert median_heuristic(x) == pytest.approx(np.median(pdist(x)), rel=1e-15)


def test_subsample_is_deterministic_and_close():
    x = np.random.default_rng(1).normal(size=5000)
    a = median_heuristic(x, max_points=1000, random_state=3)
    assert a == median_heuristic(x, max_points=1000, random_state=3)
    exact = np.median(pdist(x[:, None]))
    assert a == pytest.approx(exact, rel=0.05)


def test_scale_equivariance():
    x = np.random.default_rng(2).normal(size=(100, 2))
    assert median_heuristic(3.5 * x + 7) == pytest.approx(3.5 * median_heuristic(x), rel=1e-12)


def test_constant_raises_and_ties_warn():
    with pytest.raises(ValueError, match="constant"):
        median_heuristic(np.ones(10))
    x = np.r_[np.zeros(20), 1.0, 2.0]
    with pytest.warns(UserWarning, match="non-zero distances"):
        assert median_heuristic(x) == pytest.approx(np.median(pdist(x[:, None])[pdist(x[:, None]) > 0]))


def test_bad_input():
    with pytest.raises(ValueError, match="x must contain only finite"):
        median_heuristic([0.0, np.nan, 1.0])
    with pytest.raises(ValueError, match="at least 2"):
        median_heuristic([1.0])
