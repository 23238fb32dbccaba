"""The post's discrete scheme (and its known error) and the sympy check of its lemma."""

import numpy as np
import pytest

from mathlab.gluing import GluingError, article_scheme, glue_ellipses, symbolic_check


def test_article_scheme_default_step_is_low_by_a_tenth_of_a_percent():
    exact = glue_ellipses(2.0, 1.0)
    scheme = article_scheme()
    assert scheme.quarter_length == pytest.approx(2.41934, abs=1e-5)
    rel_l = 1 - scheme.quarter_length / exact.quarter_length
    rel_x = 1 - scheme.depth / exact.depth
    assert 0.001 < rel_l < 0.002 and 0.001 < rel_x < 0.002
    # the lost arc next to the co-vertex is about a sqrt(2 step / b)
    missing = exact.quarter_length - scheme.quarter_length
    assert missing == pytest.approx(2.0 * np.sqrt(2e-6), rel=0.05)


def test_article_scheme_converges_like_sqrt_step():
    exact = glue_ellipses(3.0, 1.5)
    errors = [exact.depth - article_scheme(3.0, 1.5, step).depth for step in (4e-4, 1e-4)]
    assert errors[0] > errors[1] > 0
    assert errors[0] / errors[1] == pytest.approx(2.0, rel=0.15)


def test_article_seam_follows_the_exact_one():
    exact = glue_ellipses(2.0, 1.0)
    scheme = article_scheme(step=1e-5)
    s, x, y, z = exact.seam(2001)
    np.testing.assert_allclose(np.interp(s, scheme.s, scheme.x), x, atol=1e-2)
    assert scheme.min_margin > -10 * scheme.step


def test_article_assertion_fails_for_the_minor_axis():
    with pytest.raises(GluingError, match="margin > -10\\*step"):
        article_scheme(1.0, 2.0, step=1e-4)


def test_article_bad_step():
    with pytest.raises(ValueError, match="step must be in"):
        article_scheme(2.0, 1.0, step=0.5)


def test_symbolic_check():
    check = symbolic_check()
    assert check.margin_identity and check.tangent_angle
    assert check.speed_increasing and check.curvature_decreasing and check.small_s_expansion
    assert check.circular_limit
    assert check.all_hold
    import sympy as sp

    a, b, t = sp.symbols("a b t", positive=True)
    assert sp.simplify(check.speed_derivative_expr - (a ** 2 - b ** 2) * sp.sin(2 * t)) == 0


def test_symbolic_sign_conditions_and_lemma_reduction():
    import sympy as sp

    from mathlab.gluing.symbolic import _positive_for_a_above_b

    check = symbolic_check()
    assert check.speed_increasing and check.curvature_decreasing and check.lemma_reduction
    a, b, t, T1, T2 = sp.symbols("a b t T1 T2", positive=True)
    # the lemma's gap is the factor a^2 T1 T2 - b^2 times a positive expression
    assert sp.simplify(check.lemma_expr - (a ** 2 * T1 * T2 - b ** 2) * (a ** 2 * T1 * T2 + b ** 2)
                       / (a ** 2 * b ** 2 * T1 ** 2)) == 0
    # the sign prover is not a rubber stamp: wrong or undecidable signs are not "proved"
    assert _positive_for_a_above_b(sp, (a ** 2 - b ** 2) * sp.sin(2 * t), a, b, t)
    assert not _positive_for_a_above_b(sp, (b ** 2 - a ** 2) * sp.sin(2 * t), a, b, t)
    assert not _positive_for_a_above_b(sp, (a - 2 * b) * sp.sin(t), a, b, t)


@pytest.mark.parametrize("a, b", [(2.0, 1.0), (1.1, 1.0), (7.0, 2.0)])
def test_lemma_holds_numerically(a, b):
    """The step not proved by sympy: tan(t1) tan(t2) >= (b/a)^2 where s(t1) + s(t2) = l."""
    from scipy.optimize import brentq
    from scipy.special import ellipeinc

    arc = lambda t: b * ellipeinc(t, 1.0 - (a / b) ** 2)  # noqa: E731
    l = arc(np.pi / 2)
    for s0 in np.linspace(0.01, 0.99, 25) * l:
        t1 = brentq(lambda t: arc(t) - s0, 0.0, np.pi / 2, xtol=1e-15)
        t2 = brentq(lambda t: arc(t) - (l - s0), 0.0, np.pi / 2, xtol=1e-15)
        assert np.tan(t1) * np.tan(t2) >= (b / a) ** 2
