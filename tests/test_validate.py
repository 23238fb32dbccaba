"""Shared input checks: each bad value raises ValueError naming the parameter."""

import math

import numpy as np
import pytest

from mathlab import _validate as v


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, "1", None, True, [1.0]])
def test_real_rejects_non_finite_and_non_numbers(bad):
    with pytest.raises(ValueError, match="^omega "):
        v.real("omega", bad)


def test_real_accepts_numpy_scalars():
    assert v.real("x", np.float32(1.5)) == 1.5
    assert v.real("x", np.array(2.0)) == 2.0


@pytest.mark.parametrize("bad", [0, -1e-300, -3])
def test_positive_rejects_non_positive(bad):
    with pytest.raises(ValueError, match=r"length must be > 0; got"):
        v.positive("length", bad)


def test_nonnegative_allows_zero():
    assert v.nonnegative("g", 0) == 0.0
    with pytest.raises(ValueError, match="g must be >= 0"):
        v.nonnegative("g", -1)


@pytest.mark.parametrize("closed, value, ok", [
    ("neither", 0, False), ("left", 0, True), ("right", 1, True), ("both", 1, True),
    ("left", 1, False), ("neither", 0.5, True),
])
def test_in_interval_ends(closed, value, ok):
    if ok:
        assert v.in_interval("p", value, 0, 1, closed=closed) == value
    else:
        with pytest.raises(ValueError, match="p must be in"):
            v.in_interval("p", value, 0, 1, closed=closed)


def test_integer_accepts_whole_floats_and_rejects_fractions():
    assert v.integer("n", 4.0) == 4
    with pytest.raises(ValueError, match="n must be an integer"):
        v.integer("n", 4.5)
    with pytest.raises(ValueError, match="n must be an integer"):
        v.integer("n", True)
    with pytest.raises(ValueError, match="<= 3"):
        v.integer("n", 4, maximum=3)


def test_choice_lists_options():
    with pytest.raises(ValueError, match="'a', 'b'; got 'c'"):
        v.choice("kind", "c", ("a", "b"))


def test_finite_array_shape_and_values():
    with pytest.raises(ValueError, match="x must be 1 or 2-dimensional"):
        v.finite_array("x", np.zeros((2, 2, 2)), ndim=(1, 2))
    with pytest.raises(ValueError, match="at least 3 entries; got 2"):
        v.finite_array("x", [1, 2], min_length=3)
    with pytest.raises(ValueError, match=r"2 non-finite entries \(first at index \(0, 1\)\)"):
        v.finite_array("x", [[1, np.nan], [np.inf, 0]])
    with pytest.raises(ValueError, match="array of real numbers"):
        v.finite_array("x", ["a", "b"])


def test_same_length_and_random_generator():
    assert v.same_length(x=np.zeros(3), y=[1, 2, 3]) == 3
    with pytest.raises(ValueError, match="same number of samples; got 3 and 2"):
        v.same_length(x=np.zeros(3), y=[1, 2])
    g = np.random.default_rng(1)
    assert v.random_generator(g) is g
    assert v.random_generator(5).random() == np.random.default_rng(5).random()
    with pytest.raises(ValueError, match="random_state"):
        v.random_generator("seed")
    with pytest.raises(ValueError, match="random_state"):
        v.random_generator(-1)
