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


@pytest.mark.parametrize("bad", [10**400, -(10**400), np.array(1 + 2j), np.complex128(1 + 2j),
                                 1 + 2j, np.array("1.0"), np.array(True)])
def test_real_refuses_huge_ints_and_complex_with_a_value_error(bad):
    with pytest.raises(ValueError, match="^omega must be a finite real number; got "):
        v.real("omega", bad)


def test_count_states_the_allowed_range():
    assert v.count("n", 5, minimum=2) == 5
    assert v.count("n", 7.0, minimum=2, maximum=10) == 7
    for bad in (2**31, 10**9, 2**63, 1e300):
        with pytest.raises(ValueError, match=r"^n must be an integer in \[2, 26843545\] "
                                             r"\(larger values need more than 2 GiB\); got"):
            v.count("n", bad, minimum=2, item_bytes=80)
    with pytest.raises(ValueError, match=r"in \[1, 2147483647\]; got 2147483648$"):
        v.count("n_permutations", 2**31, minimum=1)
    with pytest.raises(ValueError, match=r"in \[1, 1000\]; got 0$"):
        v.count("count", 0, minimum=1, maximum=1000)
    for bad in (math.nan, "3", None, 1 + 1j, True, 2.5):
        with pytest.raises(ValueError, match="^n must be an integer; got"):
            v.count("n", bad)
    # a refused size is refused before anything is allocated: the message is short
    with pytest.raises(ValueError) as info:
        v.count("n", 10**400, maximum=10)
    assert len(str(info.value)) < 120


def test_dimensionless_checks_without_overflowing():
    # omega**2 alone overflows, the group itself is fine
    value = v.dimensionless("omega^2 L / g", omega=(1e160, 2), length=(1.0, 1), g=(1e300, -1))
    assert value == pytest.approx(1e20, rel=1e-15)
    assert v.dimensionless("g / (omega^2 R)", g=(9.81, 1), omega=(-3.0, -2),
                           radius=(0.5, -1)) == pytest.approx(9.81 / 4.5, rel=1e-15)
    assert v.dimensionless("x^3", x=(-2.0, 3)) == -8.0
    with pytest.raises(ValueError, match=r"^omega\^2 L / g is about 1e-301, outside \[1e-150, "
                                         r"1e\+150\].*\(omega=1e-150, length=1, g=9.81\)$"):
        v.dimensionless("omega^2 L / g", omega=(1e-150, 2), length=(1.0, 1), g=(9.81, -1))
    with pytest.raises(ValueError, match=r"about 1e\+20, outside \[1e-06, 1e\+06\]"):
        v.dimensionless("sigma / spread", low=1e-6, high=1e6, sigma=(1e20, 1), spread=(1.0, -1))
    with pytest.raises(ValueError, match="^g must be nonzero"):
        v.dimensionless("omega^2 L / g", omega=(1.0, 2), length=(1.0, 1), g=(0.0, -1))
    with pytest.raises(ValueError, match="^omega must be a finite real number"):
        v.dimensionless("omega^2", omega=(math.inf, 2))


def test_optional_and_finite_array_of_none():
    assert v.optional(v.positive, "sigma", None) is None
    assert v.optional(v.positive, "sigma", 2) == 2.0
    with pytest.raises(ValueError, match="^x must be an array of real numbers; got None$"):
        v.finite_array("x", None)
